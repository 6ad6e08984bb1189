import { describe, expect, it } from 'vitest'
import { evaluationErrorOf, valueOf } from './mapping-test-helpers'

const proxyAddresses = [
  'SMTP:john@contoso.com',
  'smtp:jd@contoso.com',
  'smtp:john@contoso.com',
  'smtp:jd@contoso.com',
]

describe('Count(attribute)', () => {
  it.each([
    ['Count([proxyAddresses])', { proxyAddresses }, '4'],
    ['Count([a])', { a: ['x'] }, '1'],
    ['Count([a])', { a: ['x', ''] }, '2'],
    // A single value counts 1; absent and "" count 0.
    ['Count([a])', { a: 'x' }, '1'],
    ['Count([a])', {}, '0'],
    ['Count([a])', { a: '' }, '0'],
    ['Count([a])', { a: [] }, '0'],
    ['Count(Split("a,b,,c", ","))', {}, '4'],
    ['Count(RemoveDuplicates([proxyAddresses]))', { proxyAddresses }, '3'],
    ['IIF(Count([a]) > 1, "many", "few")', { a: ['x', 'y'] }, 'many'],
  ])('%s with %j → %j', (text, source, expected) => {
    expect(valueOf(text, source)).toEqual(expected)
  })
})

describe('Item(attribute, index)', () => {
  it.each([
    // Documented: 1-based.
    ['Item([proxyAddresses], 1)', { proxyAddresses }, 'SMTP:john@contoso.com'],
    ['Item([proxyAddresses], 4)', { proxyAddresses }, 'smtp:jd@contoso.com'],
    ['Item([proxyAddresses], "2")', { proxyAddresses }, 'smtp:jd@contoso.com'],
    // Out of range (0 included, which "shouldn't be used") → null.
    ['Item([proxyAddresses], 5)', { proxyAddresses }, null],
    ['Item([proxyAddresses], 0)', { proxyAddresses }, null],
    ['Item([proxyAddresses], -1)', { proxyAddresses }, null],
    // A single value is item 1; absent and "" have no items.
    ['Item([a], 1)', { a: 'x' }, 'x'],
    ['Item([a], 2)', { a: 'x' }, null],
    ['Item([a], 1)', {}, null],
    ['Item([a], 1)', { a: '' }, null],
    ['Item([a], 2)', { a: ['x', ''] }, ''],
    ['Item(Split("a,b,c", ","), 2)', {}, 'b'],
    ['Item(Count([a]), 1)', {}, '0'],
  ])('%s with %j → %j', (text, source, expected) => {
    expect(valueOf(text, source)).toEqual(expected)
  })

  it('fails without an index or with a fraction', () => {
    expect(evaluationErrorOf('Item([a], [i])', { a: ['x'] }).reason).toBe(
      'index is required (the first value is 1)'
    )
    expect(evaluationErrorOf('Item([a], 1.5)', { a: ['x'] }).reason).toBe(
      'index must be a whole number, but is "1.5"'
    )
  })
})

describe('RemoveDuplicates(attribute)', () => {
  it.each([
    // Documented usage; first occurrences kept in order, compared case-sensitively.
    [
      'RemoveDuplicates([proxyAddresses])',
      { proxyAddresses },
      ['SMTP:john@contoso.com', 'smtp:jd@contoso.com', 'smtp:john@contoso.com'],
    ],
    ['RemoveDuplicates([a])', { a: ['b', 'a', 'b', 'A', 'a'] }, ['b', 'a', 'A']],
    ['RemoveDuplicates([a])', { a: ['x', '', 'x', ''] }, ['x', '']],
    ['RemoveDuplicates([a])', { a: ['x'] }, ['x']],
    // Single values and null pass through.
    ['RemoveDuplicates([a])', { a: 'x' }, 'x'],
    ['RemoveDuplicates([a])', { a: '' }, ''],
    ['RemoveDuplicates([a])', {}, null],
    ['Join(";", RemoveDuplicates(Split("a;b;a", ";")))', {}, 'a;b'],
  ])('%s with %j → %j', (text, source, expected) => {
    expect(valueOf(text, source)).toEqual(expected)
  })
})

describe('Split(source, delimiter)', () => {
  it.each([
    // Documented example: the doc shows trimmed parts for an input with a space after the
    // comma; the split is literal (documented choice), so the space stays.
    [
      'Split([extensionAttribute5], ",")',
      { extensionAttribute5: 'PermissionSetOne, PermissionSetTwo' },
      ['PermissionSetOne', ' PermissionSetTwo'],
    ],
    [
      'Split([extensionAttribute5], ",")',
      { extensionAttribute5: 'PermissionSetOne,PermissionSetTwo' },
      ['PermissionSetOne', 'PermissionSetTwo'],
    ],
    // Trimming is one nesting away.
    ['Split(Replace([a], ", ", , , ",", , ), ",")', { a: 'One, Two' }, ['One', 'Two']],
    // Empty parts are kept; multi-character delimiters match whole.
    ['Split("a,,b,", ",")', {}, ['a', '', 'b', '']],
    ['Split("a::b:c", "::")', {}, ['a', 'b:c']],
    ['Split("abc", ",")', {}, ['abc']],
    // An absent or "" delimiter doesn't split; an absent or "" source gives null.
    ['Split("a,b", "")', {}, ['a,b']],
    ['Split("a,b", [d])', {}, ['a,b']],
    ['Split([a], ",")', {}, null],
    ['Split([a], ",")', { a: '' }, null],
    // A multi-valued source: every value split, flattened.
    ['Split([a], ",")', { a: ['a,b', 'c'] }, ['a', 'b', 'c']],
    ['Split(1000, "0")', {}, ['1', '', '', '']],
    ['Join("|", Split("x y z", " "))', {}, 'x|y|z'],
  ])('%s with %j → %j', (text, source, expected) => {
    expect(valueOf(text, source)).toEqual(expected)
  })

  it('fails for a multi-valued delimiter', () => {
    expect(evaluationErrorOf('Split("a", [d])', { d: [',', ';'] }).reason).toMatch(
      /delimiter must be a single value/
    )
  })
})
