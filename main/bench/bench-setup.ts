/** What several benches set up: the SCIM server (the sandbox app in a child process), the HR file, a plan's store. */
import { fork, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { stringify } from 'csv-stringify/sync'
import { inTransaction, openDatabase } from '../store/database'
import { saveJob } from '../store/jobs-store'
import { savePlannedOperations } from '../store/planned-operations-store'
import { createRun } from '../store/runs-store'
import { BENCH_HEADER, benchPerson } from './bench-data'

export interface Sandbox {
  readonly baseUrl: string
  readonly token: string
  stop(): Promise<void>
}

/** The sandbox SCIM app in its own process, seeded with `seed` bench accounts. */
export async function startSandbox(seed: number, throttleEvery = 0): Promise<Sandbox> {
  const token = randomBytes(16).toString('hex')
  const child: ChildProcess = fork(fileURLToPath(new URL('./sandbox-process.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  const baseUrl = await new Promise<string>((resolve, reject) => {
    child.once('message', message => resolve((message as { baseUrl: string }).baseUrl))
    child.once('exit', code => reject(new Error(`sandbox exited with ${code}`)))
    child.send({ type: 'start', token, seed, throttleEvery })
  })
  return {
    baseUrl,
    token,
    stop: () =>
      new Promise<void>(resolve => {
        child.once('exit', () => resolve())
        child.disconnect()
      }),
  }
}

/** `count` bench people as an HR CSV file. */
export async function writeCsv(file: string, count: number): Promise<void> {
  const stream = createWriteStream(file)
  stream.write(stringify([BENCH_HEADER]))
  for (let index = 0; index < count; index++) {
    if (!stream.write(stringify([benchPerson(index)]))) {
      await new Promise<void>(resolve => stream.once('drain', () => resolve()))
    }
  }
  await new Promise<void>((resolve, reject) =>
    stream.end((error?: Error | null) => (error ? reject(error) : resolve()))
  )
}

/** The time a dry run spends storing its plan (`outcome.operations`), alone, in a fresh database. */
export function timePlanStorage(
  dir: string,
  operations: Parameters<typeof savePlannedOperations>[2]
): number {
  const db = openDatabase(join(dir, 'plan-store.db'))
  try {
    saveJob(db, { id: 'bench', name: 'Bench', config: {}, configPath: null })
    createRun(db, { id: 'bench-dry-run', jobId: 'bench', mode: 'dry-run' })
    const started = performance.now()
    inTransaction(db, () => savePlannedOperations(db, 'bench-dry-run', operations))
    return performance.now() - started
  } finally {
    db.close()
  }
}
