import { createHash } from 'node:crypto'
import type { ReadableDB } from '../store/database'
import { getJobState } from '../store/job-state-store'
import { listJobs } from '../store/jobs-store'
import { latestRunOf } from '../store/runs-store'
import { listWaiting } from '../store/staged-store'
import type { JobCondition } from './job-watch'

/**
 * Every job's condition for the watch (job-watch.ts), from the state database: runs of the CLI
 * and of anyone else count as much as the app's own.
 */
export function readJobConditions(db: ReadableDB): ReadonlyArray<JobCondition> {
  return listJobs(db).map(job => {
    const state = getJobState(db, job.id)
    const last = latestRunOf(db, job.id, 'apply', true)?.run
    return {
      jobId: job.id,
      jobName: job.name,
      lastRun:
        last === undefined || last.status === 'running' || last.finishedAt === null
          ? null
          : {
              runId: last.id,
              status: last.status,
              finishedAt: Date.parse(last.finishedAt),
              failed: last.failed,
              error: last.error,
            },
      quarantine:
        state.quarantinedAt === null
          ? null
          : { since: state.quarantinedAt, reason: state.quarantineReason ?? 'Quarantined' },
      approval: waitingApproval(db, job.id),
    }
  })
}

/**
 * What waits for approval, keyed by the set of accounts and actions (not by run): a later blocked
 * run that stages the very same set is the same occurrence.
 */
function waitingApproval(db: ReadableDB, jobId: string): JobCondition['approval'] {
  const waiting = listWaiting(db, jobId)
  const first = waiting[0]
  if (first === undefined) return null
  const key = createHash('sha256')
    .update(
      waiting
        .map(operation => `${operation.objectType}\u0000${operation.action}\u0000${operation.targetId}`)
        .sort()
        .join('\n')
    )
    .digest('base64url')
  return { runId: first.runId, count: waiting.length, key }
}
