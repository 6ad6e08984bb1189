/**
 * The one error table: every error an admin may be shown has a kind, and the kind says the
 * CLI's exit code and the admin API's error code. The CLI (cli/main.ts) and the API
 * (ipc/api/dispatch.ts) both read it through `describeError`, so they cannot drift apart.
 */

/** Exit codes of every command (README "Exit codes"). */
export const ExitCode = {
  Success: 0,
  /** The run finished, but some operations failed. */
  Failures: 1,
  /** Usage or configuration error, or a refusal; nothing was changed. */
  Usage: 2,
  /** Stopped by the deletion threshold; staged operations wait for approval. */
  Blocked: 3,
  /** Cancelled (Ctrl+C, the app's Cancel): the writes in flight finished, no new one started (128 + SIGINT, the shell's convention). */
  Cancelled: 130,
  /** A failure Provisioner did not foresee (a bug, a damaged install): see the application log. BSD's EX_SOFTWARE. */
  Internal: 70,
} as const
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode]

interface ErrorRow {
  readonly exitCode: ExitCode
  /** The admin API's `error.code`. */
  readonly apiCode: string
  /** The error is raised before anything is written: the message says so. */
  readonly changes: 'none' | 'unknown'
}

/** Every kind of error an admin may see, by kind. */
export const ERROR_TABLE = {
  /** The command line is wrong (unknown option, missing argument). */
  usage: { exitCode: ExitCode.Usage, apiCode: 'invalid-input', changes: 'unknown' },
  /** The job file cannot be used as written (file:line:column of each problem). */
  'invalid-job': { exitCode: ExitCode.Usage, apiCode: 'invalid-job', changes: 'unknown' },
  /** A saved plan file cannot be used as written. */
  'invalid-plan': { exitCode: ExitCode.Usage, apiCode: 'invalid-plan', changes: 'unknown' },
  /** A saved plan no longer fits the job or the target (`apply --plan`). */
  'plan-mismatch': { exitCode: ExitCode.Usage, apiCode: 'invalid-plan', changes: 'none' },
  /** The source's data cannot be read (a CSV row, an encoding). */
  'source-unreadable': { exitCode: ExitCode.Usage, apiCode: 'source-failed', changes: 'unknown' },
  /** The source cannot be reached or refused the credentials. */
  'source-unreachable': { exitCode: ExitCode.Usage, apiCode: 'source-failed', changes: 'none' },
  /** A file target's file could not be put in place: the run's writes are done again by the next run. */
  'target-unwritten': { exitCode: ExitCode.Failures, apiCode: 'connector-failed', changes: 'unknown' },
  /** The target refused, failed, or is not a usable SCIM service. */
  'target-failed': { exitCode: ExitCode.Usage, apiCode: 'connector-failed', changes: 'unknown' },
  /** A secretRef names a credential that is not available. */
  'secret-missing': { exitCode: ExitCode.Usage, apiCode: 'secret-missing', changes: 'none' },
  /** Another run of the job holds its lock. */
  busy: { exitCode: ExitCode.Usage, apiCode: 'busy', changes: 'none' },
  /** `force-unlock` named a run that holds no lock. */
  'unlock-refused': { exitCode: ExitCode.Usage, apiCode: 'not-found', changes: 'none' },
  /** The state database cannot be used (damaged, read-only, disk full). */
  'state-database': { exitCode: ExitCode.Usage, apiCode: 'state-database', changes: 'unknown' },
  /** The state database was written by a newer Provisioner. */
  'database-too-new': { exitCode: ExitCode.Usage, apiCode: 'database-too-new', changes: 'none' },
  /** `apply --allow-deletes` named a run with nothing to approve. */
  'approval-refused': { exitCode: ExitCode.Usage, apiCode: 'approval-refused', changes: 'none' },
  /** `undo` cannot undo the run it names. */
  'undo-refused': { exitCode: ExitCode.Usage, apiCode: 'undo-refused', changes: 'none' },
  /** `--only` named nobody the source or the job's links know. */
  'unknown-identity': { exitCode: ExitCode.Usage, apiCode: 'unknown-identity', changes: 'none' },
  /** An access review cannot take the decision (unknown review or item, a closed review). */
  'review-refused': { exitCode: ExitCode.Usage, apiCode: 'review-refused', changes: 'none' },
  /** `link`/`unlink` cannot record the decision. */
  'link-refused': { exitCode: ExitCode.Usage, apiCode: 'link-refused', changes: 'none' },
  /** The job is paused: a manual apply waits until an admin resumes it. */
  'job-paused': { exitCode: ExitCode.Usage, apiCode: 'refused', changes: 'none' },
  /** The run stopped: the job is quarantined (credentials refused, not a SCIM endpoint). */
  quarantined: { exitCode: ExitCode.Usage, apiCode: 'quarantined', changes: 'unknown' },
  /** The run was cancelled before it finished: what it wrote is journalled, the next run carries on. */
  cancelled: { exitCode: ExitCode.Cancelled, apiCode: 'cancelled', changes: 'unknown' },
  /** Anything Provisioner did not foresee: its message is not shown (it may hold anything). */
  internal: { exitCode: ExitCode.Internal, apiCode: 'internal', changes: 'unknown' },
} as const satisfies Record<string, ErrorRow>

export type ErrorKind = keyof typeof ERROR_TABLE

/** The admin API's error codes: each kind's, and those of the API itself (a bad call). */
export type ApiErrorCode =
  | (typeof ERROR_TABLE)[ErrorKind]['apiCode']
  | 'unknown-method'
  | 'untrusted-sender'
  /** This transport cannot do it (e.g. a save dialog in the browser UI). */
  | 'unsupported'
  /** The job file changed on disk since it was read; nothing was written. */
  | 'conflict'
  /** The request cannot be done as things stand (nothing to approve, an unknown person…); nothing changed. */
  | 'refused'
  | 'not-found'

/**
 * The base of every error written for admins: its message names what is wrong and where, and
 * never holds a secret, so it is safe to show as it is.
 */
export abstract class ProvisionerError extends Error {
  public abstract readonly kind: ErrorKind

  /** Problems one by one (file:line:column: field: message), when there are several. */
  public get details(): ReadonlyArray<string> {
    return []
  }

  /** The headline an admin is shown. */
  public get safeMessage(): string {
    return this.message
  }
}

/** How an error is shown and what it ends with, on the command line and through the API alike. */
export interface DescribedError {
  readonly kind: ErrorKind
  readonly exitCode: ExitCode
  readonly apiCode: ApiErrorCode
  /** Safe to show; null for an internal error (its message may hold anything). */
  readonly message: string | null
  readonly details: ReadonlyArray<string>
}

export function describeError(error: unknown): DescribedError {
  if (!(error instanceof ProvisionerError)) {
    const row = ERROR_TABLE.internal
    return { kind: 'internal', exitCode: row.exitCode, apiCode: row.apiCode, message: null, details: [] }
  }
  const row: ErrorRow = ERROR_TABLE[error.kind]
  const headline = error.safeMessage
  const message =
    row.changes === 'none' && !headline.includes('nothing was changed')
      ? `${headline} (nothing was changed)`
      : headline
  return {
    kind: error.kind,
    exitCode: row.exitCode,
    apiCode: row.apiCode as ApiErrorCode,
    message,
    details: error.details,
  }
}
