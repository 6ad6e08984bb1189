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

/** The type-conversion functions, for the default registry. */
export const conversionFunctions: ReadonlyArray<FunctionDefinition> = [cstrFunction]
