import type { WritableDB } from '../database'

/**
 * What a CSV hand-off target wrote in its files, per job: the account's id (the link's target
 * id) and the values handed off, so the next run's file holds only what changed since.
 */
export function updateToSchemaVersion70(db: WritableDB): void {
  db.exec(`
    CREATE TABLE handoffAccounts (
      jobId TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
      targetId TEXT NOT NULL,
      resourceJson TEXT NOT NULL,
      handedOffAt INTEGER NOT NULL,
      PRIMARY KEY (jobId, targetId)
    ) STRICT, WITHOUT ROWID;
  `)
}
