import { ScimHttpError, ScimNetworkError, ScimProtocolError } from './scim-errors'

/**
 * When and how long to wait before trying a SCIM request again.
 *
 * Throttling (429, and 503 with Retry-After) means the server did not do the work, so any
 * request may be repeated after the wait it asks for — for as long as the request's wait budget
 * lasts, however many answers that takes: throttling is the server pacing us, not failing.
 * Other 5xx, resets and timeouts leave the outcome unknown: only idempotent requests are repeated
 * blindly (a create is checked first by the caller), at most `maxAttempts` times.
 */
export interface RetryPolicy {
  /** Attempts that end in a server error, reset or timeout, the first included. */
  readonly maxAttempts: number
  readonly baseDelayMs: number
  readonly maxDelayMs: number
  /**
   * Most time one request spends waiting out throttling, in all (`target.retries.maxWaitSeconds`).
   * A wait that would go past it fails the request (it is retried next run).
   */
  readonly maxRetryAfterMs: number
}

/** What one request has been through so far, the failure being decided on included. */
export interface RetryState {
  /** Attempts that ended in a server error, reset or timeout. */
  readonly failures: number
  /** Attempts answered with throttling. */
  readonly throttles: number
  /** Time already spent waiting out throttling, in ms. */
  readonly throttledMs: number
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 120_000,
}

export type FailureKind =
  /** 429, or 503 with Retry-After: not processed; wait and repeat. */
  | 'throttled'
  /** 5xx, reset, timeout: outcome unknown; repeat if idempotent. */
  | 'transient'
  /** Anything else: repeating cannot help. */
  | 'permanent'

export function classifyFailure(error: unknown): FailureKind {
  if (error instanceof ScimHttpError) {
    if (error.status === 429 || (error.status === 503 && error.retryAfter !== null)) return 'throttled'
    if (error.status >= 500 || error.status === 408) return 'transient'
    return 'permanent'
  }
  if (error instanceof ScimNetworkError) return 'transient'
  if (error instanceof ScimProtocolError) {
    // An HTML error page from a proxy in front of the app is usually a passing outage.
    return error.status !== null && error.status >= 500 ? 'transient' : 'permanent'
  }
  return 'permanent'
}

/** Whether a failure may clear up by the next run (escrow) rather than needing the admin. */
export function isRetryableFailure(error: unknown): boolean {
  return classifyFailure(error) !== 'permanent'
}

/**
 * `Retry-After` as milliseconds from `now`: delta-seconds or an HTTP date (RFC 9110 §10.2.3),
 * and decimal seconds, which Microsoft Graph sends ("Retry-After: 2.128"). Null when absent or
 * unreadable.
 */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | null {
  if (value === null) return null
  const trimmed = value.trim()
  if (/^\d+(?:\.\d+)?$/.test(trimmed)) return Math.ceil(Number(trimmed) * 1000)
  // An HTTP-date (IMF-fixdate, RFC 850 or asctime) starts with the day name. Anything else is
  // not a date, whatever Date.parse makes of it ("1.5" and "-5" parse as days in 2001, so no
  // wait at all; "12/31/2099" as a pause of decades).
  if (!/^[A-Za-z]{3}/.test(trimmed)) return null
  const date = Date.parse(trimmed)
  if (Number.isNaN(date)) return null
  return Math.max(0, date - now)
}

/**
 * Exponential backoff with full jitter (a random wait up to the exponential cap), so many
 * clients failing together do not retry together.
 */
export function backoffDelay(
  attempt: number,
  policy: RetryPolicy,
  random: () => number = Math.random
): number {
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1))
  return Math.round(cap * (0.5 + random() / 2))
}

/** How long to wait before trying again after `error`, or null to give up now. */
export function delayBeforeRetry(
  error: unknown,
  state: RetryState,
  idempotent: boolean,
  policy: RetryPolicy,
  random: () => number = Math.random,
  now: number = Date.now()
): number | null {
  const kind = classifyFailure(error)
  if (kind === 'permanent' || (kind === 'transient' && !idempotent)) return null
  if (kind === 'transient') {
    return state.failures >= policy.maxAttempts ? null : backoffDelay(state.failures, policy, random)
  }
  const delay = throttleDelay(error, state.throttles, policy, random, now)
  return state.throttledMs + delay > policy.maxRetryAfterMs ? null : delay
}

/** The wait a throttling answer asks for (and a hair more), or backoff when it does not say. */
function throttleDelay(
  error: unknown,
  throttles: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
  now: number = Date.now()
): number {
  const asked = error instanceof ScimHttpError ? parseRetryAfter(error.retryAfter, now) : null
  // A little margin so the retry does not arrive a hair early.
  return asked !== null ? asked + 50 : backoffDelay(throttles, policy, random)
}
