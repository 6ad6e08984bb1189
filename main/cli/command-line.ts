/**
 * What the CLI reads from a command line before the command runs (the state folder, what the
 * application log says): kept apart from cli-state so that commands without state (eval, help)
 * do not load SQLite.
 */
import { parseArgs } from 'node:util'
import { databasePath, resolveHome } from '../config/app-paths'
import type { CliIo } from './output'

/** Commands that open the shared state database (`openState`). */
const STATE_COMMANDS: ReadonlySet<string> = new Set([
  'plan',
  'apply',
  'undo',
  'status',
  'logs',
  'access',
  'review',
  'pause',
  'resume',
  'clear-state',
])

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
