import type { JobState, QuarantineCode } from '../model/job-state'
import { storedText } from '../secrets/redact-text'
import type { ReadableDB, WritableDB } from './database'
import { prepared, toIsoOrNull } from './statement-cache'

// The app's job view (main/ipc) names the type from here.
export type { JobState } from '../model/job-state'

interface JobStateRow {
  readonly jobId: string
  readonly quarantinedAt: number | null
  readonly quarantineCode: QuarantineCode | null
  readonly quarantineReason: string | null
  readonly quarantineRuns: number
  readonly nextScheduledRunAt: number | null
  readonly lastSuccessAt: number | null
}

export function getJobState(db: ReadableDB, jobId: string): JobState {
  const row = prepared(db, 'SELECT * FROM jobState WHERE jobId = ?').get(jobId) as JobStateRow | undefined
  return {
    jobId,
    quarantinedAt: toIsoOrNull(row?.quarantinedAt ?? null),
    quarantineCode: row?.quarantineCode ?? null,
    quarantineReason: row?.quarantineReason ?? null,
    quarantineRuns: row?.quarantineRuns ?? 0,
    nextScheduledRunAt: toIsoOrNull(row?.nextScheduledRunAt ?? null),
    lastSuccessAt: toIsoOrNull(row?.lastSuccessAt ?? null),
  }
}

/** Backoff of scheduled runs in quarantine: 30 min, doubling, at most once a day. */
export function quarantineBackoff(runs: number): number {
  return Math.min(24 * 3_600_000, 30 * 60_000 * 2 ** Math.max(0, runs - 1))
}

/** Puts the job in (or keeps it in) quarantine; returns the new state. */
export function enterQuarantine(
  db: WritableDB,
  jobId: string,
  code: QuarantineCode,
  reason: string,
  now: number = Date.now()
): JobState {
  const previous = getJobState(db, jobId)
  const runs = previous.quarantineRuns + 1
  prepared(
    db,
    `INSERT INTO jobState (jobId, quarantinedAt, quarantineCode, quarantineReason, quarantineRuns, nextScheduledRunAt)
     VALUES (@jobId, @now, @code, @reason, @runs, @next)
     ON CONFLICT (jobId) DO UPDATE SET
       quarantinedAt = coalesce(jobState.quarantinedAt, excluded.quarantinedAt),
       quarantineCode = excluded.quarantineCode, quarantineReason = excluded.quarantineReason,
       quarantineRuns = excluded.quarantineRuns, nextScheduledRunAt = excluded.nextScheduledRunAt`
  ).run({ jobId, now, code, reason: storedText(reason), runs, next: now + quarantineBackoff(runs) })
  return getJobState(db, jobId)
}

/** A run that worked takes the job out of quarantine. */
export function recordHealthyRun(db: WritableDB, jobId: string, now: number = Date.now()): void {
  prepared(
    db,
    `INSERT INTO jobState (jobId, quarantineRuns, lastSuccessAt) VALUES (@jobId, 0, @now)
     ON CONFLICT (jobId) DO UPDATE SET quarantinedAt = NULL, quarantineCode = NULL, quarantineReason = NULL,
       quarantineRuns = 0, nextScheduledRunAt = NULL, lastSuccessAt = excluded.lastSuccessAt`
  ).run({ jobId, now })
}

/** `--restart`: forget quarantine (the admin fixed the cause). */
export function clearQuarantine(db: WritableDB, jobId: string): void {
  prepared(
    db,
    `UPDATE jobState SET quarantinedAt = NULL, quarantineCode = NULL, quarantineReason = NULL,
       quarantineRuns = 0, nextScheduledRunAt = NULL WHERE jobId = ?`
  ).run(jobId)
}
