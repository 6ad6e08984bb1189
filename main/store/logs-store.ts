import {
  type LogAction,
  type LogEntry,
  LOG_STATUSES,
  type LogStatus,
  type NewLogEntry,
} from '../model/log-entry'
import { storedText } from '../secrets/redact-text'
import type { ReadableDB, WritableDB } from './database'
import { prepared, toIso } from './statement-cache'

/** A `logEntries` row: the entry with its time as epoch milliseconds and its lists as JSON. */
type LogRow = Omit<LogEntry, 'time' | 'steps' | 'modified'> & {
  readonly time: number
  readonly stepsJson: string
  readonly modifiedJson: string
}

function rowToLogEntry(row: LogRow): LogEntry {
  const { time, stepsJson, modifiedJson, ...columns } = row
  return {
    ...columns,
    time: toIso(time),
    steps: JSON.parse(stepsJson) as LogEntry['steps'],
    modified: JSON.parse(modifiedJson) as LogEntry['modified'],
  }
}

const INSERT_SQL = `INSERT INTO logEntries (time, jobId, runId, changeId, objectType, action, status,
    sourceId, sourceDisplay, targetId, targetDisplay, stepsJson, modifiedJson, reason, errorCode,
    httpStatus, scimType, scimDetail, durationMs, attempts)
  VALUES (@time, @jobId, @runId, @changeId, @objectType, @action, @status, @sourceId, @sourceDisplay,
    @targetId, @targetDisplay, @stepsJson, @modifiedJson, @reason, @errorCode, @httpStatus, @scimType,
    @scimDetail, @durationMs, @attempts)`

/**
 * Appends log entries. Call inside a transaction when writing many.
 *
 * The texts that may quote a server (reason, SCIM detail, step descriptions) are stored without
 * credentials and capped; modified values are person data and kept exactly.
 */
export function insertLogEntries(db: WritableDB, entries: ReadonlyArray<NewLogEntry>): void {
  const statement = prepared(db, INSERT_SQL)
  for (const { time, steps, modified, ...columns } of entries) {
    const row: Omit<LogRow, 'id'> = {
      ...columns,
      reason: storedText(columns.reason),
      scimDetail: storedText(columns.scimDetail),
      time: Date.parse(time),
      stepsJson: JSON.stringify(steps.map(step => ({ ...step, description: storedText(step.description) }))),
      modifiedJson: JSON.stringify(modified),
    }
    statement.run(row)
  }
}

export interface LogQuery {
  readonly jobId?: string
  readonly runId?: string
  readonly status?: LogStatus
  readonly action?: LogAction
  /** Matches source or target id exactly, or any part of a display name (ASCII case-insensitive). */
  readonly identity?: string
  /** Epoch-millisecond bounds, inclusive. */
  readonly since?: number
  readonly until?: number
  /** Return entries with id below this (keyset pagination, newest first). */
  readonly beforeId?: number
  /** Return entries with id above this (keyset pagination back towards the newest). */
  readonly afterId?: number
  readonly limit?: number
  /** Oldest first (exports) instead of newest first (screens). */
  readonly ascending?: boolean
}

/** `logTimeBuckets.bucket` is `id >> BUCKET_SHIFT` (fixed by migration 20 and its trigger). */
const BUCKET_SHIFT = 10
const MAX_ROWID = '9223372036854775807'

/**
 * The statuses the `status` CHECK constraint allows. A job or run without a status filter is read
 * as one `(jobId|runId, status, id)` range per status, merged by id.
 */
const STATUSES_SQL = LOG_STATUSES.map(status => `'${status}'`)

type Order = 'ASC' | 'DESC'

interface Select {
  readonly sql: string
  readonly params: Record<string, unknown>
}

/** One way to read a query's rows in id order: an index range, or several merged. */
interface Access {
  readonly name: 'identity' | 'scope' | 'status' | 'action' | 'rowid'
  /** Where the rows come from: SELECTs of `columns` in id order, joined by UNION ALL. */
  readonly select: (columns: string, checks: ReadonlyArray<string>) => string
  /** The ids this access reads (checks aside), for counting them. */
  readonly ids: () => string
  /** Filters the access applies itself (the others are checked on each row it reads). */
  readonly applies: ReadonlyArray<keyof LogQuery>
}

/**
 * Plans one log query so that an index delivers its rows in id order and reading stops after
 * `limit` rows: no sort, no full scan (DESIGN §6, a million rows).
 *
 * The candidates are identity search, the run or job (with the status if given), the status, and
 * the action; every other filter is checked on the rows read, written `+column` so that SQLite
 * keeps to the chosen index. With one candidate it drives; with several, the one with the fewest
 * rows in range does (a capped count over covering indexes). Identity search with thousands of
 * matches (a one-letter prefix) reads newest rows instead: at that density a page is near.
 * Time bounds also narrow the id range through `logTimeBuckets`, exactly for any data.
 */
function planSelect(db: ReadableDB, query: LogQuery, order: Order, limit: number | null): Select {
  const { access, residual, params } = planAccess(db, query, limit)
  if (limit !== null) params['limit'] = limit
  return {
    sql: `${access.select('*', residual)} ORDER BY id ${order}${limit === null ? '' : ' LIMIT @limit'}`,
    params,
  }
}

/** The access path for a query (see planSelect) and the filters left to check on each row it reads. */
function planAccess(
  db: ReadableDB,
  query: LogQuery,
  limit: number | null
): { access: Access; residual: string[]; params: Record<string, unknown> } {
  const params: Record<string, unknown> = {}
  const range = idRangeClauses(query, params)
  const checks = new Map<keyof LogQuery, string>()
  for (const column of ['jobId', 'runId', 'status', 'action'] as const) {
    const value = query[column]
    if (value === undefined) continue
    params[column] = value
    checks.set(column, `+${column} = @${column}`)
  }
  if (query.since !== undefined) checks.set('since', 'time >= @since')
  if (query.until !== undefined) checks.set('until', 'time <= @until')
  const candidates: Access[] = []
  if (query.identity !== undefined) {
    const names = bindIdentity(query.identity, params)
    checks.set('identity', IDENTITY_CHECK)
    candidates.push(identityAccess(range, names))
  }
  if (query.runId !== undefined || query.jobId !== undefined) {
    candidates.push(
      scopeAccess(query.runId !== undefined ? 'runId' : 'jobId', query.status !== undefined, range)
    )
  } else if (query.status !== undefined) {
    candidates.push(indexAccess('status', range))
  }
  if (query.action !== undefined) candidates.push(indexAccess('action', range))

  let access: Access = rowidAccess(range)
  if (candidates.length === 1 && candidates[0]?.name !== 'identity') {
    access = candidates[0] as Access
  } else if (candidates.length > 0) {
    params['probeLimit'] = probeLimit(db, range, params, limit)
    let fewest = params['probeLimit'] as number
    for (const candidate of candidates) {
      const count = prepared(db, `SELECT count(*) FROM (${candidate.ids()} LIMIT @probeLimit)`)
        .pluck()
        .get(params) as number
      if (count < fewest) {
        fewest = count
        access = candidate
      }
    }
    // All dense, so any of them finds a page soon; gathering identity matches costs the most.
    if (access.name === 'rowid') {
      access = candidates.find(candidate => candidate.name !== 'identity') ?? access
    }
  }

  const residual = [...checks].filter(([filter]) => !access.applies.includes(filter)).map(([, sql]) => sql)
  return { access, residual, params }
}

/**
 * How many rows a candidate may read and still be worth counting exactly (see planSelect).
 *
 * It is where gathering identity matches (about 0.4 µs each, then sorted by id) and scanning the
 * newest rows for them (about 0.14 µs a row, `limit / density` rows) cost the same:
 * sqrt(0.35 · limit · span) candidates, about 6,000 (2.5 ms) for a page of 100 in a million rows.
 */
function probeLimit(
  db: ReadableDB,
  range: ReadonlyArray<string>,
  params: Record<string, unknown>,
  limit: number | null
): number {
  const span = prepared(
    db,
    `SELECT coalesce((SELECT max(id) FROM logEntries${where(range)}) - (SELECT min(id) FROM logEntries${where(range)}) + 1, 0)`
  )
    .pluck()
    .get(params) as number
  return Math.max(256, Math.ceil(Math.sqrt(0.35 * (limit ?? span) * span)))
}

const where = (clauses: ReadonlyArray<string>) =>
  clauses.length === 0 ? '' : ` WHERE ${clauses.join(' AND ')}`

/** The whole table, or an id range of it, by rowid. */
function rowidAccess(range: ReadonlyArray<string>): Access {
  return {
    name: 'rowid',
    select: (columns, checks) => `SELECT ${columns} FROM logEntries${where([...range, ...checks])}`,
    ids: () => `SELECT id FROM logEntries${where(range)}`,
    applies: [],
  }
}

/** One `(status, id)` or `(action, id)` range. */
function indexAccess(column: 'status' | 'action', range: ReadonlyArray<string>): Access {
  const own = [`${column} = @${column}`, ...range]
  return {
    name: column,
    select: (columns, checks) => `SELECT ${columns} FROM logEntries${where([...own, ...checks])}`,
    ids: () => `SELECT id FROM logEntries${where(own)}`,
    applies: [column],
  }
}

/** A run's or job's `(scope, status, id)` range, or its four status ranges merged by id. */
function scopeAccess(scope: 'runId' | 'jobId', withStatus: boolean, range: ReadonlyArray<string>): Access {
  const arms = (withStatus ? ['@status'] : STATUSES_SQL).map(status => [
    `${scope} = @${scope}`,
    `status = ${status}`,
    ...range,
  ])
  return {
    name: 'scope',
    select: (columns, checks) =>
      arms.map(own => `SELECT ${columns} FROM logEntries${where([...own, ...checks])}`).join(' UNION ALL '),
    ids: () => arms.map(own => `SELECT id FROM logEntries${where(own)}`).join(' UNION ALL '),
    applies: withStatus ? [scope, 'status'] : [scope],
  }
}

/**
 * Entries that may match an identity: by source id; by the source ids that ever had the target
 * id or a display name containing it (`logTargetOwners`, and `names`: see bindIdentity); and
 * entries without a source id. A superset: the identity check on each row decides.
 */
function identityAccess(range: ReadonlyArray<string>, names: string): Access {
  const owners = `SELECT sourceId FROM logTargetOwners WHERE targetId = @identity UNION ALL ${names}`
  const lookups = [['sourceId = @identity'], [`sourceId IN (${owners})`], ['sourceId IS NULL']]
  const ids = () =>
    lookups.map(own => `SELECT id FROM logEntries${where([...own, ...range])}`).join(' UNION ALL ')
  return {
    name: 'identity',
    select: (columns, checks) => `SELECT ${columns} FROM logEntries${where([`id IN (${ids()})`, ...checks])}`,
    ids,
    applies: [],
  }
}

/**
 * Source or target id equal to the identity, or a display name containing it, ASCII letters
 * case-insensitively (LIKE, with `%`, `_` and `\` as plain characters).
 */
const IDENTITY_CHECK = `(+sourceId = @identity OR +targetId = @identity
  OR +sourceDisplay LIKE @identityPattern ESCAPE '\\' OR +targetDisplay LIKE @identityPattern ESCAPE '\\')`

/** Trigram phrases need three characters; shorter searches read the (small) names table. */
const TRIGRAM = 3

/**
 * Binds the identity and its LIKE pattern; returns the lookup of the source ids whose display
 * names may contain it.
 *
 * Three characters or more are looked up in the trigram index as one phrase (quoted, so `%`, `_`
 * and `"` are plain text; the index folds case at least as widely as LIKE, so it finds a
 * superset). Shorter texts, and texts LIKE reads differently from the index (unpaired
 * surrogates, U+FFFE, U+FFFF, NUL, which LIKE reads as U+FFFD or as the end), scan the names
 * with the very LIKE each entry is checked with.
 */
function bindIdentity(identity: string, params: Record<string, unknown>): string {
  params['identity'] = identity
  params['identityPattern'] = `%${identity.replace(/[\\%_]/g, match => `\\${match}`)}%`
  const odd = /[\u0000\uD800-\uDFFF\uFFFD-\uFFFF]/.test(
    identity.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, '')
  )
  if (odd || Array.from(identity).length < TRIGRAM) {
    return `SELECT sourceId FROM logDisplayNames WHERE name LIKE @identityPattern ESCAPE '\\'`
  }
  params['identityPhrase'] = `"${identity.replace(/"/g, '""')}"`
  return 'SELECT sourceId FROM logNameTrigrams WHERE logNameTrigrams MATCH @identityPhrase'
}

/** `id` bounds from `beforeId`, `afterId` and from the time buckets that can hold entries in the time range. */
function idRangeClauses(query: LogQuery, params: Record<string, unknown>): string[] {
  const clauses: string[] = []
  if (query.since !== undefined) {
    params['since'] = query.since
    clauses.push(
      `id >= coalesce((SELECT min(bucket) << ${BUCKET_SHIFT} FROM logTimeBuckets WHERE maxTime >= @since), ${MAX_ROWID})`
    )
  }
  const upper: string[] = []
  if (query.until !== undefined) {
    params['until'] = query.until
    upper.push(
      `coalesce((SELECT (max(bucket) + 1) << ${BUCKET_SHIFT} FROM logTimeBuckets WHERE minTime <= @until), 0)`
    )
  }
  if (query.beforeId !== undefined) {
    params['beforeId'] = query.beforeId
    upper.push('@beforeId')
  }
  if (upper.length > 0) {
    clauses.push(`id < ${upper.length === 1 ? upper[0] : `min(${upper.join(', ')})`}`)
  }
  if (query.afterId !== undefined) {
    params['afterId'] = query.afterId
    clauses.push('id > @afterId')
  }
  return clauses
}

/** One page of log entries, newest first unless `ascending`. */
export function queryLogs(db: ReadableDB, query: LogQuery): ReadonlyArray<LogEntry> {
  const limit = Math.max(1, Math.min(query.limit ?? 100, 10_000))
  const { sql, params } = planSelect(db, query, query.ascending === true ? 'ASC' : 'DESC', limit)
  const rows = prepared(db, sql).all(params) as LogRow[]
  return rows.map(rowToLogEntry)
}

/** How many entries match, counted up to `cap` (a screen says "more than" beyond it). */
export function countLogs(
  db: ReadableDB,
  query: Omit<LogQuery, 'limit' | 'ascending'>,
  cap: number
): { readonly count: number; readonly capped: boolean } {
  const { access, residual, params } = planAccess(db, query, cap)
  params['cap'] = cap + 1
  const count = prepared(db, `SELECT count(*) FROM (${access.select('1', residual)} LIMIT @cap)`)
    .pluck()
    .get(params) as number
  return { count: Math.min(count, cap), capped: count > cap }
}

/** Streams every matching entry oldest first, without holding them all in memory (exports). */
export function* iterateLogs(
  db: ReadableDB,
  query: Omit<LogQuery, 'limit' | 'ascending'>
): Generator<LogEntry> {
  const { sql, params } = planSelect(db, query, 'ASC', null)
  const statement = db.prepare(sql)
  for (const row of statement.iterate(params) as IterableIterator<LogRow>) {
    yield rowToLogEntry(row)
  }
}

/**
 * Deletes entries older than `before` (epoch ms); returns how many.
 *
 * Entries older than `before` sit in buckets whose minimum time is older, so the delete reads
 * an id range, not the whole table. Buckets left empty are dropped and the others re-measured,
 * keeping later time bounds tight.
 */
export function pruneLogs(db: WritableDB, before: number): number {
  return db.transaction(() => {
    const { changes } = prepared(
      db,
      `DELETE FROM logEntries
        WHERE id < coalesce((SELECT (max(bucket) + 1) << ${BUCKET_SHIFT} FROM logTimeBuckets WHERE minTime < @before), 0)
          AND time < @before`
    ).run({ before })
    if (changes > 0) {
      const inBucket = `FROM logEntries WHERE id >= bucket << ${BUCKET_SHIFT} AND id < (bucket + 1) << ${BUCKET_SHIFT}`
      prepared(
        db,
        `DELETE FROM logTimeBuckets WHERE minTime < @before AND NOT EXISTS (SELECT 1 ${inBucket})`
      ).run({
        before,
      })
      prepared(
        db,
        `UPDATE logTimeBuckets SET minTime = (SELECT min(time) ${inBucket}), maxTime = (SELECT max(time) ${inBucket})
          WHERE minTime < @before`
      ).run({ before })
    }
    return changes
  })()
}
