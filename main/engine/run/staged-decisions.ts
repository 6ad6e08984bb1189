import { randomUUID } from 'node:crypto'
import type { NewLogEntry } from '../../model/log-entry'
import { inTransaction, type ReadableDB, type WritableDB } from '../../store/database'
import { insertLogEntries, queryLogs } from '../../store/logs-store'
import type { StagedOperation } from '../../model/staged'
import { latestWaitingRun, listStaged, resolveStaged } from '../../store/staged-store'
import { newRunId } from './run-id'
import { assertNoRunInProgress } from './run-lock'

/** Disables and deletes a blocked run holds for approval, with why it was blocked. */
export interface WaitingDeletions {
  /** The blocked run whose operations wait (at most one: a newer run supersedes older ones). */
  readonly runId: string
  /** The deletion threshold's verdict, as the blocked run recorded it. */
  readonly reason: string | null
  readonly operations: ReadonlyArray<StagedOperation>
}

/** The job's disables/deletes waiting for an admin, newest blocked run first; null when none wait. */
export function waitingDeletions(db: ReadableDB, jobId: string): WaitingDeletions | null {
  const runId = latestWaitingRun(db, jobId)
  if (runId === null) return null
  const operations = listStaged(db, runId).filter(operation => operation.state === 'staged')
  // The threshold's verdict is in the reason of the run's StagedDelete log entries.
  const [entry] = queryLogs(db, { jobId, runId, action: 'stagedDelete', limit: 1 })
  return { runId, reason: entry?.reason ?? null, operations }
}

/** `reject` named a run with nothing waiting. */
export class StagedDecisionError extends Error {
  public constructor(message: string) {
    super(message)
    this.name = 'StagedDecisionError'
  }
}

/**
 * The admin refuses the disables/deletes a blocked run staged: nothing is sent, the rows are
 * marked refused and each is logged. A later run that finds the same people gone stages them
 * again (the threshold still holds); the admin fixes the source or raises the threshold.
 */
export function rejectStaged(
  db: WritableDB,
  context: { readonly jobId: string; readonly runId: string; readonly jobFile: string; readonly now?: Date }
): { readonly rejected: number; readonly logRunId: string } {
  const now = context.now ?? new Date()
  return inTransaction(db, () => {
    assertNoRunInProgress(db, context.jobId, context.jobFile)
    const waiting = listStaged(db, context.runId).filter(
      operation => operation.state === 'staged' && operation.jobId === context.jobId
    )
    if (waiting.length === 0) {
      throw new StagedDecisionError(`Run ${context.runId} has no disables or deletes waiting for approval`)
    }
    const logRunId = newRunId(now)
    for (const operation of waiting) {
      resolveStaged(db, operation.runId, operation.changeId, 'refused', logRunId)
    }
    insertLogEntries(
      db,
      waiting.map(operation => rejectionEntry(operation, context.jobId, logRunId, now))
    )
    return { rejected: waiting.length, logRunId }
  })
}

function rejectionEntry(operation: StagedOperation, jobId: string, runId: string, now: Date): NewLogEntry {
  const reason = `Rejected by the admin: the ${operation.action} staged by run ${operation.runId} is not applied`
  return {
    time: now.toISOString(),
    jobId,
    runId,
    changeId: randomUUID(),
    objectType: operation.objectType,
    action: operation.action,
    status: 'skipped',
    sourceId: operation.sourceId,
    sourceDisplay: operation.display,
    targetId: operation.targetId,
    targetDisplay: operation.display,
    steps: [{ type: 'processing', status: 'skipped', description: reason }],
    modified: [],
    reason,
    errorCode: 'StagedDeleteRejected',
    httpStatus: null,
    scimType: null,
    scimDetail: null,
    durationMs: null,
    attempts: 0,
  }
}
