import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { useTempDir, usersOf } from './csv-test-files'

const files = useTempDir()

/** Physical line of `offset` in `text`, counted independently of the implementation. */
function lineAt(text: string, offset: number): number {
  return (text.slice(0, offset).match(/\r\n|\r|\n/g)?.length ?? 0) + 1
}

function quote(value: string, always: boolean): string {
  return always || /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value
}

const cell = fc
  .array(fc.constantFrom('x', 'Ü', '😀', ' ', ',', ';', '"', '\n', '\r\n', '\r'), { maxLength: 6 })
  .map(parts => parts.join(''))

const row = fc.record({
  a: cell,
  b: cell,
  quoteAll: fc.boolean(),
  blankLinesBefore: fc.constantFrom('', '', '', 'blank', 'spaces'),
})

let fileNumber = 0

describe('CSV records (property)', () => {
  it('reads back any serialised rows with the physical line each record starts on', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(row, { maxLength: 12 }),
        fc.constantFrom('\n', '\r\n', '\r'),
        async (rows, eol) => {
          let text = `id,a,b${eol}`
          const expected = rows.map((generated, index) => {
            if (generated.blankLinesBefore === 'blank') text += eol
            if (generated.blankLinesBefore === 'spaces') text += `  ${eol}`
            const id = `r${index}`
            const line = lineAt(text, text.length)
            text +=
              [id, quote(generated.a, generated.quoteAll), quote(generated.b, generated.quoteAll)].join(',') +
              eol
            return {
              id,
              attributes: { id, a: generated.a, b: generated.b },
              origin: `p${fileNumber}.csv:${line}`,
            }
          })
          const file = files.write(`p${fileNumber}.csv`, text)
          fileNumber++
          expect(await usersOf(file, { emptyValues: 'empty' })).toEqual(expected)
        }
      ),
      { numRuns: 150 }
    )
  })
})
