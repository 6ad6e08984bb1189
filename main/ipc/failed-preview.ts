import { inTransaction, type WritableDB } from '../store/database'
import type { JobRecord } from '../store/jobs-store'
import { prepared } from '../store/statement-cache'
import { createRun, failRun, getRun } from '../store/runs-store'
import { newRunId } from '../engine/run/run-id'
import type { RunFinished } from './api/contract'
import { ApiError } from './api/dispatch'
import { toApiError } from './engine-errors'

/**
 * Every failed preview is in the run history the same way, whatever stopped it: the engine
 * records the ones that fail once the run has started (target unreachable); this records the
 * ones that fail before (a broken job file, a missing source file or secret) as a failed dry
 * run with the message the admin saw. A refusal because another run is in progress is not a
 * preview that ran, and is not recorded.
 *
 * Returns the failed run to announce, or null.
 */
export function recordFailedPreview(
  db: WritableDB,
  job: JobRecord,
  startedAt: number,
  error: unknown
): RunFinished | null {
  const shown = toApiError(error)
  if (shown instanceof ApiError && shown.code === 'busy') return null
  const runId = inTransaction(db, () => {
    const recorded = prepared(
      db,
      `SELECT id FROM runs WHERE jobId = ? AND mode = 'dry-run' AND startedAt >= ? AND pid = ?
        ORDER BY startedAt DESC LIMIT 1`
    )
      .pluck()
      .get(job.id, startedAt, process.pid) as string | undefined
    if (recorded !== undefined) return recorded
    const id = newRunId(new Date(startedAt))
    createRun(db, { id, jobId: job.id, mode: 'dry-run' }, startedAt)
    failRun(db, id, new Error(messageOf(shown)))
    return id
  })
  const run = getRun(db, runId)
  if (run === null || run.status === 'running') return null
  return { runId, jobId: job.id, mode: 'dry-run', status: run.status, summary: run.summary }
}

/** What the admin was shown: the message and its first issue (a file:line:column), or a generic text. */
function messageOf(shown: unknown): string {
  if (shown instanceof ApiError) {
    const first = shown.issues?.[0]
    return first === undefined ? shown.message : `${shown.message}: ${first}`
  }
  return shown instanceof Error ? shown.message : 'The preview failed'
}
