import type { ObjectType } from './log-entry'

export type LinkState = 'active' | 'disabled' | 'deleted'

/**
 * How a link was made: the person matched an existing account, the job created the account,
 * the link moved from another source id (a rehire or a corrected id), or the admin decided it.
 */
export type LinkOrigin = 'matched' | 'created' | 'relinked' | 'admin'

/**
 * A source object joined to the target account it manages.
 *
 * Links make re-runs incremental and idempotent: once linked, an account is found by its
 * target id, never matched (and never created) again.
 */
export interface Link {
  readonly jobId: string
  readonly objectType: ObjectType
  readonly sourceId: string
  readonly targetId: string
  readonly state: LinkState
  /** Hash of the attribute values last written to the target. */
  readonly exportedHash: string | null
  readonly display: string | null
  /** ISO 8601 UTC of the last state change (used by "delete N days after disable"). */
  readonly stateChangedAt: string
  /** Null for links made before Provisioner recorded it. */
  readonly origin: LinkOrigin | null
  /** The source id the link moved from (origin `relinked`, or an admin's link that moved it). */
  readonly relinkedFrom: string | null
}

/**
 * An admin's standing decision for a source id that has no link: create a new account rather
 * than link the one the matching attributes find, or leave the person out. (The third decision,
 * "link to this account", is a link with origin `admin`.) Every later run honours it until the
 * admin changes it (`provisioner link`, `provisioner unlink`, the matching workbench).
 */
export type MatchDecision = 'create' | 'skip'

/**
 * A link to write; the store keeps the time of its state change. `origin` is given when the link
 * is made or moved; a write without it (a state or hash refresh) keeps what the link records.
 */
export type LinkWrite = Omit<Link, 'stateChangedAt' | 'origin' | 'relinkedFrom'> & {
  readonly origin?: LinkOrigin
  readonly relinkedFrom?: string | null
}
