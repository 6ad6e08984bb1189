import { type AppLog, NO_APP_LOG } from '../app-log/app-log'
import { safeText } from '../app-log/safe-values'
import { JobFileError } from '../config/job-file-error'
import { PlanFileError } from '../config/saved-plan-file'
import { SourceConnectionError, SourceFormatError, formatSourceIssue } from '../connectors/source-errors'
import { isScimError } from '../connectors/scim/scim-errors'
import { HandoffFileError } from '../connectors/csv-handoff/handoff-file'
import { ApprovalError, noticesOf, QuarantinedError, SavedPlanMismatchError } from '../engine/run-job'
import { UnknownIdentityError } from '../engine/run-on-demand'
import { UndoError } from '../engine/undo-run'
import { ReviewError } from '../engine/access/reviews'
import { LinkDecisionError } from '../engine/link-decisions'
import { ForceUnlockError, RunInProgressError } from '../engine/run-lock'
import { SecretNotFoundError } from '../secrets/secret-store'
import { DatabaseFromFutureError } from '../store/migrations'
import { asStateDatabaseError, StateDatabaseError } from '../store/state-database-error'
import { ExitCode, UsageError } from './exit-codes'
import { type CliIo, oneLine, writeLine } from './output'

/**
 * Tells the user why a command stopped; returns its exit code. Messages carry server and file
 * text: each is one line, whatever that text holds.
 */
export function reportError(error: unknown, io: CliIo, stateFile: string | undefined): ExitCode {
  const write = (text: string) => writeLine(io.stderr, oneLine(text))
  // SQLite failing mid-command (a full disk, a file that turned read-only) is the state file's problem.
  const stateError = stateFile === undefined ? null : asStateDatabaseError(error, stateFile)
  const code = reportErrorItself(stateError ?? error, io)
  if (code === ExitCode.Usage) {
    const refusal = stateError ?? error
    io.log?.warn('command refused', { error: refusal instanceof Error ? refusal.message : String(refusal) })
  }
  // Things that also went wrong on the way out (an alert that could not be delivered).
  for (const notice of noticesOf(error)) {
    write(`Note: ${notice}`)
  }
  return code
}

function reportErrorItself(error: unknown, io: CliIo): ExitCode {
  const write = (text: string) => writeLine(io.stderr, oneLine(text))
  if (error instanceof JobFileError || error instanceof PlanFileError) {
    write(`The ${error instanceof JobFileError ? 'job' : 'plan'} file cannot be used (nothing was changed):`)
    error.issues.forEach(issue =>
      write(
        `  ${issue.file}:${issue.line}:${issue.column}: ${issue.field === '' ? '' : `${issue.field}: `}${issue.message}`
      )
    )
    return ExitCode.Usage
  }
  if (error instanceof SourceFormatError) {
    write(`The source cannot be read (nothing was changed):`)
    error.issues.forEach(issue => write(`  ${formatSourceIssue(issue)}`))
    return ExitCode.Usage
  }
  if (error instanceof StateDatabaseError) {
    write(`provisioner: ${error.message}`)
    return ExitCode.Usage
  }
  if (error instanceof UsageError) {
    // The command line's own advice (parseArgs writes it on several lines).
    writeLine(io.stderr, `provisioner: ${error.message}`)
    return ExitCode.Usage
  }
  if (
    error instanceof SecretNotFoundError ||
    error instanceof SavedPlanMismatchError ||
    error instanceof RunInProgressError ||
    error instanceof DatabaseFromFutureError ||
    error instanceof ApprovalError ||
    error instanceof UnknownIdentityError ||
    error instanceof UndoError ||
    error instanceof LinkDecisionError ||
    error instanceof ReviewError ||
    error instanceof ForceUnlockError
  ) {
    write(`provisioner: ${error.message} (nothing was changed)`)
    return ExitCode.Usage
  }
  if (error instanceof QuarantinedError) {
    write(`provisioner: ${error.message}`)
    return ExitCode.Usage
  }
  if (error instanceof SourceConnectionError) {
    write(`provisioner: ${error.message} (nothing was changed)`)
    return ExitCode.Usage
  }
  if (isScimError(error)) {
    write(`provisioner: the target could not be used: ${error.message} (${error.code})`)
    return ExitCode.Usage
  }
  if (error instanceof HandoffFileError) {
    write(`provisioner: ${error.message}`)
    return ExitCode.Failures
  }
  return reportInternalError(error, io)
}

/** A failure Provisioner did not foresee: its stack goes to the application log, named here. */
function reportInternalError(error: unknown, io: CliIo): ExitCode {
  const log: AppLog = io.log ?? NO_APP_LOG
  log.error('internal error', error)
  // Scrubbed as the log is: a terminal's scrollback and a scheduler's mail are kept too.
  const message = safeText(error instanceof Error ? error.message : String(error))
  writeLine(io.stderr, oneLine(`provisioner: internal error: ${message}`))
  const stack = error instanceof Error && error.stack !== undefined ? safeText(error.stack) : undefined
  if (log.file !== null) {
    writeLine(io.stderr, oneLine(`The stack trace is in the application log: ${log.file}`))
  }
  if (stack !== undefined && (log.file === null || io.env['PROVISIONER_DEBUG'] !== undefined)) {
    writeLine(io.stderr, stack)
  }
  return ExitCode.Failures
}
