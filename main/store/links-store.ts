import type { Link, LinkWrite, MatchDecision } from '../model/link'
import type { ObjectType } from '../model/log-entry'
import type { ReadableDB, WritableDB } from './database'
import { prepared, toIso } from './statement-cache'

/** A `links` row: the link with its state change time as epoch milliseconds. */
type LinkRow = Omit<Link, 'stateChangedAt'> & { readonly stateChangedAt: number }

function rowToLink(row: LinkRow): Link {
  return {
    jobId: row.jobId,
    objectType: row.objectType,
    sourceId: row.sourceId,
    targetId: row.targetId,
    state: row.state,
    exportedHash: row.exportedHash,
    display: row.display,
    stateChangedAt: toIso(row.stateChangedAt),
    origin: row.origin,
    relinkedFrom: row.relinkedFrom,
  }
}

/** Every link of one object type in a job, keyed by source id. */
export function loadLinks(db: ReadableDB, jobId: string, objectType: ObjectType): Map<string, Link> {
  const links = new Map<string, Link>()
  const statement = prepared(db, 'SELECT * FROM links WHERE jobId = ? AND objectType = ?')
  for (const row of statement.iterate(jobId, objectType) as IterableIterator<LinkRow>) {
    links.set(row.sourceId, rowToLink(row))
  }
  return links
}

export function getLinkBySource(
  db: ReadableDB,
  jobId: string,
  objectType: ObjectType,
  sourceId: string
): Link | null {
  const row = prepared(db, 'SELECT * FROM links WHERE jobId = ? AND objectType = ? AND sourceId = ?').get(
    jobId,
    objectType,
    sourceId
  ) as LinkRow | undefined
  return row === undefined ? null : rowToLink(row)
}

/** The link that holds an account, if any. */
export function getLinkByTarget(
  db: ReadableDB,
  jobId: string,
  objectType: ObjectType,
  targetId: string
): Link | null {
  const row = prepared(db, 'SELECT * FROM links WHERE jobId = ? AND objectType = ? AND targetId = ?').get(
    jobId,
    objectType,
    targetId
  ) as LinkRow | undefined
  return row === undefined ? null : rowToLink(row)
}

/**
 * Inserts or updates links. `stateChangedAt` only moves when the state really changes, so
 * "disabled for N days" survives later runs that touch the link.
 *
 * Call inside a transaction when writing many.
 */
export function upsertLink(db: WritableDB, link: LinkWrite, now: number = Date.now()): void {
  // A target account belongs to one source object; a stale link to the same account (the source
  // id changed, or the account was re-matched) is replaced rather than duplicated.
  prepared(db, 'DELETE FROM links WHERE jobId = ? AND objectType = ? AND targetId = ? AND sourceId <> ?').run(
    link.jobId,
    link.objectType,
    link.targetId,
    link.sourceId
  )
  prepared(
    db,
    `INSERT INTO links (jobId, objectType, sourceId, targetId, state, exportedHash, display,
       createdAt, updatedAt, stateChangedAt, origin, relinkedFrom)
     VALUES (@jobId, @objectType, @sourceId, @targetId, @state, @exportedHash, @display, @now, @now, @now,
       @origin, @relinkedFrom)
     ON CONFLICT (jobId, objectType, sourceId) DO UPDATE SET
       targetId = excluded.targetId,
       relinkedFrom = CASE WHEN excluded.origin IS NULL THEN links.relinkedFrom ELSE excluded.relinkedFrom END,
       origin = coalesce(excluded.origin, links.origin),
       exportedHash = excluded.exportedHash,
       display = excluded.display,
       updatedAt = excluded.updatedAt,
       stateChangedAt = CASE WHEN links.state = excluded.state THEN links.stateChangedAt ELSE excluded.updatedAt END,
       state = excluded.state`
  ).run({
    jobId: link.jobId,
    objectType: link.objectType,
    sourceId: link.sourceId,
    targetId: link.targetId,
    state: link.state,
    exportedHash: link.exportedHash,
    display: link.display,
    origin: link.origin ?? null,
    relinkedFrom: link.origin === undefined ? null : (link.relinkedFrom ?? null),
    now,
  })
}

export function deleteLink(db: WritableDB, jobId: string, objectType: ObjectType, sourceId: string): void {
  prepared(db, 'DELETE FROM links WHERE jobId = ? AND objectType = ? AND sourceId = ?').run(
    jobId,
    objectType,
    sourceId
  )
}

export function countLinks(db: ReadableDB, jobId: string, objectType: ObjectType): number {
  const row = prepared(db, 'SELECT count(*) AS n FROM links WHERE jobId = ? AND objectType = ?').get(
    jobId,
    objectType
  ) as { n: number }
  return row.n
}

/** The admin's standing decisions for people without a link, by source id. */
export function loadMatchDecisions(
  db: ReadableDB,
  jobId: string,
  objectType: ObjectType
): Map<string, MatchDecision> {
  const decisions = new Map<string, MatchDecision>()
  const statement = prepared(
    db,
    'SELECT sourceId, decision FROM matchDecisions WHERE jobId = ? AND objectType = ?'
  )
  for (const row of statement.iterate(jobId, objectType) as IterableIterator<{
    sourceId: string
    decision: MatchDecision
  }>) {
    decisions.set(row.sourceId, row.decision)
  }
  return decisions
}

export function setMatchDecision(
  db: WritableDB,
  decision: {
    readonly jobId: string
    readonly objectType: ObjectType
    readonly sourceId: string
    readonly decision: MatchDecision
  },
  now: number = Date.now()
): void {
  prepared(
    db,
    `INSERT INTO matchDecisions (jobId, objectType, sourceId, decision, decidedAt)
     VALUES (@jobId, @objectType, @sourceId, @decision, @now)
     ON CONFLICT (jobId, objectType, sourceId) DO UPDATE SET decision = excluded.decision, decidedAt = excluded.decidedAt`
  ).run({ ...decision, now })
}

/** Forgets a decision; returns whether there was one. */
export function clearMatchDecision(
  db: WritableDB,
  jobId: string,
  objectType: ObjectType,
  sourceId: string
): boolean {
  return (
    prepared(db, 'DELETE FROM matchDecisions WHERE jobId = ? AND objectType = ? AND sourceId = ?').run(
      jobId,
      objectType,
      sourceId
    ).changes > 0
  )
}
