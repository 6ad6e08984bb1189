import type { MemberResolution } from './plan-groups'
import type { UserOperation } from './plan-users'
import type { TargetSnapshot } from './target-snapshot'
import { isActive } from './value-compare'

/**
 * How each person stands for group membership: an account (linked or matched), one about to be
 * created, or none (with why — out of scope, skipped, conflict), from the user plan.
 */
export function memberResolver(
  operations: ReadonlyArray<UserOperation>,
  target: TargetSnapshot
): (sourceId: string) => MemberResolution {
  const bySource = new Map<string, UserOperation>()
  for (const operation of operations) {
    if (operation.sourceId !== null) bySource.set(operation.sourceId, operation)
  }
  return sourceId => {
    const operation = bySource.get(sourceId)
    if (operation === undefined) {
      return { kind: 'not-provisioned', reason: 'not in the source' }
    }
    switch (operation.action) {
      case 'create':
        return { kind: 'pending' }
      case 'update':
      case 'link':
      case 'unchanged':
      case 'enable': {
        if (operation.targetId === null) return { kind: 'not-provisioned', reason: 'no account' }
        // A disabled account that stays disabled is not a member (it was taken out when disabled).
        const account = target.get(operation.targetId)
        if (operation.action !== 'enable' && account !== undefined && !isActive(account)) {
          return { kind: 'not-provisioned', reason: 'the account is disabled' }
        }
        return { kind: 'linked', targetId: operation.targetId }
      }
      case 'disable':
      case 'delete':
        return { kind: 'not-provisioned', reason: operation.reason ?? 'being deprovisioned' }
      case 'skip':
      case 'conflict':
        return { kind: 'not-provisioned', reason: operation.reason ?? 'not provisioned' }
    }
  }
}
