import { describe, expect, it } from 'vitest'
import { caseCultureOf, toLowerCase, toUpperCase } from '../../../main/mapping/functions/case-mapping'

describe('case mapping (.NET semantics)', () => {
  it.each([
    ['', 'invariant'],
    ['en-US', 'other'],
    ['ja-JP', 'other'],
    ['tr-TR', 'turkic'],
    ['TR', 'turkic'],
    ['tr', 'turkic'],
    ['az', 'turkic'],
    ['az-Cyrl-AZ', 'turkic'],
    ['haw', 'other'],
  ] as const)('culture %j is %s', (name, culture) => {
    expect(caseCultureOf(name)).toBe(culture)
  })

  it('rejects malformed culture names', () => {
    expect(() => caseCultureOf('en_US!')).toThrow(RangeError)
  })

  it('maps one character to one character, unlike String.prototype.toUpperCase', () => {
    expect(toUpperCase('ß ŉ ǰ ﬀ', 'invariant')).toBe('ß ŉ ǰ ﬀ')
    expect('ß'.toUpperCase()).toBe('SS')
  })

  it('uses the prosgegrammeni capitals for Greek letters with ypogegrammeni', () => {
    expect(toUpperCase('\u1f80\u1fb3\u1fc3\u1ff3', 'invariant')).toBe('\u1f88\u1fbc\u1fcc\u1ffc')
  })

  it('does not apply the final-sigma rule', () => {
    expect(toLowerCase('ΟΔΟΣ ΟΔΟΣ', 'invariant')).toBe('οδοσ οδοσ')
  })

  it('handles characters outside the BMP', () => {
    expect(toUpperCase('𐐨x', 'invariant')).toBe('𐐀X')
    expect(toLowerCase('𐐀X', 'other')).toBe('𐐨x')
  })

  it.each([
    ['invariant', 'İI', 'İi', 'ıi', 'ıI'],
    ['other', 'İI', 'İi', 'ıi', 'II'],
    ['turkic', 'İI', 'iı', 'ıi', 'Iİ'],
  ] as const)(
    '%s culture: lower(%s) = %s, upper(%s) = %s',
    (culture, lowerInput, lower, upperInput, upper) => {
      expect(toLowerCase(lowerInput, culture)).toBe(lower)
      expect(toUpperCase(upperInput, culture)).toBe(upper)
    }
  )
})
