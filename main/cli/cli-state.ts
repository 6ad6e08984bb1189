import { parseArgs } from 'node:util'
import { databasePath, resolveHome } from '../config/app-paths'
import { openDatabase, type WritableDB } from '../store/database'
import { UsageError } from './exit-codes'
import { type CliIo, oneLine, writeLine } from './output'

/** Opens the shared state database for a command, honouring `--home` and `PROVISIONER_HOME`. */
export function openState(home: string | boolean | undefined, io: CliIo): { db: WritableDB; home: string } {
  const folder = resolveHome(typeof home === 'string' ? home : undefined, io.env)
  return { db: openDatabase(databasePath(folder)), home: folder }
}

/** Commands that open the shared state database (`openState`). */
const STATE_COMMANDS: ReadonlySet<string> = new Set(['plan', 'apply', 'undo', 'status', 'logs'])

/** The state database `command` with `args` opens, to name it in messages; undefined if none. */
export function stateFileOf(command: string, args: ReadonlyArray<string>, io: CliIo): string | undefined {
  if (!STATE_COMMANDS.has(command)) return undefined
  return databasePath(homeOf(args, io))
}

/** The state folder `args` choose (`--home`, else `PROVISIONER_HOME`, else the app's), before the command parses them. */
export function homeOf(args: ReadonlyArray<string>, io: CliIo): string {
  const { values } = parseArgs({
    args: [...args],
    options: { home: { type: 'string' } },
    strict: false,
    allowPositionals: true,
  })
  const home = values['home']
  return resolveHome(typeof home === 'string' ? home : undefined, io.env)
}

/**
 * What the application log says about a command line: the options named (not their values,
 * which may be personal data or a sandbox token), and the job file.
 */
export function commandFacts(command: string, args: ReadonlyArray<string>): Record<string, unknown> {
  const options = args.filter(arg => arg.startsWith('--')).map(arg => arg.split('=', 1)[0] ?? arg)
  const job = args.indexOf('--job')
  return { command, options, ...(job >= 0 && args[job + 1] !== undefined ? { job: args[job + 1] } : {}) }
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

/** Phase messages on stderr when a person is watching (never in the way of --json on stdout). */
export function progressReporter(io: CliIo): ((phase: string, detail: string) => void) | undefined {
  if (io.stderr.isTTY !== true) return undefined
  return (_phase, detail) => writeLine(io.stderr, `… ${oneLine(detail)}`)
}
