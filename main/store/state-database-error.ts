/**
 * The state database cannot be used: damaged, read-only, on a full disk, or unreadable. This is
 * the machine's state, not the run's: the admin needs the file's name and what to do about it.
 */
import Database from 'better-sqlite3'
import { ProvisionerError } from '../model/errors'

export type StateProblem = 'damaged' | 'read-only' | 'full' | 'unreadable'

const DESCRIPTIONS: Readonly<Record<StateProblem, string>> = {
  damaged: 'is damaged',
  'read-only': 'is read-only for this user',
  full: 'cannot grow: the disk holding it is full',
  unreadable: 'cannot be read or written',
}

const ADVICE: Readonly<Record<StateProblem, string>> = {
  damaged:
    'Move it aside (with any -wal and -shm files beside it) and restore it from a backup; or start ' +
    'afresh without it: the next run links existing accounts again by the matching attributes, but the ' +
    'links, logs and undo history of earlier runs are lost.',
  'read-only':
    'Make it and its folder writable by the user running Provisioner, or choose another state folder ' +
    'with --home or PROVISIONER_HOME.',
  full: 'Free space on that disk and run again: the next run reconciles a run this cut short.',
  unreadable:
    'Check that its folder exists and is readable and writable by this user, and that the disk is healthy; ' +
    'or choose another state folder with --home or PROVISIONER_HOME.',
}

/** SQLite's result codes (extended ones included, e.g. SQLITE_IOERR_WRITE) and system errors. */
const PROBLEMS: ReadonlyArray<readonly [RegExp, StateProblem]> = [
  [/^(SQLITE_NOTADB|SQLITE_CORRUPT)/, 'damaged'],
  [/^(SQLITE_READONLY|EROFS$|EACCES$|EPERM$)/, 'read-only'],
  [/^(SQLITE_FULL|ENOSPC$|EDQUOT$)/, 'full'],
  [/^(SQLITE_IOERR|SQLITE_CANTOPEN|SQLITE_PERM|EIO$|ENOTDIR$|EISDIR$)/, 'unreadable'],
]

export class StateDatabaseError extends ProvisionerError {
  public readonly kind = 'state-database' as const

  public constructor(
    public readonly file: string,
    public readonly problem: StateProblem,
    cause: Error
  ) {
    super(`the state database ${file} ${DESCRIPTIONS[problem]} (${cause.message}). ${ADVICE[problem]}`, {
      cause,
    })
    this.name = 'StateDatabaseError'
  }
}

/**
 * What is wrong with the state database, if `error` says something is. System errors (EACCES,
 * ENOSPC…) count only where they can only be about the state files: while opening them.
 */
export function stateProblemOf(error: unknown, whileOpening = false): StateProblem | null {
  let code: string | undefined
  if (error instanceof Database.SqliteError) code = error.code
  else if (whileOpening && error instanceof Error) code = (error as NodeJS.ErrnoException).code
  if (code === undefined) return null
  return PROBLEMS.find(([pattern]) => pattern.test(code))?.[1] ?? null
}

/** `error` as a problem of the state database in `file`, or null when it is something else. */
export function asStateDatabaseError(
  error: unknown,
  file: string,
  whileOpening = false
): StateDatabaseError | null {
  if (error instanceof StateDatabaseError) return error
  const problem = stateProblemOf(error, whileOpening)
  return problem === null ? null : new StateDatabaseError(file, problem, error as Error)
}
