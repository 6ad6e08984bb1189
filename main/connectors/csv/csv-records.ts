/**
 * The csv-parse stage: text chunks in, records with the physical line they start on out.
 */
import { CsvError, Parser, type Options } from 'csv-parse'
import { SourceFormatError } from '../source-errors'
import type { CsvDelimiter } from './csv-delimiter'
import { countLineBreaks, hasLineBreak } from './csv-line-breaks'
import { describeParseError, MAX_RECORD_CHARS } from './csv-parse-errors'

/** Turns one parsed record into an item to yield, or `undefined` to yield nothing for it. */
export type CsvRecordHandler<T> = (fields: ReadonlyArray<string>, line: number) => T | undefined

/** Input and callbacks of `parseCsvRecords`. */
export interface ParseCsvRecordsOptions<T> {
  readonly text: AsyncIterable<string>
  /**
   * The same text again from the start. Only used after a structural error, to read the raw
   * text of the broken record (collecting it all along would slow every clean file down).
   */
  readonly reopen: () => AsyncIterable<string>
  readonly delimiter: CsvDelimiter
  /** Name of the file in messages. */
  readonly file: string
  /**
   * Called synchronously, in file order, as the parser completes each record. May throw (a
   * `SourceFormatError`) to stop parsing.
   */
  readonly onRecord: CsvRecordHandler<T>
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

/**
 * A parser that hands each record and its start line to a handler as it completes it, and
 * collects what the handler returns. It is driven synchronously, a piece of text at a time,
 * through csv-parse's own stream hooks (`_transform`, `_flush`) rather than through a stream: a
 * pipeline and an async iterator per record cost more than the parsing. `push` runs
 * synchronously when a record is complete, so the parser's live `info.empty_lines` is exact
 * there, and records before a structural error are all handled. (csv-parse's `on_record` does
 * the same but copies its whole info object per record, which costs more than parsing.)
 */
class LocatingParser extends Parser {
  public readonly lines = new RecordLines()
  private items: object[] = []
  /** What the handler threw: nothing more is handled, and the piece of text fails with it. */
  private handlerError: unknown = undefined

  public constructor(
    options: Options,
    private readonly withRaw: boolean,
    private readonly onRecord: CsvRecordHandler<object>
  ) {
    super(options)
  }

  public override push(chunk: unknown): boolean {
    // The end of the records: the caller knows the text has ended.
    if (chunk === null || this.handlerError !== undefined) return false
    const fields = this.withRaw ? (chunk as { record: string[] }).record : (chunk as string[])
    const line = this.lines.start(this.info.empty_lines)
    this.lines.finish(line, fields)
    try {
      const item = this.onRecord(fields, line)
      if (item !== undefined) this.items.push(item)
    } catch (error) {
      this.handlerError = error ?? new Error('The CSV record handler failed')
      return false
    }
    return true
  }

  /**
   * Parses the next piece of text (`undefined`: the text has ended) and returns what the handler
   * returned for the records it completed.
   *
   * @throws CsvError for broken quoting; whatever the handler threw.
   */
  public parseText(text: string | undefined): object[] {
    let failure: Error | null | undefined
    const done = (error?: Error | null): void => {
      failure = error
    }
    if (text === undefined) this._flush(done)
    else this._transform(Buffer.from(text, 'utf8'), 'utf8', done)
    if (this.handlerError !== undefined) throw this.handlerError
    if (failure !== undefined && failure !== null) throw failure
    const items = this.items
    this.items = []
    return items
  }
}

function numberOrZero(value: unknown): number {
  return typeof value === 'number' ? value : 0
}

function createParser(
  delimiter: CsvDelimiter,
  withRaw: boolean,
  onRecord: CsvRecordHandler<object>
): LocatingParser {
  return new LocatingParser(
    {
      delimiter,
      quote: '"',
      escape: '"',
      // All three, not auto-detection: files stitched together from several exports mix them.
      record_delimiter: ['\r\n', '\n', '\r'],
      bom: false,
      skip_empty_lines: true,
      relax_column_count: true,
      max_record_size: MAX_RECORD_CHARS,
      raw: withRaw,
    },
    withRaw,
    onRecord
  )
}

/**
 * What `onRecord` returned, a piece of text at a time; the end of the text flushes the parser.
 *
 * @throws CsvError for broken quoting; whatever `onRecord` or the text threw.
 */
async function* parsePieces(
  text: AsyncIterable<string>,
  parser: LocatingParser
): AsyncGenerator<object[], void, undefined> {
  // Leaving the loop, by its end, an error or a consumer that stops early, closes the text.
  for await (const piece of text) {
    const items = parser.parseText(piece)
    if (items.length > 0) yield items
  }
  const items = parser.parseText(undefined)
  if (items.length > 0) yield items
}

/** The error of a parse, with the parser that hit it, or `undefined` if the text parses. */
async function findParseError(
  text: AsyncIterable<string>,
  delimiter: CsvDelimiter
): Promise<{ error: CsvError; parser: LocatingParser } | undefined> {
  const parser = createParser(delimiter, true, () => undefined)
  try {
    for await (const _ of parsePieces(text, parser)) {
      // Only the error matters here.
    }
  } catch (error) {
    if (error instanceof CsvError) return { error, parser }
    throw error
  }
  return undefined
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
  for await (const items of parseCsvRecordBatches(options)) for (const item of items) yield item
}

/**
 * The same as `parseCsvRecords`, what `onRecord` returns a piece of text at a time (never an
 * empty list): a caller that reads every record saves an await per record.
 */
export async function* parseCsvRecordBatches<T extends object>(
  options: ParseCsvRecordsOptions<T>
): AsyncGenerator<T[], void, undefined> {
  const parser = createParser(options.delimiter, false, options.onRecord)
  let failed: { error: CsvError; parser: LocatingParser } | undefined
  try {
    yield* parsePieces(options.text, parser) as AsyncGenerator<T[], void, undefined>
  } catch (error) {
    if (!(error instanceof CsvError)) throw error
    failed = { error, parser }
  }
  if (failed === undefined) return
  // The second read fails at the same record; if the file changed meanwhile, say what the first saw.
  const located = (await findParseError(options.reopen(), options.delimiter)) ?? failed
  const recordLine = located.parser.lines.start(numberOrZero(located.error.empty_lines))
  throw new SourceFormatError([
    { file: options.file, ...describeParseError(located.error, recordLine, options.delimiter) },
  ])
}
