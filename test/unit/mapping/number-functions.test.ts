import { describe, expect, it } from 'vitest'
import { evaluationErrorOf, valueOf } from './mapping-test-helpers'

describe('BitAnd(value1, value2)', () => {
  it.each([
    // Documented example.
    ['BitAnd(&HF, &HF7)', {}, '7'],
    // userAccountControl flags arrive as text; hex text as VB writes it.
    ['BitAnd([userAccountControl], 2)', { userAccountControl: '514' }, '2'],
    ['BitAnd([userAccountControl], 2)', { userAccountControl: '512' }, '0'],
    ['BitAnd([userAccountControl], "&H2")', { userAccountControl: ' 546 ' }, '2'],
    [
      'IIF(BitAnd([userAccountControl], 2) = 2, "disabled", "enabled")',
      { userAccountControl: '66050' },
      'disabled',
    ],
    // 64-bit two's complement, exact beyond 2^53.
    ['BitAnd(-1, 255)', {}, '255'],
    ['BitAnd(-8, 15)', {}, '8'],
    ['BitAnd([t], "4294967295")', { t: '132539615991234567' }, String(132539615991234567n & 4294967295n)],
    ['BitAnd([t], [t])', { t: '9223372036854775807' }, '9223372036854775807'],
    ['BitAnd("1e3", 1023)', {}, '1000'],
    // Absent → null.
    ['BitAnd([a], 2)', {}, null],
    ['BitAnd(2, [a])', { a: '' }, null],
    ['BitAnd([a], 6)', { a: ['3'] }, '2'],
  ])('%s with %j → %j', (text, source, expected) => {
    expect(valueOf(text, source)).toEqual(expected)
  })

  it.each([
    ['BitAnd(1.5, 1)', 'value1 must be a whole number (64-bit), but is "1.5"'],
    ['BitAnd(1, "abc")', 'value2 must be a whole number (64-bit), but is "abc"'],
    ['BitAnd(IsPresent([a]), 1)', 'value1 must be a whole number (64-bit), but is "False"'],
    [
      'BitAnd("9223372036854775808", 1)',
      'value1 must be a whole number (64-bit), but is "9223372036854775808"',
    ],
  ])('%s fails: %s', (text, reason) => {
    expect(evaluationErrorOf(text).reason).toBe(reason)
  })

  it('fails for a multi-valued value with several values', () => {
    expect(evaluationErrorOf('BitAnd([a], 1)', { a: ['1', '2'] }).reason).toMatch(
      /value1 must be a single value/
    )
  })
})
