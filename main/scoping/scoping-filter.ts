/**
 * Entra-compatible attribute scoping filters (entra-provisioning.md §D).
 *
 * Clauses in one filter AND; filters OR; no filters means everyone is in scope. Pure: no I/O.
 * Regexes run within a time budget per value (regex-budget.ts).
 */

import { directLengthLimit, matchWithinBudget, RegexBudgetError } from '../mapping/regex-budget'

export type ScopingOperator =
  | '&'
  | '!&'
  | 'ENDS_WITH'
  | 'EQUALS'
  | 'Greater_Than'
  | 'Greater_Than_OR_EQUALS'
  | 'Includes'
  | 'IS FALSE'
  | 'IS NOT NULL'
  | 'IS NULL'
  | 'IS TRUE'
  | 'NOT EQUALS'
  | 'NOT REGEX MATCH'
  | 'REGEX MATCH'

export interface ScopingClause {
  readonly attribute: string
  readonly operator: ScopingOperator
  readonly value?: string
}

export interface ScopingFilter {
  readonly title: string
  readonly clauses: ReadonlyArray<ScopingClause>
}

export type ScopeAttributes = Readonly<Record<string, string | ReadonlyArray<string>>>

export interface ScopeDecision {
  readonly inScope: boolean
  /** Which filter and clause decided, in words, for the log's scoping step. */
  readonly reason: string
  /** Index of the filter that admitted the object, or null. */
  readonly filterIndex: number | null
  /**
   * Scoping could not be decided (a regex ran out of its time budget). The object counts as in
   * scope only so that nothing deprovisions it; this error stops it like a mapping error.
   */
  readonly error?: string
}

export class ScopingFilterError extends Error {
  public constructor(
    public readonly filterIndex: number,
    public readonly clauseIndex: number,
    message: string
  ) {
    super(message)
    this.name = 'ScopingFilterError'
  }
}

type ClauseTest = (value: string | ReadonlyArray<string> | undefined) => boolean

export type CompiledScope = (attributes: ScopeAttributes) => ScopeDecision

const INTEGER = /^[+-]?\d+$/

const EVERYONE: ScopeDecision = {
  inScope: true,
  reason: 'No scoping filters: every object is in scope',
  filterIndex: null,
}

/** Compiles filters once (regexes included); throws `ScopingFilterError` for a bad clause. */
export function compileScoping(filters: ReadonlyArray<ScopingFilter>): CompiledScope {
  const compiled = filters.map((filter, filterIndex) => ({
    filter,
    tests: filter.clauses.map((clause, clauseIndex) => compileClause(clause, filterIndex, clauseIndex)),
  }))
  // Decisions that admit an object are the same for everyone a filter admits: build them once.
  const admitted = compiled.map((entry, filterIndex): ScopeDecision => ({
    inScope: true,
    reason: `In scope by filter ${describeFilter(entry.filter, filterIndex)} (all ${entry.tests.length} clause(s) true)`,
    filterIndex,
  }))
  return attributes => {
    if (compiled.length === 0) {
      return EVERYONE
    }
    const failures: string[] = []
    let undecided: string | null = null
    for (let filterIndex = 0; filterIndex < compiled.length; filterIndex++) {
      const entry = compiled[filterIndex]
      if (entry === undefined) continue
      const outcome = evaluateFilter(entry.filter, entry.tests, attributes)
      if (outcome === true) {
        return admitted[filterIndex] as ScopeDecision
      }
      const where = `filter ${describeFilter(entry.filter, filterIndex)}`
      if (outcome.false !== undefined) {
        failures.push(`${where}: ${describeClause(outcome.false)} is false`)
      } else if (outcome.undecided !== undefined) {
        undecided ??= `${where}: ${describeClause(outcome.undecided.clause)} ${outcome.undecided.error.message}`
      }
    }
    if (undecided !== null) {
      const error = `Scoping could not be decided: ${undecided}`
      return { inScope: true, reason: error, filterIndex: null, error }
    }
    return { inScope: false, reason: `Out of scope: ${failures.join('; ')}`, filterIndex: null }
  }
}

/**
 * A filter's clauses ANDed: true, or its first false clause. A clause whose regex ran out of its
 * time budget is undecided: a false clause after it still decides, else the filter is undecided.
 */
function evaluateFilter(
  filter: ScopingFilter,
  tests: ReadonlyArray<ClauseTest>,
  attributes: ScopeAttributes
): true | { readonly false?: ScopingClause; readonly undecided?: { clause: ScopingClause; error: Error } } {
  let undecided: { clause: ScopingClause; error: Error } | undefined
  for (let index = 0; index < tests.length; index++) {
    const clause = filter.clauses[index] as ScopingClause
    try {
      if (!(tests[index] as ClauseTest)(attributes[clause.attribute])) return { false: clause }
    } catch (error) {
      if (!(error instanceof RegexBudgetError)) throw error
      undecided ??= { clause, error }
    }
  }
  return undecided === undefined ? true : { undecided }
}

export function describeFilter(filter: ScopingFilter, index: number): string {
  return filter.title === '' ? `#${index + 1}` : `"${filter.title}"`
}

export function describeClause(clause: ScopingClause): string {
  return clause.value === undefined
    ? `${clause.attribute} ${clause.operator}`
    : `${clause.attribute} ${clause.operator} ${JSON.stringify(clause.value)}`
}

const NO_VALUE_OPERATORS: ReadonlySet<ScopingOperator> = new Set([
  'IS FALSE',
  'IS TRUE',
  'IS NULL',
  'IS NOT NULL',
])

function compileClause(clause: ScopingClause, filterIndex: number, clauseIndex: number): ClauseTest {
  const needsValue = !NO_VALUE_OPERATORS.has(clause.operator)
  const expected = clause.value ?? ''
  if (needsValue && clause.value === undefined) {
    throw new ScopingFilterError(filterIndex, clauseIndex, `operator ${clause.operator} needs a value`)
  }
  switch (clause.operator) {
    case 'IS NULL':
      return value => isEmpty(value)
    case 'IS NOT NULL':
      return value => !isEmpty(value)
    case 'IS TRUE':
      return value => anyValue(value, text => text.trim().toLowerCase() === 'true')
    case 'IS FALSE':
      return value => anyValue(value, text => text.trim().toLowerCase() === 'false')
    case 'EQUALS':
      return value => anyValue(value, text => text === expected)
    case 'NOT EQUALS':
      return value => !isEmpty(value) && !anyValue(value, text => text === expected)
    case 'ENDS_WITH':
      return value => anyValue(value, text => text.endsWith(expected))
    case 'Includes':
      return value => anyValue(value, text => text.includes(expected))
    case '&':
      return value => anyValue(value, text => expected.includes(text))
    case '!&':
      return value => !isEmpty(value) && !anyValue(value, text => expected.includes(text))
    case 'Greater_Than':
    case 'Greater_Than_OR_EQUALS': {
      if (!INTEGER.test(expected.trim())) {
        throw new ScopingFilterError(
          filterIndex,
          clauseIndex,
          `${clause.operator} compares integers only, and ${JSON.stringify(expected)} is not an integer`
        )
      }
      const limit = BigInt(expected.trim())
      const orEqual = clause.operator === 'Greater_Than_OR_EQUALS'
      return value =>
        anyValue(value, text => {
          const trimmed = text.trim()
          if (!INTEGER.test(trimmed)) return false
          const number = BigInt(trimmed)
          return orEqual ? number >= limit : number > limit
        })
    }
    case 'REGEX MATCH':
    case 'NOT REGEX MATCH': {
      const regex = compileWholeValueRegex(expected, filterIndex, clauseIndex)
      const limit = directLengthLimit(regex.source)
      const matches = (text: string) => matchWithinBudget(limit, text, () => regex.test(text))
      if (clause.operator === 'REGEX MATCH') {
        return value => anyValue(value, matches)
      }
      return value => !isEmpty(value) && !anyValue(value, matches)
    }
    default:
      return assertNever(clause.operator)
  }
}

/**
 * Entra's documented examples (`([1-9][0-9])` "matches any number between 10 and 99") only
 * hold when the whole value must match, so patterns are anchored.
 */
function compileWholeValueRegex(pattern: string, filterIndex: number, clauseIndex: number): RegExp {
  try {
    return new RegExp(`^(?:${pattern})$`, 'u')
  } catch {
    try {
      return new RegExp(`^(?:${pattern})$`)
    } catch (error) {
      throw new ScopingFilterError(
        filterIndex,
        clauseIndex,
        `invalid regular expression: ${(error as Error).message}`
      )
    }
  }
}

function isEmpty(value: string | ReadonlyArray<string> | undefined): boolean {
  if (value === undefined) return true
  if (typeof value === 'string') return value === ''
  return value.every(item => item === '')
}

/** A null or empty attribute makes every value comparison false (§D.3). */
function anyValue(
  value: string | ReadonlyArray<string> | undefined,
  test: (text: string) => boolean
): boolean {
  if (value === undefined) return false
  if (typeof value === 'string') return value !== '' && test(value)
  return value.some(item => item !== '' && test(item))
}

function assertNever(value: never): never {
  throw new Error(`Unhandled scoping operator: ${String(value)}`)
}
