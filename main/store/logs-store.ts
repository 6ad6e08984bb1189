import {
  type LogAction,
  type LogEntry,
  LOG_STATUSES,
  type LogStatus,
  type NewLogEntry,
  type ObjectType,
} from '../model/log-entry'
import type { ReadableDB, WritableDB } from './database'
import { prepared, toIso } from './statement-cache'

interface LogRow {
  readonly id: number
  readonly time: number
  readonly jobId: string
  readonly runId: string
  readonly changeId: string
  readonly objectType: ObjectType
  readonly action: LogAction
  readonly status: LogStatus
  readonly sourceId: string | null
  readonly sourceDisplay: string | null
  readonly targetId: string | null
  readonly targetDisplay: string | null
  readonly stepsJson: string
  readonly modifiedJson: string
  readonly reason: string | null
  readonly errorCode: string | null
  readonly httpStatus: number | null
  readonly scimType: string | null
  readonly scimDetail: string | null
  readonly durationMs: number | null
  readonly attempts: number
}

function rowToLogEntry(row: LogRow): LogEntry {
  return {
    id: row.id,
    time: toIso(row.time),
    jobId: row.jobId,
    runId: row.runId,
    changeId: row.changeId,
    objectType: row.objectType,
    action: row.action,
    status: row.status,
    sourceId: row.sourceId,
    sourceDisplay: row.sourceDisplay,
    targetId: row.targetId,
    targetDisplay: row.targetDisplay,
    steps: JSON.parse(row.stepsJson) as LogEntry['steps'],
    modified: JSON.parse(row.modifiedJson) as LogEntry['modified'],
    reason: row.reason,
    errorCode: row.errorCode,
    httpStatus: row.httpStatus,
    scimType: row.scimType,
    scimDetail: row.scimDetail,
    durationMs: row.durationMs,
    attempts: row.attempts,
  }
}

const INSERT_SQL = `INSERT INTO logEntries (time, jobId, runId, changeId, objectType, action, status,
    sourceId, sourceDisplay, targetId, targetDisplay, stepsJson, modifiedJson, reason, errorCode,
    httpStatus, scimType, scimDetail, durationMs, attempts)
  VALUES (@time, @jobId, @runId, @changeId, @objectType, @action, @status, @sourceId, @sourceDisplay,
    @targetId, @targetDisplay, @stepsJson, @modifiedJson, @reason, @errorCode, @httpStatus, @scimType,
    @scimDetail, @durationMs, @attempts)`

/** Appends log entries. Call inside a transaction when writing many. */
export function insertLogEntries(db: WritableDB, entries: ReadonlyArray<NewLogEntry>): void {
  const statement = prepared(db, INSERT_SQL)
  for (const entry of entries) {
    statement.run({
      time: Date.parse(entry.time),
      jobId: entry.jobId,
      runId: entry.runId,
      changeId: entry.changeId,
      objectType: entry.objectType,
      action: entry.action,
      status: entry.status,
      sourceId: entry.sourceId,
      sourceDisplay: entry.sourceDisplay,
      targetId: entry.targetId,
      targetDisplay: entry.targetDisplay,
      stepsJson: JSON.stringify(entry.steps),
      modifiedJson: JSON.stringify(entry.modified),
      reason: entry.reason,
      errorCode: entry.errorCode,
      httpStatus: entry.httpStatus,
      scimType: entry.scimType,
      scimDetail: entry.scimDetail,
      durationMs: entry.durationMs,
      attempts: entry.attempts,
    })
  }
}

export interface LogQuery {
  readonly jobId?: string
  readonly runId?: string
  readonly status?: LogStatus
  readonly action?: LogAction
  /** Matches source or target id exactly, or a display name by prefix (case-insensitive). */
  readonly identity?: string
  /** Epoch-millisecond bounds, inclusive. */
  readonly since?: number
  readonly until?: number
  /** Return entries with id below this (keyset pagination, newest first). */
  readonly beforeId?: number
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

/**
 * The SELECT for a query, shaped so that one index delivers the rows already in id order and
 * the scan stops after `limit` rows: no sort, no full scan (DESIGN §6, a million log rows).
 *
 * One filter drives the search (identity, then run, job, status, action, else the id itself);
 * the others are checked on the rows it reads, written `+column` so that SQLite cannot pick an
 * index that loses the id order. Time bounds also narrow the id range through
 * `logTimeBuckets` (the min and max time of each 1,024 ids): exact for any data, tight when
 * times roughly grow with ids, and the exact `time` predicate stays.
 */
function buildSelect(query: LogQuery, order: Order, limit: number | null): Select {
  const params: Record<string, unknown> = {}
  const idRange = idRangeClauses(query, params)
  const checks: string[] = []
  const check = (column: 'jobId' | 'runId' | 'status' | 'action', value: string | undefined) => {
    if (value === undefined) return
    checks.push(`+${column} = @${column}`)
    params[column] = value
  }
  if (query.since !== undefined) checks.push('time >= @since')
  if (query.until !== undefined) checks.push('time <= @until')
  const tail = `ORDER BY id ${order}${limit === null ? '' : ' LIMIT @limit'}`
  if (limit !== null) params['limit'] = limit

  if (query.identity !== undefined) {
    check('jobId', query.jobId)
    check('runId', query.runId)
    check('status', query.status)
    check('action', query.action)
    const ids = identityIds(query.identity, idRange, params)
    return {
      sql: `SELECT * FROM logEntries WHERE ${[`id IN (${ids})`, ...checks].join(' AND ')} ${tail}`,
      params,
    }
  }

  const scope = query.runId !== undefined ? 'runId' : query.jobId !== undefined ? 'jobId' : null
  if (scope !== null) {
    params[scope] = scope === 'runId' ? query.runId : query.jobId
    if (scope === 'runId') check('jobId', query.jobId)
    check('action', query.action)
    if (query.status !== undefined) params['status'] = query.status
    const statuses = query.status === undefined ? STATUSES_SQL : ['@status']
    const arms = statuses.map(
      status =>
        `SELECT * FROM logEntries WHERE ${[`${scope} = @${scope}`, `status = ${status}`, ...idRange, ...checks].join(' AND ')}`
    )
    return { sql: `${arms.join(' UNION ALL ')} ${tail}`, params }
  }

  const driving: string[] = []
  if (query.status !== undefined) {
    driving.push('status = @status')
    params['status'] = query.status
    check('action', query.action)
  } else if (query.action !== undefined) {
    driving.push('action = @action')
    params['action'] = query.action
  }
  const where = [...driving, ...idRange, ...checks]
  return {
    sql: `SELECT * FROM logEntries ${where.length === 0 ? '' : `WHERE ${where.join(' AND ')} `}${tail}`,
    params,
  }
}

/** `id` bounds from `beforeId` and from the time buckets that can hold entries in the time range. */
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
  return clauses
}

/**
 * Ids of the entries whose source or target id is `identity`, or whose display name starts with
 * it (ASCII case-insensitively, as LIKE did): four index lookups. The display lookups are NOCASE
 * ranges, so `%`, `_` and `\` are plain characters.
 */
function identityIds(
  identity: string,
  idRange: ReadonlyArray<string>,
  params: Record<string, unknown>
): string {
  const prefix = wellFormed(identity)
  const upper = nocasePrefixEnd(prefix)
  params['identity'] = identity
  params['identityFrom'] = prefix
  if (upper !== null) params['identityTo'] = upper
  const range = (column: string) =>
    upper === null
      ? [`${column} >= @identityFrom COLLATE NOCASE`]
      : [`${column} >= @identityFrom COLLATE NOCASE`, `${column} < @identityTo COLLATE NOCASE`]
  const lookups = [
    ['sourceId = @identity'],
    ['targetId = @identity'],
    range('sourceDisplay'),
    [...range('targetDisplay'), 'targetDisplay IS NOT sourceDisplay'],
  ]
  return lookups
    .map(where => `SELECT id FROM logEntries WHERE ${[...where, ...idRange].join(' AND ')}`)
    .join(' UNION ALL ')
}

/** Lone surrogates reach SQLite as U+FFFD; compute the bounds from what SQLite will see. */
function wellFormed(text: string): string {
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
}

/**
 * The least text above every text that starts with `prefix` in NOCASE order, or null if none.
 *
 * NOCASE compares UTF-8 bytes (code point order) after folding ASCII A-Z to a-z, so the texts
 * starting with `prefix` are exactly those from the folded prefix up to its last code point's
 * successor. That successor skips the surrogates (no text holds them) and A-Z (nothing folds to
 * them: after "@" comes "[", not "A", which would sort as "a").
 */
export function nocasePrefixEnd(prefix: string): string | null {
  const codePoints = Array.from(
    prefix.replace(/[A-Z]/g, letter => letter.toLowerCase()),
    character => Number(character.codePointAt(0))
  )
  for (let last = codePoints.pop(); last !== undefined; last = codePoints.pop()) {
    if (last < 0x10ffff) {
      let next = last + 1
      if (next === 0xd800) next = 0xe000
      if (next === 0x41) next = 0x5b
      return String.fromCodePoint(...codePoints, next)
    }
  }
  return null
}

/** One page of log entries, newest first unless `ascending`. */
export function queryLogs(db: ReadableDB, query: LogQuery): ReadonlyArray<LogEntry> {
  const limit = Math.max(1, Math.min(query.limit ?? 100, 10_000))
  const { sql, params } = buildSelect(query, query.ascending === true ? 'ASC' : 'DESC', limit)
  const rows = prepared(db, sql).all(params) as LogRow[]
  return rows.map(rowToLogEntry)
}

/** Streams every matching entry oldest first, without holding them all in memory (exports). */
export function* iterateLogs(
  db: ReadableDB,
  query: Omit<LogQuery, 'limit' | 'ascending'>
): Generator<LogEntry> {
  const { sql, params } = buildSelect(query, 'ASC', null)
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
