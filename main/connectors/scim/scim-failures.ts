/**
 * What the engine needs to know about a failed SCIM request, read from its HTTP status: a create
 * that met an existing account, the log's error fields, and failures that quarantine the job.
 */
import type { FailureInfo } from '../../model/failure'
import type { QuarantineDecision } from '../../model/job-state'
import { excerpt } from '../../secrets/redact-text'
import { isScimError, ScimHttpError, ScimProtocolError } from './scim-errors'

/** The server refused a create because the resource exists already (409 Conflict). */
export function isConflict(error: unknown): error is ScimHttpError {
  return error instanceof ScimHttpError && error.status === 409
}

/** The HTTP status of a failed request (null: the server gave no HTTP answer). */
export function httpStatusOf(error: unknown): number | null {
  return error instanceof ScimHttpError ? error.status : null
}

/** A failed SCIM request in the log's terms; null for anything else. */
export function scimFailureInfo(error: unknown): FailureInfo | null {
  if (error instanceof ScimHttpError) {
    return {
      code: error.code,
      httpStatus: error.status,
      scimType: error.scimType,
      detail: error.detail,
      message: error.message,
    }
  }
  if (!isScimError(error)) return null
  return {
    code: error.code,
    httpStatus: 'status' in error ? error.status : null,
    scimType: null,
    detail: null,
    message: error.message,
  }
}

/**
 * A failure that makes every call fail until the admin acts (§F): credentials refused, or an
 * endpoint that does not speak SCIM. Network outages are not quarantine causes on their own.
 */
export function quarantineForError(error: unknown): QuarantineDecision | null {
  if (error instanceof ScimHttpError) {
    if (error.status === 401 || error.status === 403) {
      return {
        code: 'EncounteredQuarantineException',
        reason: `The target refused the credentials (HTTP ${error.status}${error.detail === null ? '' : `: ${excerpt(error.detail)}`})`,
      }
    }
    if (error.status === 404 || error.status === 405) {
      return {
        code: 'EncounteredQuarantineException',
        reason: `The target URL is not a SCIM endpoint (HTTP ${error.status} for ${error.method} ${error.url})`,
      }
    }
    return null
  }
  if (error instanceof ScimProtocolError) {
    return {
      code: 'EncounteredQuarantineException',
      reason: `The target is not a SCIM service: ${error.message}`,
    }
  }
  return null
}
