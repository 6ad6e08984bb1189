import type { WritableDB } from '../database'

/**
 * What a dry run stores, at a fraction of the cost (issue 13: 100,000 people took 1.2 s).
 *
 * - `storedPlans`: one row per run whose plan is kept: the range of `plannedOperations` ids its
 *   operations hold (a plan is written in one transaction with consecutive ids, so the range is
 *   its own) and the change paths its operations name, by number. The run's id is kept here
 *   only, not in every operation row and index; deleting a run (or its job) deletes this row by
 *   the foreign key, and its trigger deletes the operations in the range.
 * - `plannedOperations` loses `runId`, its foreign key and the by-run index (a plan is a rowid
 *   range); the by-action index is `(action, id)`. Existing plans are copied in run order with
 *   new consecutive ids (ids are only paging cursors), their changes as they were: objects with
 *   their path, which the store still reads (new plans store flat `path number, from, to` triples).
 * - The accounts of a job's last listing of its target (`listedAccounts`) and who its source held
 *   (`listedPeople`) are one JSON array each, `[targetId, userName, displayName, active]` and
 *   `[sourceId, display]` items, instead of a table row per account and person: both are only
 *   ever written and read whole (100,000 rows cost 0.3 s to write, 0.1 s to read). Apart from
 *   `targetListings` (when, by which run, how many), so a run that lists the same accounts as the
 *   last one leaves their row unwritten.
 */
export function updateToSchemaVersion120(db: WritableDB): void {
  db.exec(`
    CREATE TABLE storedPlans (
      runId TEXT PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
      firstId INTEGER NOT NULL,
      lastId INTEGER NOT NULL,
      pathsJson TEXT NOT NULL,
      CHECK (lastId >= firstId)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE plannedOperationsLean (
      id INTEGER PRIMARY KEY,
      objectType TEXT NOT NULL CHECK (objectType IN ('user', 'group')),
      action TEXT NOT NULL,
      sourceId TEXT,
      targetId TEXT,
      display TEXT NOT NULL,
      changesJson TEXT NOT NULL,
      reason TEXT,
      errorCode TEXT,
      warningsJson TEXT
    ) STRICT;
    INSERT INTO plannedOperationsLean
        (id, objectType, action, sourceId, targetId, display, changesJson, reason, errorCode, warningsJson)
      SELECT row_number() OVER (ORDER BY runId, id), objectType, action, sourceId, targetId, display,
          changesJson, reason, errorCode, warningsJson
        FROM plannedOperations ORDER BY runId, id;
    INSERT INTO storedPlans (runId, firstId, lastId, pathsJson)
      SELECT runId, min(position), max(position), '[]'
        FROM (SELECT runId, row_number() OVER (ORDER BY runId, id) AS position FROM plannedOperations)
        GROUP BY runId;
    DROP TABLE plannedOperations;
    ALTER TABLE plannedOperationsLean RENAME TO plannedOperations;
    CREATE INDEX planned_by_action ON plannedOperations (action);

    CREATE TABLE listedAccounts (
      jobId TEXT PRIMARY KEY REFERENCES jobs(id) ON DELETE CASCADE,
      accountsJson TEXT NOT NULL
    ) STRICT;
    INSERT INTO listedAccounts (jobId, accountsJson)
      SELECT jobId, json_group_array(json_array(targetId, userName, displayName, active))
        FROM (SELECT * FROM targetAccounts ORDER BY jobId, targetId) GROUP BY jobId;
    DROP TABLE targetAccounts;

    CREATE TABLE listedPeople (
      jobId TEXT PRIMARY KEY REFERENCES jobs(id) ON DELETE CASCADE,
      peopleJson TEXT NOT NULL
    ) STRICT;
    INSERT INTO listedPeople (jobId, peopleJson)
      SELECT jobId, json_group_array(json_array(sourceId, display))
        FROM (SELECT * FROM sourcePeople ORDER BY jobId, sourceId) GROUP BY jobId;
    DROP TABLE sourcePeople;

    CREATE TRIGGER stored_plan_dropped AFTER DELETE ON storedPlans BEGIN
      DELETE FROM plannedOperations WHERE id BETWEEN old.firstId AND old.lastId;
    END;
  `)
}
