/**
 * The deletion threshold's approvals: a blocked run stages its disables and deletes; the admin
 * approves exactly those (`apply --allow-deletes RUN_ID`), and each is settled by the approving
 * run. Pure: the store reads and writes are the run's.
 */
import type { ApplyFailure } from '../../model/failure'
import type { NewStagedOperation, StagedOperation, StagedState } from '../../model/staged'
import { copyGroupOperation, type GroupOperation } from '../plan/plan-groups'
import type { UserOperation } from '../plan/plan-users'
import type { RunOperation } from '../plan/summary'
import { isDeprovision } from './deletion-threshold'
import { holdBack, holdBackGroup } from './run-gates'
import { ProvisionerError } from '../../model/errors'

/** `apply --allow-deletes` named a run with nothing to approve. */
export class ApprovalError extends ProvisionerError {
  public readonly kind = 'approval-refused' as const

  public constructor(message: string) {
    super(message)
    this.name = 'ApprovalError'
  }
}

/** The operations a blocked run staged that still wait for approval; refuses a run with none. */
export function waitingForApproval(
  staged: ReadonlyArray<StagedOperation>,
  jobId: string,
  runId: string
): ReadonlyArray<StagedOperation> {
  if (staged.length === 0) {
    throw new ApprovalError(`Run ${runId} staged no disables or deletes; nothing to approve`)
  }
  if (staged.some(operation => operation.jobId !== jobId)) {
    throw new ApprovalError(`Run ${runId} belongs to another job`)
  }
  const waiting = staged.filter(operation => operation.state === 'staged')
  if (waiting.length === 0) {
    throw new ApprovalError(`The operations staged by run ${runId} were already approved or refused`)
  }
  return waiting
}

/**
 * An approval applies exactly the staged operations that are still right (same action on the
 * same account); anything else the plan holds is left for a normal run.
 */
export function restrictToApproved(
  users: ReadonlyArray<UserOperation>,
  groups: ReadonlyArray<GroupOperation>,
  approving: ReadonlyArray<StagedOperation>
): { readonly users: UserOperation[]; readonly groups: GroupOperation[] } {
  const key = (objectType: string, sourceId: string | null, action: string, targetId: string | null) =>
    `${objectType}\u0000${sourceId}\u0000${action}\u0000${targetId}`
  const wanted = new Set(
    approving.map(operation =>
      key(operation.objectType, operation.sourceId, operation.action, operation.targetId)
    )
  )
  return {
    users: users.filter(operation =>
      wanted.has(key('user', operation.sourceId, operation.action, operation.targetId))
    ),
    groups: groups.filter(operation =>
      wanted.has(key('group', operation.sourceId, operation.action, operation.targetId))
    ),
  }
}

/**
 * A blocked run: every disable and delete is held for approval (logged `StagedDelete`), and so
 * are the group member removals, which take access away too; `staged` is what to record.
 */
export function holdForApproval(
  plan: { readonly users: ReadonlyArray<UserOperation>; readonly groups: ReadonlyArray<GroupOperation> },
  run: { readonly jobId: string; readonly runId: string; readonly reason: string }
): {
  readonly users: UserOperation[]
  readonly groups: GroupOperation[]
  readonly staged: ReadonlyArray<NewStagedOperation>
} {
  const staged = [...plan.users, ...plan.groups]
    .filter(isDeprovision)
    .map(operation => stagedOperation(run.jobId, run.runId, operation))
  return {
    users: plan.users.map(operation =>
      isDeprovision(operation) ? holdBack(operation, 'StagedDelete', run.reason) : operation
    ),
    groups: plan.groups.map(operation =>
      isDeprovision(operation)
        ? holdBackGroup(operation, 'StagedDelete', run.reason)
        : withoutMemberRemovals(operation)
    ),
    staged,
  }
}

/** Whether a run stages the very operations an earlier blocked run staged (the admin was told once). */
export function sameStagedSet(
  previous: ReadonlyArray<StagedOperation>,
  staged: ReadonlyArray<NewStagedOperation>
): boolean {
  const key = (operation: { objectType: string; action: string; targetId: string }) =>
    `${operation.objectType}\u0000${operation.action}\u0000${operation.targetId}`
  const before = new Set(previous.map(key))
  return before.size === staged.length && staged.every(operation => before.has(key(operation)))
}

/** How each approved operation ended: applied, failed, or refused (no longer in the plan). */
export function approvalOutcomes(
  approving: ReadonlyArray<StagedOperation>,
  applied: ReadonlyArray<RunOperation>,
  failures: ReadonlyArray<ApplyFailure>
): Array<{ readonly staged: StagedOperation; readonly state: Exclude<StagedState, 'staged'> }> {
  const bySource = new Map<string, RunOperation>()
  for (const operation of applied) {
    bySource.set(`${operation.objectType}\u0000${operation.sourceId}`, operation)
  }
  const failed = new Set(failures.map(failure => failure.sourceId))
  return approving.map(staged => ({
    staged,
    state: !bySource.has(`${staged.objectType}\u0000${staged.sourceId}`)
      ? 'refused'
      : failed.has(staged.sourceId)
        ? 'failed'
        : 'applied',
  }))
}

function stagedOperation(jobId: string, runId: string, operation: RunOperation): NewStagedOperation {
  return {
    runId,
    changeId: operation.changeId,
    jobId,
    objectType: operation.objectType,
    action: operation.action === 'delete' ? 'delete' : 'disable',
    sourceId: operation.sourceId,
    targetId: operation.targetId ?? '',
    display: operation.display,
    operation: {
      action: operation.action,
      sourceId: operation.sourceId,
      targetId: operation.targetId,
      reason: operation.reason,
      changes: operation.changes,
    },
  }
}

/** A group operation without its member removals (they wait with the disables). */
function withoutMemberRemovals(operation: GroupOperation): GroupOperation {
  if (operation.members.remove.length === 0) return operation
  const members = { ...operation.members, remove: [] }
  const changes = operation.changes.filter(change => !(change.path === 'members' && change.to === null))
  const attributeChanges = operation.execution.kind !== 'none'
  const action =
    operation.action === 'update' && !attributeChanges && members.add.length === 0
      ? 'unchanged'
      : operation.action
  return copyGroupOperation(operation, { action, members, changes })
}
