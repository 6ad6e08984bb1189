import type { WritableDB } from '../database'

/**
 * Access governance, finished:
 *
 * - `leaverTicks`: a leaver's open checklist item the admin closed by hand and ticked off, with
 *   who and when (and a note). An item is its app plus, when it has them, its job and account
 *   (empty strings, not NULL, so they can be part of the key).
 * - `revocationWithdrawals`: a closed review's "remove" the admin took back. The standing
 *   revocation row is deleted (the job's next plan keeps the person); this row is the record of
 *   it, with who, when and why, and is never deleted but with its review.
 */
export function updateToSchemaVersion90(db: WritableDB): void {
  db.exec(`
    CREATE TABLE leaverTicks (
      sourceId TEXT NOT NULL,
      app TEXT NOT NULL,
      jobId TEXT NOT NULL,
      targetId TEXT NOT NULL,
      tickedBy TEXT NOT NULL,
      tickedAt INTEGER NOT NULL,
      note TEXT,
      PRIMARY KEY (sourceId, app, jobId, targetId)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE revocationWithdrawals (
      reviewId TEXT NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
      jobId TEXT NOT NULL,
      sourceId TEXT NOT NULL,
      withdrawnBy TEXT NOT NULL,
      withdrawnAt INTEGER NOT NULL,
      note TEXT,
      PRIMARY KEY (reviewId, jobId, sourceId)
    ) STRICT, WITHOUT ROWID;
  `)
}
