/** What several benches set up: the SCIM server (the sandbox app in a child process) and a plan's store. */
import { join } from 'node:path'
import { inTransaction, openDatabase } from '../store/database'
import { saveJob } from '../store/jobs-store'
import { savePlannedOperations } from '../store/planned-operations-store'
import { createRun } from '../store/runs-store'
import { type BenchServer, startBenchServer } from './bench-servers'

export type Sandbox = BenchServer

/** The sandbox SCIM app in its own process, seeded with `seed` bench accounts. */
export function startSandbox(seed: number, throttleEvery = 0): Promise<Sandbox> {
  return startBenchServer('./sandbox-process.ts', { seed, throttleEvery })
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
