import { type AppLog, NO_APP_LOG } from '../app-log/app-log'
import { safeText } from '../app-log/safe-values'
import { noticesOf } from '../engine/run/job-outcome'
import { describeError, ExitCode } from '../model/errors'
import { asStateDatabaseError } from '../store/state-database-error'
import { UsageError } from './exit-codes'
import { type CliIo, oneLine, writeLine } from './output'

/** Messages carry server and file text: each is one line, whatever that text holds. */
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

/** Writes what the error table says of the error (model/errors.ts); its exit code. */
function reportErrorItself(error: unknown, io: CliIo): ExitCode {
  const described = describeError(error)
  if (described.message === null) return reportInternalError(error, io)
  if (error instanceof UsageError) {
    // The command line's own advice (parseArgs writes it on several lines).
    writeLine(io.stderr, `provisioner: ${described.message}`)
  } else if (described.details.length > 0) {
    writeLine(io.stderr, oneLine(`${described.message}:`))
    for (const detail of described.details) writeLine(io.stderr, oneLine(`  ${detail}`))
  } else {
    writeLine(io.stderr, oneLine(`provisioner: ${described.message}`))
  }
  return described.exitCode
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
  return describeError(error).exitCode
}
