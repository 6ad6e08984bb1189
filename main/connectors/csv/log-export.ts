import type { LogEntry } from '../../model/log-entry'
import { csvRecord } from './spreadsheet-csv'

export type LogExportFormat = 'csv' | 'jsonl'

/** Export columns, Entra's provisioning-log fields flattened for spreadsheets. */
export const LOG_CSV_COLUMNS = [
  'time',
  'runId',
  'changeId',
  'jobId',
  'objectType',
  'action',
  'status',
  'sourceId',
  'sourceDisplay',
  'targetId',
  'targetDisplay',
  'reason',
  'errorCode',
  'httpStatus',
  'scimType',
  'scimDetail',
  'durationMs',
  'attempts',
  'modified',
  'steps',
] as const

/** One CSV record of an entry; its lists (steps, modified properties) as JSON text. */
export function logCsvRecord(entry: LogEntry): string {
  return csvRecord(
    LOG_CSV_COLUMNS.map(column => {
      const value = entry[column]
      return typeof value === 'object' && value !== null ? JSON.stringify(value) : value
    })
  )
}

/** One JSON Lines record: the entry with its exact values (JSON escapes what a terminal must not see). */
export function logJsonLine(entry: LogEntry): string {
  return `${JSON.stringify(entry)}\n`
}

/**
 * The export of `entries` as text chunks of about `perChunk` entries each (CSV with its header,
 * formula-safe for spreadsheets; or JSON Lines), so a writer can yield between chunks and a
 * million entries never sit in memory at once.
 */
export function* logExportChunks(
  entries: Iterable<LogEntry>,
  format: LogExportFormat,
  perChunk = 500
): Generator<string, number> {
  const line = format === 'csv' ? logCsvRecord : logJsonLine
  let chunk = format === 'csv' ? csvRecord(LOG_CSV_COLUMNS) : ''
  let inChunk = 0
  let count = 0
  for (const entry of entries) {
    chunk += line(entry)
    count++
    if (++inChunk >= perChunk) {
      yield chunk
      chunk = ''
      inChunk = 0
    }
  }
  if (chunk !== '') yield chunk
  return count
}

/** A file name for an export made at `now`: `provisioner-logs-2024-03-01T10-00-00Z.csv`. */
export function logExportFileName(format: LogExportFormat, now: Date = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/:/g, '-')
  return `provisioner-logs-${stamp}.${format}`
}
