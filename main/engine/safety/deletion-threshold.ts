import type { GroupOperation } from '../plan/plan-groups'
import type { UserOperation } from '../plan/plan-users'

export interface DeletionThreshold {
  /** Most disables + deletes one run may do on its own (default 500). */
  readonly count: number
  /** Most disables + deletes as a percentage of linked accounts (default 20). */
  readonly percent: number
}

export interface DeletionCheck {
  /** Disables and deletes the plan holds (users and groups). */
  readonly deprovisions: number
  /** Linked, active accounts the percentage is taken of. */
  readonly linkedAccounts: number
  /** The lower of the two limits, in operations. */
  readonly limit: number
  readonly blocked: boolean
  readonly reason: string | null
}

/** Whether an operation counts against the threshold: it removes access (§G: "deletions … and disables"). */
export function isDeprovision(operation: UserOperation | GroupOperation): boolean {
  return operation.action === 'disable' || operation.action === 'delete'
}

/**
 * The accidental-deletion circuit breaker (§G): a run that would disable or delete more than the
 * absolute threshold, or more than the percentage of linked accounts — whichever is lower — stops
 * before any of those writes.
 */
export function checkDeletionThreshold(
  operations: ReadonlyArray<UserOperation | GroupOperation>,
  linkedAccounts: number,
  threshold: DeletionThreshold
): DeletionCheck {
  const deprovisions = operations.filter(isDeprovision).length
  // One leaver never blocks a small organisation's run (20 % of 4 accounts would otherwise allow
  // none); a count of 0 still asks for every disable and delete to be approved.
  const byPercent = Math.max(1, Math.floor((threshold.percent / 100) * linkedAccounts))
  const limit = Math.min(threshold.count, byPercent)
  const blocked = deprovisions > 0 && deprovisions > limit
  const reason = blocked
    ? `The run would disable or delete ${deprovisions} object(s), more than the deletion threshold allows ` +
      `(${limit}: the lower of ${threshold.count} and ${threshold.percent}% of ${linkedAccounts} linked account(s))`
    : null
  return { deprovisions, linkedAccounts, limit, blocked, reason }
}
