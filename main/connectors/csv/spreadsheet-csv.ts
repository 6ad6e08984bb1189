import { stringify } from 'csv-stringify/sync'

/** What a spreadsheet reads as the start of a formula (OWASP "CSV Injection"). */
const FORMULA_START = /^[=+\-@\t\r]/

/**
 * A cell a spreadsheet shows as text: one that would start a formula gets a leading `'`,
 * as OWASP advises, so `=HYPERLINK(…)` in an HR name or a server message stays inert.
 */
export function spreadsheetSafe<T>(cell: T): T | string {
  return typeof cell === 'string' && FORMULA_START.test(cell) ? `'${cell}` : cell
}

/**
 * One CSV record of an export meant for spreadsheets: formulas neutralised and every text cell
 * quoted, so a spreadsheet splitting on another delimiter (`;` in many locales) cannot start a
 * new cell, or a formula, in the middle of one.
 */
export function csvRecord(cells: ReadonlyArray<string | number | null>): string {
  return stringify([cells.map(spreadsheetSafe)], { quoted_string: true })
}
