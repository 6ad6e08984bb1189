import { describe, expect, it } from 'vitest'
import { booleanOf, parseInvariantNumber } from '../../../main/mapping/values/coercion'
import { formatDateTime, formatNumber, toMappedValue } from '../../../main/mapping/values/format'
import {
  type ArgumentValue,
  DateTimeValue,
  isNullOrEmpty,
  kindOf,
  multiValue,
  OMITTED,
} from '../../../main/mapping/values/value'

describe('formatNumber (invariant culture)', () => {
  it.each([
    [0, '0'],
    [-0, '0'],
    [42, '42'],
    [-10, '-10'],
    [2.5, '2.5'],
    [0.1, '0.1'],
    [0.0001, '0.0001'],
    [1e-5, '1E-05'],
    [-1.5e-7, '-1.5E-07'],
    [123456.789, '123456.789'],
    [1e15 + 0.5, '1.0000000000000005E+15'],
    // Integers print in full, as an Int64 would: FILETIMEs must not become 1.3E+17.
    [134117279990000000, '134117279990000000'],
    [1e18, '1000000000000000000'],
    [2 ** 53, '9007199254740992'],
    [1e21, '1E+21'],
    [2 ** 64, '1.8446744073709552E+19'],
    [Number.NaN, 'NaN'],
    [Number.POSITIVE_INFINITY, 'Infinity'],
  ])('%d → %s', (value, text) => {
    expect(formatNumber(value)).toBe(text)
  })
})

describe('formatDateTime (UTC, M/d/yyyy h:mm:ss tt)', () => {
  it.each([
    ['2020-03-16T07:00:00Z', '3/16/2020 7:00:00 AM'],
    ['2021-06-29T16:00:00Z', '6/29/2021 4:00:00 PM'],
    ['2009-06-15T08:45:30Z', '6/15/2009 8:45:30 AM'],
    ['2021-07-02T15:33:38Z', '7/2/2021 3:33:38 PM'],
    ['2012-01-01T00:00:00Z', '1/1/2012 12:00:00 AM'],
    ['2012-12-31T12:05:09Z', '12/31/2012 12:05:09 PM'],
    ['0005-01-01T00:00:00Z', '1/1/0005 12:00:00 AM'],
  ])('%s → %s', (iso, text) => {
    expect(formatDateTime(new DateTimeValue(Date.parse(iso)))).toBe(text)
  })
})

describe('toMappedValue', () => {
  it.each([
    [null, null],
    ['text', 'text'],
    ['', ''],
    [
      ['a', 'b'],
      ['a', 'b'],
    ],
    [true, 'True'],
    [false, 'False'],
    [7, '7'],
    [new DateTimeValue(Date.parse('2020-03-16T07:00:00Z')), '3/16/2020 7:00:00 AM'],
  ])('%j → %j', (value, mapped) => {
    expect(toMappedValue(value)).toEqual(mapped)
  })
})

describe('value model', () => {
  it.each([
    [null, 'null'],
    [OMITTED, 'omitted'],
    ['', 'string'],
    [0, 'number'],
    [false, 'boolean'],
    [new DateTimeValue(0), 'datetime'],
    [['x'], 'multi'],
  ] as const)('kindOf(%s) is %s', (value, kind) => {
    expect(kindOf(value)).toBe(kind)
  })

  it('treats absent, omitted, "" and a list without values as null-or-empty', () => {
    const empty: ArgumentValue[] = [null, OMITTED, '', []]
    const present: ArgumentValue[] = [' ', 'x', 0, false, ['']]
    expect(empty.map(value => isNullOrEmpty(value))).toEqual([true, true, true, true])
    expect(present.map(value => isNullOrEmpty(value))).toEqual([false, false, false, false, false])
  })

  it('collapses a multi-valued result without values to null', () => {
    expect(multiValue([])).toBeNull()
    expect(multiValue(['a'])).toEqual(['a'])
  })

  it('converts date-times to and from Date', () => {
    const date = new Date('2021-07-02T15:33:38Z')
    expect(DateTimeValue.fromDate(date).toDate()).toEqual(date)
  })
})

describe('coercions', () => {
  it.each([
    ['12', 12],
    [' -3.5 ', -3.5],
    ['+7', 7],
    ['1e3', 1000],
    ['.5', 0.5],
    ['5.', 5],
    ['007', 7],
    ['1,000', undefined],
    ['0x10', undefined],
    ['&HF', undefined],
    ['Infinity', undefined],
    ['1e999', undefined],
    ['', undefined],
    ['12abc', undefined],
  ])('parseInvariantNumber(%j) → %s', (text, number) => {
    expect(parseInvariantNumber(text)).toBe(number)
  })

  it.each([
    [true, true],
    [false, false],
    ['True', true],
    ['FALSE', false],
    ['  true ', true],
    ['1', true],
    ['0', false],
    ['-2.5', true],
    [0, false],
    [3, true],
    ['yes', undefined],
    ['', undefined],
    [new DateTimeValue(0), undefined],
  ])('booleanOf(%j) → %s', (value, expected) => {
    expect(booleanOf(value)).toBe(expected)
  })
})
