import { booleanOf, singleScalar } from '../values/coercion'
import { renderScalar } from '../values/format'
import { isMultiValue, OMITTED } from '../values/value'
import { argumentAt } from './arguments'
import type { EagerFunctionDefinition, FunctionDefinition } from './registry'

/**
 * CStr(value) — the text form of a value: booleans as "True"/"False", numbers in the invariant
 * culture, date-times as `M/d/yyyy h:mm:ss tt`. Docs silent on null and multi-valued: null stays
 * null (there is no text to give), a multi-valued attribute passes through (its values are text).
 */
export const cstrFunction: EagerFunctionDefinition = {
  name: 'CStr',
  minArgs: 1,
  maxArgs: 1,
  signature: 'CStr(value)',
  evaluate(args) {
    const value = argumentAt(args, 0)
    if (value === null || value === OMITTED || isMultiValue(value)) {
      return value === OMITTED ? null : value
    }
    return renderScalar(value)
  },
}

/**
 * CBool(expression) — True for a true or non-zero value, else False:
 * `CBool([attribute1] = [attribute2])` is True when both are equal. Reads text as VB's CBool
 * does ("True"/"False" in any case, numbers such as "1" or "0"). Decided where the docs are
 * silent: an absent value or "" is False, as an IIF condition reads it; other text ("yes"),
 * date-times and multi-valued attributes with several values fail rather than guess.
 */
export const cboolFunction: EagerFunctionDefinition = {
  name: 'CBool',
  minArgs: 1,
  maxArgs: 1,
  signature: 'CBool(expression)',
  evaluate(args, _context, site) {
    const scalar = singleScalar(argumentAt(args, 0), site, 'expression')
    if (scalar === null || scalar === '') {
      return false
    }
    return booleanOf(scalar) ?? site.fail(`"${renderScalar(scalar)}" is not True, False or a number`)
  },
}

/** The type-conversion functions, for the default registry. */
export const conversionFunctions: ReadonlyArray<FunctionDefinition> = [cstrFunction, cboolFunction]
