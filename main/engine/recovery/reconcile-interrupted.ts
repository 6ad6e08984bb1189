import type { JournalEntry } from '../../model/journal'
import type { WritableDB } from '../../store/database'
import { listPendingForJob, recordOutcome } from '../../store/journal-store'
import { insertLogEntries } from '../../store/logs-store'
import type { NewLogEntry } from '../../model/log-entry'
import { logActionOf, logEntry } from '../apply/log-entries'
import { type PlannedChange, REDACTED } from '../../model/plan'
import { getRun } from '../../store/runs-store'
import type { GroupOperation } from '../plan/plan-groups'
import type { UserOperation } from '../plan/plan-users'
import { stillHolds } from '../plan/value-compare'

export interface Reconciliation {
  /** Interrupted writes the target shows were done. */
  readonly done: number
  /** Interrupted writes that never happened (this run performs them again if still needed). */
  readonly notDone: number
}

/**
 * Settles writes left `pending` by a run that died between request and result (kill -9, power
 * loss). The fresh plan tells what the target holds now: a create whose person now matches an
 * account, or a change whose values are already there, was done; anything the plan still wants
 * was not. Each such write gets its outcome and its log entry in the run it belonged to, so no
 * log entry is lost, and nothing is sent twice (the plan only sends what is still missing).
 */
export function reconcileInterrupted(
  db: WritableDB,
  jobId: string,
  currentRunId: string,
  operations: ReadonlyArray<UserOperation>,
  now: Date = new Date(),
  groupOperations: ReadonlyArray<GroupOperation> = []
): Reconciliation {
  const pending = listPendingForJob(db, jobId).filter(entry => entry.runId !== currentRunId)
  if (pending.length === 0) return { done: 0, notDone: 0 }
  const bySource = new Map<string, UserOperation>()
  for (const operation of operations) {
    if (operation.sourceId !== null) bySource.set(operation.sourceId, operation)
  }
  const groupsBySource = new Map<string, GroupOperation>()
  for (const operation of groupOperations) {
    if (operation.sourceId !== null) groupsBySource.set(operation.sourceId, operation)
  }
  const undoRuns = new Map<string, boolean>()
  const isUndo = (runId: string): boolean => {
    let undo = undoRuns.get(runId)
    if (undo === undefined) {
      undo = getRun(db, runId)?.kind === 'undo'
      undoRuns.set(runId, undo)
    }
    return undo
  }
  let done = 0
  let notDone = 0
  const logs: NewLogEntry[] = []
  db.transaction(() => {
    for (const entry of pending) {
      const isUser = entry.objectType === 'user'
      const current = entry.sourceId === null || !isUser ? undefined : bySource.get(entry.sourceId)
      const group = entry.sourceId === null || isUser ? undefined : groupsBySource.get(entry.sourceId)
      const happened = isUser ? wasDone(entry, current, isUndo(entry.runId)) : groupWasDone(entry, group)
      const fresh = current ?? group
      const targetId = fresh?.targetId ?? entry.targetId
      recordOutcome(
        db,
        entry.id,
        {
          state: happened ? 'succeeded' : 'failed',
          targetId,
          result: { status: happened ? 'done' : 'not-done', reconciledBy: currentRunId },
        },
        now.getTime()
      )
      if (happened) done++
      else notDone++
      logs.push(
        logEntry({
          time: now,
          jobId,
          runId: entry.runId,
          changeId: entry.changeId,
          objectType: entry.objectType,
          action: logActionOf({ action: entry.operation, errorCode: null }, 'sent'),
          status: happened ? 'success' : 'failure',
          sourceId: entry.sourceId,
          sourceDisplay: fresh?.display ?? entry.sourceId,
          targetId,
          targetDisplay: targetId === null ? null : (fresh?.display ?? null),
          steps: [
            {
              type: 'export',
              status: happened ? 'success' : 'failure',
              description: happened
                ? `The run was interrupted before recording this write; run ${currentRunId} found it done in the target`
                : `The run was interrupted before this write completed; run ${currentRunId} does what is still needed`,
            },
          ],
          reason: happened ? 'Recovered after an interrupted run' : 'Interrupted before completion',
          errorCode: happened ? null : 'Interrupted',
          durationMs: null,
        })
      )
    }
    insertLogEntries(db, logs)
  }).immediate()
  return { done, notDone }
}

/**
 * Whether the target already reflects an interrupted write, judged by the fresh plan: what it
 * wants to send, and the target values (`from`) it would change.
 */
function wasDone(entry: JournalEntry, current: UserOperation | undefined, undo: boolean): boolean {
  if (current === undefined) {
    // The person is gone from the plan entirely (deleted link, or removed and already handled).
    return entry.operation === 'delete' || entry.operation === 'disable'
  }
  switch (entry.operation) {
    case 'create':
      // Done if the person now has (or matches) an account instead of needing a new one.
      return current.action !== 'create' && current.targetId !== null
    case 'delete':
      // Done if the account is gone: its link points nowhere, or the person (still in the
      // source, e.g. after an undo deleted their account) needs a new one.
      return current.errorCode === 'InvalidAnchor' || current.action === 'skip' || current.action === 'create'
    default:
      // Updates, enables and disables. Done if the target holds every value the write sent,
      // even where the plan now wants another (an undo restores values the source does not
      // want; the source may have changed again since).
      if (holdsWritten(entry, current)) return true
      // Otherwise, nothing left to send means the target holds the source's values: what a sync
      // run's write sent, but not what an undo's write sent.
      return (
        !undo &&
        (current.action === 'unchanged' || (current.action === 'link' && current.changes.length === 0))
      )
  }
}

/** The plan would change every path the write sent, and each from exactly what the write sent. */
function holdsWritten(entry: JournalEntry, current: UserOperation): boolean {
  const sent = ((entry.intent as { changes?: ReadonlyArray<PlannedChange> } | null)?.changes ?? []).filter(
    change => change.to !== REDACTED
  )
  return (
    sent.length > 0 &&
    sent.every(change =>
      current.changes.some(
        planned => planned.path === change.path && stillHolds(planned.from, change.to, { caseExact: false })
      )
    )
  )
}

/**
 * A group write was done when the group now exists and the fresh plan has nothing left to send
 * for it (no attribute changes, no members to add or remove); a deleted group when it is gone.
 */
function groupWasDone(entry: JournalEntry, current: GroupOperation | undefined): boolean {
  if (entry.operation === 'delete') {
    return current === undefined || current.action !== 'delete'
  }
  if (current === undefined) return false
  const nothingLeft =
    current.execution.kind === 'none' &&
    current.members.add.length === 0 &&
    current.members.remove.length === 0
  return current.targetId !== null && nothingLeft
}
