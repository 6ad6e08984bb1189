import type { NewStagedOperation, StagedOperation, StagedState } from '../model/staged'
import type { ReadableDB, WritableDB } from './database'
import { prepared } from './statement-cache'

interface StagedRow extends Omit<StagedOperation, 'operation'> {
  readonly operationJson: string
}

export function stageOperations(db: WritableDB, operations: ReadonlyArray<NewStagedOperation>): void {
  const statement = prepared(
    db,
    `INSERT INTO stagedOperations (runId, changeId, jobId, objectType, action, sourceId, targetId, display,
       operationJson, state)
     VALUES (@runId, @changeId, @jobId, @objectType, @action, @sourceId, @targetId, @display, @operationJson, 'staged')`
  )
  for (const operation of operations) {
    statement.run({ ...operation, operationJson: JSON.stringify(operation.operation) })
  }
}

export function listStaged(db: ReadableDB, runId: string): ReadonlyArray<StagedOperation> {
  return (
    prepared(db, 'SELECT * FROM stagedOperations WHERE runId = ? ORDER BY rowid').all(runId) as StagedRow[]
  ).map(({ operationJson, ...row }) => ({ ...row, operation: JSON.parse(operationJson) as unknown }))
}

export function resolveStaged(
  db: WritableDB,
  runId: string,
  changeId: string,
  state: Exclude<StagedState, 'staged'>,
  resolvedByRunId: string
): void {
  prepared(
    db,
    `UPDATE stagedOperations SET state = ?, resolvedByRunId = ? WHERE runId = ? AND changeId = ? AND state = 'staged'`
  ).run(state, resolvedByRunId, runId, changeId)
}

/**
 * Marks the job's operations still waiting for approval as superseded by a newer run (refused,
 * resolved by it) and returns them: the newer run decides afresh, and an admin approves that.
 */
export function supersedeStaged(
  db: WritableDB,
  jobId: string,
  byRunId: string
): ReadonlyArray<StagedOperation> {
  const waiting = (
    prepared(db, `SELECT * FROM stagedOperations WHERE jobId = ? AND state = 'staged' AND runId <> ?`).all(
      jobId,
      byRunId
    ) as StagedRow[]
  ).map(({ operationJson, ...row }) => ({ ...row, operation: JSON.parse(operationJson) as unknown }))
  prepared(
    db,
    `UPDATE stagedOperations SET state = 'refused', resolvedByRunId = ? WHERE jobId = ? AND state = 'staged' AND runId <> ?`
  ).run(byRunId, jobId, byRunId)
  return waiting
}

/** The job's disables and deletes still waiting for approval (what, not the stored plan rows). */
export function listWaiting(
  db: ReadableDB,
  jobId: string
): ReadonlyArray<Pick<StagedOperation, 'runId' | 'objectType' | 'action' | 'targetId'>> {
  return prepared(
    db,
    `SELECT runId, objectType, action, targetId FROM stagedOperations WHERE jobId = ? AND state = 'staged'`
  ).all(jobId) as Array<Pick<StagedOperation, 'runId' | 'objectType' | 'action' | 'targetId'>>
}

/** The newest run of the job with disables/deletes still waiting for approval, or null. */
export function latestWaitingRun(db: ReadableDB, jobId: string): string | null {
  const row = prepared(
    db,
    `SELECT runId FROM stagedOperations WHERE jobId = ? AND state = 'staged' ORDER BY runId DESC LIMIT 1`
  ).get(jobId) as { runId: string } | undefined
  return row?.runId ?? null
}
