/**
 * Paces requests to one target: at most `concurrency` in flight and, optionally, at most
 * `requestsPerSecond` started per second.
 *
 * Adaptive (additive increase, multiplicative decrease): a throttling answer halves the allowed
 * concurrency and rate and pauses everyone for the server's Retry-After; a run of successes
 * raises them again slowly, up to the configured limits.
 */
export interface LimiterOptions {
  readonly concurrency: number
  /** Null: no rate limit beyond concurrency. */
  readonly requestsPerSecond: number | null
  readonly now?: () => number
  readonly sleep?: (ms: number) => Promise<void>
}

const SUCCESSES_PER_STEP = 20
/** One slow-down per burst: requests already in flight when throttling starts all come back 429. */
const DECREASE_COOLDOWN_MS = 1000

export class AdaptiveLimiter {
  private inFlight = 0
  private allowed: number
  private rate: number | null
  private nextStart = 0
  private pausedUntil = 0
  private successes = 0
  private lastDecrease = Number.NEGATIVE_INFINITY
  private readonly waiting: Array<() => void> = []
  private readonly now: () => number
  private readonly sleep: (ms: number) => Promise<void>

  public constructor(private readonly options: LimiterOptions) {
    this.allowed = Math.max(1, options.concurrency)
    this.rate = options.requestsPerSecond
    this.now = options.now ?? Date.now
    this.sleep = options.sleep ?? (ms => new Promise(resolve => setTimeout(resolve, ms)))
  }

  /** Current limits, for progress output and tests. */
  public get limits(): { readonly concurrency: number; readonly requestsPerSecond: number | null } {
    return { concurrency: this.allowed, requestsPerSecond: this.rate }
  }

  /** Waits for a slot (and a rate token); returns the function that frees the slot. */
  public async acquire(): Promise<() => void> {
    while (this.inFlight >= this.allowed) {
      await new Promise<void>(resolve => this.waiting.push(resolve))
    }
    this.inFlight++
    let wait = Math.max(0, this.pausedUntil - this.now())
    if (this.rate !== null) {
      const start = Math.max(this.now() + wait, this.nextStart)
      this.nextStart = start + 1000 / this.rate
      wait = start - this.now()
    }
    if (wait > 0) {
      await this.sleep(wait)
    }
    let released = false
    return () => {
      if (released) return
      released = true
      this.inFlight--
      this.waiting.shift()?.()
    }
  }

  /** The server throttled us: back off now, and everyone waits `retryAfterMs` if given. */
  public onThrottled(retryAfterMs: number | null): void {
    this.successes = 0
    const now = this.now()
    if (now - this.lastDecrease >= DECREASE_COOLDOWN_MS) {
      this.lastDecrease = now
      this.allowed = Math.max(1, Math.floor(this.allowed / 2))
      if (this.rate !== null) {
        this.rate = Math.max(0.5, this.rate / 2)
      }
    }
    if (retryAfterMs !== null) {
      this.pausedUntil = Math.max(this.pausedUntil, this.now() + retryAfterMs)
    }
  }

  public onSuccess(): void {
    this.successes++
    if (this.successes < SUCCESSES_PER_STEP) return
    this.successes = 0
    if (this.allowed < this.options.concurrency) {
      this.allowed++
      this.waiting.shift()?.()
    }
    const configured = this.options.requestsPerSecond
    if (this.rate !== null && configured !== null && this.rate < configured) {
      this.rate = Math.min(configured, this.rate * 1.25)
    }
  }
}
