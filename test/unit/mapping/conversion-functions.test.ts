import { describe, expect, it } from 'vitest'
import { valueOf } from './mapping-test-helpers'

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
