import type { WritableDB } from '../database'

/**
 * Pausing a job (Entra's "Stop provisioning"): while a row is here, scheduled runs skip the job
 * and a manual apply is refused. Who paused it and when are kept so every view can say so.
 */
export function updateToSchemaVersion100(db: WritableDB): void {
  db.exec(`
    CREATE TABLE jobPauses (
      jobId TEXT NOT NULL PRIMARY KEY,
      pausedBy TEXT NOT NULL,
      pausedAt INTEGER NOT NULL,
      note TEXT
    ) STRICT, WITHOUT ROWID;
  `)
}
