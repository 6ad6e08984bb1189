import { describe, expect, it } from 'vitest'
import {
  compileScoping,
  describeClause,
  type ScopeAttributes,
  type ScopingClause,
  ScopingFilterError,
  type ScopingOperator,
} from '../../../main/scoping/scoping-filter'

type Input = string | ReadonlyArray<string> | undefined

/** Whether a single one-clause filter admits an object whose `attr` is `input`. */
function admits(operator: ScopingOperator, value: string | undefined, input: Input): boolean {
  const clause: ScopingClause =
    value === undefined ? { attribute: 'attr', operator } : { attribute: 'attr', operator, value }
  const scope = compileScoping([{ title: 'T', clauses: [clause] }])
  return scope(input === undefined ? {} : { attr: input }).inScope
}

function scopingErrorOf(fn: () => unknown): ScopingFilterError {
  try {
    fn()
  } catch (error) {
    expect(error).toBeInstanceOf(ScopingFilterError)
    return error as ScopingFilterError
  }
  throw new Error('expected a ScopingFilterError')
}

const NULL = undefined

describe('scoping operators (§D.3)', () => {
  it.each<[ScopingOperator, string | undefined, Input, boolean]>([
    // EQUALS: exact and case-sensitive; any value of a multi-valued attribute.
    ['EQUALS', 'staff', NULL, false],
    ['EQUALS', 'staff', '', false],
    ['EQUALS', 'staff', 'staff', true],
    ['EQUALS', 'staff', 'Staff', false],
    ['EQUALS', 'staff', 'staff ', false],
    ['EQUALS', 'staff', ['contractor', 'staff'], true],
    ['EQUALS', 'staff', ['contractor'], false],
    ['EQUALS', '', '', false],
    // NOT EQUALS: false for null or empty.
    ['NOT EQUALS', 'staff', NULL, false],
    ['NOT EQUALS', 'staff', '', false],
    ['NOT EQUALS', 'staff', 'staff', false],
    ['NOT EQUALS', 'staff', 'Staff', true],
    ['NOT EQUALS', 'staff', ['a', 'b'], true],
    ['NOT EQUALS', 'staff', ['a', 'staff'], false],
    ['NOT EQUALS', 'staff', ['', ''], false],
    // ENDS_WITH
    ['ENDS_WITH', '@example.com', NULL, false],
    ['ENDS_WITH', '@example.com', '', false],
    ['ENDS_WITH', '@example.com', 'ada@example.com', true],
    ['ENDS_WITH', '@example.com', 'ada@EXAMPLE.com', false],
    ['ENDS_WITH', '@example.com', 'ada@example.com.evil', false],
    ['ENDS_WITH', '@example.com', ['x@other.org', 'ada@example.com'], true],
    // Includes: substring, case-sensitive.
    ['Includes', 'eng', NULL, false],
    ['Includes', 'eng', '', false],
    ['Includes', 'eng', 'Software engineering', true],
    ['Includes', 'eng', 'ENGINEERING', false],
    ['Includes', 'eng', ['sales', 'reengineering'], true],
    // &: the attribute value occurs in the clause's string.
    ['&', 'HR,IT,OPS', NULL, false],
    ['&', 'HR,IT,OPS', '', false],
    ['&', 'HR,IT,OPS', 'IT', true],
    ['&', 'HR,IT,OPS', 'FIN', false],
    ['&', 'HR,IT,OPS', ['FIN', 'OPS'], true],
    // !&: the attribute value does not occur in it; false for null or empty.
    ['!&', 'HR,IT,OPS', NULL, false],
    ['!&', 'HR,IT,OPS', '', false],
    ['!&', 'HR,IT,OPS', 'FIN', true],
    ['!&', 'HR,IT,OPS', 'IT', false],
    ['!&', 'HR,IT,OPS', ['FIN', 'IT'], false],
    // Greater_Than / Greater_Than_OR_EQUALS: integers only.
    ['Greater_Than', '10', NULL, false],
    ['Greater_Than', '10', '', false],
    ['Greater_Than', '10', '11', true],
    ['Greater_Than', '10', '10', false],
    ['Greater_Than', '10', '9', false],
    ['Greater_Than', '10', '010', false],
    ['Greater_Than', '10', ' 11 ', true],
    ['Greater_Than', '10', '10.5', false],
    ['Greater_Than', '10', '1e3', false],
    ['Greater_Than', '10', 'eleven', false],
    ['Greater_Than', '-5', '-4', true],
    ['Greater_Than', '9007199254740992', '9007199254740993', true],
    ['Greater_Than', '10', ['3', '12'], true],
    ['Greater_Than', '10', ['3', 'x'], false],
    ['Greater_Than_OR_EQUALS', '10', '10', true],
    ['Greater_Than_OR_EQUALS', '10', '+10', true],
    ['Greater_Than_OR_EQUALS', '10', '9', false],
    ['Greater_Than_OR_EQUALS', '10', NULL, false],
    // IS TRUE / IS FALSE: a Boolean spelled any case.
    ['IS TRUE', undefined, NULL, false],
    ['IS TRUE', undefined, '', false],
    ['IS TRUE', undefined, 'True', true],
    ['IS TRUE', undefined, ' TRUE ', true],
    ['IS TRUE', undefined, 'yes', false],
    ['IS TRUE', undefined, '1', false],
    ['IS TRUE', undefined, ['False', 'true'], true],
    ['IS FALSE', undefined, NULL, false],
    ['IS FALSE', undefined, '', false],
    ['IS FALSE', undefined, 'false', true],
    ['IS FALSE', undefined, 'True', false],
    ['IS FALSE', undefined, ['FALSE'], true],
    // IS NULL / IS NOT NULL: empty counts as null.
    ['IS NULL', undefined, NULL, true],
    ['IS NULL', undefined, '', true],
    ['IS NULL', undefined, ['', ''], true],
    ['IS NULL', undefined, 'x', false],
    ['IS NULL', undefined, ['', 'x'], false],
    ['IS NOT NULL', undefined, NULL, false],
    ['IS NOT NULL', undefined, '', false],
    ['IS NOT NULL', undefined, ' ', true],
    ['IS NOT NULL', undefined, ['', 'x'], true],
    // REGEX MATCH: the whole value must match.
    ['REGEX MATCH', '([1-9][0-9])', NULL, false],
    ['REGEX MATCH', '([1-9][0-9])', '', false],
    ['REGEX MATCH', '([1-9][0-9])', '42', true],
    ['REGEX MATCH', '([1-9][0-9])', '420', false],
    ['REGEX MATCH', '([1-9][0-9])', 'x42', false],
    ['REGEX MATCH', '([1-9][0-9])', '5', false],
    ['REGEX MATCH', '([1-9][0-9])', ['5', '55'], true],
    ['REGEX MATCH', '.*\\@domain.com', 'ada@domain.com', true],
    ['REGEX MATCH', '.*\\@domain.com', 'ada@domain.com.evil', false],
    ['REGEX MATCH', 'a|b', 'ab', false],
    ['REGEX MATCH', 'a|b', 'b', true],
    ['REGEX MATCH', 'staff', 'Staff', false],
    // NOT REGEX MATCH: false for null or empty.
    ['NOT REGEX MATCH', '.*\\@domain.com', NULL, false],
    ['NOT REGEX MATCH', '.*\\@domain.com', '', false],
    ['NOT REGEX MATCH', '.*\\@domain.com', 'ada@other.com', true],
    ['NOT REGEX MATCH', '.*\\@domain.com', 'ada@domain.com', false],
    ['NOT REGEX MATCH', '([1-9][0-9])', '420', true],
    ['NOT REGEX MATCH', '([1-9][0-9])', ['420', '42'], false],
  ])('%s %j on %j → %s', (operator, value, input, expected) => {
    expect(admits(operator, value, input)).toBe(expected)
  })
})

describe('combining clauses and filters', () => {
  const staffInEngineering = {
    title: 'Engineering staff',
    clauses: [
      { attribute: 'type', operator: 'EQUALS', value: 'staff' },
      { attribute: 'department', operator: 'EQUALS', value: 'Engineering' },
      { attribute: 'title', operator: 'IS NOT NULL' },
    ] as ScopingClause[],
  }
  const seniorAnyone = {
    title: '',
    clauses: [{ attribute: 'level', operator: 'Greater_Than_OR_EQUALS', value: '5' }] as ScopingClause[],
  }
  const scope = compileScoping([staffInEngineering, seniorAnyone])

  it('admits an object when every clause of one filter is true (AND), naming the filter', () => {
    const decision = scope({ type: 'staff', department: 'Engineering', title: 'Dev', level: '1' })
    expect(decision).toEqual({
      inScope: true,
      reason: 'In scope by filter "Engineering staff" (all 3 clause(s) true)',
      filterIndex: 0,
    })
  })

  it('admits an object through any filter (OR), using #n for an untitled one', () => {
    const decision = scope({ type: 'contractor', level: '7' })
    expect(decision).toEqual({
      inScope: true,
      reason: 'In scope by filter #2 (all 1 clause(s) true)',
      filterIndex: 1,
    })
  })

  it('refuses an object when one clause of each filter is false, naming each failing clause', () => {
    const attributes: ScopeAttributes = { type: 'staff', department: 'Engineering', level: '2' }
    expect(scope(attributes)).toEqual({
      inScope: false,
      reason:
        'Out of scope: filter "Engineering staff": title IS NOT NULL is false; filter #2: level Greater_Than_OR_EQUALS "5" is false',
      filterIndex: null,
    })
  })

  it('names the first false clause of a filter', () => {
    expect(scope({ type: 'contractor', department: 'Sales' }).reason).toBe(
      'Out of scope: filter "Engineering staff": type EQUALS "staff" is false; filter #2: level Greater_Than_OR_EQUALS "5" is false'
    )
  })

  it('puts everyone in scope without filters', () => {
    expect(compileScoping([])({})).toEqual({
      inScope: true,
      reason: 'No scoping filters: every object is in scope',
      filterIndex: null,
    })
  })

  it('describes clauses with and without values', () => {
    expect(describeClause({ attribute: 'mail', operator: 'ENDS_WITH', value: '"x"' })).toBe(
      'mail ENDS_WITH "\\"x\\""'
    )
    expect(describeClause({ attribute: 'mail', operator: 'IS NULL' })).toBe('mail IS NULL')
  })
})

describe('regexes that backtrack catastrophically', () => {
  // 2^28 ways to split the value: seconds without a time budget (the 41 characters: hours).
  const name = `${'A'.repeat(28)}!`
  const names: ScopingClause = { attribute: 'name', operator: 'REGEX MATCH', value: '([A-Za-z]+ ?)+' }
  const staffOnly: ScopingClause = { attribute: 'type', operator: 'EQUALS', value: 'staff' }

  it.each<ScopingOperator>(['REGEX MATCH', 'NOT REGEX MATCH'])(
    'leave scoping undecided with an error naming the filter and clause (%s)',
    operator => {
      const scope = compileScoping([{ title: 'Names', clauses: [staffOnly, { ...names, operator }] }])
      const started = performance.now()
      const decision = scope({ type: 'staff', name })
      expect(performance.now() - started).toBeLessThan(5000)
      // Not out of scope: an undecided person must not be deprovisioned.
      expect(decision).toMatchObject({ inScope: true, filterIndex: null })
      const expected = `filter "Names": name ${operator} "([A-Za-z]+ ?)+" took longer than 500 ms on this value`
      expect(decision.error?.startsWith(`Scoping could not be decided: ${expected}`)).toBe(true)
      expect(decision.reason).toBe(decision.error)
    }
  )

  it('do not matter when another clause of the filter is false, or another filter admits', () => {
    const scope = compileScoping([
      { title: 'Names', clauses: [names, staffOnly] },
      { title: '', clauses: [{ attribute: 'level', operator: 'Greater_Than', value: '5' }] },
    ])
    const out = scope({ type: 'contractor', name, level: '1' })
    expect(out).toEqual({
      inScope: false,
      reason:
        'Out of scope: filter "Names": type EQUALS "staff" is false; filter #2: level Greater_Than "5" is false',
      filterIndex: null,
    })
    expect(scope({ type: 'staff', name, level: '9' })).toEqual({
      inScope: true,
      reason: 'In scope by filter #2 (all 1 clause(s) true)',
      filterIndex: 1,
    })
    expect(scope({ type: 'staff', name: 'Ada Lovelace', level: '1' })).toMatchObject({
      inScope: true,
      filterIndex: 0,
    })
  })
})

describe('refused filters', () => {
  it.each<[string, ScopingClause, RegExp]>([
    [
      'an invalid regex',
      { attribute: 'a', operator: 'REGEX MATCH', value: '([a-z' },
      /^invalid regular expression: /,
    ],
    [
      'an invalid negated regex',
      { attribute: 'a', operator: 'NOT REGEX MATCH', value: '*x' },
      /^invalid regular expression: /,
    ],
    [
      'a decimal threshold',
      { attribute: 'a', operator: 'Greater_Than', value: '2.5' },
      /^Greater_Than compares integers only, and "2\.5" is not an integer$/,
    ],
    [
      'a text threshold',
      { attribute: 'a', operator: 'Greater_Than_OR_EQUALS', value: 'ten' },
      /^Greater_Than_OR_EQUALS compares integers only, and "ten" is not an integer$/,
    ],
    ['an empty threshold', { attribute: 'a', operator: 'Greater_Than', value: '' }, /is not an integer/],
    ['a missing value', { attribute: 'a', operator: 'EQUALS' }, /^operator EQUALS needs a value$/],
    ['a missing regex', { attribute: 'a', operator: 'REGEX MATCH' }, /^operator REGEX MATCH needs a value$/],
  ])('refuses %s, naming the filter and clause', (_label, clause, message) => {
    const error = scopingErrorOf(() =>
      compileScoping([
        { title: 'ok', clauses: [{ attribute: 'x', operator: 'IS NOT NULL' }] },
        { title: 'bad', clauses: [{ attribute: 'y', operator: 'IS NULL' }, clause] },
      ])
    )
    expect(error.filterIndex).toBe(1)
    expect(error.clauseIndex).toBe(1)
    expect(error.message).toMatch(message)
  })
})
