/**
 * CPU of the source-reading thread alone (source-worker.ts): reads, scopes, maps and encodes the
 * benchmark's people file (bench-data.ts, managers mapped) and reports the thread's CPU, plus
 * the run's thread's CPU to decode what arrives. Uses the compiled thread (out/cli, run
 * `npm run build:cli` first) unless `BENCH_SOURCE_TSX=1`.
 *
 *   npx tsx main/bench/source-thread-bench.ts [people=100000] [rounds=3]
 * Profile the thread: BENCH_SOURCE_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof".
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import { loadJobFile } from '../config/load-job'
import { compileJob } from '../engine/plan/compile-job'
import { mappedBatchDecoder } from '../engine/run/mapped-transfer'
import type { SourceWorkerInput } from '../engine/run/source-worker'
import { benchJob, writeCsv } from './bench-data'

function realEntry(): string {
  const compiled = new URL('../../out/cli/source-worker.mjs', import.meta.url)
  if (process.env['BENCH_SOURCE_TSX'] !== '1' && existsSync(compiled)) return compiled.href
  return new URL('../engine/run/source-worker-tsx.mjs', import.meta.url).href
}

interface Round {
  readonly workerCpuMs: number
  readonly decodeMs: number
  readonly wallMs: number
  readonly people: number
}

function round(input: SourceWorkerInput, decode: (text: string) => unknown[]): Promise<Round> {
  const started = performance.now()
  const worker = new Worker(new URL('./source-thread-cpu.mjs', import.meta.url), {
    workerData: input,
    // The CLI's thread runs without the bench's tsx loader; BENCH_SOURCE_NODE_ARGS="--cpu-prof …" profiles it.
    execArgv:
      process.env['BENCH_SOURCE_TSX'] === '1'
        ? undefined
        : (process.env['BENCH_SOURCE_NODE_ARGS'] ?? '').split(' ').filter(arg => arg !== ''),
    env: { ...process.env, BENCH_SOURCE_ENTRY: realEntry() },
  })
  let people = 0
  let decodeMs = 0
  return new Promise((resolve, reject) => {
    worker.on('message', (message: { type: string; people?: string; ms?: number; error?: unknown }) => {
      if (message.type === 'people') {
        // A batch decodes in less than a clock tick: timed, not counted in ticks.
        const before = performance.now()
        people += decode(message.people as string).length
        decodeMs += performance.now() - before
      } else if (message.type === 'error') reject(new Error(JSON.stringify(message.error)))
      else if (message.type === 'cpu') {
        void worker.terminate()
        resolve({ workerCpuMs: message.ms as number, decodeMs, wallMs: performance.now() - started, people })
      }
    })
    worker.on('error', reject)
  })
}

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 100000)
  const rounds = Number(process.argv[3] ?? 3)
  const dir = mkdtempSync(join(tmpdir(), 'source-thread-bench-'))
  try {
    await writeCsv(join(dir, 'people.csv'), count)
    const jobFile = join(dir, 'job.json')
    writeFileSync(jobFile, JSON.stringify(benchJob('http://127.0.0.1:9/scim', 'people.csv', 4, true)))
    const job = loadJobFile(jobFile)
    const input: SourceWorkerInput = {
      job: {
        id: job.id,
        config: job.config,
        file: job.file,
        displayFile: job.displayFile,
        directory: job.directory,
      },
      batch: 1000,
    }
    const decode = mappedBatchDecoder(compileJob(job).users)
    console.log(
      `source thread, ${count} people, entry ${realEntry().replace(pathToFileURL(process.cwd()).href, '.')}`
    )
    for (let index = 0; index < rounds; index++) {
      const result = await round(input, decode)
      if (result.people !== count) throw new Error(`read ${result.people} of ${count} people`)
      console.log(
        `round ${index + 1}: source thread CPU ${result.workerCpuMs} ms, decode on the run's thread ${Math.round(result.decodeMs)} ms, wall ${Math.round(result.wallMs)} ms`
      )
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

await main()
