import { emptyRunSummary, type GroupSummary, type RunSummary, type UserSummary } from '../../model/run'
import type { Link } from '../../model/link'
import { type GroupOperation, removableAccounts } from './plan-groups'
import type { UserOperation } from './plan-users'
import type { TargetSnapshot } from './target-snapshot'

/** A planned decision about a person or a group. */
export type RunOperation = UserOperation | GroupOperation

/** Whether an operation sends a request to the target (a link change alone sends none). */
export function isWrite(operation: RunOperation): boolean {
  const kind = operation.execution.kind
  return kind !== 'none' && kind !== 'link' && kind !== 'unlink'
}

/** How many operations send a request. */
export function countWrites(operations: ReadonlyArray<RunOperation>): number {
  return operations.filter(isWrite).length
}

/** Counts a plan by action, in the `plan --json` summary shape. */
export function summarise(
  users: ReadonlyArray<UserOperation>,
  groups: ReadonlyArray<GroupOperation> = []
): RunSummary {
  const userCounts = mutableUserCounts()
  for (const operation of users) countUserAction(userCounts, operation.action)
  const groupCounts = { ...emptyRunSummary().groups } as { -readonly [K in keyof GroupSummary]: number }
  for (const operation of groups) {
    groupCounts.membersAdded += operation.members.add.length
    groupCounts.membersRemoved += operation.members.remove.length
    if (operation.action === 'create') groupCounts.create++
    else if (operation.action === 'delete') groupCounts.delete++
    else if (
      operation.action === 'update' ||
      (operation.action === 'link' && operation.execution.kind !== 'none')
    )
      groupCounts.update++
    else if (operation.action === 'unchanged' || operation.action === 'link') groupCounts.unchanged++
  }
  return { users: userCounts, groups: groupCounts }
}

/** Counts per user action, to be filled in as operations are planned or done. */
export type UserCounts = { -readonly [K in keyof UserSummary]: number }

export function mutableUserCounts(): UserCounts {
  return { ...emptyRunSummary().users }
}

/** Counts one person's action (a skip under `skipped`). */
export function countUserAction(counts: UserCounts, action: UserOperation['action']): void {
  if (action === 'skip') counts.skipped++
  else counts[action]++
}

/** Accounts the plan does not touch and no link owns: the app's own, never deprovisioned. */
export function countUnmanaged(
  target: TargetSnapshot,
  operations: ReadonlyArray<UserOperation>,
  links: ReadonlyMap<string, Link>
): number {
  const known = removableAccounts(links, null)
  for (const operation of operations) {
    if (operation.targetId !== null) known.add(operation.targetId)
  }
  let unmanaged = 0
  for (const resource of target.values()) {
    if (!known.has(resource.id)) unmanaged++
  }
  return unmanaged
}
