import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import { csvRecord, spreadsheetSafe } from '../../../../main/connectors/csv/spreadsheet-csv'

describe('CSV exports for spreadsheets', () => {
  it.each(['=1+2', '+SUM(A1)', '-2+3', '@SUM(A1)', '\tx', '\rx', '=HYPERLINK("http://x","y")'])(
    'neutralises a cell starting a formula: %j',
    cell => {
      expect(spreadsheetSafe(cell)).toBe(`'${cell}`)
    }
  )

  it.each(['ada@example.com', 'a=b', '', ' =1', "'quoted", '{"json":1}'])('leaves %j as it is', cell => {
    expect(spreadsheetSafe(cell)).toBe(cell)
  })

  it('leaves numbers and empty cells alone', () => {
    expect(spreadsheetSafe(-5)).toBe(-5)
    expect(spreadsheetSafe(null)).toBeNull()
  })

  it('quotes every text cell and parses back to the neutralised values', () => {
    const line = csvRecord(['=1+2', 'a;b', 500, null, 'say "hi"'])
    expect(line).toBe(`"'=1+2","a;b",500,,"say ""hi"""\n`)
    expect(parse(line)).toEqual([["'=1+2", 'a;b', '500', '', 'say "hi"']])
  })
})
