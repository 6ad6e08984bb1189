import { ProvisionerError } from '../../model/errors'
import type { RunPhase, RunProgress } from '../../model/run'
import type { WritableDB } from '../../store/database'
import { recordRunProgress, runCancelRequested } from '../../store/runs-store'
import { ProgressMeter } from './progress-meter'

/** The run was cancelled (the admin pressed Cancel, Ctrl+C, or another process asked). */
export class RunCancelledError extends ProvisionerError {
  public readonly kind = 'cancelled' as const

  public constructor() {
    super('The run was cancelled')
    this.name = 'RunCancelledError'
  }
}

export interface RunProgressOptions {
  readonly db: WritableDB
  readonly runId: string
  /** Epoch ms (injectable for tests). */
  readonly clock?: () => number
  /** Told every progress reported (the app's event hub, the CLI's bar). */
  readonly onProgress?: (progress: RunProgress) => void
  /** The caller's cancel (the app's Cancel, the CLI's Ctrl+C). */
  readonly signal?: AbortSignal
  /** How often pending progress is written and a cancel request looked for (default 250 ms). */
  readonly tickMs?: number
}

/**
 * A running run's progress and cancel: what the meter says is due goes to the runs table (for
 * other processes: the app watching a CLI run) and to the caller; a timer writes what a stalled
 * run has not reported yet and looks for a cancel request another process left in the runs
 * table. `signal` aborts when the caller cancels or such a request is seen.
 */
export class RunProgressReporter {
  private readonly meter: ProgressMeter
  private readonly controller = new AbortController()
  private readonly timer: NodeJS.Timeout
  private readonly detach: () => void

  public constructor(private readonly options: RunProgressOptions) {
    this.meter = new ProgressMeter(options.clock ?? Date.now)
    const outer = options.signal
    const abort = () => this.cancel()
    outer?.addEventListener('abort', abort, { once: true })
    this.detach = () => outer?.removeEventListener('abort', abort)
    if (outer?.aborted === true) this.cancel()
    this.timer = setInterval(() => this.tick(), options.tickMs ?? 250)
    this.timer.unref()
  }

  /** Aborts when the run is cancelled. */
  public get signal(): AbortSignal {
    return this.controller.signal
  }

  public get cancelled(): boolean {
    return this.controller.signal.aborted
  }

  /** Throws `RunCancelledError` once the run is cancelled (between reads, before a plan). */
  public throwIfCancelled(): void {
    if (this.cancelled) throw new RunCancelledError()
  }

  public get current(): RunProgress {
    return this.meter.current
  }

  public phase(phase: RunPhase, total: number | null = null): void {
    // The phase that ends shows its last count first: a screen's bar reaches its end.
    this.emit(this.meter.flush())
    this.emit(this.meter.phase(phase, total))
  }

  public advance(done: number, total?: number | null, failures?: number): void {
    this.emit(this.meter.advance(done, total, failures))
  }

  public fail(count = 1): void {
    this.emit(this.meter.fail(count))
  }

  /** The run ended: its last progress is reported and the timer stops. */
  public end(): void {
    clearInterval(this.timer)
    this.detach()
    this.emit(this.meter.end())
  }

  /** Stops the timer without a last report (a run that failed). */
  public stop(): void {
    clearInterval(this.timer)
    this.detach()
  }

  private cancel(): void {
    if (!this.controller.signal.aborted) this.controller.abort(new RunCancelledError())
  }

  private tick(): void {
    try {
      this.emit(this.meter.pending())
      if (runCancelRequested(this.options.db, this.options.runId)) this.cancel()
    } catch {
      // Progress is for display; a run whose database closed meanwhile has nothing to show.
    }
  }

  private emit(progress: RunProgress | null): void {
    if (progress === null) return
    recordRunProgress(this.options.db, this.options.runId, progress)
    this.options.onProgress?.(progress)
  }
}
