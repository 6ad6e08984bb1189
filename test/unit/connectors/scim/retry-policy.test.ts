/** The retry policy's pure parts: Retry-After, backoff, and which failures are repeated. */
import { describe, expect, it } from 'vitest'
import {
  backoffDelay,
  classifyFailure,
  DEFAULT_RETRY_POLICY,
  delayBeforeRetry,
  isRetryableFailure,
  parseRetryAfter,
  type RetryPolicy,
} from '../../../../main/connectors/scim/retry-policy'
import {
  ScimHttpError,
  ScimNetworkError,
  ScimProtocolError,
} from '../../../../main/connectors/scim/scim-errors'

const NOW = Date.parse('2026-03-02T10:00:00.000Z')
const POLICY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 500, maxDelayMs: 30_000, maxRetryAfterMs: 10_000 }

const http = (status: number, retryAfter: string | null = null) =>
  new ScimHttpError('GET', 'https://app.example.com/scim/v2/Users', status, null, null, retryAfter)
const network = (timedOut = false) =>
  new ScimNetworkError('POST', 'https://app.example.com/scim/v2/Users', 'ECONNRESET', timedOut)
const protocol = (status: number | null) =>
  new ScimProtocolError('GET', 'https://app.example.com/scim/v2/Users', status, 'expected JSON')

describe('parseRetryAfter', () => {
  it('reads delta-seconds', () => {
    expect(parseRetryAfter('3', NOW)).toBe(3000)
    expect(parseRetryAfter('2030', NOW)).toBe(2_030_000)
    expect(parseRetryAfter(' 120 ', NOW)).toBe(120_000)
    expect(parseRetryAfter('0', NOW)).toBe(0)
  })

  it('reads decimal seconds, as Microsoft Graph sends them ("Retry-After: 2.128")', () => {
    expect(parseRetryAfter('2.128', NOW)).toBe(2128)
    expect(parseRetryAfter('1.5', NOW)).toBe(1500)
    expect(parseRetryAfter('0.0004', NOW)).toBe(1)
  })

  it('reads an HTTP date as the time left until then', () => {
    expect(parseRetryAfter('Mon, 02 Mar 2026 10:00:30 GMT', NOW)).toBe(30_000)
    // The obsolete forms RFC 9110 still asks recipients to accept.
    expect(parseRetryAfter('Monday, 02-Mar-26 10:01:00 GMT', NOW)).toBe(60_000)
    expect(parseRetryAfter('Mon Mar  2 10:00:05 2026', NOW)).toBe(5000)
  })

  it('treats a date already past as "now"', () => {
    expect(parseRetryAfter('Sun, 01 Mar 2026 10:00:00 GMT', NOW)).toBe(0)
  })

  it.each([null, '', '   ', 'soon', '120 seconds', '1e3', '-5', '-1.5', '.5', '1.', '10 5', '12/31/2099'])(
    'gives null for %j (absent or not a Retry-After value)',
    value => {
      expect(parseRetryAfter(value, NOW)).toBeNull()
    }
  )
})

describe('backoffDelay', () => {
  it('doubles from the base delay with each attempt', () => {
    const top = () => 1
    expect([1, 2, 3, 4, 5].map(attempt => backoffDelay(attempt, POLICY, top))).toEqual([
      500, 1000, 2000, 4000, 8000,
    ])
  })

  it('is capped at maxDelayMs', () => {
    expect(backoffDelay(7, POLICY, () => 1)).toBe(30_000)
    expect(backoffDelay(40, POLICY, () => 1)).toBe(30_000)
    expect(backoffDelay(1000, POLICY, () => 1)).toBe(30_000)
  })

  it('jitters between half and all of the step, so clients failing together spread out', () => {
    expect(backoffDelay(3, POLICY, () => 0)).toBe(1000)
    expect(backoffDelay(3, POLICY, () => 0.5)).toBe(1500)
    for (let i = 0; i < 200; i++) {
      const delay = backoffDelay(4, POLICY)
      expect(delay).toBeGreaterThanOrEqual(2000)
      expect(delay).toBeLessThanOrEqual(4000)
    }
  })
})

describe('classifyFailure', () => {
  it.each([
    ['429', http(429), 'throttled'],
    ['429 with Retry-After', http(429, '2'), 'throttled'],
    ['503 with Retry-After', http(503, '2'), 'throttled'],
    ['503 without Retry-After', http(503), 'transient'],
    ['500', http(500), 'transient'],
    ['502', http(502), 'transient'],
    ['408', http(408), 'transient'],
    ['reset', network(), 'transient'],
    ['timeout', network(true), 'transient'],
    ['HTML 502 page from a proxy', protocol(502), 'transient'],
    ['HTML 200 page', protocol(200), 'permanent'],
    ['response without status', protocol(null), 'permanent'],
    ['400', http(400), 'permanent'],
    ['401', http(401), 'permanent'],
    ['404', http(404), 'permanent'],
    ['409', http(409), 'permanent'],
    ['an unexpected error', new TypeError('bug'), 'permanent'],
  ])('%s is %s', (_title, error, kind) => {
    expect(classifyFailure(error)).toBe(kind)
    expect(isRetryableFailure(error)).toBe(kind !== 'permanent')
  })
})

describe('delayBeforeRetry', () => {
  const top = () => 1
  /** The n-th throttling answer, after waiting `waited` ms for earlier ones. */
  const throttle = (n: number, waited = 0) => ({ failures: 0, throttles: n, throttledMs: waited })
  /** The n-th server error, reset or timeout. */
  const failure = (n: number) => ({ failures: n, throttles: 0, throttledMs: 0 })

  it('waits as long as Retry-After asks, and a hair more', () => {
    expect(delayBeforeRetry(http(429, '4'), throttle(1), true, POLICY, top, NOW)).toBe(4050)
    expect(
      delayBeforeRetry(http(429, 'Mon, 02 Mar 2026 10:00:07 GMT'), throttle(1), true, POLICY, top, NOW)
    ).toBe(7050)
    expect(delayBeforeRetry(http(429, '0'), throttle(1), true, POLICY, top, NOW)).toBe(50)
  })

  it('repeats a throttled request even when it is not idempotent (the server did not act)', () => {
    expect(delayBeforeRetry(http(429, '1'), throttle(1), false, POLICY, top, NOW)).toBe(1050)
    expect(delayBeforeRetry(http(503, '1'), throttle(1), false, POLICY, top, NOW)).toBe(1050)
  })

  it('backs off when Retry-After is unreadable', () => {
    expect(delayBeforeRetry(http(429, 'soon'), throttle(3), true, POLICY, top, NOW)).toBe(2000)
    expect(delayBeforeRetry(http(429, '-1.5'), throttle(3), true, POLICY, top, NOW)).toBe(2000)
    expect(delayBeforeRetry(http(429, '1.5'), throttle(3), true, POLICY, top, NOW)).toBe(1_550)
  })

  it('backs off on a 429 without Retry-After', () => {
    expect(delayBeforeRetry(http(429), throttle(2), false, POLICY, top, NOW)).toBe(1000)
  })

  it('gives up when the server asks to wait longer than the wait budget', () => {
    expect(delayBeforeRetry(http(429, '11'), throttle(1), true, POLICY, top, NOW)).toBeNull()
    expect(delayBeforeRetry(http(429, '10'), throttle(1), true, POLICY, top, NOW)).toBeNull()
    expect(delayBeforeRetry(http(429, '9'), throttle(1), true, POLICY, top, NOW)).toBe(9_050)
  })

  it('keeps throttled requests going past maxAttempts while the budget lasts, and no longer', () => {
    expect(delayBeforeRetry(http(429, '1'), throttle(40, 8_000), true, POLICY, top, NOW)).toBe(1050)
    expect(delayBeforeRetry(http(429, '1'), throttle(41, 8_950), true, POLICY, top, NOW)).toBe(1050)
    expect(delayBeforeRetry(http(429, '1'), throttle(42, 9_000), true, POLICY, top, NOW)).toBeNull()
    // Without Retry-After, backoff grows until it no longer fits: 8 s fits, the next 16 s does not.
    expect(delayBeforeRetry(http(429), throttle(5, 0), true, POLICY, top, NOW)).toBe(8_000)
    expect(delayBeforeRetry(http(429), throttle(6, 0), true, POLICY, top, NOW)).toBeNull()
  })

  it('repeats 5xx, resets and timeouts only for idempotent requests, with growing backoff', () => {
    expect(delayBeforeRetry(http(500), failure(1), true, POLICY, top, NOW)).toBe(500)
    expect(delayBeforeRetry(http(500), failure(3), true, POLICY, top, NOW)).toBe(2000)
    expect(delayBeforeRetry(network(true), failure(2), true, POLICY, top, NOW)).toBe(1000)
    expect(delayBeforeRetry(http(500), failure(1), false, POLICY, top, NOW)).toBeNull()
    expect(delayBeforeRetry(network(), failure(1), false, POLICY, top, NOW)).toBeNull()
    expect(delayBeforeRetry(http(503), failure(1), false, POLICY, top, NOW)).toBeNull()
  })

  it('never repeats what cannot succeed', () => {
    for (const error of [http(400), http(401), http(409), protocol(200), new Error('bug')]) {
      expect(delayBeforeRetry(error, failure(1), true, POLICY, top, NOW)).toBeNull()
    }
  })

  it('stops server errors after maxAttempts, however much throttling came before', () => {
    expect(delayBeforeRetry(http(500), failure(4), true, POLICY, top, NOW)).toBe(4000)
    expect(delayBeforeRetry(http(500), failure(5), true, POLICY, top, NOW)).toBeNull()
    expect(
      delayBeforeRetry(http(500), { failures: 1, throttles: 30, throttledMs: 9_000 }, true, POLICY, top, NOW)
    ).toBe(500)
    expect(delayBeforeRetry(http(500), failure(1), true, { ...POLICY, maxAttempts: 1 }, top, NOW)).toBeNull()
  })

  it('has defaults that keep a run going through a short outage', () => {
    expect(DEFAULT_RETRY_POLICY).toMatchObject({ maxAttempts: 5, maxRetryAfterMs: 120_000 })
    const total = [1, 2, 3, 4].reduce(
      (sum, attempt) => sum + backoffDelay(attempt, DEFAULT_RETRY_POLICY, top),
      0
    )
    expect(total).toBe(500 + 1000 + 2000 + 4000)
  })
})
