import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { dotNetRegex, groupNumber, RegexTranslationError } from '../../../main/mapping/functions/dotnet-regex'

describe('dotNetRegex: .NET group numbering', () => {
  it.each([
    // [pattern, group → .NET number]
    ['(a)(b)', { '1': 1, '2': 2 }],
    ['(?<x>a)(b)', { x: 2, '1': 1, '2': 2 }],
    ['(?<x>a)(?<y>b)(c)', { x: 2, y: 3, '1': 1 }],
    ['(?<5>a)(?<x>b)(c)', { '5': 5, x: 2, '1': 1 }],
    ['(?<2>a)(?<x>b)(c)', { '2': 2, x: 3, '1': 1 }],
    ['(?n)(a)(?<x>b)', { x: 1 }],
    ['(?>(a))(b)', { '1': 1, '2': 2 }],
  ])('%s', (pattern, expected) => {
    const regex = dotNetRegex(pattern)
    for (const [name, number] of Object.entries(expected)) {
      expect(groupNumber(regex, name)).toBe(number)
    }
  })

  it('maps .NET numbers to the JavaScript groups that capture them', () => {
    const regex = dotNetRegex('(?<x>a)(b)')
    regex.regex.lastIndex = 0
    const match = regex.regex.exec('ab')
    expect(match?.[regex.jsIndexOf.get(1) ?? -1]).toBe('b')
    expect(match?.[regex.jsIndexOf.get(2) ?? -1]).toBe('a')
    expect(regex.lastGroupNumber).toBe(2)
    expect(groupNumber(regex, '3')).toBeUndefined()
    expect(groupNumber(regex, 'y')).toBeUndefined()
  })

  it.each([
    ['(?<1>a)(b)', 'group number 1 is used twice', 7],
    ['(?<x>a)(?<x>b)', 'the group name "x" is used twice', 7],
    ['(?<0>a)', "group 0 is the whole match and can't be defined", 0],
    ['(?<1x>a)', 'invalid group name "1x": a name can\'t start with a digit', 0],
    [`${'('.repeat(201)}${')'.repeat(201)}`, 'groups and classes nest more than 200 levels deep', 199],
  ])('refuses pattern %# at its offset', (pattern, reason, index) => {
    let caught: unknown
    try {
      dotNetRegex(pattern)
    } catch (error) {
      caught = error
    }
    expect(caught).toBeInstanceOf(RegexTranslationError)
    expect((caught as RegexTranslationError).reason).toMatch(reason.split(' (')[0] ?? reason)
    expect((caught as RegexTranslationError).index).toBe(index)
  })

  it('either translates a pattern into one JavaScript runs, or refuses it at an offset inside it', () => {
    const unit = fc.constantFrom(..."()[]{}?*+|^$.\\-:<>=!#'ikxnmsbBdDwWpPLuzZAG0123abc,_ é😀\n")
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 25 }), pattern => {
        try {
          const regex = dotNetRegex(pattern)
          regex.regex.lastIndex = 0
          regex.regex.exec('abc é😀 123\n')
        } catch (error) {
          expect(error).toBeInstanceOf(RegexTranslationError)
          const { index, reason } = error as RegexTranslationError
          expect(index).toBeGreaterThanOrEqual(0)
          expect(index).toBeLessThanOrEqual(pattern.length)
          expect(reason).not.toMatch(/^can't be run/)
        }
      }),
      { numRuns: 3000 }
    )
  })
})
