import { type EscrowEntry, escrowKey } from '../../model/escrow'
import type { Link } from '../../model/link'
import type { PlannedOperation } from '../../model/plan'
import { copyGroupOperation, type GroupOperation } from '../plan/plan-groups'
import type { UserOperation } from '../plan/plan-users'
import { isWrite } from '../plan/summary'
import type { ProtectedAccounts } from './protected-accounts'
import type { TargetSnapshot } from '../plan/target-snapshot'

/**
 * Turns a planned write into a logged "skip" that keeps what was planned (`refusedAction`), for
 * rows held back by a safety rule or a stale saved plan.
 */
export function holdBack(operation: PlannedOperation, errorCode: string, reason: string): UserOperation {
  return {
    changeId: operation.changeId,
    objectType: operation.objectType,
    action: 'skip',
    sourceId: operation.sourceId,
    targetId: operation.targetId,
    display: operation.display,
    changes: operation.changes,
    reason,
    errorCode,
    steps: [...operation.steps, { type: 'processing', status: 'skipped', description: reason }],
    fingerprint: operation.fingerprint,
    execution: { kind: 'none' },
    refusedAction: operation.action,
  }
}

export function holdBackGroup(operation: GroupOperation, errorCode: string, reason: string): GroupOperation {
  return copyGroupOperation(operation, {
    action: 'skip',
    reason,
    errorCode,
    steps: [...operation.steps, { type: 'processing', status: 'skipped', description: reason }],
    members: { add: [], remove: [], skipped: operation.members.skipped },
    execution: { kind: 'none' },
    linkAfter: null,
    refusedAction: operation.action,
  })
}

/** Break-glass accounts: deprovisioning (disable, delete) never touches them. */
export function applyProtection(
  operations: ReadonlyArray<UserOperation>,
  guard: ProtectedAccounts,
  target: TargetSnapshot
): UserOperation[] {
  return operations.map(operation => {
    if (operation.action !== 'disable' && operation.action !== 'delete') return operation
    const resource = operation.targetId === null ? undefined : target.get(operation.targetId)
    if (!guard.isProtected(operation.sourceId, resource)) return operation
    return holdBack(
      operation,
      'ProtectedAccount',
      `Protected account: deprovisioning never ${operation.action}s it (safety.protectedAccounts)`
    )
  })
}

/**
 * Escrowed objects (their write failed with an error that may clear up) wait for their retry time
 * on scheduled runs, as Entra's retry schedule does (§F); manual runs retry them at once.
 */
export function applyEscrowWaits(
  operations: ReadonlyArray<UserOperation>,
  escrow: ReadonlyMap<string, EscrowEntry>,
  now: number
): UserOperation[] {
  return operations.map(operation => {
    if (operation.sourceId === null || !isWrite(operation)) return operation
    const entry = escrow.get(escrowKey('user', operation.sourceId))
    if (entry === undefined || entry.nextAttemptAt <= now) return operation
    return holdBack(
      operation,
      'Escrowed',
      `Escrowed after ${entry.attempts} failed attempt(s) (${entry.errorCode ?? 'error'}: ${entry.message ?? ''}); ` +
        `next attempt after ${new Date(entry.nextAttemptAt).toISOString()}`
    )
  })
}

/** Active links: the accounts the deletion threshold's percentage is taken of. */
export function countActiveLinks(links: ReadonlyMap<string, Link>): number {
  let count = 0
  for (const link of links.values()) {
    if (link.state === 'active') count++
  }
  return count
}
