import type { LoadedJob } from '../config/load-job'
import type { RunOutcome } from '../engine/run/run-job'
import { type PlanOperationView, type PlanPreview, PLAN_PREVIEW_LIMIT } from './api/contract'

/**
 * The renderer's view of a dry run: the summary of everything, the first operations in full.
 *
 * Only the fields `plan --json` prints are copied; request bodies and fingerprints stay in main.
 */
export function toPlanPreview(job: LoadedJob, outcome: RunOutcome): PlanPreview {
  const operations: PlanOperationView[] = outcome.operations.slice(0, PLAN_PREVIEW_LIMIT).map(operation => ({
    objectType: operation.objectType,
    action: operation.action,
    sourceId: operation.sourceId,
    targetId: operation.targetId,
    display: operation.display,
    changes: operation.changes.map(change => ({ path: change.path, from: change.from, to: change.to })),
    reason: operation.reason,
    errorCode: operation.errorCode,
  }))
  return {
    runId: outcome.runId ?? '',
    jobId: job.id,
    jobName: job.config.name,
    status: outcome.status,
    summary: outcome.summary,
    operations,
    totalOperations: outcome.operations.length,
    sourceCount: outcome.sourceCount,
    targetCount: outcome.targetCount,
  }
}
