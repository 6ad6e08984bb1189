import type { WritableDB } from '../database'

/**
 * Access governance (who has an account in which app, access reviews, leaver checklists):
 *
 * - `targetListings` / `targetAccounts`: the last listing of each job's target, compact (ids,
 *   userName, display name, active; nothing else of the account), replaced by every run or
 *   refresh. The access map joins it with the links to show unmanaged accounts and userNames.
 * - `sourcePeople`: who the job's source held at its last run (id and display only), so a
 *   person missing from an authoritative source is known to have left.
 * - `reviews` / `reviewItems`: access reviews, one row per account with the reviewer's decision.
 * - `accessRevocations`: "remove" decisions on managed accounts of a closed review; the job's
 *   next plan treats those people as out of scope (a disable through the normal dry run and
 *   deletion threshold).
 */
export function updateToSchemaVersion80(db: WritableDB): void {
  db.exec(`
    CREATE TABLE targetListings (
      jobId TEXT PRIMARY KEY REFERENCES jobs(id) ON DELETE CASCADE,
      listedAt INTEGER NOT NULL,
      runId TEXT,
      accountCount INTEGER NOT NULL
    ) STRICT;
    CREATE TABLE targetAccounts (
      jobId TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
      targetId TEXT NOT NULL,
      userName TEXT,
      displayName TEXT,
      active INTEGER NOT NULL CHECK (active IN (0, 1)),
      PRIMARY KEY (jobId, targetId)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE sourcePeople (
      jobId TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
      sourceId TEXT NOT NULL,
      display TEXT,
      PRIMARY KEY (jobId, sourceId)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE reviews (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      reviewer TEXT NOT NULL,
      jobIdsJson TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
      createdAt INTEGER NOT NULL,
      updatedAt INTEGER NOT NULL,
      closedAt INTEGER
    ) STRICT;
    CREATE TABLE reviewItems (
      reviewId TEXT NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
      jobId TEXT NOT NULL,
      targetId TEXT NOT NULL,
      sourceId TEXT,
      userName TEXT,
      display TEXT,
      state TEXT NOT NULL,
      decision TEXT CHECK (decision IN ('keep', 'remove', 'investigate')),
      comment TEXT,
      decidedAt INTEGER,
      PRIMARY KEY (reviewId, jobId, targetId)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE accessRevocations (
      jobId TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
      sourceId TEXT NOT NULL,
      reviewId TEXT NOT NULL,
      decidedAt INTEGER NOT NULL,
      PRIMARY KEY (jobId, sourceId)
    ) STRICT, WITHOUT ROWID;
  `)
}
