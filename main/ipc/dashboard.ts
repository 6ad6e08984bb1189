import { z } from 'zod'
import { stillRunning } from '../engine/run/run-lock'
import type { Run } from '../model/run'
import type { ReadableDB } from '../store/database'
import { getJobState, type JobState } from '../store/job-state-store'
import { describePause, getJobPause } from '../store/job-pause-store'
import { type JobRecord, listJobs } from '../store/jobs-store'
import {
  appliedRuns,
  lastCountedRun,
  lastFinishedRun,
  linkedCounts,
  waitingApprovals,
} from '../store/run-history-store'
import { listRunningRuns, type RunningRun } from '../store/runs-store'
import type { Dashboard, DashboardJob, JobHealth, RunPoint } from './api/contract'

/** Applied runs the chart shows per job. */
export const CHART_RUNS = 30

/**
 * The job file's schedule, read leniently (jobs written before schedules existed have none):
 * `"schedule": { "intervalMinutes": 40 }`, optionally `"enabled": false`.
 */
const storedSchedule = z.object({
  schedule: z.object({ intervalMinutes: z.number().positive(), enabled: z.boolean().optional() }).optional(),
})

/** Every job as the overview shows it, in the jobs' name order. */
export function buildDashboard(db: ReadableDB, stateFolder: string, now: number = Date.now()): Dashboard {
  return { stateFolder, jobs: listJobs(db).map(job => dashboardJob(db, job, now)) }
}

function dashboardJob(db: ReadableDB, job: JobRecord, now: number): DashboardJob {
  const running = listRunningRuns(db, job.id)
  const alive = running.find(isAlive)?.run ?? null
  const interrupted = running.find(entry => !isAlive(entry))?.run ?? null
  const lastRun = lastFinishedRun(db, job.id)
  const state = getJobState(db, job.id)
  const paused = getJobPause(db, job.id)
  const { health, reason } =
    alive === null && paused !== null
      ? { health: 'paused' as const, reason: `${describePause(paused)}: scheduled runs skip it` }
      : healthOf(alive, interrupted, lastRun, state, waitingApprovals(db, job.id))
  return {
    id: job.id,
    name: job.name,
    health,
    healthReason: reason,
    running: alive,
    lastRun,
    nextRunAt: paused === null ? nextRunAt(db, job, state, now) : null,
    linked: linkedCounts(db, job.id),
    unmanaged: lastCountedRun(db, job.id)?.counts?.unmanaged ?? null,
    history: appliedRuns(db, job.id, CHART_RUNS).map(toPoint).reverse(),
  }
}

/** A run of this process, of another machine, or of a live process here; not one whose process ended. */
function isAlive(running: RunningRun): boolean {
  return running.pid === process.pid || stillRunning(running)
}

/** How the job stands, most urgent first (see `JobHealth`), and why in words. */
export function healthOf(
  running: Run | null,
  interrupted: Run | null,
  lastRun: Run | null,
  state: JobState,
  waiting: number
): { readonly health: JobHealth; readonly reason: string | null } {
  if (running !== null) return { health: 'running', reason: null }
  if (state.quarantinedAt !== null) {
    return { health: 'quarantined', reason: state.quarantineReason ?? 'Quarantined' }
  }
  if (waiting > 0) {
    return {
      health: 'blocked',
      reason: `${waiting} disable${waiting === 1 ? '' : 's'} or delete${waiting === 1 ? '' : 's'} wait for approval (deletion threshold)`,
    }
  }
  if (interrupted !== null) {
    return { health: 'failed', reason: `Run ${interrupted.id} was interrupted: its process ended` }
  }
  if (lastRun === null) return { health: 'not-run', reason: null }
  if (lastRun.status === 'failed') {
    return { health: 'failed', reason: lastRun.error ?? `The last ${lastRun.mode} failed` }
  }
  if (lastRun.status === 'completed-with-errors') {
    const failed = lastRun.failed
    return {
      health: 'failed',
      reason: `${failed} operation${failed === 1 ? '' : 's'} failed in the last run`,
    }
  }
  return { health: 'healthy', reason: null }
}

/**
 * When a scheduled job runs next: its interval after the last applied run (due now if it never
 * ran), or later while a quarantine's backoff lasts. Null without a schedule.
 */
function nextRunAt(db: ReadableDB, job: JobRecord, state: JobState, now: number): string | null {
  const parsed = storedSchedule.safeParse(job.config)
  const schedule = parsed.success ? parsed.data.schedule : undefined
  if (schedule === undefined || schedule.enabled === false) return null
  const last = appliedRuns(db, job.id, 1)[0]
  const due = last === undefined ? now : Date.parse(last.startedAt) + schedule.intervalMinutes * 60_000
  const backoff = state.nextScheduledRunAt === null ? 0 : Date.parse(state.nextScheduledRunAt)
  return new Date(Math.max(due, backoff)).toISOString()
}

function toPoint(run: Run): RunPoint {
  const users = run.summary?.users
  return {
    runId: run.id,
    startedAt: run.startedAt,
    created: users?.create ?? 0,
    updated: users?.update ?? 0,
    disabled: users?.disable ?? 0,
    failed: run.failed,
  }
}
