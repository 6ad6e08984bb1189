import { describe, expect, it } from 'vitest'
import { run } from './mapping-test-helpers'

describe('IgnoreFlowIfNullOrEmpty(expression)', () => {
  it.each([
    // Documented Example 1: department dropped when null or empty.
    ['IgnoreFlowIfNullOrEmpty([department])', {}, { flow: 'ignored' }],
    ['IgnoreFlowIfNullOrEmpty([department])', { department: '' }, { flow: 'ignored' }],
    [
      'IgnoreFlowIfNullOrEmpty([department])',
      { department: 'Sales' },
      { flow: 'value', value: 'Sales', redacted: false },
    ],
    // Documented Example 2: prefix not among the keys → Switch returns "" → not in the flow.
    [
      'IgnoreFlowIfNullOrEmpty(Switch([prefix], "", "3443", "Dr.", "3444", "Prof.", "3445", "Prof. Dr."))',
      { prefix: '9999' },
      { flow: 'ignored' },
    ],
    [
      'IgnoreFlowIfNullOrEmpty(Switch([prefix], "", "3443", "Dr.", "3444", "Prof.", "3445", "Prof. Dr."))',
      { prefix: '3445' },
      { flow: 'value', value: 'Prof. Dr.', redacted: false },
    ],
    // Whitespace is a value; multi-valued values pass through; a list without values is empty.
    ['IgnoreFlowIfNullOrEmpty([a])', { a: ' ' }, { flow: 'value', value: ' ', redacted: false }],
    [
      'IgnoreFlowIfNullOrEmpty([a])',
      { a: ['x', 'y'] },
      { flow: 'value', value: ['x', 'y'], redacted: false },
    ],
    ['IgnoreFlowIfNullOrEmpty([a])', { a: [] }, { flow: 'ignored' }],
    ['IgnoreFlowIfNullOrEmpty(IsPresent([a]))', {}, { flow: 'value', value: 'False', redacted: false }],
    // Nested: it drops the target attribute, not just its argument.
    ['Coalesce(IgnoreFlowIfNullOrEmpty([a]), "fallback")', {}, { flow: 'ignored' }],
    ['ToUpper(IgnoreFlowIfNullOrEmpty([a]))', { a: 'x' }, { flow: 'value', value: 'X', redacted: false }],
    // Only when evaluated: an untaken branch doesn't drop anything.
    [
      'IIF([a] = "x", IgnoreFlowIfNullOrEmpty([b]), "kept")',
      { a: 'y' },
      { flow: 'value', value: 'kept', redacted: false },
    ],
    ['IIF([a] = "x", IgnoreFlowIfNullOrEmpty([b]), "kept")', { a: 'x' }, { flow: 'ignored' }],
  ])('%s with %j → %j', (text, source, expected) => {
    expect(run(text, source)).toEqual(expected)
  })
})

describe('Redact(value)', () => {
  it.each([
    // Documented examples: the value flows unchanged, the result is marked redacted.
    ['Redact([userPrincipalName])', { userPrincipalName: 'john@contoso.com' }, 'john@contoso.com'],
    ['Redact("StringToBeRedacted")', {}, 'StringToBeRedacted'],
    // Null, empty, multi-valued, nested.
    ['Redact([a])', {}, null],
    ['Redact([a])', { a: '' }, ''],
    ['Redact([a])', { a: ['p1', 'p2'] }, ['p1', 'p2']],
    ['Join(":", "user", Redact([pin]))', { pin: '1234' }, 'user:1234'],
    ['Redact(IsPresent([a]))', {}, 'False'],
  ])('%s with %j → %j, redacted', (text, source, value) => {
    expect(run(text, source)).toEqual({ flow: 'value', value, redacted: true })
  })

  it('leaves expressions without Redact unmarked', () => {
    expect(run('[userPrincipalName]', { userPrincipalName: 'x' })).toEqual({
      flow: 'value',
      value: 'x',
      redacted: false,
    })
  })

  it('drops the flow as usual when combined with IgnoreFlowIfNullOrEmpty', () => {
    expect(run('IgnoreFlowIfNullOrEmpty(Redact([a]))', {})).toEqual({ flow: 'ignored' })
  })
})
