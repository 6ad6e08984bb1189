import { once } from 'node:events'
import { createWriteStream } from 'node:fs'
import { setImmediate as yieldToEvents } from 'node:timers/promises'
import { logExportChunks, logExportFileName } from '../connectors/csv/log-export'
import type { ReadableDB } from '../store/database'
import type { LogEntry } from '../model/log-entry'
import { countLogs, type LogQuery, queryLogs } from '../store/logs-store'
import { restrictToOwner } from '../store/private-files'
import {
  LOG_COUNT_CAP,
  type LogCount,
  type LogExportInput,
  type LogFilterInput,
  type LogPage,
  type LogQueryInput,
} from './api/contract'

/** The store's query for the API's filters (instants become epoch milliseconds). */
function toLogQuery(input: LogFilterInput): Omit<LogQuery, 'limit' | 'ascending'> {
  return {
    jobId: input.jobId,
    runId: input.runId,
    status: input.status,
    action: input.action,
    identity: input.identity,
    since: input.since === undefined ? undefined : Date.parse(input.since),
    until: input.until === undefined ? undefined : Date.parse(input.until),
  }
}

/**
 * One page of entries, newest first, with the cursors of its neighbours. Each read takes one
 * extra row to know whether another page exists without counting a million rows.
 *
 * With `afterId` the page is the entries just above it (read upwards, then turned round).
 */
export function queryLogPage(db: ReadableDB, input: LogQueryInput): LogPage {
  const query = { ...toLogQuery(input), beforeId: input.beforeId, limit: input.limit + 1 }
  if (input.afterId !== undefined) {
    const rows = queryLogs(db, { ...query, afterId: input.afterId, ascending: true })
    const entries = rows.slice(0, input.limit).reverse()
    return {
      entries,
      // The page was reached from below, so older entries exist.
      nextBeforeId: entries.at(-1)?.id ?? null,
      previousAfterId: rows.length > input.limit ? (entries[0]?.id ?? null) : null,
    }
  }
  const rows = queryLogs(db, query)
  const entries = rows.slice(0, input.limit)
  return {
    entries,
    nextBeforeId: rows.length > input.limit ? (entries.at(-1)?.id ?? null) : null,
    // A page reached from above has newer entries; the first page is the newest.
    previousAfterId: input.beforeId === undefined ? null : (entries[0]?.id ?? null),
  }
}

export function countLogEntries(db: ReadableDB, input: LogFilterInput): LogCount {
  return countLogs(db, toLogQuery(input), LOG_COUNT_CAP)
}

/** A log export as text chunks, with the file name and media type to offer it under. */
export interface LogExportStream {
  readonly fileName: string
  readonly contentType: string
  /** Chunks of a few hundred entries, oldest first; returns how many entries it wrote. */
  readonly chunks: Generator<string, number>
}

export function logExportStream(db: ReadableDB, input: LogExportInput, now = new Date()): LogExportStream {
  return {
    fileName: logExportFileName(input.format, now),
    contentType: input.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/jsonl; charset=utf-8',
    chunks: logExportChunks(pagesOf(db, toLogQuery(input)), input.format),
  }
}

/** Entries read this many at a time: enough to be fast, few enough to leave the connection free between pages. */
const EXPORT_PAGE = 1_000

/**
 * Every matching entry oldest first, read page by page: unlike one long statement, this leaves
 * the connection free for the app's other calls while an export is written in between.
 */
function* pagesOf(db: ReadableDB, query: Omit<LogQuery, 'limit' | 'ascending'>): Generator<LogEntry> {
  let afterId: number | undefined
  for (;;) {
    const page = queryLogs(db, { ...query, afterId, ascending: true, limit: EXPORT_PAGE })
    yield* page
    if (page.length < EXPORT_PAGE) return
    afterId = page.at(-1)?.id
  }
}

/**
 * Writes an export to `path` for its owner only (it holds every person's data), letting other
 * work run between chunks; returns how many entries it wrote.
 */
export async function writeLogExport(stream: LogExportStream, path: string): Promise<number> {
  const file = createWriteStream(path, { mode: 0o600 })
  const closed = once(file, 'close')
  try {
    for (;;) {
      const next = stream.chunks.next()
      if (next.done === true) {
        file.end()
        await closed
        restrictToOwner(path)
        return next.value
      }
      if (!file.write(next.value)) await once(file, 'drain')
      else await yieldToEvents()
    }
  } catch (error) {
    file.destroy()
    throw error
  }
}
