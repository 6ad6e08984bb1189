import { formatJobFileIssue, JobFileError } from '../config/job-file-error'
import { isScimError } from '../connectors/scim/scim-errors'
import { formatSourceIssue, SourceFormatError } from '../connectors/source-errors'
import { SavedPlanMismatchError } from '../engine/run/run-job'
import { RunInProgressError } from '../engine/run/run-lock'
import { SecretNotFoundError } from '../secrets/secret-store'
import { ApiError } from './api/dispatch'

/** Most issue lines passed on for one error; the admin fixes a file in a few passes at worst. */
const MAX_ISSUES = 50

/**
 * Turns the engine's user-facing errors into `ApiError`s the renderer may show.
 *
 * These errors are written for admins (file:line:column, secretRef names, SCIM error codes) and
 * never carry credentials. Anything not listed is returned unchanged and ends up `internal`.
 */
export function toApiError(error: unknown): unknown {
  if (error instanceof JobFileError) {
    return new ApiError(
      'invalid-job',
      'The job file cannot be used (nothing was changed)',
      error.issues.slice(0, MAX_ISSUES).map(formatJobFileIssue)
    )
  }
  if (error instanceof SourceFormatError) {
    return new ApiError(
      'source-failed',
      'The source cannot be read (nothing was changed)',
      error.issues.slice(0, MAX_ISSUES).map(formatSourceIssue)
    )
  }
  if (error instanceof SecretNotFoundError) {
    return new ApiError('secret-missing', error.message)
  }
  if (error instanceof RunInProgressError) {
    return new ApiError('busy', error.message)
  }
  if (error instanceof SavedPlanMismatchError) {
    return new ApiError('invalid-job', error.message)
  }
  if (isScimError(error)) {
    return new ApiError('connector-failed', `The target could not be used: ${error.message} (${error.code})`)
  }
  return error
}
