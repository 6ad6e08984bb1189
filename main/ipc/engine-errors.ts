import { formatJobFileIssue, JobFileError } from '../config/job-file-error'
import { describeError } from '../model/errors'
import type { LocatedIssue } from './api/contract'
import { ApiError } from './api/dispatch'

/** Most issue lines passed on for one error; the admin fixes a file in a few passes at worst. */
const MAX_ISSUES = 50

/** A job file's issues with their places, for a form to show each at its field. */
export function locatedIssues(error: JobFileError): LocatedIssue[] {
  return error.issues.slice(0, MAX_ISSUES).map(issue => ({
    field: issue.field,
    line: issue.line,
    column: issue.column,
    message: issue.message,
    text: formatJobFileIssue(issue),
  }))
}

/**
 * Turns an error written for admins into the `ApiError` the renderer may show, by the error
 * table (model/errors.ts) the CLI uses too. These errors name files, fields and secretRefs,
 * never credentials. Anything else is returned unchanged and ends up `internal`.
 */
export function toApiError(error: unknown): unknown {
  if (error instanceof ApiError) return error
  const described = describeError(error)
  if (described.message === null) return error
  const issues = described.details.slice(0, MAX_ISSUES)
  return new ApiError(
    described.apiCode,
    capitalise(described.message),
    issues.length > 0 ? issues : undefined,
    // A form shows each of a job file's problems at its field.
    error instanceof JobFileError ? locatedIssues(error) : undefined
  )
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
