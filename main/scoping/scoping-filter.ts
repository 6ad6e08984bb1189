/**
 * Entra-compatible attribute scoping filters (entra-provisioning.md §D).
 *
 * Clauses in one filter AND; filters OR; no filters means everyone is in scope. Pure: no I/O.
 */

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

const EVERYONE: ScopeDecision = { inScope: true, reason: 'No scoping filters: every object is in scope', filterIndex: null }

/** Compiles filters once (regexes included); throws `ScopingFilterError` for a bad clause. */
export function compileScoping(filters: ReadonlyArray<ScopingFilter>): CompiledScope {
  const compiled = filters.map((filter, filterIndex) => ({
    filter,
    tests: filter.clauses.map((clause, clauseIndex) => compileClause(clause, filterIndex, clauseIndex)),
  }))
  // Decisions that admit an object are the same for everyone a filter admits: build them once.
  const admitted = compiled.map(
    (entry, filterIndex): ScopeDecision => ({
      inScope: true,
      reason: `In scope by filter ${describeFilter(entry.filter, filterIndex)} (all ${entry.tests.length} clause(s) true)`,
      filterIndex,
    })
  )
  return attributes => {
    if (compiled.length === 0) {
      return EVERYONE
    }
    const failures: string[] = []
    for (let filterIndex = 0; filterIndex < compiled.length; filterIndex++) {
      const entry = compiled[filterIndex]
      if (entry === undefined) continue
      const failing = entry.tests.findIndex(
        (test, clauseIndex) => !test(attributes[entry.filter.clauses[clauseIndex]?.attribute ?? ''])
      )
      if (failing === -1) {
        return admitted[filterIndex] as ScopeDecision
      }
      const clause = entry.filter.clauses[failing]
      if (clause !== undefined) {
        failures.push(
          `filter ${describeFilter(entry.filter, filterIndex)}: ${describeClause(clause)} is false`
        )
      }
    }
    return { inScope: false, reason: `Out of scope: ${failures.join('; ')}`, filterIndex: null }
  }
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
      if (clause.operator === 'REGEX MATCH') {
        return value => anyValue(value, text => regex.test(text))
      }
      return value => !isEmpty(value) && !anyValue(value, text => regex.test(text))
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
