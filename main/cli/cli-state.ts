import { databasePath, resolveHome } from '../config/app-paths'
import { openDatabase, type WritableDB } from '../store/database'
import { UsageError } from './exit-codes'
import type { CliIo } from './output'

/** Opens the shared state database for a command, honouring `--home` and `PROVISIONER_HOME`. */
export function openState(home: string | boolean | undefined, io: CliIo): { db: WritableDB; home: string } {
  const folder = resolveHome(typeof home === 'string' ? home : undefined, io.env)
  return { db: openDatabase(databasePath(folder)), home: folder }
}

/** The application log's line for a provisioning run a command made (the provisioning log has its rows). */
export function logRun(
  io: CliIo,
  kind: 'dry-run' | 'apply' | 'on-demand' | 'undo',
  jobId: string,
  run: { readonly runId: string | null; readonly status: string; readonly failures: ReadonlyArray<unknown> }
): void {
  io.log?.info('run finished', {
    kind,
    jobId,
    runId: run.runId,
    status: run.status,
    failures: run.failures.length,
  })
}

export function requireString(value: string | boolean | undefined, option: string, command: string): string {
  if (typeof value !== 'string' || value === '') {
    throw new UsageError(`${command} needs ${option}`)
  }
  return value
}
