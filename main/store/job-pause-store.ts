import { ProvisionerError } from '../model/errors'
import type { JobPause } from '../model/job-state'
import { storedText } from '../secrets/redact-text'
import type { ReadableDB, WritableDB } from './database'
import { prepared, toIso } from './statement-cache'

export type { JobPause } from '../model/job-state'

interface PauseRow {
  readonly pausedBy: string
  readonly pausedAt: number
  readonly note: string | null
}

export function getJobPause(db: ReadableDB, jobId: string): JobPause | null {
  const row = prepared(db, 'SELECT pausedBy, pausedAt, note FROM jobPauses WHERE jobId = ?').get(jobId) as
    PauseRow | undefined
  return row === undefined ? null : { by: row.pausedBy, at: toIso(row.pausedAt), note: row.note }
}

/** Pauses the job; pausing a paused job keeps the first pause (who stopped it first matters). */
export function pauseJob(
  db: WritableDB,
  jobId: string,
  pause: { readonly by: string; readonly note: string | null },
  now: number = Date.now()
): JobPause {
  prepared(
    db,
    `INSERT INTO jobPauses (jobId, pausedBy, pausedAt, note) VALUES (?, ?, ?, ?)
     ON CONFLICT (jobId) DO NOTHING`
  ).run(jobId, pause.by, now, pause.note === null ? null : storedText(pause.note))
  return getJobPause(db, jobId) as JobPause
}

/** Resumes the job; returns the pause it lifted, or null if it was not paused. */
export function resumeJob(db: WritableDB, jobId: string): JobPause | null {
  const pause = getJobPause(db, jobId)
  prepared(db, 'DELETE FROM jobPauses WHERE jobId = ?').run(jobId)
  return pause
}

/** A manual apply of a paused job: refused until an admin resumes it. */
export class JobPausedError extends ProvisionerError {
  public readonly kind = 'job-paused' as const

  public constructor(jobId: string, pause: JobPause) {
    super(
      `The job "${jobId}" is paused (by ${pause.by} at ${pause.at}${pause.note === null ? '' : `: ${pause.note}`}). ` +
        `Resume it first: provisioner resume --job FILE`
    )
    this.name = 'JobPausedError'
  }
}

/** Words for a pause, for status lines and skip reasons. */
export function describePause(pause: JobPause): string {
  return `Paused by ${pause.by} since ${pause.at}${pause.note === null ? '' : ` (${pause.note})`}`
}
