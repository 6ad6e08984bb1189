import type { RunPhase, RunProgress } from '../../model/run'

export interface ProgressMeterOptions {
  /** Least time between two reports of the same phase (default 250 ms: four a second). */
  readonly intervalMs?: number
  /** How far back the rate looks (default 5 s: recent enough to follow a throttled target). */
  readonly windowMs?: number
}

interface Sample {
  readonly at: number
  readonly done: number
}

/** A rate needs this much time behind it; before, it would swing wildly. */
const MIN_RATE_SPAN_MS = 1_000

/**
 * A run's progress, and when to report it: a run counts every object it reads or writes, a
 * screen or the store needs a few updates a second. Pure (the clock is passed in): each method
 * returns the progress to report now, or null when it is too soon since the last report.
 * A phase change and the end are always reported.
 */
export class ProgressMeter {
  private readonly intervalMs: number
  private readonly windowMs: number
  private state: RunProgress
  private samples: Sample[] = []
  private lastReport = -Infinity
  private unreported = false

  public constructor(
    private readonly clock: () => number,
    options: ProgressMeterOptions = {}
  ) {
    this.intervalMs = options.intervalMs ?? 250
    this.windowMs = options.windowMs ?? 5_000
    this.state = emptyProgress('reading-source', null, 0)
  }

  public get current(): RunProgress {
    return this.state
  }

  /** A new phase starts (counted from 0): always reported. */
  public phase(phase: RunPhase, total: number | null = null): RunProgress {
    this.state = emptyProgress(phase, total, this.state.failures)
    this.samples = [{ at: this.clock(), done: 0 }]
    return this.report()
  }

  /**
   * `done` objects of the phase are done (and `total`, when the phase learns it as it goes;
   * `failures`, the run's failed operations so far).
   */
  public advance(
    done: number,
    total: number | null = this.state.total,
    failures: number = this.state.failures
  ): RunProgress | null {
    this.state = { ...this.state, done, total, failures }
    this.unreported = true
    return this.due()
  }

  /** `count` more operations failed. */
  public fail(count = 1): RunProgress | null {
    this.state = { ...this.state, failures: this.state.failures + count }
    this.unreported = true
    return this.due()
  }

  /** What changed since the last report, once the interval has passed (a timer asks, so a stalled run still shows where it is). */
  public pending(): RunProgress | null {
    return this.unreported ? this.due() : null
  }

  /** What the phase has not reported yet, now (a phase that ends shows its last count). */
  public flush(): RunProgress | null {
    return this.unreported ? this.report() : null
  }

  /** The run ended: the last progress, always reported. */
  public end(): RunProgress {
    return this.report()
  }

  private due(): RunProgress | null {
    return this.clock() - this.lastReport >= this.intervalMs ? this.report() : null
  }

  private report(): RunProgress {
    const now = this.clock()
    this.samples.push({ at: now, done: this.state.done })
    // The first sample is the newest one at least a window old: the rate spans the whole window.
    while (this.samples.length > 2 && now - (this.samples[1]?.at ?? now) >= this.windowMs) {
      this.samples.shift()
    }
    this.state = { ...this.state, ...rateAndEta(this.samples, this.state) }
    this.lastReport = now
    this.unreported = false
    return this.state
  }
}

function emptyProgress(phase: RunPhase, total: number | null, failures: number): RunProgress {
  return { phase, done: 0, total, ratePerSecond: null, etaSeconds: null, failures }
}

/** Objects a second over the samples kept, and the seconds left at that rate. */
function rateAndEta(
  samples: ReadonlyArray<Sample>,
  { done, total }: RunProgress
): Pick<RunProgress, 'ratePerSecond' | 'etaSeconds'> {
  const first = samples[0]
  const last = samples[samples.length - 1]
  if (first === undefined || last === undefined || last.at - first.at < MIN_RATE_SPAN_MS) {
    return { ratePerSecond: null, etaSeconds: null }
  }
  const rate = ((last.done - first.done) * 1000) / (last.at - first.at)
  const ratePerSecond = Math.round(rate * 10) / 10
  if (total === null) return { ratePerSecond, etaSeconds: null }
  if (done >= total) return { ratePerSecond, etaSeconds: 0 }
  return { ratePerSecond, etaSeconds: rate > 0 ? Math.ceil((total - done) / rate) : null }
}
