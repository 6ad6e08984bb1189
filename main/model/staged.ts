import type { ObjectType } from './log-entry'

export type StagedState = 'staged' | 'applied' | 'failed' | 'refused'

/** A disable or delete held back by the deletion threshold until an admin approves it. */
export interface StagedOperation {
  readonly runId: string
  readonly changeId: string
  readonly jobId: string
  readonly objectType: ObjectType
  readonly action: 'disable' | 'delete'
  readonly sourceId: string | null
  readonly targetId: string
  readonly display: string | null
  /** The planned operation as `plan --json` shows it. */
  readonly operation: unknown
  readonly state: StagedState
  readonly resolvedByRunId: string | null
}

/** A staged operation as a run records it (not yet approved or refused). */
export type NewStagedOperation = Omit<StagedOperation, 'state' | 'resolvedByRunId'>
