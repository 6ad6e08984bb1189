/**
 * The csv-parse stage: text chunks in, records with the physical line they start on out.
 */
import { Readable, pipeline } from 'node:stream'
import { CsvError, Parser, type InfoRecord, type Options } from 'csv-parse'
import { SourceFormatError } from '../source-errors'
import type { CsvDelimiter } from './csv-delimiter'
import { countLineBreaks, hasLineBreak } from './csv-line-breaks'
import { describeParseError, MAX_RECORD_CHARS } from './csv-parse-errors'

/** Turns one parsed record into an item to yield, or `undefined` to yield nothing for it. */
export type CsvRecordHandler<T> = (fields: ReadonlyArray<string>, line: number) => T | undefined

/** Input and callbacks of `parseCsvRecords`. */
export interface ParseCsvRecordsOptions<T> {
  readonly text: AsyncIterable<string>
  readonly delimiter: CsvDelimiter
  /** Name of the file in messages. */
  readonly file: string
  /**
   * Called synchronously, in file order, as the parser completes each record. May throw (a
   * `SourceFormatError`) to stop parsing.
   */
  readonly onRecord: CsvRecordHandler<T>
}

/** What csv-parse hands to `on_record` with `raw: true`. */
interface RawRecord {
  readonly record: string[]
  readonly raw: string
}

/**
 * Physical start line of each record. csv-parse only reports where records end, and miscounts
 * CRLF inside quotes, so lines are counted here: a record spans one line plus the line breaks
 * inside its (quoted) fields, and csv-parse reports how many blank lines it skipped.
 */
class RecordLines {
  private nextLine = 1
  private blankLinesSeen = 0

  /** The line of a record that starts after `blankLines` blank lines in total were skipped. */
  public start(blankLines: number): number {
    this.nextLine += blankLines - this.blankLinesSeen
    this.blankLinesSeen = blankLines
    return this.nextLine
  }

  /** Moves past a record that started on `line`. */
  public finish(line: number, fields: ReadonlyArray<string>): void {
    let breaks = 0
    for (const field of fields) {
      if (hasLineBreak(field)) breaks += countLineBreaks(field)
    }
    this.nextLine = line + 1 + breaks
  }
}

function numberOrZero(value: unknown): number {
  return typeof value === 'number' ? value : 0
}

/**
 * Parses RFC 4180 CSV from `text` (quotes, doubled quotes, line breaks inside quoted fields;
 * CRLF, LF or CR between records; blank lines skipped) and yields what `onRecord` returns.
 * Rows of differing length are passed through for the caller to judge.
 *
 * @throws SourceFormatError for broken quoting, located at the offending line and field.
 */
export async function* parseCsvRecords<T extends object>(
  options: ParseCsvRecordsOptions<T>
): AsyncGenerator<T, void, undefined> {
  const lines = new RecordLines()
  const parserOptions: Options<T, RawRecord> = {
    delimiter: options.delimiter,
    quote: '"',
    escape: '"',
    // All three, not auto-detection: files stitched together from several exports mix them.
    record_delimiter: ['\r\n', '\n', '\r'],
    bom: false,
    skip_empty_lines: true,
    relax_column_count: true,
    max_record_size: MAX_RECORD_CHARS,
    // Only read when locating an error, but it has to be collected all along.
    raw: true,
    on_record: (record: RawRecord, context: InfoRecord): T | undefined => {
      const line = lines.start(context.empty_lines)
      lines.finish(line, record.record)
      return options.onRecord(record.record, line)
    },
  }
  // csv-parse's typings cannot express `raw: true` together with `on_record`.
  const parser = new Parser(parserOptions as unknown as Options)
  // Errors reach the loop below through the parser, which pipeline destroys with them.
  pipeline(Readable.from(options.text), parser, () => {})
  try {
    for await (const item of parser as AsyncIterable<T>) yield item
  } catch (error) {
    if (!(error instanceof CsvError)) throw error
    const recordLine = lines.start(numberOrZero(error.empty_lines))
    throw new SourceFormatError([
      { file: options.file, ...describeParseError(error, recordLine, options.delimiter) },
    ])
  }
}
