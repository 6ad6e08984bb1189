import { statSync } from 'node:fs'
import { z } from 'zod'
import { loadJobFile } from '../config/load-job'
import { stillRunning } from '../engine/run/run-lock'
import type { ReadableDB } from '../store/database'
import { getJobState } from '../store/job-state-store'
import { getJobPause } from '../store/job-pause-store'
import { type JobRecord, listJobs } from '../store/jobs-store'
import { latestRunOf } from '../store/runs-store'
import type { LastRun } from './next-run'
import type { ScheduleEntry } from './scheduler'

/** The schedule as a stored config holds it (read leniently: older rows have none). */
const storedSchedule = z.object({
  schedule: z.object({ intervalMinutes: z.number().int().positive() }).optional(),
})

interface CachedInterval {
  readonly mtimeMs: number
  readonly intervalMinutes: number | null
}

/**
 * Reads what the scheduler needs of every job the app knows: the schedule from its job file (the
 * truth: an edit counts at the next look, without a run), its newest apply run by anyone, and a
 * quarantine backoff. A paused job has no schedule while it is paused.
 *
 * A job file is parsed again only when it changed. One that cannot be read keeps the schedule
 * its last run stored, so the scheduled run still happens and fails loudly (a notification, the
 * webhook) instead of the job silently never running again.
 */
export class ScheduleReader {
  private readonly files = new Map<string, CachedInterval>()

  public constructor(private readonly db: ReadableDB) {}

  public entries(): ReadonlyArray<ScheduleEntry> {
    return listJobs(this.db).map(job => {
      const nextScheduledRunAt = getJobState(this.db, job.id).nextScheduledRunAt
      return {
        jobId: job.id,
        // A paused job is not scheduled until an admin resumes it (runJob refuses it as well).
        intervalMinutes: getJobPause(this.db, job.id) === null ? this.intervalOf(job) : null,
        lastRun: this.lastApply(job.id),
        notBefore: nextScheduledRunAt === null ? null : Date.parse(nextScheduledRunAt),
      }
    })
  }

  private intervalOf(job: JobRecord): number | null {
    const stored = storedSchedule.safeParse(job.config)
    const fallback = stored.success ? (stored.data.schedule?.intervalMinutes ?? null) : null
    if (job.configPath === null) return fallback
    let mtimeMs: number
    try {
      mtimeMs = statSync(job.configPath).mtimeMs
    } catch {
      return fallback
    }
    const cached = this.files.get(job.configPath)
    if (cached?.mtimeMs === mtimeMs) return cached.intervalMinutes
    let intervalMinutes: number | null
    try {
      intervalMinutes = loadJobFile(job.configPath).config.schedule?.intervalMinutes ?? null
    } catch {
      return fallback
    }
    this.files.set(job.configPath, { mtimeMs, intervalMinutes })
    return intervalMinutes
  }

  /** A run left "running" by a process that ended was interrupted: it ended when it started. */
  private lastApply(jobId: string): LastRun | null {
    const latest = latestRunOf(this.db, jobId, 'apply')
    if (latest === null) return null
    const startedAt = Date.parse(latest.run.startedAt)
    if (latest.run.finishedAt !== null) return { startedAt, finishedAt: Date.parse(latest.run.finishedAt) }
    return { startedAt, finishedAt: stillRunning(latest) ? null : startedAt }
  }
}
