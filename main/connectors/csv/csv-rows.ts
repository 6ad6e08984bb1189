/**
 * Turning parsed records into source objects: the first non-blank record is the header, every
 * later one a person, checked for shape and id.
 */
import type { SourceObject, SourceValue } from '../connector'
import type { CsvDelimiter } from './csv-delimiter'
import { checkHeader, type CsvHeader } from './csv-header'
import type { IssueCollector } from './csv-issues'

/** How rows are read into attributes. */
export interface RowOptions {
  /** Name of the file in origins and messages. */
  readonly file: string
  readonly idColumn: string
  /** Column name → separator of its values. */
  readonly multiValued: Readonly<Record<string, string>>
  readonly emptyValues: 'absent' | 'empty'
  readonly delimiter: CsvDelimiter
  /** A physical line to ignore (an Excel "sep=" hint line). */
  readonly skipLine?: number
}

/** What one record turned into. */
export type RowResult =
  | { readonly kind: 'header'; readonly names: ReadonlyArray<string> }
  | { readonly kind: 'user'; readonly user: SourceObject }

/** How each column becomes an attribute, worked out once from the header. */
interface ColumnPlan {
  readonly name: string
  /** Separator of a multi-valued column. */
  readonly separator?: string
}

// Spreadsheets pad exports with rows of empty cells (";;;;") below the data; they carry nothing.
function isBlank(fields: ReadonlyArray<string>): boolean {
  return fields.every(field => field.trim() === '')
}

function splitValues(value: string, separator: string): string[] {
  const parts: string[] = []
  for (const part of value.split(separator)) {
    const trimmed = part.trim()
    if (trimmed !== '') parts.push(trimmed)
  }
  return parts
}

function setAttribute(attributes: Record<string, SourceValue>, name: string, value: SourceValue): void {
  // A column named "__proto__" must become a key, not replace the object's prototype.
  if (name === '__proto__') {
    Object.defineProperty(attributes, name, { value, enumerable: true, writable: true, configurable: true })
  } else {
    attributes[name] = value
  }
}

/** Reads records in file order, collecting problems in `issues`. */
export class CsvRowReader {
  private header: CsvHeader | undefined
  private columns: ReadonlyArray<ColumnPlan> = []
  /** Id → line it was first seen on. */
  private readonly idLines = new Map<string, number>()

  public constructor(
    private readonly options: RowOptions,
    private readonly issues: IssueCollector
  ) {}

  /** Whether the header has been read. */
  public get hasHeader(): boolean {
    return this.header !== undefined
  }

  /**
   * Handles the record starting on physical `line`. Returns nothing for blank rows, rows with a
   * problem, and every row once any problem was found (the source is refused anyway).
   *
   * @throws SourceFormatError when the header is unusable or the issue cap is reached.
   */
  public accept(fields: ReadonlyArray<string>, line: number): RowResult | undefined {
    if (line === this.options.skipLine || isBlank(fields)) return undefined
    if (this.header === undefined) return this.acceptHeader(fields, line)
    return this.acceptRow(this.header, fields, line)
  }

  private acceptHeader(fields: ReadonlyArray<string>, line: number): RowResult {
    const checked = checkHeader(fields, {
      idColumn: this.options.idColumn,
      multiValuedColumns: Object.keys(this.options.multiValued),
      delimiter: this.options.delimiter,
    })
    if ('problems' in checked) {
      for (const problem of checked.problems) this.issues.add({ line, ...problem })
      // Rows cannot be checked against a broken header.
      throw this.issues.fail()
    }
    this.header = checked.header
    const { multiValued } = this.options
    // hasOwn: a column named "constructor" or "__proto__" must not find Object.prototype's members.
    this.columns = checked.header.names.map(name => ({
      name,
      separator: Object.hasOwn(multiValued, name) ? multiValued[name] : undefined,
    }))
    return { kind: 'header', names: checked.header.names }
  }

  private acceptRow(header: CsvHeader, fields: ReadonlyArray<string>, line: number): RowResult | undefined {
    const expected = header.names.length
    if (fields.length !== expected) {
      this.issues.add({
        line,
        column: Math.min(fields.length, expected) + 1,
        message: `expected ${expected} fields (as in the header) but found ${fields.length}`,
      })
      return undefined
    }

    const id = fields[header.idIndex] ?? ''
    const idColumn = header.idIndex + 1
    if (id.trim() === '') {
      this.issues.add({
        line,
        column: idColumn,
        message: `empty id (column ${JSON.stringify(this.options.idColumn)})`,
      })
      return undefined
    }
    const firstLine = this.idLines.get(id)
    if (firstLine !== undefined) {
      this.issues.add({
        line,
        column: idColumn,
        message: `duplicate id ${JSON.stringify(id)} (first on line ${firstLine})`,
      })
      return undefined
    }
    this.idLines.set(id, line)
    if (this.issues.any) return undefined

    const keepEmpty = this.options.emptyValues === 'empty'
    const attributes: Record<string, SourceValue> = {}
    for (let index = 0; index < this.columns.length; index++) {
      const column = this.columns[index]
      const value = fields[index] ?? ''
      if (column === undefined) continue
      if (column.separator !== undefined) {
        const values = splitValues(value, column.separator)
        if (values.length > 0 || keepEmpty) setAttribute(attributes, column.name, values)
      } else if (value !== '' || keepEmpty) {
        setAttribute(attributes, column.name, value)
      }
    }
    return { kind: 'user', user: { id, attributes, origin: `${this.options.file}:${line}` } }
  }
}
