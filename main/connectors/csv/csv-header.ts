/** Checking the header row: names present and unique, configured columns present. */
import type { LocatedProblem } from './csv-parse-errors'
import { CSV_DELIMITERS, describeDelimiter, type CsvDelimiter } from './csv-delimiter'

/** What the header must satisfy. */
export interface HeaderExpectations {
  readonly idColumn: string
  readonly multiValuedColumns: ReadonlyArray<string>
  /** The delimiter in use, to spot a header that was not split at all. */
  readonly delimiter: CsvDelimiter
}

/** A validated header. */
export interface CsvHeader {
  /** Trimmed column names, in file order. */
  readonly names: ReadonlyArray<string>
  /** 0-based index of the id column. */
  readonly idIndex: number
}

/** Columns listed in a message before the rest are summarised. */
const LISTED_COLUMNS = 30

function quoteList(names: ReadonlyArray<string>): string {
  const listed = names.slice(0, LISTED_COLUMNS).map(name => JSON.stringify(name))
  const more = names.length > LISTED_COLUMNS ? `, … (${names.length - LISTED_COLUMNS} more)` : ''
  return listed.join(', ') + more
}

const caseless = (name: string): string => name.trim().toLowerCase()
// "Employee ID", "employee_id" and "EmployeeId" are the same column to a human.
const looseKey = (name: string): string => name.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '')

/** A header name that is probably what `wanted` meant. */
export function suggestColumn(wanted: string, names: ReadonlyArray<string>): string | undefined {
  return (
    names.find(name => caseless(name) === caseless(wanted)) ??
    names.find(name => looseKey(name) !== '' && looseKey(name) === looseKey(wanted))
  )
}

function missingColumnMessage(
  what: string,
  wanted: string,
  names: ReadonlyArray<string>,
  delimiter: CsvDelimiter
): string {
  let message = `${what} ${JSON.stringify(wanted)} is not in the header; the columns are ${quoteList(names)}`
  const suggestion = suggestColumn(wanted, names)
  if (suggestion !== undefined) message += `. Did you mean ${JSON.stringify(suggestion)}?`
  // One column that contains another delimiter: the file was split with the wrong one.
  const only = names.length === 1 ? names[0] : undefined
  const other = only === undefined ? undefined : CSV_DELIMITERS.find(candidate => only.includes(candidate))
  if (other !== undefined) {
    message += `. The header was read as a single column with delimiter ${describeDelimiter(delimiter)}, but it contains ${describeDelimiter(other)}: is "delimiter" set right?`
  }
  return message
}

/** Validates the header `fields` (untrimmed) and returns it, or the problems found. */
export function checkHeader(
  fields: ReadonlyArray<string>,
  expectations: HeaderExpectations
): { readonly header: CsvHeader } | { readonly problems: ReadonlyArray<Omit<LocatedProblem, 'line'>> } {
  const names = fields.map(field => field.trim())
  const problems: Array<Omit<LocatedProblem, 'line'>> = []

  const firstSeen = new Map<string, number>()
  names.forEach((name, index) => {
    const column = index + 1
    if (name === '') {
      const trailing =
        index === names.length - 1 && names.length > 1 ? ' (a delimiter at the end of the header line?)' : ''
      problems.push({ column, message: `header column ${column} has no name${trailing}` })
      return
    }
    const earlier = firstSeen.get(name)
    if (earlier !== undefined) {
      problems.push({
        column,
        message: `duplicate column name ${JSON.stringify(name)} (also column ${earlier})`,
      })
      return
    }
    firstSeen.set(name, column)
  })

  const idIndex = names.indexOf(expectations.idColumn)
  if (idIndex === -1) {
    problems.push({
      message: missingColumnMessage('id column', expectations.idColumn, names, expectations.delimiter),
    })
  }
  for (const column of expectations.multiValuedColumns) {
    if (!names.includes(column)) {
      problems.push({
        message: missingColumnMessage('multi-valued column', column, names, expectations.delimiter),
      })
    }
  }

  return problems.length > 0 ? { problems } : { header: { names, idIndex } }
}
