/**
 * Typed failures of SCIM requests.
 *
 * Each carries an Entra-style error code (the names admins know from Entra's provisioning logs)
 * and never the request's credentials. Server text (`detail`, `scimType`) arrives already cleaned
 * by `ScimHttp` (credentials removed, length capped) and appears in a message only as a quoted
 * excerpt.
 */
import { excerpt } from '../../secrets/redact-text'
import { ProvisionerError } from '../../model/errors'

export type ScimErrorCode =
  | 'BadRequest'
  | 'Unauthorized'
  | 'InsufficientRights'
  | 'NotFound'
  | 'MethodNotAllowed'
  | 'EntryConflict'
  | 'PreconditionFailed'
  | 'PayloadTooLarge'
  | 'UnprocessableEntity'
  | 'TooManyRequests'
  | 'InternalServerError'
  | 'NotImplemented'
  | 'ServiceUnavailable'
  | 'Timeout'
  | 'WebExceptionProtocolError'
  | 'SystemForCrossDomainIdentityManagementServiceIncompatible'

/** Every failure of the target: a SCIM error code, and a message an admin can act on. */
export abstract class ScimFailure extends ProvisionerError {
  public readonly kind = 'target-failed' as const
  public abstract readonly code: ScimErrorCode

  public override get safeMessage(): string {
    return `the target could not be used: ${this.message} (${this.code})`
  }
}

/** The server answered with an HTTP error status (RFC 7644 §3.12 error response, when it sent one). */
export class ScimHttpError extends ScimFailure {
  public override readonly code: ScimErrorCode

  public constructor(
    public readonly method: string,
    public readonly url: string,
    public readonly status: number,
    public readonly scimType: string | null,
    public readonly detail: string | null,
    /** Seconds or HTTP date from `Retry-After`, as sent. */
    public readonly retryAfter: string | null = null
  ) {
    super(
      `${method} ${url} failed: HTTP ${status}` +
        (scimType === null ? '' : ` (${scimType})`) +
        (detail === null ? '' : `: ${excerpt(detail)}`)
    )
    this.name = 'ScimHttpError'
    this.code = codeForStatus(status)
  }
}

/**
 * A throttled request given up because its wait budget (`target.retries.maxWaitSeconds`) is
 * spent: the server's last answer, and why no more waiting was done.
 */
export class ThrottledTooLongError extends ScimHttpError {
  public constructor(last: ScimHttpError, why: string) {
    super(last.method, last.url, last.status, last.scimType, last.detail, last.retryAfter)
    this.message = `${last.message}; ${why}`
    this.name = 'ThrottledTooLongError'
  }
}

/** The server answered, but not with something a SCIM client can use (HTML page, bad JSON, no id). */
export class ScimProtocolError extends ScimFailure {
  public override readonly code: ScimErrorCode = 'SystemForCrossDomainIdentityManagementServiceIncompatible'

  public constructor(
    public readonly method: string,
    public readonly url: string,
    public readonly status: number | null,
    problem: string
  ) {
    super(`${method} ${url}: ${problem}`)
    this.name = 'ScimProtocolError'
  }
}

/** No usable answer: connection refused or reset, DNS failure, TLS failure, or a timeout. */
export class ScimNetworkError extends ScimFailure {
  public override readonly code: ScimErrorCode

  public constructor(
    public readonly method: string,
    public readonly url: string,
    public readonly reason: string,
    public readonly timedOut: boolean
  ) {
    super(`${method} ${url}: ${timedOut ? 'timed out' : 'network error'} (${reason})`)
    this.name = 'ScimNetworkError'
    this.code = timedOut ? 'Timeout' : 'WebExceptionProtocolError'
  }
}

export type ScimError = ScimHttpError | ScimProtocolError | ScimNetworkError

export function isScimError(error: unknown): error is ScimError {
  return (
    error instanceof ScimHttpError || error instanceof ScimProtocolError || error instanceof ScimNetworkError
  )
}

function codeForStatus(status: number): ScimErrorCode {
  switch (status) {
    case 400:
      return 'BadRequest'
    case 401:
      return 'Unauthorized'
    case 403:
      return 'InsufficientRights'
    case 404:
      return 'NotFound'
    case 405:
      return 'MethodNotAllowed'
    case 409:
      return 'EntryConflict'
    case 412:
      return 'PreconditionFailed'
    case 413:
      return 'PayloadTooLarge'
    case 422:
      return 'UnprocessableEntity'
    case 429:
      return 'TooManyRequests'
    case 501:
      return 'NotImplemented'
    case 502:
    case 503:
      return 'ServiceUnavailable'
    case 504:
      return 'Timeout'
    default:
      return status >= 500 ? 'InternalServerError' : 'BadRequest'
  }
}
