/**
 * AdaptiveLimiter on a fake clock: `sleep` records the waits asked for and the test moves the
 * clock itself, so pacing is asserted as waits, never by measuring real time.
 */
import { describe, expect, it } from 'vitest'
import { AdaptiveLimiter } from '../../../../main/connectors/scim/adaptive-limiter'

const T0 = 1_800_000_000_000
/** Throttling answers closer together than this are one burst: one slow-down. */
const BURST_MS = 1000

function fakeClock() {
  const clock = { now: T0, sleeps: [] as number[] }
  return {
    clock,
    now: () => clock.now,
    sleep: async (ms: number) => {
      clock.sleeps.push(ms)
    },
  }
}

function limiter(concurrency: number, requestsPerSecond: number | null = null) {
  const time = fakeClock()
  return {
    time: time.clock,
    limiter: new AdaptiveLimiter({ concurrency, requestsPerSecond, now: time.now, sleep: time.sleep }),
  }
}

/** Lets pending promise callbacks run (waiters re-check their slot). */
const settle = () => new Promise<void>(resolve => setImmediate(resolve))

/** Starts an acquire and reports whether it has got its slot. */
function track(limiter: AdaptiveLimiter) {
  const state = { started: false, release: (): void => undefined }
  void limiter.acquire().then(release => {
    state.started = true
    state.release = release
  })
  return state
}

describe('AdaptiveLimiter', () => {
  it('lets `concurrency` requests run and makes the next wait for a free slot', async () => {
    const { limiter: pace } = limiter(2)
    const first = track(pace)
    const second = track(pace)
    const third = track(pace)
    await settle()
    expect([first.started, second.started, third.started]).toEqual([true, true, false])
    first.release()
    await settle()
    expect(third.started).toBe(true)
  })

  it('frees a slot once however often its release is called', async () => {
    const { limiter: pace } = limiter(1)
    const first = track(pace)
    await settle()
    const second = track(pace)
    const third = track(pace)
    await settle()
    first.release()
    first.release()
    await settle()
    expect([second.started, third.started]).toEqual([true, false])
  })

  it('halves concurrency on each throttling burst, never below one', () => {
    const { limiter: pace, time } = limiter(8)
    const seen: number[] = []
    for (let i = 0; i < 5; i++) {
      pace.onThrottled(null)
      seen.push(pace.limits.concurrency)
      time.now += BURST_MS
    }
    expect(seen).toEqual([4, 2, 1, 1, 1])
  })

  it('slows down once for answers of one burst (requests in flight all come back throttled)', () => {
    const { limiter: pace, time } = limiter(8, 8)
    pace.onThrottled(null)
    time.now += BURST_MS - 1
    pace.onThrottled(null)
    pace.onThrottled(null)
    expect(pace.limits).toEqual({ concurrency: 4, requestsPerSecond: 4 })
    time.now += 1
    pace.onThrottled(null)
    expect(pace.limits).toEqual({ concurrency: 2, requestsPerSecond: 2 })
  })

  it('holds back requests already waiting once concurrency is halved', async () => {
    const { limiter: pace } = limiter(4)
    const running = [track(pace), track(pace), track(pace), track(pace)]
    const waiting = track(pace)
    await settle()
    pace.onThrottled(null)
    expect(pace.limits.concurrency).toBe(2)
    running[0]?.release()
    await settle()
    running[1]?.release()
    await settle()
    // Two still in flight: at the new limit.
    expect(waiting.started).toBe(false)
    running[2]?.release()
    await settle()
    expect(waiting.started).toBe(true)
  })

  it('recovers one step of concurrency per 20 successes, up to the configured limit', () => {
    const { limiter: pace, time } = limiter(4)
    pace.onThrottled(null)
    time.now += BURST_MS
    pace.onThrottled(null)
    expect(pace.limits.concurrency).toBe(1)
    const succeed = (times: number) => {
      for (let i = 0; i < times; i++) pace.onSuccess()
    }
    succeed(19)
    expect(pace.limits.concurrency).toBe(1)
    succeed(1)
    expect(pace.limits.concurrency).toBe(2)
    succeed(40)
    expect(pace.limits.concurrency).toBe(4)
    succeed(100)
    expect(pace.limits.concurrency).toBe(4)
  })

  it('starts counting successes again after a throttling answer', () => {
    const { limiter: pace } = limiter(4)
    pace.onThrottled(null)
    for (let i = 0; i < 19; i++) pace.onSuccess()
    // Same burst: no further slow-down, but the successes so far no longer count.
    pace.onThrottled(null)
    expect(pace.limits.concurrency).toBe(2)
    pace.onSuccess()
    expect(pace.limits.concurrency).toBe(2)
    for (let i = 0; i < 19; i++) pace.onSuccess()
    expect(pace.limits.concurrency).toBe(3)
  })

  it('lets a raised limit in a waiting request', async () => {
    const { limiter: pace } = limiter(2)
    pace.onThrottled(null)
    const first = track(pace)
    const second = track(pace)
    await settle()
    expect(second.started).toBe(false)
    for (let i = 0; i < 20; i++) pace.onSuccess()
    await settle()
    expect(second.started).toBe(true)
    expect(first.started).toBe(true)
  })

  it('spaces request starts by the rate limit', async () => {
    const { limiter: pace, time } = limiter(10, 5)
    for (let i = 0; i < 4; i++) {
      const release = await pace.acquire()
      release()
    }
    // The first goes at once; each next one 200 ms after the one before.
    expect(time.sleeps).toEqual([200, 400, 600])
    // Once that time has passed, the next goes at once.
    time.now += 600 + 200
    ;(await pace.acquire())()
    expect(time.sleeps).toHaveLength(3)
  })

  it('spaces concurrent starts too (a burst is not let through at once)', async () => {
    const { limiter: pace, time } = limiter(10, 4)
    await Promise.all(Array.from({ length: 4 }, () => pace.acquire()))
    // Each waits its turn: 250, 500 and 750 ms after the first start.
    expect(time.sleeps).toEqual([250, 500, 750])
  })

  it('halves the rate on throttling (not below 0.5/s) and raises it by a quarter per 20 successes', () => {
    const { limiter: pace, time } = limiter(4, 8)
    pace.onThrottled(null)
    expect(pace.limits.requestsPerSecond).toBe(4)
    for (let i = 0; i < 10; i++) {
      time.now += BURST_MS
      pace.onThrottled(null)
    }
    expect(pace.limits.requestsPerSecond).toBe(0.5)
    for (let i = 0; i < 20; i++) pace.onSuccess()
    expect(pace.limits.requestsPerSecond).toBe(0.625)
    for (let i = 0; i < 20 * 30; i++) pace.onSuccess()
    expect(pace.limits.requestsPerSecond).toBe(8)
  })

  it('has no rate limit unless configured', async () => {
    const { limiter: pace, time } = limiter(4)
    pace.onThrottled(null)
    expect(pace.limits.requestsPerSecond).toBeNull()
    for (let i = 0; i < 5; i++) (await pace.acquire())()
    expect(time.sleeps).toEqual([])
  })

  it('pauses every request for the Retry-After a throttling answer gave', async () => {
    const { limiter: pace, time } = limiter(4)
    pace.onThrottled(3000)
    const releases = await Promise.all([pace.acquire(), pace.acquire()])
    expect(time.sleeps).toEqual([3000, 3000])
    releases.forEach(release => release())
    // Later in the pause, what is left of it.
    time.now += 1000
    ;(await pace.acquire())()
    expect(time.sleeps).toEqual([3000, 3000, 2000])
    // Once the pause is over, requests go at once.
    time.now += 2000
    ;(await pace.acquire())()
    expect(time.sleeps).toHaveLength(3)
  })

  it('keeps the longest pause when throttling answers overlap', async () => {
    const { limiter: pace, time } = limiter(4)
    pace.onThrottled(5000)
    time.now += BURST_MS
    pace.onThrottled(1000)
    ;(await pace.acquire())()
    expect(time.sleeps).toEqual([4000])
  })
})
