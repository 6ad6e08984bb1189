import type { WritableDB } from '../database'

/**
 * Richer run progress and cancelling a run from another process.
 *
 * - Progress names its phase (reading the source, reading the target, planning, applying,
 *   finishing), the rate and time left the running process measured, and the failures so far,
 *   so the app shows a CLI's or a schedule's run as it shows its own. Older rows keep phase null
 *   (read as `applying`, the only phase that was recorded).
 * - `cancelRequestedAt`: the app asked to stop a run another process owns; that process's
 *   progress reporter sees it on its next tick and cancels the run itself.
 */
export function updateToSchemaVersion110(db: WritableDB): void {
  db.exec(`
    ALTER TABLE runs ADD COLUMN progressPhase TEXT CHECK (progressPhase IN
      ('reading-source', 'reading-target', 'planning', 'applying', 'finishing'));
    ALTER TABLE runs ADD COLUMN progressFailures INTEGER;
    ALTER TABLE runs ADD COLUMN progressRate REAL;
    ALTER TABLE runs ADD COLUMN progressEta REAL;
    ALTER TABLE runs ADD COLUMN cancelRequestedAt INTEGER;
  `)
}
