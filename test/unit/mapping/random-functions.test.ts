import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { compileExpression } from '../../../main/mapping/expression'
import { evaluationErrorOf, run, valueOf, valueWith } from './mapping-test-helpers'

const V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

/** Small seeded PRNG, so a failing case can be replayed. */
function seeded(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

describe('Guid()', () => {
  it('draws an RFC 4122 version 4 GUID from context.random', () => {
    expect(valueOf('Guid()')).toBe('80808080-8080-4080-8080-808080808080')
    expect(valueWith('Guid()', { random: () => 0 })).toBe('00000000-0000-4000-8000-000000000000')
    expect(valueWith('Guid()', { random: () => 0.999999 })).toBe('ffffffff-ffff-4fff-bfff-ffffffffffff')
    // A misbehaving source is clamped rather than producing garbage.
    expect(valueWith('Guid()', { random: () => 1 })).toBe('ffffffff-ffff-4fff-bfff-ffffffffffff')
    expect(valueWith('Guid()', { random: () => Number.NaN })).toBe('00000000-0000-4000-8000-000000000000')
  })

  it('gives distinct v4 GUIDs with real randomness', () => {
    const compiled = compileExpression('Guid()')
    const seen = new Set<string>()
    for (let index = 0; index < 500; index++) {
      const result = compiled.evaluate({ source: {}, now: () => new Date(), random: Math.random })
      const value = result.flow === 'value' ? result.value : null
      expect(value).toMatch(V4)
      seen.add(String(value))
    }
    expect(seen.size).toBe(500)
  })
})

const DIGITS = /[0-9]/g
const SPECIALS = /[~!@#$%^&*_\-+=`|\\(){}[\]:;"'<>,.?/]/g
const CAPITALS = /[A-Z]/g
const LOWER = /[a-z]/g
const ALLOWED = /^[0-9A-Za-z~!@#$%^&*_\-+=`|\\(){}[\]:;"'<>,.?/]*$/

const countOf = (text: string, pattern: RegExp) => text.match(pattern)?.length ?? 0

describe('RandomString(Length, MinimumNumbers, MinimumSpecialCharacters, MinimumCapital, MinimumLowerCase, CharactersToAvoid)', () => {
  it('documented example 1: RandomString(6,3,0,0,3) — 6 characters, 3 numbers, 3 lower case', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const value = String(valueWith('RandomString(6,3,0,0,3)', { random: seeded(seed) }))
      expect(value).toHaveLength(6)
      expect(countOf(value, DIGITS)).toBe(3)
      expect(countOf(value, LOWER)).toBe(3)
    }
  })

  it('documented example 2: RandomString(10,2,2,2,1,"?,") — the minimums, without ? and ,', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const value = String(valueWith('RandomString(10,2,2,2,1,"?,")', { random: seeded(seed) }))
      expect(value).toHaveLength(10)
      expect(countOf(value, DIGITS)).toBeGreaterThanOrEqual(2)
      expect(countOf(value, SPECIALS)).toBeGreaterThanOrEqual(2)
      expect(countOf(value, CAPITALS)).toBeGreaterThanOrEqual(2)
      expect(countOf(value, LOWER)).toBeGreaterThanOrEqual(1)
      expect(value).not.toMatch(/[?,]/)
    }
  })

  it('always honours the length, the minimums, the character set and the characters to avoid', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 12 }),
        fc.integer({ min: 0, max: 12 }),
        fc.integer({ min: 0, max: 12 }),
        fc.integer({ min: 0, max: 12 }),
        fc.integer({ min: 0, max: 40 }),
        fc.string({ unit: fc.constantFrom(...'0123456789aZ!?,.\\"'), maxLength: 6 }),
        fc.integer(),
        (numbers, specials, capitals, lower, extra, avoid, seed) => {
          const length = Math.max(1, numbers + specials + capitals + lower + extra)
          const value = String(
            valueWith(`RandomString(${length}, ${numbers}, ${specials}, ${capitals}, ${lower}, [avoid])`, {
              source: { avoid },
              random: seeded(seed),
            })
          )
          expect(value).toHaveLength(length)
          expect(value).toMatch(ALLOWED)
          expect(countOf(value, DIGITS)).toBeGreaterThanOrEqual(numbers)
          expect(countOf(value, SPECIALS)).toBeGreaterThanOrEqual(specials)
          expect(countOf(value, CAPITALS)).toBeGreaterThanOrEqual(capitals)
          expect(countOf(value, LOWER)).toBeGreaterThanOrEqual(lower)
          for (const char of avoid) expect(value).not.toContain(char)
        }
      ),
      { numRuns: 500 }
    )
  })

  it('allows 256 characters and quoted numbers, and keeps Redact marking', () => {
    expect(String(valueOf('RandomString(256, 1, 1, 1, 1)'))).toHaveLength(256)
    expect(String(valueOf('RandomString("8", "2", "0", "0", "0")'))).toHaveLength(8)
    expect(run('Redact(RandomString(6,3,0,0,3))')).toMatchObject({ flow: 'value', redacted: true })
  })

  it.each([
    ['RandomString(257, 0, 0, 0, 0)', 'Length must be 1 to 256, but is 257'],
    ['RandomString(0, 0, 0, 0, 0)', 'Length must be 1 to 256, but is 0'],
    ['RandomString(5, 3, 0, 0, 3)', 'the minimums add up to 6, more than Length 5'],
    ['RandomString(5, -1, 0, 0, 0)', "MinimumNumbers can't be negative, but is -1"],
    ['RandomString(5, 1, 0, 0, 0, "0123456789")', 'CharactersToAvoid excludes every one of the numbers'],
    ['RandomString([n], 1, 0, 0, 0)', 'Length is required'],
    ['RandomString(5, 1.5, 0, 0, 0)', 'MinimumNumbers must be a whole number, but is "1.5"'],
    [
      'RandomString(5, 0, 0, 0, 0, Split("a,b", ","))',
      'CharactersToAvoid must be a single value, but got a multi-valued attribute with 2 values',
    ],
    ['RandomString(3, 0, 0, 0, 0, [avoid])', ''],
  ])('%s fails: %s', (text, reason) => {
    if (reason === '') {
      // An absent or "" CharactersToAvoid avoids nothing.
      expect(String(valueOf(text, { avoid: '' }))).toHaveLength(3)
      expect(String(valueOf(text))).toHaveLength(3)
      return
    }
    expect(evaluationErrorOf(text).reason).toBe(reason)
  })
})
