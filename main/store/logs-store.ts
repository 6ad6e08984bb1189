import type { LogAction, LogEntry, LogStatus, NewLogEntry, ObjectType } from '../model/log-entry'
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

function buildWhere(query: LogQuery): { where: string; params: Record<string, unknown> } {
  const clauses: string[] = []
  const params: Record<string, unknown> = {}
  if (query.jobId !== undefined) {
    clauses.push('jobId = @jobId')
    params['jobId'] = query.jobId
  }
  if (query.runId !== undefined) {
    clauses.push('runId = @runId')
    params['runId'] = query.runId
  }
  if (query.status !== undefined) {
    clauses.push('status = @status')
    params['status'] = query.status
  }
  if (query.action !== undefined) {
    clauses.push('action = @action')
    params['action'] = query.action
  }
  if (query.identity !== undefined) {
    clauses.push(
      `(sourceId = @identity OR targetId = @identity OR sourceDisplay LIKE @identityPrefix ESCAPE '\\'
        OR targetDisplay LIKE @identityPrefix ESCAPE '\\')`
    )
    params['identity'] = query.identity
    params['identityPrefix'] = `${query.identity.replace(/[\\%_]/g, match => `\\${match}`)}%`
  }
  if (query.since !== undefined) {
    clauses.push('time >= @since')
    params['since'] = query.since
  }
  if (query.until !== undefined) {
    clauses.push('time <= @until')
    params['until'] = query.until
  }
  if (query.beforeId !== undefined) {
    clauses.push('id < @beforeId')
    params['beforeId'] = query.beforeId
  }
  return { where: clauses.length === 0 ? '' : `WHERE ${clauses.join(' AND ')}`, params }
}

/** One page of log entries, newest first unless `ascending`. */
export function queryLogs(db: ReadableDB, query: LogQuery): ReadonlyArray<LogEntry> {
  const { where, params } = buildWhere(query)
  const order = query.ascending === true ? 'ASC' : 'DESC'
  const limit = Math.max(1, Math.min(query.limit ?? 100, 10_000))
  const rows = prepared(db, `SELECT * FROM logEntries ${where} ORDER BY id ${order} LIMIT ${limit}`).all(
    params
  ) as LogRow[]
  return rows.map(rowToLogEntry)
}

/** Streams every matching entry oldest first, without holding them all in memory (exports). */
export function* iterateLogs(
  db: ReadableDB,
  query: Omit<LogQuery, 'limit' | 'ascending'>
): Generator<LogEntry> {
  const { where, params } = buildWhere(query)
  const statement = db.prepare(`SELECT * FROM logEntries ${where} ORDER BY id ASC`)
  for (const row of statement.iterate(params) as IterableIterator<LogRow>) {
    yield rowToLogEntry(row)
  }
}

/** Deletes entries older than `before` (epoch ms); returns how many. */
export function pruneLogs(db: WritableDB, before: number): number {
  return prepared(db, 'DELETE FROM logEntries WHERE time < ?').run(before).changes
}
