import type { WritableDB } from '../database'

/**
 * Jobs removed from the app but not from the state folder: the admin deleted a job and kept its
 * links and log, which come back if the same job file is used again.
 */
export function updateToSchemaVersion60(db: WritableDB): void {
  db.exec(`ALTER TABLE jobs ADD COLUMN removedAt INTEGER;`)
}
