import type { WritableDB } from '../database'

/**
 * Incremental reads of a directory source (Microsoft Graph delta queries): per job and object
 * type, the delta link the next round starts from and what it was asked for, and the local copy
 * of the directory those rounds keep current (source attributes and group members, never a
 * credential: a delta link is a position in Graph's change log, useless without a token).
 */
export function updateToSchemaVersion40(db: WritableDB): void {
  db.exec(`
    CREATE TABLE sourceWatermarks (
      jobId TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
      objectType TEXT NOT NULL CHECK (objectType IN ('user', 'group')),
      deltaLink TEXT NOT NULL,
      selection TEXT NOT NULL,
      updatedAt INTEGER NOT NULL,
      PRIMARY KEY (jobId, objectType)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE sourceMirror (
      jobId TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
      objectType TEXT NOT NULL CHECK (objectType IN ('user', 'group')),
      sourceId TEXT NOT NULL,
      attributesJson TEXT NOT NULL,
      membersJson TEXT,
      PRIMARY KEY (jobId, objectType, sourceId)
    ) STRICT, WITHOUT ROWID;
  `)
}
