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
  'id',
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
 * is for reading; `plan --out` saves one that can be applied). The operations take consecutive
 * ids after every stored one (`storedPlans` keeps the range); changes are flat `path number,
 * from, to` triples, the paths listed once per plan.
 */
export function savePlannedOperations(
  db: WritableDB,
  runId: string,
  operations: ReadonlyArray<OperationToStore>
): void {
  if (operations.length === 0) return
  const firstId = prepared(db, 'SELECT coalesce(max(id), 0) + 1 FROM plannedOperations')
    .pluck()
    .get() as number
  const paths = new Map<string, number>()
  let id = firstId
  insertBatched(
    db,
    { verb: 'INSERT', table: 'plannedOperations', columns: COLUMNS },
    operations,
    (operation, values, offset) => {
      values[offset] = id++
      values[offset + 1] = operation.objectType
      values[offset + 2] = operation.action
      values[offset + 3] = operation.sourceId
      values[offset + 4] = operation.targetId
      values[offset + 5] = operation.display
      values[offset + 6] = changesJson(operation.changes, paths)
      values[offset + 7] = operation.reason
      values[offset + 8] = operation.errorCode
      const warnings = operation.warnings
      values[offset + 9] = warnings === undefined || warnings.length === 0 ? null : JSON.stringify(warnings)
    }
  )
  prepared(db, 'INSERT INTO storedPlans (runId, firstId, lastId, pathsJson) VALUES (?, ?, ?, ?)').run(
    runId,
    firstId,
    id - 1,
    JSON.stringify([...paths.keys()])
  )
}

/**
 * An operation's changes as one flat JSON array, `path number, from, to` per change (a plan names
 * the same few paths in every operation; one array per operation, not per change, halves the
 * cost of encoding). A change with an undefined value keeps the object form, whose missing keys
 * JSON keeps missing, as plans stored before version 120 have every change.
 */
function changesJson(changes: PlannedOperation['changes'], paths: Map<string, number>): string {
  if (changes.length === 0) return '[]'
  const flat: unknown[] = []
  for (const { path, from, to } of changes) {
    if (from === undefined || to === undefined) {
      flat.push({ path, from, to })
      continue
    }
    let code = paths.get(path)
    if (code === undefined) {
      code = paths.size
      paths.set(path, code)
    }
    flat.push(code, from, to)
  }
  return JSON.stringify(flat)
}

type Change = StoredOperation['changes'][number]

function changesOf(json: string, paths: ReadonlyArray<string>): StoredOperation['changes'] {
  const flat = JSON.parse(json) as unknown[]
  const changes: Change[] = []
  for (let index = 0; index < flat.length; index++) {
    const item = flat[index]
    if (typeof item !== 'number') changes.push(item as Change)
    else changes.push({ path: paths[item] as string, from: flat[++index], to: flat[++index] })
  }
  return changes
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

/**
 * Drops the stored plans of the job's dry runs older than its `keep` newest ones that have one
 * (the trigger of `storedPlans` deletes their operations); returns how many operations went.
 */
export function prunePlannedOperations(db: WritableDB, jobId: string, keep = KEPT_PLANS_PER_JOB): number {
  const dropped = prepared(
    db,
    `DELETE FROM storedPlans WHERE runId IN (
       SELECT runs.id FROM runs JOIN storedPlans ON storedPlans.runId = runs.id
         WHERE runs.jobId = @jobId AND runs.mode = 'dry-run'
         ORDER BY runs.startedAt DESC LIMIT -1 OFFSET @keep)
     RETURNING lastId - firstId + 1`
  )
    .pluck()
    .all({ jobId, keep }) as number[]
  return dropped.reduce((sum, count) => sum + count, 0)
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

/** Where a run's plan is stored: its range of operation ids, and the change paths by number. */
interface StoredPlan {
  readonly firstId: number
  readonly lastId: number
  readonly paths: ReadonlyArray<string>
}

function storedPlan(db: ReadableDB, runId: string): StoredPlan | null {
  const row = prepared(db, 'SELECT firstId, lastId, pathsJson FROM storedPlans WHERE runId = ?').get(
    runId
  ) as { firstId: number; lastId: number; pathsJson: string } | undefined
  if (row === undefined) return null
  return { firstId: row.firstId, lastId: row.lastId, paths: JSON.parse(row.pathsJson) as string[] }
}

/** WHERE clauses and parameters of a query: the plan's id range, then the filters. */
function whereOf(
  query: PlannedOperationQuery,
  plan: StoredPlan
): { sql: string; params: Record<string, unknown> } {
  // One range on the rowid: SQLite seeks by one lower bound only, so the cursors narrow the plan's.
  const clauses = ['id BETWEEN @low AND @high']
  const params: Record<string, unknown> = {
    low: query.afterId === undefined ? plan.firstId : Math.max(plan.firstId, query.afterId + 1),
    high: query.beforeId === undefined ? plan.lastId : Math.min(plan.lastId, query.beforeId - 1),
  }
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
  return { sql: clauses.join(' AND '), params }
}

/** One page of a stored plan: in plan order, or nearest first before `beforeId`. */
export function queryPlannedOperations(
  db: ReadableDB,
  query: PlannedOperationQuery,
  limit: number
): ReadonlyArray<StoredOperation> {
  // One read transaction: the plan's id range and its rows come from the same snapshot, so a
  // plan deleted in between (its ids taken by a newer plan) never lends this page its rows.
  return db.transaction(() => {
    const plan = storedPlan(db, query.runId)
    if (plan === null) return []
    const { sql, params } = whereOf(query, plan)
    const order = query.beforeId !== undefined && query.afterId === undefined ? 'DESC' : 'ASC'
    const rows = prepared(
      db,
      `SELECT id, objectType, action, sourceId, targetId, display, changesJson, reason, errorCode, warningsJson
         FROM plannedOperations WHERE ${sql} ORDER BY id ${order} LIMIT @limit`
    ).all({ ...params, limit }) as OperationRow[]
    return rows.map(row => toOperation(row, plan.paths))
  })()
}

/**
 * How many operations of a stored plan match. Without a filter that is the plan's range; with
 * unchanged ones hidden, the range less the unchanged (counted by the action index): counting
 * either by reading the range's rows took 5–10 times longer.
 */
export function countPlannedOperations(db: ReadableDB, query: PlannedOperationQuery): number {
  return db.transaction(() => countInPlan(db, query))()
}

function countInPlan(db: ReadableDB, query: PlannedOperationQuery): number {
  const plan = storedPlan(db, query.runId)
  if (plan === null) return 0
  const size = plan.lastId - plan.firstId + 1
  const searching = query.search !== undefined && query.search !== ''
  if (!searching && query.action === undefined) {
    if (query.hideUnchanged !== true) return size
    return size - countInPlan(db, { runId: query.runId, action: 'unchanged' })
  }
  const { sql, params } = whereOf({ ...query, afterId: undefined, beforeId: undefined }, plan)
  return prepared(db, `SELECT count(*) FROM plannedOperations WHERE ${sql}`).pluck().get(params) as number
}

/** Whether the run's plan was stored (dry runs since version 50, and not yet pruned). */
export function hasPlannedOperations(db: ReadableDB, runId: string): boolean {
  return prepared(db, 'SELECT EXISTS (SELECT 1 FROM storedPlans WHERE runId = ?)').pluck().get(runId) === 1
}

function toOperation(row: OperationRow, paths: ReadonlyArray<string>): StoredOperation {
  return {
    id: row.id,
    objectType: row.objectType,
    action: row.action,
    sourceId: row.sourceId,
    targetId: row.targetId,
    display: row.display,
    changes: changesOf(row.changesJson, paths),
    reason: row.reason,
    errorCode: row.errorCode,
    ...(row.warningsJson === null ? {} : { warnings: JSON.parse(row.warningsJson) as ReadonlyArray<string> }),
  }
}
