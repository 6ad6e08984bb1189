import type { CallSite } from '../evaluation/call-site'
import { booleanOf, singleScalar, singleText } from '../values/coercion'
import { type ArgumentValue, isMultiValue, isNullOrEmpty, OMITTED, withoutOmitted } from '../values/value'
import { argumentAt, evaluateArgument } from './arguments'
import type { EagerFunctionDefinition, FunctionDefinition, LazyFunctionDefinition } from './registry'

/**
 * Reads an IIF condition. A comparison or IsPresent() gives a boolean; text "True"/"False" (any
 * case) and numbers (non-zero is true) are read as CBool would. Null and "" make the condition
 * false — the docs: "if the source attribute … is empty or null, the condition check fails".
 * Any other text fails the evaluation instead of silently picking a branch.
 */
export function conditionOf(value: ArgumentValue, site: CallSite): boolean {
  const scalar = singleScalar(value, site, 'condition')
  if (scalar === null || scalar === '') {
    return false
  }
  const condition = booleanOf(scalar)
  if (condition === undefined) {
    const text = singleText(scalar, site, 'condition') ?? ''
    return site.fail(`condition must be True or False, but is "${text}"`)
  }
  return condition
}

/**
 * IIF(condition, valueIfTrue, valueIfFalse) — only the chosen branch is evaluated, so a branch
 * that would fail (or drop the flow) has no effect when not taken.
 */
export const iifFunction: LazyFunctionDefinition = {
  name: 'IIF',
  minArgs: 3,
  maxArgs: 3,
  lazy: true,
  signature: 'IIF(condition, valueIfTrue, valueIfFalse)',
  evaluate(args, context, site) {
    const condition = conditionOf(evaluateArgument(args, 0, context), site)
    return withoutOmitted(evaluateArgument(args, condition ? 1 : 2, context))
  },
}

/**
 * Switch(source, defaultValue, key1, value1, key2, value2, …) — the value of the first key equal
 * to source (case-sensitive, ordinal), else defaultValue. Keys are evaluated in order until one
 * matches.
 *
 * Docs silent on an absent source: it is treated like "" (so the documented
 * `Switch([x], "default", "", "0")` gives "0" for both empty and absent), and likewise an absent
 * or omitted key. An omitted defaultValue (`Switch([Active], , "1", …)`) gives null. Booleans and
 * numbers compare by their text ("True", "1").
 */
export const switchFunction: LazyFunctionDefinition = {
  name: 'Switch',
  minArgs: 4,
  maxArgs: Infinity,
  lazy: true,
  signature: 'Switch(source, defaultValue, key1, value1, key2, value2, …)',
  checkArgumentCount: count =>
    count % 2 === 0
      ? undefined
      : `expects an even number of arguments (source, defaultValue, then key/value pairs) but got ${count}`,
  evaluate(args, context, site) {
    const source = singleText(evaluateArgument(args, 0, context), site, 'source') ?? ''
    for (let index = 2; index + 1 < args.length; index += 2) {
      const key = singleText(evaluateArgument(args, index, context), site, `key${index / 2}`) ?? ''
      if (key === source) {
        return withoutOmitted(evaluateArgument(args, index + 1, context))
      }
    }
    return withoutOmitted(evaluateArgument(args, 1, context))
  },
}

/**
 * Coalesce(source1, source2, …, defaultValue) — the first argument that isn't null, evaluating
 * no further. "" is a value, not null (the docs say "isn't NULL"; the AI-written guide's
 * `Coalesce("", "Robert")` → "Robert" contradicts that wording). The defaultValue needs no
 * special handling: it is returned when every source is null simply by being the last argument,
 * and an omitted one yields null.
 */
export const coalesceFunction: LazyFunctionDefinition = {
  name: 'Coalesce',
  minArgs: 1,
  maxArgs: Infinity,
  lazy: true,
  signature: 'Coalesce(source1, source2, …, defaultValue)',
  evaluate(args, context) {
    for (let index = 0; index < args.length; index++) {
      const value = evaluateArgument(args, index, context)
      if (value !== null && value !== OMITTED) {
        return value
      }
    }
    return null
  },
}

/**
 * Not(source) — "If source value is True, returns False. Otherwise, returns True." Truth is read
 * as CBool would ("True" in any case, non-zero numbers); everything else, null and multi-valued
 * attributes included, is "otherwise" and gives True.
 */
export const notFunction: EagerFunctionDefinition = {
  name: 'Not',
  minArgs: 1,
  maxArgs: 1,
  signature: 'Not(source)',
  evaluate(args) {
    const value = argumentAt(args, 0)
    if (value === null || value === OMITTED) {
      return true
    }
    if (isMultiValue(value)) {
      const only = value.length === 1 ? value[0] : undefined
      return only === undefined || booleanOf(only) !== true
    }
    return booleanOf(value) !== true
  },
}

/** IsNull(expression) — true if the value is absent. A multi-valued attribute is never null. */
export const isNullFunction: EagerFunctionDefinition = {
  name: 'IsNull',
  minArgs: 1,
  maxArgs: 1,
  signature: 'IsNull(Expression)',
  evaluate(args) {
    const value = argumentAt(args, 0)
    return value === null || value === OMITTED
  },
}

/** IsNullOrEmpty(expression) — true if absent or "". Whitespace is not empty. */
export const isNullOrEmptyFunction: EagerFunctionDefinition = {
  name: 'IsNullOrEmpty',
  minArgs: 1,
  maxArgs: 1,
  signature: 'IsNullOrEmpty(Expression)',
  evaluate(args) {
    return isNullOrEmpty(argumentAt(args, 0))
  },
}

/** IsPresent(expression) — the inverse of IsNullOrEmpty. */
export const isPresentFunction: EagerFunctionDefinition = {
  name: 'IsPresent',
  minArgs: 1,
  maxArgs: 1,
  signature: 'IsPresent(Expression)',
  evaluate(args) {
    return !isNullOrEmpty(argumentAt(args, 0))
  },
}

/**
 * IsString(expression) — True if the value is text. Decided (the docs only say "can be evaluated
 * to a string type"): a single text value is, "" included; an absent attribute isn't, nor are the
 * typed results of functions (numbers such as Count's, booleans, date-times) or a multi-valued
 * attribute (a list, not a string).
 */
export const isStringFunction: EagerFunctionDefinition = {
  name: 'IsString',
  minArgs: 1,
  maxArgs: 1,
  signature: 'IsString(Expression)',
  evaluate(args) {
    return typeof argumentAt(args, 0) === 'string'
  },
}

/** The condition, choice and null-test functions, for the default registry. */
export const logicFunctions: ReadonlyArray<FunctionDefinition> = [
  coalesceFunction,
  iifFunction,
  switchFunction,
  notFunction,
  isNullFunction,
  isNullOrEmptyFunction,
  isPresentFunction,
  isStringFunction,
]
