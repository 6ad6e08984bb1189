import type { WritableDB } from '../database'

/**
 * Jobs, runs, links, provisioning log and write journal.
 *
 * Times are INTEGER milliseconds since the epoch (UTC): cheaper to index and range-scan than
 * text at a million log rows, and converted to ISO 8601 at the store boundary.
 */
export function updateToSchemaVersion10(db: WritableDB): void {
  db.exec(`
    CREATE TABLE jobs (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      configJson TEXT NOT NULL,
      configPath TEXT,
      createdAt INTEGER NOT NULL,
      updatedAt INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE runs (
      id TEXT PRIMARY KEY,
      jobId TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
      mode TEXT NOT NULL CHECK (mode IN ('dry-run', 'apply', 'on-demand')),
      status TEXT NOT NULL CHECK (status IN ('running', 'completed', 'completed-with-errors',
        'failed', 'blocked', 'quarantined', 'cancelled')),
      startedAt INTEGER NOT NULL,
      finishedAt INTEGER,
      summaryJson TEXT,
      failedCount INTEGER NOT NULL DEFAULT 0,
      error TEXT,
      pid INTEGER
    ) STRICT;
    CREATE INDEX runs_by_job ON runs (jobId, startedAt);

    CREATE TABLE links (
      jobId TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
      objectType TEXT NOT NULL CHECK (objectType IN ('user', 'group')),
      sourceId TEXT NOT NULL,
      targetId TEXT NOT NULL,
      state TEXT NOT NULL CHECK (state IN ('active', 'disabled', 'deleted')),
      exportedHash TEXT,
      display TEXT,
      createdAt INTEGER NOT NULL,
      updatedAt INTEGER NOT NULL,
      stateChangedAt INTEGER NOT NULL,
      PRIMARY KEY (jobId, objectType, sourceId)
    ) STRICT, WITHOUT ROWID;
    CREATE UNIQUE INDEX links_by_target ON links (jobId, objectType, targetId);

    CREATE TABLE logEntries (
      id INTEGER PRIMARY KEY,
      time INTEGER NOT NULL,
      jobId TEXT NOT NULL,
      runId TEXT NOT NULL,
      changeId TEXT NOT NULL,
      objectType TEXT NOT NULL,
      action TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('success', 'failure', 'skipped', 'warning')),
      sourceId TEXT,
      sourceDisplay TEXT,
      targetId TEXT,
      targetDisplay TEXT,
      stepsJson TEXT NOT NULL,
      modifiedJson TEXT NOT NULL,
      reason TEXT,
      errorCode TEXT,
      httpStatus INTEGER,
      scimType TEXT,
      scimDetail TEXT,
      durationMs INTEGER,
      attempts INTEGER NOT NULL DEFAULT 1
    ) STRICT;
    CREATE INDEX log_by_run ON logEntries (runId, id);
    CREATE INDEX log_by_job_time ON logEntries (jobId, time);
    CREATE INDEX log_by_time ON logEntries (time);
    CREATE INDEX log_by_status ON logEntries (status, time);
    CREATE INDEX log_by_action ON logEntries (action, time);
    CREATE INDEX log_by_source ON logEntries (sourceId);
    CREATE INDEX log_by_target ON logEntries (targetId);

    CREATE TABLE journal (
      id INTEGER PRIMARY KEY,
      runId TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
      jobId TEXT NOT NULL,
      changeId TEXT NOT NULL,
      objectType TEXT NOT NULL,
      sourceId TEXT,
      targetId TEXT,
      operation TEXT NOT NULL,
      intentJson TEXT NOT NULL,
      beforeJson TEXT,
      state TEXT NOT NULL CHECK (state IN ('pending', 'succeeded', 'failed')),
      resultJson TEXT,
      startedAt INTEGER NOT NULL,
      finishedAt INTEGER
    ) STRICT;
    CREATE INDEX journal_by_run ON journal (runId, state);
    CREATE INDEX journal_pending ON journal (jobId, state) WHERE state = 'pending';
  `)
}
