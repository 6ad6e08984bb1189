import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseCsvRecords } from '../../../../main/connectors/csv/csv-records'
import { MAX_RECORD_CHARS } from '../../../../main/connectors/csv/csv-parse-errors'

interface Parsed {
  readonly fields: string[]
  readonly line: number
}

async function* piecesOf(pieces: ReadonlyArray<string>): AsyncGenerator<string, void, undefined> {
  yield* pieces
}

/** Every record of the text given in `pieces`, with the line it starts on. */
async function parsePieces(pieces: ReadonlyArray<string>): Promise<Parsed[]> {
  const parsed: Parsed[] = []
  for await (const record of parseCsvRecords<Parsed>({
    text: piecesOf(pieces),
    reopen: () => piecesOf(pieces),
    delimiter: ',',
    file: 'people.csv',
    onRecord: (fields, line) => ({ fields: [...fields], line }),
  })) {
    parsed.push(record)
  }
  return parsed
}

/** Physical line of `offset` in `text`, counted independently of the implementation. */
function lineAt(text: string, offset: number): number {
  return (text.slice(0, offset).match(/\r\n|\r|\n/g)?.length ?? 0) + 1
}

function quote(value: string, always: boolean): string {
  return always || /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value
}

/** `text` cut at `cuts` (offsets, any order, duplicates allowed), never inside a surrogate pair (as the decoder cuts). */
function cut(text: string, cuts: ReadonlyArray<number>): string[] {
  const withinPair = (offset: number): boolean => /[\udc00-\udfff]/.test(text.charAt(offset))
  const offsets = [...new Set(cuts.map(offset => offset % (text.length + 1)))]
    .filter(offset => !withinPair(offset))
    .sort((a, b) => a - b)
  const pieces: string[] = []
  let start = 0
  for (const offset of offsets) {
    pieces.push(text.slice(start, offset))
    start = offset
  }
  pieces.push(text.slice(start))
  return pieces
}

const cell = fc
  .array(fc.constantFrom('x', 'é', '😀', ' ', ',', '"', '\n', '\r\n', '\r'), { maxLength: 5 })
  .map(parts => parts.join(''))
const row = fc.record({
  cells: fc.array(cell, { minLength: 1, maxLength: 3 }),
  quoteAll: fc.boolean(),
  blankLinesBefore: fc.constantFrom(0, 0, 0, 1, 2),
})

describe('CSV records read a piece of text at a time', () => {
  it('yields the same fields and start lines however the text is cut into pieces, quotes or none', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(row, { maxLength: 10 }),
        fc.constantFrom('\n', '\r\n', '\r'),
        fc.boolean(),
        fc.array(fc.nat(), { maxLength: 8 }),
        async (rows, eol, finalBreak, cuts) => {
          let text = ''
          const expected: Parsed[] = []
          rows.forEach((generated, index) => {
            text += eol.repeat(generated.blankLinesBefore)
            // A first cell that makes the record non-blank, so that csv-parse yields it.
            const cells = [`r${index}`, ...generated.cells]
            expected.push({ fields: cells, line: lineAt(text, text.length) })
            text += cells.map(value => quote(value, generated.quoteAll)).join(',')
            if (index < rows.length - 1 || finalBreak) text += eol
          })
          expect(await parsePieces(cut(text, cuts))).toEqual(expected)
        }
      ),
      { numRuns: 400 }
    )
  })

  it('counts a CRLF cut between two pieces as one line break', async () => {
    expect(await parsePieces(['a,b\r', '\nc,d\r', '\r\n', 'e,f'])).toEqual([
      { fields: ['a', 'b'], line: 1 },
      { fields: ['c', 'd'], line: 2 },
      { fields: ['e', 'f'], line: 4 },
    ])
  })

  it('locates broken quoting after quote-free pieces with blank lines', async () => {
    const pieces = ['id,a\n\n1,x\n', '\n2,y\n3,"bro\nken" z\n4,w\n']
    // One piece with a quote is read by csv-parse alone, as every text was before the quick path.
    const whole = await parsePieces([pieces.join('')]).catch((error: unknown) => error)
    expect(whole).toBeInstanceOf(Error)
    expect((whole as Error).message).toMatch(/^people\.csv:7:2: text follows the closing quote/)
    await expect(parsePieces(pieces)).rejects.toThrow((whole as Error).message)
  })

  it('leaves a record longer than csv-parse allows to csv-parse, which refuses it as before', async () => {
    // Each "é" is two bytes in UTF-8: the line is within MAX_RECORD_CHARS characters but not bytes.
    const long = 'é'.repeat(MAX_RECORD_CHARS - 10)
    await expect(parsePieces([`id,a\n1,${long}\n`])).rejects.toThrow(/people\.csv:2/)
    const fits = 'é'.repeat(Math.floor(MAX_RECORD_CHARS / 3) + 10)
    expect(await parsePieces([`id,a\n1,${fits}\n`])).toEqual([
      { fields: ['id', 'a'], line: 1 },
      { fields: ['1', fits], line: 2 },
    ])
  })
})
