/**
 * Time limits for regular expressions written by admins (Replace patterns, REGEX MATCH scoping).
 *
 * JavaScript's backtracking engine can take exponential time (`^(\w+\s?)+$` on 41 characters
 * runs for hours), and nothing in plain JavaScript can interrupt a running RegExp: only V8's
 * termination can, which `vm` exposes as a script `timeout`. That costs a watchdog thread per
 * call (~0.1 ms), so it is paid only where a pattern could run long on the value at hand:
 * patterns that can backtrack exponentially always run under the budget; others run directly
 * on values short enough for their worst case (polynomial in the value's length) to stay cheap.
 */
import { createContext, Script } from 'node:vm'

/** How long one evaluation of an admin's regex on one value may run. */
export const REGEX_BUDGET_MS = 500

/**
 * The budget is wall-clock time, which a garbage collection or a busy machine also spends: a
 * first try is cut at this fraction of it, and only a second, full-length try fails the value.
 * A pattern that backtracks catastrophically thus costs 1.2 budgets per value, not a hang.
 */
const FIRST_TRY_SHARE = 0.2

/** A regex evaluation that ran out of its time budget. */
export class RegexBudgetError extends Error {
  public constructor(public readonly budgetMs: number) {
    super(
      `took longer than ${budgetMs} ms on this value: the pattern backtracks catastrophically ` +
        '(e.g. a repeated group that itself repeats, like (\\w+\\s?)+); simplify it'
    )
    this.name = 'RegexBudgetError'
  }
}

/** Worst-case backtracking steps tolerated without a budget (a few milliseconds of matching). */
const DIRECT_STEPS = 1e7

/**
 * The longest value a JavaScript pattern may run on without a time budget: 0 when it can
 * backtrack exponentially (a quantified group holding a quantifier or an alternation, or a
 * backreference), else the length at which its polynomial worst case reaches
 * {@link DIRECT_STEPS} (Infinity for a pattern with no variable-length repetition).
 */
export function directLengthLimit(source: string): number {
  const shape = scanShape(source)
  if (shape === 'exponential') return 0
  if (shape === 0) return Number.POSITIVE_INFINITY
  return Math.floor(DIRECT_STEPS ** (1 / (shape + 1)))
}

/** Runs a match directly when `text` is within `limit`, else under the time budget. */
export function matchWithinBudget<T>(limit: number, text: string, match: () => T): T {
  return text.length <= limit ? match() : runWithBudget(match)
}

const context = createContext({ task: undefined as (() => unknown) | undefined })
const script = new Script('task()', { filename: 'regex-budget' })

/** Runs `task` (which must be safe to repeat) within `budgetMs`, else throws {@link RegexBudgetError}. */
export function runWithBudget<T>(task: () => T, budgetMs = REGEX_BUDGET_MS): T {
  const first = tryWithin(task, Math.max(1, Math.round(budgetMs * FIRST_TRY_SHARE)))
  if (first !== TIMED_OUT) return first
  const second = tryWithin(task, budgetMs)
  if (second !== TIMED_OUT) return second
  throw new RegexBudgetError(budgetMs)
}

const TIMED_OUT: unique symbol = Symbol('timed out')

function tryWithin<T>(task: () => T, timeout: number): T | typeof TIMED_OUT {
  const previous = context['task'] as unknown
  context['task'] = task
  try {
    return script.runInContext(context, { timeout }) as T
  } catch (error) {
    if ((error as { code?: unknown } | null)?.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') return TIMED_OUT
    throw error
  } finally {
    context['task'] = previous
  }
}

interface GroupShape {
  /** Holds a quantifier or an alternation, at any depth: repeating it can match one text many ways. */
  ambiguous: boolean
}

/**
 * `exponential`, or how many variable-length repetitions the pattern has (each can multiply the
 * steps by the value's length). Conservative: what it cannot prove harmless counts as harmful.
 */
function scanShape(source: string): number | 'exponential' {
  const stack: GroupShape[] = [{ ambiguous: false }]
  let last: GroupShape | 'atom' | null = null
  let degree = 0
  let index = 0
  while (index < source.length) {
    const char = source[index] as string
    const current = stack[stack.length - 1] as GroupShape
    if (char === '\\') {
      const next = source[index + 1] ?? ''
      if (/[1-9]/.test(next) || next === 'k') return 'exponential'
      index = skipEscape(source, index)
      last = 'atom'
    } else if (char === '[') {
      index = skipClass(source, index)
      last = 'atom'
    } else if (char === '(') {
      stack.push({ ambiguous: false })
      index = skipGroupPrefix(source, index + 1)
      last = null
    } else if (char === ')') {
      const closed = stack.length > 1 ? (stack.pop() as GroupShape) : current
      const parent = stack[stack.length - 1] as GroupShape
      parent.ambiguous ||= closed.ambiguous
      index++
      last = closed
    } else if (char === '|') {
      current.ambiguous = true
      index++
      last = null
    } else {
      const quantifier = readQuantifier(source, index)
      if (quantifier === null) {
        index++
        last = 'atom'
        continue
      }
      current.ambiguous = true
      if (quantifier.max > 1 && typeof last === 'object' && last?.ambiguous === true) return 'exponential'
      if (quantifier.max - quantifier.min >= 2) degree++
      index = quantifier.end
      last = null
    }
  }
  return degree
}

function skipEscape(source: string, index: number): number {
  const next = source[index + 1] ?? ''
  if ((next === 'u' || next === 'p' || next === 'P') && source[index + 2] === '{') {
    const close = source.indexOf('}', index + 3)
    return close === -1 ? source.length : close + 1
  }
  return index + 2
}

/** Past a character class, nested classes (the `v` flag) and escapes included. */
function skipClass(source: string, index: number): number {
  let depth = 0
  let position = index
  while (position < source.length) {
    const char = source[position]
    if (char === '\\') {
      position = skipEscape(source, position)
      continue
    }
    if (char === '[') depth++
    if (char === ']' && --depth === 0) return position + 1
    position++
  }
  return position
}

function skipGroupPrefix(source: string, index: number): number {
  const prefix = /^\?(?::|=|!|<=|<!|<[^>]*>)/.exec(source.slice(index, index + 80))
  return prefix === null ? index : index + prefix[0].length
}

function readQuantifier(
  source: string,
  index: number
): { readonly min: number; readonly max: number; readonly end: number } | null {
  const char = source[index]
  let min: number
  let max: number
  let end = index + 1
  if (char === '*' || char === '+' || char === '?') {
    min = char === '+' ? 1 : 0
    max = char === '?' ? 1 : Number.POSITIVE_INFINITY
  } else if (char === '{') {
    const braces = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(index, index + 40))
    if (braces === null) return null
    min = Number(braces[1])
    max = braces[2] === undefined ? min : braces[3] === '' ? Number.POSITIVE_INFINITY : Number(braces[3])
    end = index + braces[0].length
  } else {
    return null
  }
  if (source[end] === '?') end++
  return { min, max, end }
}
