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
  const { values } = parseArgs({
    args: [...args],
    options: { home: { type: 'string' } },
    strict: false,
    allowPositionals: true,
  })
  const home = values['home']
  return databasePath(resolveHome(typeof home === 'string' ? home : undefined, io.env))
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
