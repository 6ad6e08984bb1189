import type { ListedAccount } from '../model/access'
import { insertBatched } from './batched-insert'
import { inTransaction, type ReadableDB, type WritableDB } from './database'
import { prepared, toIso } from './statement-cache'

const TARGET_COLUMNS = ['jobId', 'targetId', 'userName', 'displayName', 'active']
const PEOPLE_COLUMNS = ['jobId', 'sourceId', 'display']

/** Actions that change an account (what "last change" means in the access map). */
const WRITE_ACTIONS = "('create', 'update', 'disable', 'enable', 'delete', 'link')"

/**
 * Replaces the job's last listing of its target with `accounts`, in one transaction (a crash
 * keeps the previous listing whole). 100,000 rows are 500 statements of 200 rows each.
 */
export function replaceTargetListing(
  db: WritableDB,
  jobId: string,
  runId: string | null,
  accounts: Iterable<ListedAccount>,
  now: number = Date.now()
): void {
  inTransaction(db, () => {
    prepared(db, 'DELETE FROM targetAccounts WHERE jobId = ?').run(jobId)
    const rows = function* () {
      for (const account of accounts) {
        yield [jobId, account.targetId, account.userName, account.displayName, account.active ? 1 : 0]
      }
    }
    const count = insertBatched(
      db,
      { verb: 'INSERT OR REPLACE', table: 'targetAccounts', columns: TARGET_COLUMNS },
      rows()
    )
    prepared(
      db,
      `INSERT INTO targetListings (jobId, listedAt, runId, accountCount) VALUES (?, ?, ?, ?)
       ON CONFLICT (jobId) DO UPDATE SET listedAt = excluded.listedAt, runId = excluded.runId,
         accountCount = excluded.accountCount`
    ).run(jobId, now, runId, count)
  })
}

interface AccountRow {
  readonly targetId: string
  readonly userName: string | null
  readonly displayName: string | null
  readonly active: number
}

/** The job's last listing of its target, or null if it was never listed. */
export function loadTargetListing(
  db: ReadableDB,
  jobId: string
): { readonly listedAt: string; readonly accounts: ReadonlyArray<ListedAccount> } | null {
  const listing = prepared(db, 'SELECT listedAt FROM targetListings WHERE jobId = ?').get(jobId) as
    { listedAt: number } | undefined
  if (listing === undefined) return null
  const rows = prepared(
    db,
    'SELECT targetId, userName, displayName, active FROM targetAccounts WHERE jobId = ? ORDER BY targetId'
  ).all(jobId) as AccountRow[]
  return {
    listedAt: toIso(listing.listedAt),
    accounts: rows.map(row => ({ ...row, active: row.active === 1 })),
  }
}

/** Replaces who the job's source held at its last run (ids and display names only). */
export function replaceSourcePeople(
  db: WritableDB,
  jobId: string,
  people: Iterable<{ readonly sourceId: string; readonly display: string | null }>
): void {
  inTransaction(db, () => {
    prepared(db, 'DELETE FROM sourcePeople WHERE jobId = ?').run(jobId)
    const rows = function* () {
      for (const person of people) yield [jobId, person.sourceId, person.display]
    }
    insertBatched(db, { verb: 'INSERT OR REPLACE', table: 'sourcePeople', columns: PEOPLE_COLUMNS }, rows())
  })
}

/** Source id → display name of the people the job's source held at its last run. */
export function loadSourcePeople(db: ReadableDB, jobId: string): Map<string, string | null> {
  const people = new Map<string, string | null>()
  const rows = prepared(db, 'SELECT sourceId, display FROM sourcePeople WHERE jobId = ?').iterate(jobId)
  for (const row of rows as IterableIterator<{ sourceId: string; display: string | null }>) {
    people.set(row.sourceId, row.display)
  }
  return people
}

export interface LastChange {
  readonly runId: string
  readonly time: string
  readonly action: string
}

/** Per source id, the last successful write the job's log records for the person. */
export function loadLastChanges(db: ReadableDB, jobId: string): Map<string, LastChange> {
  const changes = new Map<string, LastChange>()
  const rows = prepared(
    db,
    `SELECT sourceId, runId, time, action FROM logEntries WHERE id IN (
       SELECT max(id) FROM logEntries
       WHERE jobId = ? AND status = 'success' AND objectType = 'user' AND sourceId IS NOT NULL
         AND action IN ${WRITE_ACTIONS}
       GROUP BY sourceId)`
  ).iterate(jobId)
  for (const row of rows as IterableIterator<{
    sourceId: string
    runId: string
    time: number
    action: string
  }>) {
    changes.set(row.sourceId, { runId: row.runId, time: toIso(row.time), action: row.action })
  }
  return changes
}

export interface LastOutcome {
  readonly runId: string
  readonly time: string
  readonly action: string
  readonly status: string
  readonly errorCode: string | null
  readonly reason: string | null
}

/** The newest log entry for one person in one job (read per leaver, by the source index). */
export function loadLastOutcome(db: ReadableDB, jobId: string, sourceId: string): LastOutcome | null {
  const row = prepared(
    db,
    `SELECT runId, time, action, status, errorCode, reason FROM logEntries
     WHERE sourceId = ? AND jobId = ? AND objectType = 'user' ORDER BY id DESC LIMIT 1`
  ).get(sourceId, jobId) as (Omit<LastOutcome, 'time'> & { time: number }) | undefined
  return row === undefined ? null : { ...row, time: toIso(row.time) }
}

/** Source ids whose disable or delete waits for approval (deletion threshold). */
export function loadStagedSources(db: ReadableDB, jobId: string): Set<string> {
  const rows = prepared(
    db,
    `SELECT sourceId FROM stagedOperations WHERE jobId = ? AND state = 'staged' AND objectType = 'user'
       AND sourceId IS NOT NULL`
  ).all(jobId) as Array<{ sourceId: string }>
  return new Set(rows.map(row => row.sourceId))
}
