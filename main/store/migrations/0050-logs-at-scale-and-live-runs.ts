import type { WritableDB } from '../database'

/** The error codes of a planner conflict (DESIGN §3: several matches, or one account for several people). */
export const CONFLICT_ERROR_CODES = ['DuplicateTargetEntries', 'DuplicateSourceEntries'] as const

/**
 * What the admin app needs to show a run whoever started it, and the log at a million rows:
 *
 * - `logNameTrigrams`: every display name of `logDisplayNames` in an FTS5 trigram index, so the
 *   identity filter finds a name by any part of it ("lovelace" in "ada.lovelace@example.com")
 *   without reading every name. The names table gains rows only when a new name appears (its
 *   own trigger), so the index costs nothing per log entry. Nothing deletes names; a stale one
 *   would only widen the candidates, which each entry's own check narrows again.
 * - Conflicts get their own log action; earlier ones were logged as `other` with a conflict code.
 * - Runs record their progress (written by the running process, read by any other), what they
 *   read (people, accounts) and the accounts no one manages, for the dashboard.
 * - `plannedOperations`: what a dry run decided, in plan order, so it can be reopened and paged.
 */
export function updateToSchemaVersion50(db: WritableDB): void {
  db.exec(`
    CREATE VIRTUAL TABLE logNameTrigrams USING fts5(name, sourceId UNINDEXED, tokenize = 'trigram');
    INSERT INTO logNameTrigrams (name, sourceId) SELECT name, sourceId FROM logDisplayNames;
    CREATE TRIGGER log_display_name_added AFTER INSERT ON logDisplayNames BEGIN
      INSERT INTO logNameTrigrams (name, sourceId) VALUES (new.name, new.sourceId);
    END;

    UPDATE logEntries SET action = 'conflict'
      WHERE action = 'other' AND errorCode IN (${CONFLICT_ERROR_CODES.map(code => `'${code}'`).join(', ')});

    ALTER TABLE runs ADD COLUMN progressDone INTEGER;
    ALTER TABLE runs ADD COLUMN progressTotal INTEGER;
    ALTER TABLE runs ADD COLUMN sourceCount INTEGER;
    ALTER TABLE runs ADD COLUMN targetCount INTEGER;
    ALTER TABLE runs ADD COLUMN unmanagedCount INTEGER;

    CREATE TABLE plannedOperations (
      id INTEGER PRIMARY KEY,
      runId TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
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
    CREATE INDEX planned_by_run ON plannedOperations (runId, id);
    CREATE INDEX planned_by_action ON plannedOperations (runId, action, id);
  `)
}
