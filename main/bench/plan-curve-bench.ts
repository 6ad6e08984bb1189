/**
 * Dry runs as a user runs them: `provisioner plan --job FILE --json` from the compiled CLI (a new
 * process: start-up and output included), N people against N accounts served page by page by
 * stream-scim-process.ts, each next to a bare client reading the same accounts (1,000 per page)
 * just before it. Peak memory is the CLI process's own high-water mark (Linux /proc).
 */
import { spawn } from 'node:child_process'
import { closeSync, openSync, readFileSync, readSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildCli } from '../cli/build-cli.mjs'
import { currentCompiledCli } from '../cli/compiled-cli.mjs'
import { benchJob, writeCsv } from './bench-data'
import { bareListAll, startBenchServer } from './bench-servers'
import { cpuMs } from './process-cpu'

const BIN = fileURLToPath(new URL('../cli/bin.mjs', import.meta.url))
const CONCURRENCY = 16

export interface CliPlanFigures {
  readonly people: number
  readonly ms: number
  /** CPU time of the CLI process, all threads (to the last 20 ms sample before it ended). */
  readonly cpuMs: number
  readonly peakRssMB: number
  readonly bareReadMs: number
  /** Bytes of `--json` output. */
  readonly outputBytes: number
}

/** The CLI's resident-set high-water mark (kB), or 0 where /proc is missing. */
export function highWaterKb(pid: number): number {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return match === null ? 0 : Number(match[1])
  } catch {
    return 0
  }
}

/** BENCH_CLI_NODE_ARGS: Node options for the CLI process (`--cpu-prof`, `--heap-prof`, …). */
export function nodeArgs(): string[] {
  return words(process.env['BENCH_CLI_NODE_ARGS'])
}

/** BENCH_PLAN_ARGS: more `plan` options (`--out plan.json` saves the plan too, in the bench's folder). */
function planArgs(): string[] {
  return words(process.env['BENCH_PLAN_ARGS'])
}

export function words(text: string | undefined): string[] {
  return (text ?? '').split(' ').filter(word => word !== '')
}

async function runCli(args: ReadonlyArray<string>, dir: string, env: NodeJS.ProcessEnv, out: string) {
  const fd = openSync(out, 'w')
  const started = performance.now()
  const child = spawn(process.execPath, [...nodeArgs(), BIN, ...args], {
    cwd: dir,
    env,
    stdio: ['ignore', fd, 'pipe'],
  })
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString()
  })
  let peakKb = 0
  let cpu = 0
  const sampler = setInterval(() => {
    peakKb = Math.max(peakKb, highWaterKb(child.pid ?? 0))
    cpu = Math.max(cpu, cpuMs(child.pid ?? 0))
  }, 20)
  const code = await new Promise<number | null>(resolve => child.once('exit', resolve))
  const ms = performance.now() - started
  clearInterval(sampler)
  closeSync(fd)
  if (code !== 0) throw new Error(`provisioner ${args.join(' ')} exited with ${code}: ${stderr.slice(-2000)}`)
  return { ms, cpuMs: cpu, peakRssMB: peakKb / 1024 }
}

/** The plan's user summary, from the head of the `--json` output (1,000,000 operations pass V8's longest string). */
function summaryOf(file: string): { readonly create: number; readonly link: number } {
  const fd = openSync(file, 'r')
  const head = Buffer.alloc(4096)
  const length = readSync(fd, head, 0, head.length, 0)
  closeSync(fd)
  const json = head.toString('utf8', 0, length).replace(/,\s*"unmanagedAccounts"[\s\S]*/, '}')
  return (JSON.parse(json) as { summary: { users: { create: number; link: number } } }).summary.users
}

/** One dry run of `people` people against as many accounts (half of them theirs). */
export async function cliPlan(dir: string, people: number): Promise<CliPlanFigures> {
  if (currentCompiledCli() === null && !(await buildCli({ quiet: true }))) {
    throw new Error('the compiled CLI cannot be built (esbuild missing)')
  }
  const server = await startBenchServer('./stream-scim-process.ts', { accounts: people })
  try {
    const csv = `people-${people}.csv`
    await writeCsv(join(dir, csv), people)
    const jobFile = join(dir, `plan-${people}.json`)
    writeFileSync(
      jobFile,
      JSON.stringify({ ...benchJob(server.baseUrl, csv, CONCURRENCY, true), id: `plan-${people}` })
    )
    const bare = await bareListAll(server, 1000)
    if (bare.count !== people) throw new Error(`the bench server listed ${bare.count} of ${people} accounts`)
    const out = join(dir, `plan-${people}.out.json`)
    const env = { ...process.env, PROVISIONER_HOME: join(dir, `home-${people}`), BENCH_TOKEN: server.token }
    const run = await runCli(['plan', '--job', jobFile, '--json', ...planArgs()], dir, env, out)
    const summary = summaryOf(out)
    if (summary.create + summary.link !== people)
      throw new Error(`unexpected plan: ${JSON.stringify(summary)}`)
    return { people, ...run, bareReadMs: bare.ms, outputBytes: statSync(out).size }
  } finally {
    await server.stop()
  }
}
