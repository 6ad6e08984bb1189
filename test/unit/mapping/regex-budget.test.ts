import { describe, expect, it } from 'vitest'
import {
  directLengthLimit,
  matchWithinBudget,
  REGEX_BUDGET_MS,
  RegexBudgetError,
  runWithBudget,
} from '../../../main/mapping/regex-budget'

/** A value on which `^(\w+\s?)+$` backtracks for seconds (2^28 ways to split it) without a budget. */
const CATASTROPHIC_VALUE = `${'A'.repeat(28)}!`

describe('directLengthLimit', () => {
  it.each([
    String.raw`^(\w+\s?)+$`,
    '([A-Za-z]+ ?)+',
    '(a|ab)*c',
    '(?:x(?:y+))*',
    '((a?))+',
    String.raw`(\d{1,3}\.){3}`,
    String.raw`(a)\1`,
    String.raw`(?<n>a)\k<n>`,
  ])('always budgets %s, which can backtrack exponentially', pattern => {
    expect(directLengthLimit(pattern)).toBe(0)
  })

  it.each<[string, number]>([
    ['[^A-Za-z]', Number.POSITIVE_INFINITY],
    [String.raw`\d{4}-\d{2}`, Number.POSITIVE_INFINITY],
    ['(ab)?c', Number.POSITIVE_INFINITY],
    // Quantifier characters inside a class or escaped are literals.
    [String.raw`[(+*)]\+\(\{`, Number.POSITIVE_INFINITY],
    ['^0+', 3162],
    [String.raw`[()\s-]+`, 3162],
    ['(?<user>[^@]+)@(?<domain>.+)', 215],
    [String.raw`^[a-z]+\.[a-z]+@[a-z]+$`, 56],
    ['(ab)+', 3162],
    ['a{2,9}', 3162],
  ])('runs %s directly on values up to its polynomial limit (%d)', (pattern, limit) => {
    expect(directLengthLimit(pattern)).toBe(limit)
  })
})

describe('runWithBudget', () => {
  it('interrupts a regex that backtracks catastrophically, within about the budget', () => {
    const regex = /^(\w+\s?)+$/u
    const started = performance.now()
    expect(() => runWithBudget(() => regex.test(CATASTROPHIC_VALUE))).toThrow(RegexBudgetError)
    expect(performance.now() - started).toBeLessThan(REGEX_BUDGET_MS * 10)
    expect(() => runWithBudget(() => regex.test(CATASTROPHIC_VALUE), 20)).toThrow(
      /^took longer than 20 ms on this value: the pattern backtracks catastrophically/
    )
  })

  it('gives a match cut short once (a pause of the process) a second, full-length try', () => {
    let calls = 0
    const pausedOnce = () => {
      calls++
      if (calls === 1) {
        const until = performance.now() + 60
        while (performance.now() < until) {
          // busy, as a long garbage collection would keep the thread
        }
      }
      return 'matched'
    }
    expect(runWithBudget(pausedOnce, 100)).toBe('matched')
    expect(calls).toBe(2)
  })

  it('returns what a quick match returns and passes its own errors through', () => {
    expect(runWithBudget(() => /^(\w+\s?)+$/u.exec('Ada Lovelace')?.[1])).toBe('Lovelace')
    const failure = new TypeError('not a regex problem')
    expect(() =>
      runWithBudget(() => {
        throw failure
      })
    ).toThrow(failure)
    // The context is reusable after a timeout.
    expect(() => runWithBudget(() => /^(a+)+$/.test(`${'a'.repeat(30)}!`), 10)).toThrow(RegexBudgetError)
    expect(runWithBudget(() => 42)).toBe(42)
  })

  it('runs short values directly and long ones under the budget', () => {
    let budgeted = 0
    const probe = () => {
      budgeted += new Error().stack?.includes('regex-budget:') === true ? 1 : 0
      return true
    }
    expect(matchWithinBudget(10, 'short', probe)).toBe(true)
    expect(matchWithinBudget(3, 'longer', probe)).toBe(true)
    expect(budgeted).toBe(1)
  })
})
