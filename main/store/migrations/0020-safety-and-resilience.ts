import type { WritableDB } from '../database'

/**
 * Quarantine state per job, escrowed retries, operations staged by the deletion threshold, and
 * run kinds (undo, approving staged deletes).
 */
export function updateToSchemaVersion20(db: WritableDB): void {
  db.exec(`
    ALTER TABLE runs ADD COLUMN kind TEXT NOT NULL DEFAULT 'sync'
      CHECK (kind IN ('sync', 'undo', 'approve-deletes'));
    ALTER TABLE runs ADD COLUMN relatedRunId TEXT;

    CREATE TABLE jobState (
      jobId TEXT PRIMARY KEY REFERENCES jobs(id) ON DELETE CASCADE,
      quarantinedAt INTEGER,
      quarantineCode TEXT,
      quarantineReason TEXT,
      quarantineRuns INTEGER NOT NULL DEFAULT 0,
      nextScheduledRunAt INTEGER,
      lastSuccessAt INTEGER
    ) STRICT;

    CREATE TABLE escrow (
      jobId TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
      objectType TEXT NOT NULL CHECK (objectType IN ('user', 'group')),
      sourceId TEXT NOT NULL,
      action TEXT NOT NULL,
      attempts INTEGER NOT NULL,
      firstFailedAt INTEGER NOT NULL,
      lastFailedAt INTEGER NOT NULL,
      nextAttemptAt INTEGER NOT NULL,
      errorCode TEXT,
      message TEXT,
      PRIMARY KEY (jobId, objectType, sourceId)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE stagedOperations (
      runId TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
      changeId TEXT NOT NULL,
      jobId TEXT NOT NULL,
      objectType TEXT NOT NULL CHECK (objectType IN ('user', 'group')),
      action TEXT NOT NULL CHECK (action IN ('disable', 'delete')),
      sourceId TEXT,
      targetId TEXT NOT NULL,
      display TEXT,
      operationJson TEXT NOT NULL,
      state TEXT NOT NULL CHECK (state IN ('staged', 'applied', 'failed', 'refused')),
      resolvedByRunId TEXT,
      PRIMARY KEY (runId, changeId)
    ) STRICT;
    CREATE INDEX staged_by_job ON stagedOperations (jobId, state);
  `)
}
