import type { PlannedChange, UserAction } from './plan'

/**
 * The matching workbench's tabs: where each source person and each target account stands
 * before (or between) runs. Every person in the source is in exactly one of the first five;
 * every account no person of this job holds is in one of the last two.
 */
export const WORKBENCH_TABS = [
  'matched',
  'create',
  'ambiguous',
  'no-value',
  'not-provisioned',
  'unmanaged',
  'other-job',
] as const
export type WorkbenchTab = (typeof WORKBENCH_TABS)[number]

/** An account in the target as an admin recognises it: by name and state, not by its id alone. */
export interface AccountView {
  readonly id: string
  readonly userName: string | null
  readonly displayName: string | null
  readonly active: boolean
}

/** The admin's own standing choice for the person, which "Undo decision" withdraws. */
export type WorkbenchDecision = 'link' | 'create' | 'skip'

export interface WorkbenchRow {
  /** Unique within its tab: the source id, or the account id for account tabs. */
  readonly key: string
  readonly sourceId: string | null
  /** The person's display name in the source. */
  readonly person: string | null
  readonly account: AccountView | null
  /** What the next run would do for the person (matched, create, ambiguous, skipped rows). */
  readonly action: UserAction | null
  /** How the account was found, e.g. `userName = "ada@example.com"`, or `linked by the admin`. */
  readonly matchedOn: string | null
  /** What an update would send to the account (matched rows). */
  readonly changes: ReadonlyArray<PlannedChange>
  /** A link that renames the userName, re-enables a disabled account, or an account another job holds. */
  readonly warnings: ReadonlyArray<string>
  readonly reason: string | null
  /** Every account the person's matching attributes find (ambiguous rows). */
  readonly candidates: ReadonlyArray<AccountView>
  readonly decision: WorkbenchDecision | null
  /** The job that links this account (other-job rows, or a matched account another job also holds). */
  readonly otherJob: string | null
}
