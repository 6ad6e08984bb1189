import type { LinkOrigin } from './link'

/** An account's state as the access map shows it. */
export type AccessState = 'active' | 'disabled' | 'deleted' | 'staged'

/** One account in the app's last listing (compact: nothing else of the account is kept). */
export interface ListedAccount {
  readonly targetId: string
  readonly userName: string | null
  readonly displayName: string | null
  readonly active: boolean
}

/** An app: one job's target. Two jobs on the same SCIM base URL are one app. */
export interface AccessApp {
  readonly jobId: string
  readonly jobName: string
  /** The base URL for SCIM targets, else the target type (an app without automation). */
  readonly app: string
  readonly targetType: string
  readonly automated: boolean
  /** ISO time of the last listing, or null if the target was never listed. */
  readonly listedAt: string | null
  readonly authoritative: boolean
  /** Whether the job deprovisions people removed from its source (`whenRemoved` not "ignore"). */
  readonly deprovisions: boolean
}

/** A person's account in one job's app. */
export interface AccessAccount {
  readonly jobId: string
  readonly sourceId: string
  readonly targetId: string
  readonly userName: string | null
  readonly display: string | null
  readonly state: AccessState
  readonly linkedHow: LinkOrigin | null
  readonly relinkedFrom: string | null
  /** ISO time of the last change Provisioner made (or of the link's last state change). */
  readonly lastChangeAt: string
  readonly lastChangeRunId: string | null
  readonly lastChangeAction: string | null
}

/** An account in an app that no one in the source owns, with its last known state. */
export interface UnmanagedAccount {
  readonly app: string
  readonly jobIds: ReadonlyArray<string>
  readonly targetId: string
  readonly userName: string | null
  readonly displayName: string | null
  readonly state: 'active' | 'disabled'
  readonly listedAt: string
}

export interface AccessPerson {
  readonly sourceId: string
  readonly display: string | null
  /** Jobs whose source held the person at its last run. */
  readonly inSourceOf: ReadonlyArray<string>
  readonly accounts: ReadonlyArray<AccessAccount>
}

export interface AccessMap {
  readonly apps: ReadonlyArray<AccessApp>
  readonly people: ReadonlyArray<AccessPerson>
  readonly unmanaged: ReadonlyArray<UnmanagedAccount>
}

export type ReviewDecision = 'keep' | 'remove' | 'investigate'

export interface ReviewItem {
  readonly jobId: string
  readonly targetId: string
  /** Null for an unmanaged account. */
  readonly sourceId: string | null
  readonly userName: string | null
  readonly display: string | null
  readonly state: string
  readonly decision: ReviewDecision | null
  readonly comment: string | null
  readonly decidedAt: string | null
}

export interface ReviewCounts {
  readonly total: number
  readonly keep: number
  readonly remove: number
  readonly investigate: number
  readonly undecided: number
}

export interface Review {
  readonly id: string
  readonly name: string
  readonly reviewer: string
  readonly jobIds: ReadonlyArray<string>
  readonly status: 'open' | 'closed'
  readonly createdAt: string
  readonly updatedAt: string
  readonly closedAt: string | null
  readonly counts: ReviewCounts
}

/** Why a leaver still has an account that is active. */
export type StillActiveReason =
  | 'no-job'
  | 'protected'
  | 'staged'
  | 'failed'
  | 'no-automation'
  | 'still-in-source'
  | 'not-authoritative'
  | 'deprovisioning-off'
  | 'pending'

export interface LeaverItem {
  readonly app: string
  readonly jobId: string | null
  readonly targetId: string | null
  readonly userName: string | null
  readonly state: AccessState | 'unknown'
  /** For disabled/deleted accounts: when, and by which run. */
  readonly changedAt: string | null
  readonly runId: string | null
  /** Null when the account is closed (disabled or deleted). */
  readonly reason: StillActiveReason | null
  readonly detail: string
  /** An open item the admin ticked off as closed by hand; null when not ticked. */
  readonly ticked: LeaverTick | null
}

/** Who ticked off a leaver's item, when, and their note. */
export interface LeaverTick {
  readonly by: string
  readonly at: string
  readonly note: string | null
}

export interface LeaverChecklist {
  readonly sourceId: string
  readonly display: string | null
  /** Jobs with an authoritative source that no longer holds the person. */
  readonly leftSourceOf: ReadonlyArray<string>
  readonly items: ReadonlyArray<LeaverItem>
}

/**
 * A managed account a closed review removed: the revocation still stands (the job's plans disable
 * the person), was withdrawn (who, when, why), or a later review's decision replaced it.
 */
export interface ReviewRevocation {
  readonly jobId: string
  readonly sourceId: string
  readonly status: 'standing' | 'withdrawn' | 'replaced'
  readonly withdrawnBy: string | null
  readonly withdrawnAt: string | null
  readonly note: string | null
}
