import type { PlannedOperation } from '../model/plan'
import { insertBatched } from './batched-insert'
import { inTransaction, type ReadableDB, type WritableDB } from './database'
import { finishRun } from './runs-store'
import { prepared } from './statement-cache'

/** A dry run's decision as stored: what `plan --json` prints of it, and its place in the plan. */
export type StoredOperation = OperationToStore & {
  /** Increases in plan order (users first, then groups); the paging cursor. */
  readonly id: number
}

/** What is stored of an operation (a dry run that only shows its plan keeps no more). */
export type OperationToStore = Omit<PlannedOperation, 'changeId' | 'steps' | 'fingerprint'>

interface OperationRow {
  readonly id: number
  readonly objectType: PlannedOperation['objectType']
  readonly action: PlannedOperation['action']
  readonly sourceId: string | null
  readonly targetId: string | null
  readonly display: string
  readonly changesJson: string
  readonly reason: string | null
  readonly errorCode: string | null
  readonly warningsJson: string | null
}

const COLUMNS = [
  'runId',
  'objectType',
  'action',
  'sourceId',
  'targetId',
  'display',
  'changesJson',
  'reason',
  'errorCode',
  'warningsJson',
] as const

/**
 * Stores a dry run's plan in plan order, in batches. Call inside the transaction that finishes
 * the run, so a reopened dry run never shows half a plan.
 *
 * Only what the plan view shows is kept: no steps, request bodies or fingerprints (a stored plan
 * is for reading; `plan --out` saves one that can be applied).
 */
export function savePlannedOperations(
  db: WritableDB,
  runId: string,
  operations: ReadonlyArray<OperationToStore>
): void {
  const rows = function* () {
    for (const operation of operations) yield operationValues(runId, operation)
  }
  insertBatched(db, { verb: 'INSERT', table: 'plannedOperations', columns: COLUMNS }, rows())
}

function operationValues(runId: string, operation: OperationToStore): unknown[] {
  const changes = operation.changes.map(change => ({ path: change.path, from: change.from, to: change.to }))
  return [
    runId,
    operation.objectType,
    operation.action,
    operation.sourceId,
    operation.targetId,
    operation.display,
    JSON.stringify(changes),
    operation.reason,
    operation.errorCode,
    operation.warnings === undefined || operation.warnings.length === 0
      ? null
      : JSON.stringify(operation.warnings),
  ]
}

/**
 * Finishes a dry run and stores its plan in one transaction (dropping the job's oldest stored
 * plans beyond `KEPT_PLANS_PER_JOB`).
 */
export function finishDryRun(
  db: WritableDB,
  run: { readonly id: string; readonly jobId: string },
  result: Parameters<typeof finishRun>[2],
  operations: ReadonlyArray<OperationToStore>
): void {
  inTransaction(db, () => {
    savePlannedOperations(db, run.id, operations)
    finishRun(db, run.id, result)
    prunePlannedOperations(db, run.jobId)
  })
}

/** Dry runs whose plans are kept per job: the newest ones (older plans are dropped when one is stored). */
export const KEPT_PLANS_PER_JOB = 10

/** Drops the stored plans of the job's dry runs older than its `keep` newest ones that have one. */
export function prunePlannedOperations(db: WritableDB, jobId: string, keep = KEPT_PLANS_PER_JOB): number {
  return prepared(
    db,
    `DELETE FROM plannedOperations WHERE runId IN (
       SELECT id FROM runs WHERE jobId = @jobId AND mode = 'dry-run'
         AND EXISTS (SELECT 1 FROM plannedOperations WHERE runId = runs.id)
       ORDER BY startedAt DESC LIMIT -1 OFFSET @keep)`
  ).run({ jobId, keep }).changes
}

export interface PlannedOperationQuery {
  readonly runId: string
  readonly action?: PlannedOperation['action']
  /** Leave out operations that change nothing (ignored with `action`). */
  readonly hideUnchanged?: boolean
  /** Part of the display name, source id or target id (letters A–Z in either case). */
  readonly search?: string
  /** Operations after this id, in plan order. */
  readonly afterId?: number
  /** Operations before this id, nearest first (paging back). */
  readonly beforeId?: number
}

/** WHERE clauses and parameters of a query; `runId` and `action` lead the indexes. */
function whereOf(query: PlannedOperationQuery): { sql: string; params: Record<string, unknown> } {
  const clauses = ['runId = @runId']
  const params: Record<string, unknown> = { runId: query.runId }
  if (query.action !== undefined) {
    clauses.push('action = @action')
    params['action'] = query.action
  } else if (query.hideUnchanged === true) {
    clauses.push(`+action <> 'unchanged'`)
  }
  if (query.search !== undefined && query.search !== '') {
    params['pattern'] = `%${query.search.replace(/[\\%_]/g, match => `\\${match}`)}%`
    clauses.push(
      `(display LIKE @pattern ESCAPE '\\' OR sourceId LIKE @pattern ESCAPE '\\' OR targetId LIKE @pattern ESCAPE '\\')`
    )
  }
  if (query.afterId !== undefined) {
    clauses.push('id > @afterId')
    params['afterId'] = query.afterId
  }
  if (query.beforeId !== undefined) {
    clauses.push('id < @beforeId')
    params['beforeId'] = query.beforeId
  }
  return { sql: clauses.join(' AND '), params }
}

/** One page of a stored plan: in plan order, or nearest first before `beforeId`. */
export function queryPlannedOperations(
  db: ReadableDB,
  query: PlannedOperationQuery,
  limit: number
): ReadonlyArray<StoredOperation> {
  const { sql, params } = whereOf(query)
  const order = query.beforeId !== undefined && query.afterId === undefined ? 'DESC' : 'ASC'
  const rows = prepared(
    db,
    `SELECT id, objectType, action, sourceId, targetId, display, changesJson, reason, errorCode, warningsJson
       FROM plannedOperations WHERE ${sql} ORDER BY id ${order} LIMIT @limit`
  ).all({ ...params, limit }) as OperationRow[]
  return rows.map(toOperation)
}

/** How many operations of a stored plan match. */
export function countPlannedOperations(db: ReadableDB, query: PlannedOperationQuery): number {
  const { sql, params } = whereOf({ ...query, afterId: undefined, beforeId: undefined })
  return prepared(db, `SELECT count(*) FROM plannedOperations WHERE ${sql}`).pluck().get(params) as number
}

/** Whether the run's plan was stored (dry runs since version 50, and not yet pruned). */
export function hasPlannedOperations(db: ReadableDB, runId: string): boolean {
  return (
    prepared(db, 'SELECT EXISTS (SELECT 1 FROM plannedOperations WHERE runId = ?)').pluck().get(runId) === 1
  )
}

function toOperation(row: OperationRow): StoredOperation {
  return {
    id: row.id,
    objectType: row.objectType,
    action: row.action,
    sourceId: row.sourceId,
    targetId: row.targetId,
    display: row.display,
    changes: JSON.parse(row.changesJson) as StoredOperation['changes'],
    reason: row.reason,
    errorCode: row.errorCode,
    ...(row.warningsJson === null ? {} : { warnings: JSON.parse(row.warningsJson) as ReadonlyArray<string> }),
  }
}
