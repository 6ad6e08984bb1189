import type { ObjectType } from './log-entry'

/** An object whose last write failed with an error that may clear up; retried on later runs. */
export interface EscrowEntry {
  readonly jobId: string
  readonly objectType: ObjectType
  readonly sourceId: string
  readonly action: string
  /** Failed attempts so far (runs, not HTTP requests). */
  readonly attempts: number
  readonly firstFailedAt: number
  readonly lastFailedAt: number
  /** Scheduled runs leave the object alone until then (epoch ms). */
  readonly nextAttemptAt: number
  readonly errorCode: string | null
  readonly message: string | null
}

/** One more failed attempt of an object, as a run reports it (the store counts and schedules). */
export type EscrowFailure = Pick<
  EscrowEntry,
  'jobId' | 'objectType' | 'sourceId' | 'action' | 'errorCode' | 'message'
>

/** How escrow entries are keyed in a job's escrow map: `user:1001`. */
export function escrowKey(objectType: ObjectType, sourceId: string): string {
  return `${objectType}:${sourceId}`
}
