import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  countDelimiters,
  detectDelimiter,
  parseSeparatorHint,
} from '../../../../main/connectors/csv/csv-delimiter'
import { countLineBreaks, TextPosition } from '../../../../main/connectors/csv/csv-line-breaks'
import { completeUtf8Length, findInvalidUtf8 } from '../../../../main/connectors/csv/csv-utf8'

function decodesStrictly(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes)
    return true
  } catch {
    return false
  }
}

// Bytes biased towards the interesting ranges: ASCII, continuation bytes and every lead byte.
const utf8ishBytes = fc
  .array(
    fc.oneof(
      fc.integer({ min: 0x00, max: 0x7f }),
      fc.integer({ min: 0x80, max: 0xbf }),
      fc.integer({ min: 0xc0, max: 0xff }),
      fc.constantFrom(0xe0, 0xed, 0xf0, 0xf4, 0xa0, 0x9f, 0x90, 0x8f)
    ),
    { maxLength: 24 }
  )
  .map(bytes => Uint8Array.from(bytes))

describe('findInvalidUtf8', () => {
  it('agrees with a strict decoder and points at the end of the longest valid prefix', () => {
    fc.assert(
      fc.property(utf8ishBytes, bytes => {
        const bad = findInvalidUtf8(bytes)
        expect(bad === -1).toBe(decodesStrictly(bytes))
        if (bad !== -1) {
          expect(decodesStrictly(bytes.subarray(0, bad))).toBe(true)
          // Whatever follows the prefix, the byte at `bad` cannot start a valid continuation.
          expect(decodesStrictly(bytes.subarray(0, bad + 4))).toBe(false)
        }
      }),
      { numRuns: 5_000 }
    )
  })
})

describe('completeUtf8Length', () => {
  it('cuts valid text only at character boundaries, keeping at most one partial character back', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.nat(), (text, cutAt) => {
        const bytes = Buffer.from(text, 'utf8')
        const cut = bytes.length === 0 ? 0 : cutAt % (bytes.length + 1)
        const complete = completeUtf8Length(bytes.subarray(0, cut))
        expect(decodesStrictly(bytes.subarray(0, complete))).toBe(true)
        expect(decodesStrictly(bytes.subarray(complete))).toBe(true)
        expect(cut - complete).toBeLessThan(4)
      })
    )
  })
})

describe('line breaks', () => {
  it('counts CRLF, LF and lone CR once each', () => {
    expect(countLineBreaks('a\r\nb\nc\rd')).toBe(3)
    expect(countLineBreaks('\r\r\n\n')).toBe(3)
    expect(countLineBreaks('none')).toBe(0)
  })

  it('tracks line and character column across chunks, including a CRLF split between chunks', () => {
    const position = new TextPosition()
    position.advance('ab\r')
    expect([position.line, position.column]).toEqual([2, 1])
    position.advance('\n€😀')
    expect([position.line, position.column]).toEqual([2, 3])
    position.advance('x')
    expect([position.line, position.column]).toEqual([2, 4])
    position.advance('\r\r')
    expect([position.line, position.column]).toEqual([4, 1])
  })
})

describe('delimiter detection', () => {
  it('counts candidates outside quotes only', () => {
    expect(Object.fromEntries(countDelimiters('a,"b;c|d\te",f;g'))).toEqual({
      ',': 2,
      ';': 1,
      '\t': 0,
      '|': 0,
    })
  })

  it('prefers the earlier candidate on a tie and comma when there is none', () => {
    expect(detectDelimiter('a;b|c')).toBe(';')
    expect(detectDelimiter('a|b\tc')).toBe('\t')
    expect(detectDelimiter('name')).toBe(',')
  })

  it('reads Excel "sep=" hints', () => {
    expect(parseSeparatorHint('sep=;')).toBe(';')
    expect(parseSeparatorHint('SEP=\t')).toBe('\t')
    expect(parseSeparatorHint('sep=x')).toBeUndefined()
    expect(parseSeparatorHint('separator')).toBeUndefined()
  })
})
