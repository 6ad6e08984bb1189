import type { HandoffPreview } from '../connectors/csv-handoff/handoff-preview'
import type { Run, RunSummary } from '../model/run'
import type { ReadableDB } from '../store/database'
import {
  countPlannedOperations,
  hasPlannedOperations,
  type PlannedOperationQuery,
  queryPlannedOperations,
} from '../store/planned-operations-store'
import type {
  HandoffFilePreview,
  PlanOperationFilter,
  PlanOperationPage,
  PlanOperationsInput,
  PlanPreview,
} from './api/contract'
import { ApiError } from './api/dispatch'

/**
 * A finished dry run as the preview shows it: its counts from the run, its operations read from
 * the store page by page. The same view serves a new preview and one reopened from the history.
 */
export function planPreviewOf(
  db: ReadableDB,
  run: Run,
  jobName: string,
  handoff: HandoffFilePreview | null = null
): PlanPreview {
  if (run.mode !== 'dry-run') {
    throw new ApiError('not-found', `Run "${run.id}" is not a dry run: its results are in the log`)
  }
  if (run.status === 'running' || run.summary === null) {
    throw new ApiError(
      'not-found',
      run.status === 'running'
        ? `Dry run "${run.id}" is still running`
        : `Dry run "${run.id}" has no plan: it ${run.status === 'failed' ? `failed (${run.error ?? 'no reason recorded'})` : 'stopped before planning'}`
    )
  }
  return {
    runId: run.id,
    jobId: run.jobId,
    jobName,
    status: run.status,
    startedAt: run.startedAt,
    summary: run.summary,
    sourceCount: run.counts?.source ?? null,
    targetCount: run.counts?.target ?? null,
    operationsStored: hasPlannedOperations(db, run.id) || operationCount(run.summary) === 0,
    handoff,
  }
}

/** Rows of a hand-off file the preview carries; the rest are counted (a 100,000-row file stays off the wire). */
export const HANDOFF_PREVIEW_ROWS = 200

/** The file a CSV hand-off dry run's apply would write, cut to what the preview shows. */
export function handoffFilePreview(preview: HandoffPreview): HandoffFilePreview {
  return {
    header: preview.header,
    rows: preview.rows.slice(0, HANDOFF_PREVIEW_ROWS),
    rowCount: preview.rows.length,
  }
}

/** Every operation a plan holds (users, then groups), as its summary counts them. */
function operationCount(summary: RunSummary): number {
  const users = Object.values(summary.users).reduce((sum, count) => sum + count, 0)
  const { create, update, delete: deleted, unchanged } = summary.groups
  return users + create + update + deleted + unchanged
}

function toQuery(input: PlanOperationFilter): PlannedOperationQuery {
  return {
    runId: input.runId,
    action: input.action,
    hideUnchanged: input.hideUnchanged,
    search: input.search,
  }
}

/** One page of a stored plan in plan order, with the cursors of its neighbours (one extra row tells if more exist). */
export function queryPlanPage(db: ReadableDB, input: PlanOperationsInput): PlanOperationPage {
  const query = toQuery(input)
  if (input.beforeId !== undefined && input.afterId === undefined) {
    const rows = queryPlannedOperations(db, { ...query, beforeId: input.beforeId }, input.limit + 1)
    const operations = rows.slice(0, input.limit).reverse()
    return {
      operations,
      nextAfterId: operations.at(-1)?.id ?? null,
      previousBeforeId: rows.length > input.limit ? (operations[0]?.id ?? null) : null,
    }
  }
  const rows = queryPlannedOperations(db, { ...query, afterId: input.afterId }, input.limit + 1)
  const operations = rows.slice(0, input.limit)
  return {
    operations,
    nextAfterId: rows.length > input.limit ? (operations.at(-1)?.id ?? null) : null,
    previousBeforeId: input.afterId === undefined ? null : (operations[0]?.id ?? null),
  }
}

export function countPlanOperations(db: ReadableDB, input: PlanOperationFilter): number {
  return countPlannedOperations(db, toQuery(input))
}
