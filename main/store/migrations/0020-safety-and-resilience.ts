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
 * Log indexes for a million rows (DESIGN §6): every log query reads one page of about 100 rows
 * in id order, without sorting, and inserts stay cheap.
 *
 * - Each index ends in `id`, the order pages are read in. A job or run without a status filter
 *   is read as its four status ranges merged by id.
 * - `logTimeBuckets` holds the least and greatest time of every 1,024 consecutive ids; it turns
 *   time bounds into id bounds (and replaces the time index for pruning). Times only roughly grow
 *   with ids (concurrent writers, batched flushes, clock steps), so nothing assumes they do: a
 *   bucket's range always covers its entries and queries keep the exact time predicate.
 * - Identity search looks up `logDisplayNames` (display name, NOCASE, to source id) and
 *   `logTargetOwners` (target id to source id), then the entries by source id (`log_by_source`,
 *   which also finds the rare entries without one). These small tables change only when a new
 *   name or account appears, where indexes on the display names and target id of every entry
 *   would cost a random B-tree write per insert (the target id index goes).
 *
 * The triggers keep the three tables covering every entry, whoever writes it.
 */
function updateLogIndexes(db: WritableDB): void {
  const track = `
      INSERT INTO logTimeBuckets (bucket, minTime, maxTime) VALUES (NEW.id >> 10, NEW.time, NEW.time)
        ON CONFLICT (bucket) DO UPDATE SET minTime = min(minTime, excluded.minTime),
          maxTime = max(maxTime, excluded.maxTime);
      INSERT OR IGNORE INTO logDisplayNames (name, sourceId)
        SELECT NEW.sourceDisplay, NEW.sourceId WHERE NEW.sourceId IS NOT NULL AND NEW.sourceDisplay IS NOT NULL;
      INSERT OR IGNORE INTO logDisplayNames (name, sourceId)
        SELECT NEW.targetDisplay, NEW.sourceId WHERE NEW.sourceId IS NOT NULL AND NEW.targetDisplay IS NOT NULL
          AND NEW.targetDisplay IS NOT NEW.sourceDisplay;
      INSERT OR IGNORE INTO logTargetOwners (targetId, sourceId)
        SELECT NEW.targetId, NEW.sourceId WHERE NEW.sourceId IS NOT NULL AND NEW.targetId IS NOT NULL;`
  db.exec(`
    DROP INDEX log_by_run;
    DROP INDEX log_by_job_time;
    DROP INDEX log_by_time;
    DROP INDEX log_by_status;
    DROP INDEX log_by_action;
    DROP INDEX log_by_target;
    CREATE INDEX log_by_run_status ON logEntries (runId, status, id);
    CREATE INDEX log_by_job_status ON logEntries (jobId, status, id);
    CREATE INDEX log_by_status_id ON logEntries (status, id);
    CREATE INDEX log_by_action_id ON logEntries (action, id);

    CREATE TABLE logTimeBuckets (
      bucket INTEGER PRIMARY KEY,
      minTime INTEGER NOT NULL,
      maxTime INTEGER NOT NULL
    ) STRICT;
    CREATE TABLE logDisplayNames (
      name TEXT NOT NULL COLLATE NOCASE,
      sourceId TEXT NOT NULL,
      PRIMARY KEY (name, sourceId)
    ) STRICT, WITHOUT ROWID;
    CREATE TABLE logTargetOwners (
      targetId TEXT NOT NULL,
      sourceId TEXT NOT NULL,
      PRIMARY KEY (targetId, sourceId)
    ) STRICT, WITHOUT ROWID;

    INSERT INTO logTimeBuckets (bucket, minTime, maxTime)
      SELECT id >> 10, min(time), max(time) FROM logEntries GROUP BY id >> 10;
    INSERT OR IGNORE INTO logDisplayNames (name, sourceId)
      SELECT sourceDisplay, sourceId FROM logEntries WHERE sourceId IS NOT NULL AND sourceDisplay IS NOT NULL
      UNION ALL
      SELECT targetDisplay, sourceId FROM logEntries WHERE sourceId IS NOT NULL AND targetDisplay IS NOT NULL;
    INSERT OR IGNORE INTO logTargetOwners (targetId, sourceId)
      SELECT targetId, sourceId FROM logEntries WHERE sourceId IS NOT NULL AND targetId IS NOT NULL;

    CREATE TRIGGER log_entry_inserted AFTER INSERT ON logEntries BEGIN ${track}
    END;
    CREATE TRIGGER log_entry_updated
      AFTER UPDATE OF id, time, sourceId, sourceDisplay, targetId, targetDisplay ON logEntries BEGIN ${track}
    END;
  `)
}
