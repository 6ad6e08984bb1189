import type { LoadedJob } from '../../config/load-job'
import { type PlannedOperation, plannedFields, type SavedPlan } from '../../model/plan'
import type { GroupOperation } from '../plan/plan-groups'
import type { UserOperation } from '../plan/plan-users'
import { holdBack, holdBackGroup } from './run-gates'
import { ProvisionerError } from '../../model/errors'

export class SavedPlanMismatchError extends ProvisionerError {
  public readonly kind = 'plan-mismatch' as const

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

type Refuse<From, To> = (operation: From, errorCode: string, reason: string) => To

/**
 * Keeps only operations the saved plan contains exactly (same action, account and attribute
 * values, against the same target values), people and groups each against their own rows.
 * Everything else is refused, never improvised: a planned row that no longer matches becomes a
 * `PlanStale` failure, and a decision the plan did not contain is skipped (`NotInPlan`); both
 * are logged.
 */
export function restrictToSavedPlan(
  users: ReadonlyArray<UserOperation>,
  groups: ReadonlyArray<GroupOperation>,
  plan: SavedPlan
): { readonly users: UserOperation[]; readonly groups: GroupOperation[] } {
  const planned = (objectType: string) =>
    plan.operations.filter(operation => operation.objectType === objectType)
  return {
    users: restrict(users, planned('user'), holdBack, holdBack),
    groups: restrict(groups, planned('group'), holdBackGroup, (operation, errorCode, reason) =>
      holdBackGroup(plannedGroup(operation), errorCode, reason)
    ),
  }
}

function restrict<T extends PlannedOperation>(
  operations: ReadonlyArray<T>,
  planned: ReadonlyArray<PlannedOperation>,
  refuse: Refuse<T, T>,
  refusePlanned: Refuse<PlannedOperation, T>
): T[] {
  const approved = new Set(planned.map(operation => operation.fingerprint))
  const current = new Set(operations.map(operation => operation.fingerprint))
  const stale = planned.filter(
    operation => operation.action !== 'unchanged' && !current.has(operation.fingerprint)
  )
  // One log entry per object: one whose planned row went stale is reported as stale only.
  const staleSources = new Set(stale.map(operation => operation.sourceId))
  const kept: T[] = []
  for (const operation of operations) {
    if (operation.action === 'unchanged' || approved.has(operation.fingerprint)) {
      kept.push(operation)
    } else if (!staleSources.has(operation.sourceId)) {
      kept.push(refuse(operation, 'NotInPlan', 'Not in the saved plan; make a new plan to include it'))
    }
  }
  for (const operation of stale) {
    kept.push(
      refusePlanned(
        operation,
        'PlanStale',
        `Planned ${operation.action} not applied: the source or the target changed since the plan was made`
      )
    )
  }
  return kept
}

/** A saved group row as an operation that does nothing (it is only refused and logged). */
function plannedGroup(operation: PlannedOperation): GroupOperation {
  const saved = (operation as { members?: Partial<GroupOperation['members']> }).members
  return {
    ...plannedFields(operation),
    members: { add: [], remove: [], skipped: Array.isArray(saved?.skipped) ? saved.skipped : [] },
    execution: { kind: 'none' },
    linkAfter: null,
  }
}
