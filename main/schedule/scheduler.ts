import { type LastRun, newerRun, nextRunAt } from './next-run'

/**
 * The app's scheduler: runs each job that has a schedule at its interval while the app runs.
 *
 * Pure: no Electron, no store, no engine. It is given what it needs each time it looks (the
 * jobs' schedules and last runs, read afresh so job-file edits and CLI runs count), a runner, and
 * a clock, so tests drive it with fake time.
 *
 * Rules: a job never runs twice at once and a due job is never queued twice; a run that outlasts
 * its next slot skips that slot; after a pause (sleep, the app closed) a job catches up with one
 * run; scheduled runs take turns (`maxConcurrent`, default one at a time).
 */

export interface Clock {
  now(): number
  setTimer(callback: () => void, ms: number): unknown
  clearTimer(handle: unknown): void
}

export const SYSTEM_CLOCK: Clock = {
  now: () => Date.now(),
  setTimer: (callback, ms) => setTimeout(callback, ms),
  clearTimer: handle => clearTimeout(handle as ReturnType<typeof setTimeout>),
}

/** One job as the scheduler reads it on each look. */
export interface ScheduleEntry {
  readonly jobId: string
  /** Null: the job has no schedule and runs only when someone starts it. */
  readonly intervalMinutes: number | null
  /** The job's newest apply run by anyone; `finishedAt` null while it is alive. */
  readonly lastRun: LastRun | null
  /** Epoch ms before which scheduled runs wait (a quarantined job's backoff). */
  readonly notBefore: number | null
}

export type RunEnd<R> = { readonly result: R } | { readonly error: unknown }

export interface SchedulerOptions<R> {
  readonly entries: () => ReadonlyArray<ScheduleEntry>
  /** Runs the job unattended; resolves when the run has ended. */
  readonly run: (jobId: string) => Promise<R>
  readonly clock?: Clock
  /** Longest wait between looks: job-file edits, CLI runs and clock jumps are seen within it. */
  readonly pollMs?: number
  readonly maxConcurrent?: number
  readonly onRunStart?: (jobId: string) => void
  readonly onRunEnd?: (jobId: string, end: RunEnd<R>) => void
  /** Reading the entries failed; the scheduler looks again at the next poll. */
  readonly onError?: (error: unknown) => void
}

/** What the scheduler intends for a job, as screens and the tray show it. */
export interface JobSchedule {
  readonly jobId: string
  readonly intervalMinutes: number | null
  /** Epoch ms; null when not scheduled or while it runs. May be in the past: due, waiting its turn. */
  readonly nextRunAt: number | null
  /** A run of the job is in progress (started by this scheduler or anyone else). */
  readonly running: boolean
}

export const DEFAULT_POLL_MS = 60_000

/**
 * A job's schedule from what was read of it, and (in the app) the scheduler's own newest attempt
 * and whether it is running the job now.
 */
export function scheduleOf(
  entry: ScheduleEntry,
  now: number,
  attempt: LastRun | null = null,
  inFlight = false
): JobSchedule {
  const running = inFlight || (entry.lastRun !== null && entry.lastRun.finishedAt === null)
  const last = newerRun(entry.lastRun, attempt)
  return {
    jobId: entry.jobId,
    intervalMinutes: entry.intervalMinutes,
    nextRunAt:
      entry.intervalMinutes === null || running
        ? null
        : nextRunAt(entry.intervalMinutes, last, entry.notBefore, now),
    running,
  }
}

export class Scheduler<R> {
  private readonly clock: Clock
  private readonly pollMs: number
  private readonly maxConcurrent: number
  /** Our own attempts: a run that could not start (or was skipped) leaves no run record. */
  private readonly attempts = new Map<string, LastRun>()
  private readonly inFlight = new Map<string, Promise<void>>()
  private timer: unknown = null
  private stopped = true
  private lastEntries: ReadonlyArray<ScheduleEntry> = []

  public constructor(private readonly options: SchedulerOptions<R>) {
    this.clock = options.clock ?? SYSTEM_CLOCK
    this.pollMs = options.pollMs ?? DEFAULT_POLL_MS
    this.maxConcurrent = options.maxConcurrent ?? 1
  }

  public start(): void {
    this.stopped = false
    this.check()
  }

  /**
   * Starts no more runs; resolves when the runs in flight have ended.
   */
  public stop(): Promise<void> {
    this.stopped = true
    this.clearTimer()
    return Promise.all(this.inFlight.values()).then(() => undefined)
  }

  /** True while a scheduled run is in flight. */
  public get busy(): boolean {
    return this.inFlight.size > 0
  }

  /**
   * Looks now: starts what is due and sets the timer for the next look. Call it when the
   * computer wakes up and when a job changes, rather than waiting for the poll.
   */
  public check(): void {
    if (this.stopped) return
    this.clearTimer()
    try {
      this.lastEntries = this.options.entries()
    } catch (error) {
      this.options.onError?.(error)
      this.arm(this.pollMs)
      return
    }
    const now = this.clock.now()
    const due = this.schedules(now)
      .filter(schedule => schedule.nextRunAt !== null && schedule.nextRunAt <= now)
      .sort((a, b) => (a.nextRunAt ?? 0) - (b.nextRunAt ?? 0))
    for (const schedule of due) {
      if (this.inFlight.size >= this.maxConcurrent) break
      this.launch(schedule.jobId)
    }
    this.arm(this.untilNextLook(now))
  }

  /** Every job's schedule as of the last look. */
  public schedules(now: number = this.clock.now()): ReadonlyArray<JobSchedule> {
    return this.lastEntries.map(entry =>
      scheduleOf(entry, now, this.attempts.get(entry.jobId) ?? null, this.inFlight.has(entry.jobId))
    )
  }

  private launch(jobId: string): void {
    const attempt = { startedAt: this.clock.now(), finishedAt: null as number | null }
    this.attempts.set(jobId, attempt)
    this.options.onRunStart?.(jobId)
    const settle = (end: RunEnd<R>) => {
      this.attempts.set(jobId, { startedAt: attempt.startedAt, finishedAt: this.clock.now() })
      this.inFlight.delete(jobId)
      this.options.onRunEnd?.(jobId, end)
      this.check()
    }
    const running = Promise.resolve()
      .then(() => this.options.run(jobId))
      .then(
        result => settle({ result }),
        (error: unknown) => settle({ error })
      )
    this.inFlight.set(jobId, running)
  }

  /** Until the earliest future slot, but never longer than the poll. */
  private untilNextLook(now: number): number {
    const future = this.schedules(now)
      .map(schedule => schedule.nextRunAt)
      .filter((at): at is number => at !== null && at > now)
    return Math.min(this.pollMs, Math.max(1_000, Math.min(...future) - now))
  }

  private arm(ms: number): void {
    if (this.stopped) return
    this.timer = this.clock.setTimer(() => {
      this.timer = null
      this.check()
    }, ms)
  }

  private clearTimer(): void {
    if (this.timer !== null) this.clock.clearTimer(this.timer)
    this.timer = null
  }
}
