import type { LoadedJob } from '../config/load-job'
import type { SavedPlan } from '../model/plan'
import type { UserOperation } from './plan-users'
import { holdBack } from './run-gates'

export class SavedPlanMismatchError extends Error {
  public constructor(message: string) {
    super(message)
    this.name = 'SavedPlanMismatchError'
  }
}

export function checkSavedPlan(plan: SavedPlan, job: LoadedJob, hash: string): void {
  if (plan.jobId !== job.id) {
    throw new SavedPlanMismatchError(`The plan was made for job "${plan.jobId}", not "${job.id}"`)
  }
  if (plan.configHash !== hash) {
    throw new SavedPlanMismatchError(
      'The job file changed since the plan was made (mappings, scoping or settings differ); make a new plan'
    )
  }
}

/**
 * Keeps only operations the saved plan contains exactly (same action, account and attribute
 * values, against the same target values). Everything else is refused, never improvised: a
 * planned row that no longer matches becomes a `PlanStale` failure, and a decision the plan did
 * not contain is skipped (`NotInPlan`); both are logged.
 */
export function restrictToSavedPlan(
  operations: ReadonlyArray<UserOperation>,
  plan: SavedPlan
): UserOperation[] {
  const approved = new Set(plan.operations.map(operation => operation.fingerprint))
  const current = new Set(operations.map(operation => operation.fingerprint))
  const stale = plan.operations.filter(
    operation => operation.action !== 'unchanged' && !current.has(operation.fingerprint)
  )
  // One log entry per person: someone whose planned row went stale is reported as stale only.
  const staleSources = new Set(stale.map(operation => operation.sourceId))
  const kept: UserOperation[] = []
  for (const operation of operations) {
    if (operation.action === 'unchanged' || approved.has(operation.fingerprint)) {
      kept.push(operation)
    } else if (!staleSources.has(operation.sourceId)) {
      kept.push(holdBack(operation, 'NotInPlan', 'Not in the saved plan; make a new plan to include it'))
    }
  }
  for (const operation of stale) {
    kept.push(
      holdBack(
        operation,
        'PlanStale',
        `Planned ${operation.action} not applied: the source or the target changed since the plan was made`
      )
    )
  }
  return kept
}
