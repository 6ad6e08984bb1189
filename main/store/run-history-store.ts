import type { Run } from '../model/run'
import type { ReadableDB } from './database'
import { getRun } from './runs-store'
import { prepared } from './statement-cache'

/** Reads for the dashboard: a job's newest runs of a kind, its links and waiting approvals. */

/** The newest run of the job that has finished (any mode), or null. */
export function lastFinishedRun(db: ReadableDB, jobId: string): Run | null {
  const id = prepared(
    db,
    `SELECT id FROM runs WHERE jobId = ? AND status <> 'running' ORDER BY startedAt DESC LIMIT 1`
  )
    .pluck()
    .get(jobId) as string | undefined
  return id === undefined ? null : getRun(db, id)
}

/** The newest run of the job that counted what it read (and the unmanaged accounts), or null. */
export function lastCountedRun(db: ReadableDB, jobId: string): Run | null {
  const id = prepared(
    db,
    `SELECT id FROM runs WHERE jobId = ? AND unmanagedCount IS NOT NULL ORDER BY startedAt DESC LIMIT 1`
  )
    .pluck()
    .get(jobId) as string | undefined
  return id === undefined ? null : getRun(db, id)
}

/** The job's newest applied runs, newest first. */
export function appliedRuns(db: ReadableDB, jobId: string, limit: number): ReadonlyArray<Run> {
  const ids = prepared(
    db,
    `SELECT id FROM runs WHERE jobId = ? AND mode = 'apply' AND status <> 'running' ORDER BY startedAt DESC LIMIT ?`
  )
    .pluck()
    .all(jobId, limit) as string[]
  return ids.flatMap(id => getRun(db, id) ?? [])
}

/** Accounts and groups the job links (active or disabled; deleted ones are gone from the target). */
export function linkedCounts(db: ReadableDB, jobId: string): { users: number; groups: number } {
  const rows = prepared(
    db,
    `SELECT objectType, count(*) AS count FROM links WHERE jobId = ? AND state <> 'deleted' GROUP BY objectType`
  ).all(jobId) as Array<{ objectType: 'user' | 'group'; count: number }>
  const count = (type: 'user' | 'group') => rows.find(row => row.objectType === type)?.count ?? 0
  return { users: count('user'), groups: count('group') }
}

/** Disables and deletes the deletion threshold staged that still wait for approval. */
export function waitingApprovals(db: ReadableDB, jobId: string): number {
  return prepared(db, `SELECT count(*) FROM stagedOperations WHERE jobId = ? AND state = 'staged'`)
    .pluck()
    .get(jobId) as number
}
