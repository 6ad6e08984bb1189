import type { ListedAccount } from '../model/access'
import { inTransaction, type ReadableDB, type WritableDB } from './database'
import { prepared, toIso } from './statement-cache'

/** Actions that change an account (what "last change" means in the access map). */
const WRITE_ACTIONS = "('create', 'update', 'disable', 'enable', 'delete', 'link')"

/** An account as `listedAccounts.accountsJson` holds it. */
type AccountTuple = readonly [
  targetId: string,
  userName: string | null,
  displayName: string | null,
  active: 0 | 1,
]

/**
 * Replaces the job's last listing of its target with `accounts`. The accounts are one JSON
 * array, written and read whole (100,000 accounts as table rows cost 0.2 s per run); one
 * transaction keeps them and the listing's time together.
 */
export function replaceTargetListing(
  db: WritableDB,
  jobId: string,
  runId: string | null,
  accounts: Iterable<ListedAccount>,
  now: number = Date.now()
): void {
  const tuples: AccountTuple[] = []
  for (const account of accounts) {
    tuples.push([account.targetId, account.userName, account.displayName, account.active ? 1 : 0])
  }
  const json = JSON.stringify(tuples)
  inTransaction(db, () => {
    replaceList(db, 'listedAccounts', jobId, json)
    prepared(
      db,
      `INSERT INTO targetListings (jobId, listedAt, runId, accountCount) VALUES (?, ?, ?, ?)
       ON CONFLICT (jobId) DO UPDATE SET listedAt = excluded.listedAt, runId = excluded.runId,
         accountCount = excluded.accountCount`
    ).run(jobId, now, runId, tuples.length)
  })
}

/**
 * Stores a job's list (a JSON array) unless it is the one stored: SQLite compares them, and a
 * repeated listing writes no page (5 MB at 100,000 accounts, twice: the WAL and its checkpoint).
 */
function replaceList(
  db: WritableDB,
  table: 'listedAccounts' | 'listedPeople',
  jobId: string,
  json: string
): void {
  const column = table === 'listedAccounts' ? 'accountsJson' : 'peopleJson'
  prepared(
    db,
    `INSERT INTO ${table} (jobId, ${column}) VALUES (?, ?)
     ON CONFLICT (jobId) DO UPDATE SET ${column} = excluded.${column} WHERE ${column} IS NOT excluded.${column}`
  ).run(jobId, json)
}

/**
 * The job's last listing of its target (by account id; the last of an id listed twice), or null
 * if it was never listed.
 */
export function loadTargetListing(
  db: ReadableDB,
  jobId: string
): { readonly listedAt: string; readonly accounts: ReadonlyArray<ListedAccount> } | null {
  const listing = prepared(
    db,
    `SELECT listedAt, coalesce(accountsJson, '[]') AS accountsJson
       FROM targetListings LEFT JOIN listedAccounts USING (jobId) WHERE jobId = ?`
  ).get(jobId) as { listedAt: number; accountsJson: string } | undefined
  if (listing === undefined) return null
  const accounts = new Map<string, ListedAccount>()
  for (const [targetId, userName, displayName, active] of JSON.parse(
    listing.accountsJson
  ) as AccountTuple[]) {
    accounts.set(targetId, { targetId, userName, displayName, active: active === 1 })
  }
  return { listedAt: toIso(listing.listedAt), accounts: sortedById(accounts) }
}

/** The values in key order (what the tables' primary keys gave before listings were JSON). */
function sortedById<T>(byId: ReadonlyMap<string, T>): T[] {
  return [...byId.keys()].sort().map(id => byId.get(id) as T)
}

/** Replaces who the job's source held at its last run (ids and display names only, one JSON array). */
export function replaceSourcePeople(
  db: WritableDB,
  jobId: string,
  people: Iterable<{ readonly sourceId: string; readonly display: string | null }>
): void {
  const tuples: Array<readonly [string, string | null]> = []
  for (const person of people) tuples.push([person.sourceId, person.display])
  replaceList(db, 'listedPeople', jobId, JSON.stringify(tuples))
}

/** Source id → display name of the people the job's source held at its last run, by source id. */
export function loadSourcePeople(db: ReadableDB, jobId: string): Map<string, string | null> {
  const json = prepared(db, 'SELECT peopleJson FROM listedPeople WHERE jobId = ?').pluck().get(jobId) as
    string | undefined
  if (json === undefined) return new Map()
  const people = new Map<string, readonly [string, string | null]>()
  for (const person of JSON.parse(json) as Array<readonly [string, string | null]>)
    people.set(person[0], person)
  return new Map(sortedById(people))
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
