/**
 * The CSV source connector: HR exports from Excel, Workday, SAP and the like, read as a stream.
 */
import type { SourceConnector, SourceObject } from '../connector'
import { SourceFormatError, type SourceIssue } from '../source-errors'
import { decodeCsvFile } from './csv-decode'
import { detectDelimiter, parseSeparatorHint, type CsvDelimiter } from './csv-delimiter'
import type { CsvEncoding } from './csv-encoding-sniff'
import { IssueCollector } from './csv-issues'
import { peekFirstLine } from './csv-peek'
import { parseCsvRecordBatches } from './csv-records'
import { CsvRowReader, type RowResult } from './csv-rows'

/** Settings of a CSV source. */
export interface CsvSourceOptions {
  /** File to read (already resolved by the caller). */
  readonly path: string
  /** How to name the file in messages and origins (default: `path`). */
  readonly displayPath?: string
  /** Column holding the stable id of each person; values must be non-empty and unique. */
  readonly idColumn: string
  /** Field delimiter; detected from the header line when absent. */
  readonly delimiter?: CsvDelimiter
  /** Default 'auto': BOM, then BOM-less UTF-16, else strict UTF-8. */
  readonly encoding?: CsvEncoding
  /** Column name → separator of its values, e.g. `{ groups: ';' }`. */
  readonly multiValued?: Readonly<Record<string, string>>
  /**
   * Default 'absent': an empty cell is an absent attribute (null), as Entra treats it;
   * 'empty' keeps "" (and [] for an empty multi-valued cell).
   */
  readonly emptyValues?: 'absent' | 'empty'
}

export type { CsvDelimiter } from './csv-delimiter'
export type { CsvEncoding } from './csv-encoding-sniff'

const NO_HEADER = { message: 'the file has no header line, only empty rows' }

/** Where a decoding failure is kept until the text before it has been parsed. */
interface DecodeFailure {
  error?: SourceFormatError
}

/**
 * The peeked chunks, then the rest of the text; a decoding failure ends the text (at a line
 * break, see decodeCsvFile) and is kept in `failure`, so that the rows before it are still
 * checked and their problems reported together with it.
 */
async function* resumeText(
  first: ReadonlyArray<string>,
  rest: AsyncGenerator<string, void, undefined>,
  failure: DecodeFailure
): AsyncGenerator<string, void, undefined> {
  try {
    yield* first
    yield* rest
  } catch (error) {
    if (!(error instanceof SourceFormatError)) throw error
    failure.error = error
  } finally {
    // A consumer that stops within the peeked chunks must still close the file.
    await rest.return()
  }
}

/** Reads people from a CSV file, one `SourceObject` per row, refusing malformed files. */
export class CsvSource implements SourceConnector {
  /** E.g. "CSV people.csv". */
  public readonly description: string
  private readonly file: string

  public constructor(private readonly options: CsvSourceOptions) {
    this.file = options.displayPath ?? options.path
    this.description = `CSV ${this.file}`
  }

  /**
   * The trimmed column names, reading no further than the header.
   *
   * @throws SourceFormatError when the file cannot be read or decoded, or the header is unusable
   * (empty or duplicate names, id or multi-valued column missing).
   */
  public async readHeader(): Promise<ReadonlyArray<string>> {
    const issues = new IssueCollector(this.file)
    const failure: DecodeFailure = {}
    try {
      const { records, reader } = await this.open(issues, failure, true)
      // Returning from the loop closes the file.
      for await (const results of records) {
        for (const result of results) if (result.kind === 'header') return result.names
      }
      if (failure.error === undefined && !reader.hasHeader) issues.add(NO_HEADER)
    } catch (error) {
      throw issues.combine(failure.error ?? error)
    }
    throw issues.combine(failure.error ?? issues.fail())
  }

  /**
   * Streams the rows. Rows may be yielded before a later problem is found, but the iteration
   * always ends by throwing a `SourceFormatError` (with up to 50 issues) if the file has any.
   */
  public async *readUsers(): AsyncGenerator<SourceObject, void, undefined> {
    for await (const users of this.readUserBatches()) for (const user of users) yield user
  }

  /**
   * The rows as `readUsers` streams them, a piece of the file at a time (never an empty list):
   * a caller that reads them all saves an await per row.
   */
  public async *readUserBatches(): AsyncGenerator<SourceObject[], void, undefined> {
    const issues = new IssueCollector(this.file)
    const failure: DecodeFailure = {}
    try {
      const { records, reader } = await this.open(issues, failure, false)
      for await (const results of records) {
        const users: SourceObject[] = []
        for (const result of results) if (result.kind === 'user') users.push(result.user)
        if (users.length > 0) yield users
      }
      if (failure.error === undefined && !reader.hasHeader) issues.add(NO_HEADER)
    } catch (error) {
      // A parse error after a decoding failure is about the cut-off text: the failure is the news.
      throw issues.combine(failure.error ?? error)
    }
    if (failure.error !== undefined) throw issues.combine(failure.error)
    issues.throwIfAny()
  }

  private optionIssues(): SourceIssue[] {
    const { idColumn, multiValued = {} } = this.options
    const issues: SourceIssue[] = []
    const refuse = (message: string): void => {
      issues.push({ file: this.file, message })
    }
    if (idColumn.trim() === '') refuse('"idColumn" is empty; name the column that holds each person\'s id')
    for (const [column, separator] of Object.entries(multiValued)) {
      if (separator === '')
        refuse(`"multiValued": the separator for column ${JSON.stringify(column)} is empty`)
      if (column === idColumn)
        refuse(`"multiValued": the id column ${JSON.stringify(column)} cannot be multi-valued`)
    }
    return issues
  }

  private async open(
    issues: IssueCollector,
    failure: DecodeFailure,
    headerOnly: boolean
  ): Promise<{ records: AsyncGenerator<RowResult[], void, undefined>; reader: CsvRowReader }> {
    const optionIssues = this.optionIssues()
    if (optionIssues.length > 0) throw new SourceFormatError(optionIssues)

    const decode = (): AsyncGenerator<string, void, undefined> =>
      decodeCsvFile({ path: this.options.path, file: this.file, encoding: this.options.encoding ?? 'auto' })
    const text = decode()
    const peek = await peekFirstLine(text)
    if (peek.firstLine === undefined) {
      const blank = peek.chunks.some(chunk => chunk.length > 0)
      throw new SourceFormatError([
        {
          file: this.file,
          message: `the file is empty${blank ? ' (only blank lines)' : ''}; expected a header line with the column names`,
        },
      ])
    }

    const hint = parseSeparatorHint(peek.firstLine.text)
    const delimiter = this.options.delimiter ?? hint ?? detectDelimiter(peek.firstLine.text)
    const reader = new CsvRowReader(
      {
        file: this.file,
        idColumn: this.options.idColumn,
        multiValued: this.options.multiValued ?? {},
        emptyValues: this.options.emptyValues ?? 'absent',
        delimiter,
        skipLine: hint === undefined ? undefined : peek.firstLine.line,
      },
      issues
    )
    const records = parseCsvRecordBatches({
      text: resumeText(peek.chunks, text, failure),
      // A decoding failure is already reported by the first read; here it only ends the text.
      reopen: () => resumeText([], decode(), {}),
      delimiter,
      file: this.file,
      // After the header, readHeader has what it needs; rows are not checked.
      onRecord: (fields, line) => (headerOnly && reader.hasHeader ? undefined : reader.accept(fields, line)),
    })
    return { records, reader }
  }
}

/** Every user of `source`, read to the end (throws like `readUsers`). */
export async function readAllUsers(source: SourceConnector): Promise<SourceObject[]> {
  const users: SourceObject[] = []
  for await (const user of source.readUsers()) users.push(user)
  return users
}
