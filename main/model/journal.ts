import type { ObjectType } from './log-entry'

export type JournalState = 'pending' | 'succeeded' | 'failed'

/** What the run is about to send; recorded before the request leaves. */
export interface JournalIntent {
  readonly runId: string
  readonly jobId: string
  readonly changeId: string
  readonly objectType: ObjectType
  readonly sourceId: string | null
  readonly targetId: string | null
  readonly operation: string
  /** The request in words and data, secrets redacted. */
  readonly intent: unknown
  /** Target values before the write (what undo restores), secrets redacted. */
  readonly before: unknown
}

/** A journaled write: the intent, and its outcome once known. */
export interface JournalEntry extends JournalIntent {
  readonly id: number
  readonly state: JournalState
  readonly result: unknown
  readonly startedAt: string
  readonly finishedAt: string | null
}

/** The outcome of a journaled write. */
export interface JournalOutcome {
  readonly state: 'succeeded' | 'failed'
  readonly targetId: string | null
  readonly result: unknown
}
