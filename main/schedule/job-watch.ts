import type { RunStatus } from '../model/run'
import type { JobSchedule } from './scheduler'

/**
 * What the app tells the admin while it sits in the tray: OS notifications for a failed run,
 * deletions waiting for approval and quarantine, and the tray's summary of the last results.
 *
 * Pure: it is given each job's condition (read from the state database, so runs of the CLI count
 * too) and remembers what it already said. Each occurrence is told once, never at every look:
 * a quarantine once per time the job enters it; a set of staged deletions once (the same set
 * staged again by the next blocked run is the same occurrence, as the engine's webhook treats it);
 * failures once per streak — the first failed run after one that did not fail.
 */

/** A job as the watch sees it. */
export interface JobCondition {
  readonly jobId: string
  readonly jobName: string
  /** The newest finished apply run. */
  readonly lastRun: {
    readonly runId: string
    readonly status: Exclude<RunStatus, 'running'>
    /** Epoch ms. */
    readonly finishedAt: number
    readonly failed: number
    readonly error: string | null
  } | null
  readonly quarantine: { readonly since: string; readonly reason: string } | null
  /** Disables and deletes the deletion threshold staged; `key` names the set (same set, same key). */
  readonly approval: { readonly runId: string; readonly count: number; readonly key: string } | null
}

export type NoticeKind = 'failed' | 'approval' | 'quarantined'

export interface Notice {
  readonly kind: NoticeKind
  readonly jobId: string
  readonly title: string
  readonly body: string
}

export type TrayLevel = 'idle' | 'ok' | 'attention' | 'error'

export interface TrayStatus {
  readonly level: TrayLevel
  /** One short line (Windows shows at most 127 characters). */
  readonly tooltip: string
  /** One line per job for the tray menu. */
  readonly jobs: ReadonlyArray<{ readonly jobId: string; readonly label: string }>
}

/** Longest notification body: the full story is in the app. */
const MAX_BODY = 240

export class JobWatch {
  private readonly failing = new Set<string>()
  private readonly told = new Set<string>()
  /** The newest scheduled attempt that failed without leaving a run (job file, source, secret). */
  private readonly attemptFailures = new Map<string, { readonly at: number; readonly message: string }>()
  private primed = false

  public constructor(private readonly formatTime: (ms: number) => string = localTime) {}

  /** A scheduled attempt ended: its failure message, or null when it ran or was skipped. */
  public recordAttempt(jobId: string, at: number, failure: string | null): void {
    if (failure === null) this.attemptFailures.delete(jobId)
    else this.attemptFailures.set(jobId, { at, message: failure })
  }

  /**
   * Compares the jobs' conditions with what was seen before and returns what to tell. The first
   * look after start tells standing quarantines and approvals (they need the admin), but not
   * failures that happened before the app started (the dashboard shows those).
   */
  public update(conditions: ReadonlyArray<JobCondition>): ReadonlyArray<Notice> {
    const notices = conditions.flatMap(condition => this.noticesFor(condition))
    this.primed = true
    return notices
  }

  public trayStatus(
    conditions: ReadonlyArray<JobCondition>,
    schedules: ReadonlyArray<JobSchedule>
  ): TrayStatus {
    const byJob = new Map(schedules.map(schedule => [schedule.jobId, schedule]))
    const jobs = conditions.map(condition => ({
      jobId: condition.jobId,
      label: `${condition.jobName}: ${this.resultText(condition)}${this.scheduleText(byJob.get(condition.jobId))}`,
    }))
    const level = conditions.reduce<TrayLevel>(
      (worst, condition) => worse(worst, this.levelOf(condition)),
      'idle'
    )
    // The newest result: a finished run, or a scheduled attempt that could not start.
    const resultAt = (condition: JobCondition) =>
      Math.max(condition.lastRun?.finishedAt ?? -1, this.attemptFailures.get(condition.jobId)?.at ?? -1)
    const newest = [...conditions]
      .filter(condition => resultAt(condition) >= 0)
      .sort((a, b) => resultAt(b) - resultAt(a))[0]
    const headline = newest === undefined ? 'no run yet' : `${newest.jobName}: ${this.resultText(newest)}`
    const needing = conditions.filter(
      condition => condition !== newest && ['attention', 'error'].includes(this.levelOf(condition))
    ).length
    const more =
      needing === 0
        ? ''
        : ` (${needing}${newest === undefined ? '' : ' more'} need${needing === 1 ? 's' : ''} attention)`
    return { level, tooltip: truncate(`Provisioner — ${headline}${more}`, 127), jobs }
  }

  private noticesFor(condition: JobCondition): Notice[] {
    const notices: Notice[] = []
    const { jobId, jobName } = condition
    if (condition.quarantine !== null) {
      if (this.tell(`quarantine\0${jobId}\0${condition.quarantine.since}`)) {
        notices.push({
          kind: 'quarantined',
          jobId,
          title: `${jobName} is quarantined`,
          body: truncate(
            `${condition.quarantine.reason}. Scheduled runs back off; fix the cause, then restart the job.`,
            MAX_BODY
          ),
        })
      }
    }
    if (condition.approval !== null && this.tell(`approval\0${jobId}\0${condition.approval.key}`)) {
      const count = condition.approval.count
      notices.push({
        kind: 'approval',
        jobId,
        title: `${jobName}: ${count} deprovisioning${count === 1 ? '' : 's'} wait for approval`,
        body: `The deletion threshold stopped run ${condition.approval.runId}. Open Provisioner to approve or reject.`,
      })
    }
    const failure = this.failureOf(condition)
    if (failure === null) {
      this.failing.delete(jobId)
    } else if (!this.failing.has(jobId)) {
      this.failing.add(jobId)
      // A quarantine says more than "failed", and is told on its own.
      if (this.primed && condition.quarantine === null) {
        notices.push({
          kind: 'failed',
          jobId,
          title: `${jobName}: run failed`,
          body: truncate(failure, MAX_BODY),
        })
      }
    }
    return notices
  }

  /** Why the job's newest result is a failure, or null when it is not. */
  private failureOf(condition: JobCondition): string | null {
    const run = condition.lastRun
    const attempt = this.attemptFailures.get(condition.jobId)
    if (attempt !== undefined && (run === null || attempt.at >= run.finishedAt)) return attempt.message
    if (run === null) return null
    if (run.status === 'failed') return run.error ?? `Run ${run.runId} failed`
    if (run.status === 'completed-with-errors') {
      return `${run.failed} operation${run.failed === 1 ? '' : 's'} failed in run ${run.runId}`
    }
    return null
  }

  private tell(key: string): boolean {
    if (this.told.has(key)) return false
    this.told.add(key)
    return true
  }

  private levelOf(condition: JobCondition): TrayLevel {
    if (condition.quarantine !== null || this.failureOf(condition) !== null) return 'error'
    if (condition.approval !== null) return 'attention'
    return condition.lastRun === null ? 'idle' : 'ok'
  }

  private resultText(condition: JobCondition): string {
    const run = condition.lastRun
    const attempt = this.attemptFailures.get(condition.jobId)
    if (condition.quarantine !== null) return 'quarantined'
    if (attempt !== undefined && (run === null || attempt.at >= run.finishedAt)) {
      return `could not run at ${this.formatTime(attempt.at)}`
    }
    if (run === null) return 'never applied'
    const at = this.formatTime(run.finishedAt)
    switch (run.status) {
      case 'completed':
        return `completed at ${at}`
      case 'completed-with-errors':
        return `${run.failed} failed at ${at}`
      case 'blocked':
        return `waiting for approval since ${at}`
      default:
        return `${run.status} at ${at}`
    }
  }

  private scheduleText(schedule: JobSchedule | undefined): string {
    if (schedule === undefined || schedule.intervalMinutes === null) return ' · not scheduled'
    if (schedule.running) return ' · running'
    return schedule.nextRunAt === null ? '' : ` · next ${this.formatTime(schedule.nextRunAt)}`
  }
}

const ORDER: ReadonlyArray<TrayLevel> = ['idle', 'ok', 'attention', 'error']

function worse(a: TrayLevel, b: TrayLevel): TrayLevel {
  return ORDER.indexOf(b) > ORDER.indexOf(a) ? b : a
}

function truncate(text: string, max: number): string {
  const line = text.replace(/\s+/g, ' ').trim()
  return line.length <= max ? line : `${line.slice(0, max - 1)}…`
}

function localTime(ms: number): string {
  return new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })
}
