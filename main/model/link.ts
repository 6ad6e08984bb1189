import type { ObjectType } from './log-entry'

export type LinkState = 'active' | 'disabled' | 'deleted'

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
}
