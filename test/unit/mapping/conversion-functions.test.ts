import { describe, expect, it } from 'vitest'
import { evaluationErrorOf, valueOf } from './mapping-test-helpers'

describe('CStr(value)', () => {
  it.each([
    // Documented example.
    ['CStr([dn])', { dn: 'cn=Joe,dc=contoso,dc=com' }, 'cn=Joe,dc=contoso,dc=com'],
    // Numbers, booleans.
    ['CStr(42)', {}, '42'],
    ['CStr(-2.5)', {}, '-2.5'],
    ['CStr(&HF7)', {}, '247'],
    ['CStr(IsPresent([a]))', { a: 'x' }, 'True'],
    ['CStr([a] = "x")', {}, 'False'],
    // Null, empty, multi-valued.
    ['CStr([a])', {}, null],
    ['CStr([a])', { a: '' }, ''],
    ['CStr([a])', { a: ['1', '2'] }, ['1', '2']],
  ])('%s with %j → %j', (text, source, expected) => {
    expect(valueOf(text, source)).toEqual(expected)
  })
})

describe('CBool(expression)', () => {
  it.each([
    // Documented example: True when both attributes are equal.
    ['CBool([attribute1] = [attribute2])', { attribute1: 'x', attribute2: 'x' }, 'True'],
    ['CBool([attribute1] = [attribute2])', { attribute1: 'x', attribute2: 'y' }, 'False'],
    ['CBool([attribute1] = [attribute2])', {}, 'False'],
    // Non-zero numbers are True; "True"/"False" in any case.
    ['CBool(5)', {}, 'True'],
    ['CBool(-0.5)', {}, 'True'],
    ['CBool(0)', {}, 'False'],
    ['CBool([a])', { a: '1' }, 'True'],
    ['CBool([a])', { a: '0' }, 'False'],
    ['CBool([a])', { a: 'true' }, 'True'],
    ['CBool([a])', { a: ' FALSE ' }, 'False'],
    ['CBool(Count([a]))', { a: ['x'] }, 'True'],
    // Absent and "" are False, as an IIF condition reads them.
    ['CBool([a])', {}, 'False'],
    ['CBool([a])', { a: '' }, 'False'],
    ['CBool([a])', { a: ['True'] }, 'True'],
    ['IIF(CBool([flag]), "on", "off")', { flag: '1' }, 'on'],
  ])('%s with %j → %j', (text, source, expected) => {
    expect(valueOf(text, source)).toEqual(expected)
  })

  it.each([
    ['CBool([a])', { a: 'yes' }, '"yes" is not True, False or a number'],
    ['CBool(Now())', {}, '"7/2/2021 3:33:38 PM" is not True, False or a number'],
    [
      'CBool([a])',
      { a: ['1', '0'] },
      'expression must be a single value, but got a multi-valued attribute with 2 values',
    ],
  ])('%s with %j fails', (text, source, reason) => {
    expect(evaluationErrorOf(text, source).reason).toBe(reason)
  })
})
