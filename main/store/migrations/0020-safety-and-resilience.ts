import type { WritableDB } from '../database'

/**
 * Quarantine state per job, escrowed retries, operations staged by the deletion threshold, run
 * kinds (undo, approving staged deletes), and log indexes that stay fast at a million rows.
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
  updateLogIndexes(db)
}

/**
 * Log indexes that serve every log query newest first without sorting (DESIGN §6: a million rows).
 *
 * Each index ends in `id`, the order every page is read in, so a page of 100 reads about 100
 * index entries. A job or run without a status is read as four status ranges merged by id.
 * Identity search looks display names up by a case-insensitive (NOCASE) prefix range.
 *
 * Time bounds become id bounds through `logTimeBuckets`: the smallest and largest time of every
 * 1,024 consecutive ids, kept by trigger. This needs no assumption that times grow with ids
 * (they do only roughly: concurrent writers, batched flushes, clock steps); a bucket's range is
 * always a superset, and the queries keep the exact time predicate. It also replaces the time
 * index for pruning.
 */
function updateLogIndexes(db: WritableDB): void {
  db.exec(`
    DROP INDEX log_by_run;
    DROP INDEX log_by_job_time;
    DROP INDEX log_by_time;
    DROP INDEX log_by_status;
    DROP INDEX log_by_action;
    CREATE INDEX log_by_run_status ON logEntries (runId, status, id);
    CREATE INDEX log_by_job_status ON logEntries (jobId, status, id);
    CREATE INDEX log_by_status_id ON logEntries (status, id);
    CREATE INDEX log_by_action_id ON logEntries (action, id);
    CREATE INDEX log_by_source_display ON logEntries (sourceDisplay COLLATE NOCASE);
    CREATE INDEX log_by_target_display ON logEntries (targetDisplay COLLATE NOCASE)
      WHERE targetDisplay IS NOT sourceDisplay;

    CREATE TABLE logTimeBuckets (
      bucket INTEGER PRIMARY KEY,
      minTime INTEGER NOT NULL,
      maxTime INTEGER NOT NULL
    ) STRICT;
    INSERT INTO logTimeBuckets (bucket, minTime, maxTime)
      SELECT id >> 10, min(time), max(time) FROM logEntries GROUP BY id >> 10;
    CREATE TRIGGER log_time_bucket_insert AFTER INSERT ON logEntries BEGIN
      INSERT INTO logTimeBuckets (bucket, minTime, maxTime) VALUES (NEW.id >> 10, NEW.time, NEW.time)
        ON CONFLICT (bucket) DO UPDATE SET minTime = min(minTime, excluded.minTime),
          maxTime = max(maxTime, excluded.maxTime);
    END;
    CREATE TRIGGER log_time_bucket_update AFTER UPDATE OF id, time ON logEntries BEGIN
      INSERT INTO logTimeBuckets (bucket, minTime, maxTime) VALUES (NEW.id >> 10, NEW.time, NEW.time)
        ON CONFLICT (bucket) DO UPDATE SET minTime = min(minTime, excluded.minTime),
          maxTime = max(maxTime, excluded.maxTime);
    END;
  `)
}
