import type { JournalIntent } from '../../model/journal'
import type { LinkWrite } from '../../model/link'
import { inTransaction, type WritableDB } from '../../store/database'
import { discardIntents, recordIntent, recordOutcome } from '../../store/journal-store'
import { deleteLink, upsertLink } from '../../store/links-store'
import { clearEscrow, recordEscrowFailure } from '../../store/escrow-store'
import { insertLogEntries } from '../../store/logs-store'
import type { NewLogEntry, ObjectType } from '../../model/log-entry'

/** One more failed attempt of an object (escrowed for later runs), or its escrow cleared by a success. */
export type EscrowChange =
  | {
      readonly kind: 'failure'
      readonly jobId: string
      readonly objectType: ObjectType
      readonly sourceId: string
      readonly action: string
      readonly errorCode: string | null
      readonly message: string | null
    }
  | {
      readonly kind: 'clear'
      readonly jobId: string
      readonly objectType: ObjectType
      readonly sourceId: string
    }

/** Everything one finished operation leaves in the store. */
export interface Completion {
  readonly journalId?: number
  readonly outcome?: {
    readonly state: 'succeeded' | 'failed'
    readonly targetId: string | null
    readonly result: unknown
  }
  readonly link?: LinkWrite
  readonly unlink?: { readonly jobId: string; readonly objectType: ObjectType; readonly sourceId: string }
  readonly log?: NewLogEntry
  readonly escrow?: EscrowChange
}

const FLUSH_SIZE = 256
const FLUSH_DELAY_MS = 100

/**
 * Batches a run's store writes into few transactions.
 *
 * Intents are written (committed) before their requests leave; completions are grouped and
 * committed every few hundred operations or 100 ms. A crash can lose only the last group's
 * completions, whose journal rows stay `pending` and are reconciled on the next run.
 */
export class RunRecorder {
  private pending: Completion[] = []
  private timer: NodeJS.Timeout | null = null
  /** A failed background flush, reported to the run at its next store write. */
  private failure: unknown = null

  public constructor(private readonly db: WritableDB) {}

  /** Commits several intents at once; returns their journal ids in order. */
  public recordIntents(intents: ReadonlyArray<JournalIntent>): number[] {
    return inTransaction(this.db, () => intents.map(intent => recordIntent(this.db, intent)))
  }

  /** Takes back intents whose requests were never sent (a cancelled run stopped before them). */
  public discardIntents(journalIds: ReadonlyArray<number>): void {
    inTransaction(this.db, () => discardIntents(this.db, journalIds))
  }

  public complete(completion: Completion): void {
    this.pending.push(completion)
    if (this.pending.length >= FLUSH_SIZE) {
      this.flush()
    } else if (this.timer === null) {
      this.timer = setTimeout(() => {
        try {
          this.flush()
        } catch (error) {
          // Thrown from a timer it would kill the process; the run sees it at its next write.
          this.failure = error
        }
      }, FLUSH_DELAY_MS)
    }
  }

  /**
   * Commits every pending completion in one transaction. On failure nothing is lost: the batch
   * stays pending (the transaction rolled back) and the error is thrown to the run.
   */
  public flush(): void {
    if (this.timer !== null) {
      clearTimeout(this.timer)
      this.timer = null
    }
    if (this.failure !== null) {
      const failure = this.failure
      this.failure = null
      throw failure
    }
    if (this.pending.length === 0) return
    const batch = this.pending
    this.pending = []
    try {
      this.commit(batch)
    } catch (error) {
      this.pending = [...batch, ...this.pending]
      throw error
    }
  }

  private commit(batch: ReadonlyArray<Completion>): void {
    inTransaction(this.db, () => {
      const logs: NewLogEntry[] = []
      for (const completion of batch) {
        if (completion.journalId !== undefined && completion.outcome !== undefined) {
          recordOutcome(this.db, completion.journalId, completion.outcome)
        }
        if (completion.link !== undefined) {
          upsertLink(this.db, completion.link)
        }
        if (completion.unlink !== undefined) {
          deleteLink(
            this.db,
            completion.unlink.jobId,
            completion.unlink.objectType,
            completion.unlink.sourceId
          )
        }
        if (completion.log !== undefined) {
          logs.push(completion.log)
        }
        const escrow = completion.escrow
        if (escrow?.kind === 'failure') {
          recordEscrowFailure(this.db, escrow)
        } else if (escrow?.kind === 'clear') {
          clearEscrow(this.db, escrow.jobId, escrow.objectType, escrow.sourceId)
        }
      }
      insertLogEntries(this.db, logs)
    })
  }
}
