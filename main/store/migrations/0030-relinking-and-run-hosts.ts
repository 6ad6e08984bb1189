import type { WritableDB } from '../database'

/**
 * How each link was made and the admin's matching decisions (relinking, link commands, the
 * matching workbench), and the host of each run (the job lock cannot judge another machine's
 * process by its id).
 */
export function updateToSchemaVersion30(db: WritableDB): void {
  db.exec(`
    ALTER TABLE links ADD COLUMN origin TEXT CHECK (origin IN ('matched', 'created', 'relinked', 'admin'));
    ALTER TABLE links ADD COLUMN relinkedFrom TEXT;

    -- Before this version a link was either made by creating its account or by matching one.
    UPDATE links SET origin = 'created'
      WHERE (jobId, objectType, targetId) IN (
        SELECT jobId, objectType, targetId FROM journal
        WHERE operation = 'create' AND state = 'succeeded' AND targetId IS NOT NULL
          AND json_extract(resultJson, '$.status') IN ('created', 'done'));
    UPDATE links SET origin = 'matched' WHERE origin IS NULL;

    -- Decisions for people without a link; "link to this account" is a link with origin 'admin'.
    CREATE TABLE matchDecisions (
      jobId TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
      objectType TEXT NOT NULL CHECK (objectType IN ('user', 'group')),
      sourceId TEXT NOT NULL,
      decision TEXT NOT NULL CHECK (decision IN ('create', 'skip')),
      decidedAt INTEGER NOT NULL,
      PRIMARY KEY (jobId, objectType, sourceId)
    ) STRICT, WITHOUT ROWID;

    ALTER TABLE runs ADD COLUMN host TEXT;
  `)
}
