/**
 * A hand-off file's text and its writing: the admin uploads whatever is in the folder, so a file
 * appears there whole or not at all (written beside it, then renamed over).
 */
import { ProvisionerError } from '../../model/errors'
import { randomBytes } from 'node:crypto'
import { chmodSync, linkSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { stringify } from 'csv-stringify/sync'
import { spreadsheetSafe } from '../csv/spreadsheet-csv'
import { type HandoffLayout, type HandoffRow, headerCells, rowCells } from './handoff-rows'

export interface CsvFormat {
  readonly delimiter: string
  readonly header: boolean
  readonly bom: boolean
}

/**
 * The file's text: CRLF line ends (RFC 4180), cells that would start a spreadsheet formula
 * neutralised with a leading `'` (OWASP), text cells quoted, an optional UTF-8 BOM for Excel.
 */
export function handoffCsvText(
  format: CsvFormat,
  layout: HandoffLayout,
  rows: ReadonlyArray<HandoffRow>
): string {
  const records = rows.map(row => rowCells(layout, row))
  return csvText(format, format.header ? [headerCells(layout), ...records] : records)
}

/** Records as the file's text (see handoffCsvText), for the file and for a dry run's preview. */
export function csvText(format: CsvFormat, records: ReadonlyArray<ReadonlyArray<string>>): string {
  const text = stringify(
    records.map(record => record.map(spreadsheetSafe)),
    { delimiter: format.delimiter, quoted_string: true, record_delimiter: '\r\n' }
  )
  return format.bom ? `\uFEFF${text}` : text
}

/** The file name from its pattern: `{job}`, `{runId}`, `{date}`, `{time}` and `{action}` filled in. */
export function handoffFileName(
  pattern: string,
  values: { readonly job: string; readonly runId: string; readonly at: Date; readonly action: string }
): string {
  const iso = values.at.toISOString()
  const fill: Record<string, string> = {
    job: values.job,
    runId: values.runId,
    date: iso.slice(0, 10),
    time: iso.slice(11, 19).replaceAll(':', ''),
    action: values.action,
  }
  return pattern.replace(/\{(job|runId|date|time|action)\}/g, (_, name: string) => fill[name] ?? '')
}

/**
 * Writes `text` to `directory/name` atomically: a temporary file in the same folder (owner-only:
 * it holds employees' data) put in place under the name in one step, so no one ever sees half a
 * file. An existing file is never replaced: it may hold changes not uploaded yet.
 */
export function writeFileAtomically(directory: string, name: string, text: string): string {
  const path = join(directory, name)
  try {
    mkdirSync(directory, { recursive: true })
  } catch (error) {
    throw new HandoffFileError(path, error instanceof Error ? error.message : String(error))
  }
  const temporary = join(directory, `.${name}.${randomBytes(6).toString('hex')}.tmp`)
  try {
    writeFileSync(temporary, text, { mode: 0o600, flag: 'wx' })
    if (process.platform !== 'win32') chmodSync(temporary, 0o600)
    linkSync(temporary, path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new HandoffFileError(
        path,
        'a file of that name exists already and may hold changes not uploaded yet, so it is not replaced. ' +
          'Move it away once uploaded, or put {runId} or {time} in the target\'s "fileName"'
      )
    }
    throw new HandoffFileError(path, error instanceof Error ? error.message : String(error))
  } finally {
    rmSync(temporary, { force: true })
  }
  return path
}

/**
 * A hand-off file could not be put in place. Nothing of it reached the app, and what it held is
 * not recorded as handed off, so the next run writes those rows again.
 */
export class HandoffFileError extends ProvisionerError {
  public readonly kind = 'target-unwritten' as const

  public constructor(
    public readonly path: string,
    reason: string
  ) {
    super(`The hand-off file ${path} was not written: ${reason}. Its rows are written again by the next run`)
    this.name = 'HandoffFileError'
  }
}
