/**
 * Locating csv-parse's structural errors. csv-parse's own line count is not usable (it counts a
 * CRLF inside a quoted field as two lines), so the place is rebuilt from the physical line where
 * the broken record starts plus the raw text the parser had consumed of it.
 */
import type { CsvError } from 'csv-parse'
import type { SourceIssue } from '../source-errors'
import type { CsvDelimiter } from './csv-delimiter'
import { countLineBreaks } from './csv-line-breaks'

/** An issue before the file name is attached. */
export type LocatedProblem = Omit<SourceIssue, 'file'>

/** Longest record (in characters) accepted before the parser gives up on it. */
export const MAX_RECORD_CHARS = 1 << 20

interface OpenQuote {
  /** Offset of the opening quote in the record text. */
  readonly offset: number
  /** 0-based index of the field it opens. */
  readonly field: number
}

/** The quoted field still open at the end of `record` (the raw text of a partial record). */
function findOpenQuote(record: string, delimiter: CsvDelimiter): OpenQuote | undefined {
  let field = 0
  let atFieldStart = true
  let open: OpenQuote | undefined
  for (let i = 0; i < record.length; i++) {
    const character = record[i]
    if (open !== undefined) {
      if (character === '"') {
        if (record[i + 1] === '"') i++
        else open = undefined
      }
      continue
    }
    if (character === delimiter) {
      field++
      atFieldStart = true
      continue
    }
    if (character === '"' && atFieldStart) open = { offset: i, field }
    atFieldStart = false
  }
  return open
}

/**
 * The issue for a csv-parse error in the record that starts on physical line `recordLine`.
 * Columns are 1-based field indexes.
 */
export function describeParseError(
  error: CsvError,
  recordLine: number,
  delimiter: CsvDelimiter
): LocatedProblem {
  // The raw text starts with the line breaks of blank lines skipped just before the record;
  // those are already in `recordLine`. A record itself never starts with a line break.
  const raw = typeof error.raw === 'string' ? error.raw.replace(/^[\r\n]+/, '') : ''
  const column = typeof error.index === 'number' ? error.index + 1 : undefined
  // The parser stops on the offending character, which is the last one in the raw text.
  const lineOfLastCharacter = recordLine + countLineBreaks(raw)

  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
    case 'CSV_MAX_RECORD_SIZE': {
      const open = findOpenQuote(raw, delimiter)
      if (open === undefined) {
        return {
          line: recordLine,
          message: `the record starting here is longer than ${MAX_RECORD_CHARS} characters; is the delimiter right?`,
        }
      }
      const runsTo =
        error.code === 'CSV_QUOTE_NOT_CLOSED'
          ? 'so the rest of the file was read as part of this field'
          : `and the field runs on for more than ${MAX_RECORD_CHARS} characters`
      return {
        line: recordLine + countLineBreaks(raw.slice(0, open.offset)),
        column: open.field + 1,
        message: `unterminated quoted field: the double quote that opens this field is never closed, ${runsTo}`,
      }
    }
    case 'INVALID_OPENING_QUOTE':
      return {
        line: lineOfLastCharacter,
        column,
        message:
          'double quote inside an unquoted field; a field containing quotes must be enclosed in quotes, with each inner quote doubled ("Anna ""Annie"" Smith")',
      }
    case 'CSV_INVALID_CLOSING_QUOTE':
      return {
        line: lineOfLastCharacter,
        column,
        message:
          'text follows the closing quote of a quoted field; the closing quote must be followed by the delimiter or the end of the line (write a quote inside a field as "")',
      }
    default:
      return { line: recordLine, column, message: `the CSV cannot be parsed: ${error.message}` }
  }
}
