import { type EscrowEntry, type EscrowFailure, escrowKey } from '../model/escrow'
import type { ObjectType } from '../model/log-entry'
import { storedText } from '../secrets/redact-text'
import type { ReadableDB, WritableDB } from './database'
import { prepared } from './statement-cache'

export function loadEscrow(db: ReadableDB, jobId: string): Map<string, EscrowEntry> {
  const entries = new Map<string, EscrowEntry>()
  for (const row of prepared(db, 'SELECT * FROM escrow WHERE jobId = ?').iterate(
    jobId
  ) as IterableIterator<EscrowEntry>) {
    entries.set(escrowKey(row.objectType, row.sourceId), row)
  }
  return entries
}

/**
 * Escrow delays after the n-th failed run, as Entra's retry schedule (§F): 6 h, 12 h, then daily.
 */
export const ESCROW_DELAYS_MS: ReadonlyArray<number> = [6 * 3_600_000, 12 * 3_600_000, 24 * 3_600_000]

export function escrowDelay(attempts: number): number {
  return ESCROW_DELAYS_MS[Math.min(attempts, ESCROW_DELAYS_MS.length) - 1] ?? 24 * 3_600_000
}

/** Records one more failed attempt; returns the attempt count. Call inside a transaction when writing many. */
export function recordEscrowFailure(db: WritableDB, entry: EscrowFailure, now: number = Date.now()): number {
  const previous = prepared(
    db,
    'SELECT attempts FROM escrow WHERE jobId = ? AND objectType = ? AND sourceId = ?'
  ).get(entry.jobId, entry.objectType, entry.sourceId) as { attempts: number } | undefined
  const attempts = (previous?.attempts ?? 0) + 1
  prepared(
    db,
    `INSERT INTO escrow (jobId, objectType, sourceId, action, attempts, firstFailedAt, lastFailedAt,
       nextAttemptAt, errorCode, message)
     VALUES (@jobId, @objectType, @sourceId, @action, @attempts, @now, @now, @next, @errorCode, @message)
     ON CONFLICT (jobId, objectType, sourceId) DO UPDATE SET action = excluded.action,
       attempts = excluded.attempts, lastFailedAt = excluded.lastFailedAt,
       nextAttemptAt = excluded.nextAttemptAt, errorCode = excluded.errorCode, message = excluded.message`
  ).run({ ...entry, message: storedText(entry.message), attempts, now, next: now + escrowDelay(attempts) })
  return attempts
}

export function clearEscrow(db: WritableDB, jobId: string, objectType: ObjectType, sourceId: string): void {
  prepared(db, 'DELETE FROM escrow WHERE jobId = ? AND objectType = ? AND sourceId = ?').run(
    jobId,
    objectType,
    sourceId
  )
}

export function clearAllEscrow(db: WritableDB, jobId: string): number {
  return prepared(db, 'DELETE FROM escrow WHERE jobId = ?').run(jobId).changes
}
