import type { CallSite } from '../evaluation/call-site'
import { integerValue, parseInvariantNumber, singleScalar } from '../values/coercion'
import { renderScalar } from '../values/format'
import type { ArgumentValue } from '../values/value'
import { argumentAt } from './arguments'
import type { EagerFunctionDefinition, FunctionDefinition } from './registry'

const INT64_MIN = -(2n ** 63n)
const INT64_MAX = 2n ** 63n - 1n

/**
 * A 64-bit integer argument, read exactly: a whole number, or text holding one in decimal or as
 * a VB hex literal ("&HF7") — attributes such as userAccountControl arrive as text. Null,
 * omitted and "" give null; fractions, booleans, dates and values outside Int64 fail.
 */
function integerArgument(value: ArgumentValue, site: CallSite, parameter: string): bigint | null {
  const scalar = singleScalar(value, site, parameter)
  if (scalar === null || scalar === '') {
    return null
  }
  let result: bigint | undefined
  if (typeof scalar === 'number' && Number.isInteger(scalar)) {
    result = BigInt(scalar)
  } else if (typeof scalar === 'string') {
    const text = scalar.trim()
    if (/^[+-]?[0-9]+$/.test(text)) {
      result = BigInt(text)
    } else if (/^&[Hh][0-9A-Fa-f]+$/.test(text)) {
      result = BigInt(`0x${text.slice(2)}`)
    } else {
      const number = parseInvariantNumber(text)
      if (number !== undefined && Number.isInteger(number)) result = BigInt(number)
    }
  }
  if (result === undefined || result < INT64_MIN || result > INT64_MAX) {
    return site.fail(`${parameter} must be a whole number (64-bit), but is "${renderScalar(scalar)}"`)
  }
  return result
}

/**
 * BitAnd(value1, value2) — bitwise AND of two integers: `BitAnd(&HF, &HF7)` → 7. Used to test
 * flags, e.g. `BitAnd([userAccountControl], 2)` is 2 for a disabled account. Computed exactly on
 * 64-bit two's-complement integers, as VB's Long. An absent value gives null (no flags to test).
 */
export const bitAndFunction: EagerFunctionDefinition = {
  name: 'BitAnd',
  minArgs: 2,
  maxArgs: 2,
  signature: 'BitAnd(value1, value2)',
  evaluate(args, _context, site) {
    const first = integerArgument(argumentAt(args, 0), site, 'value1')
    const second = integerArgument(argumentAt(args, 1), site, 'value2')
    if (first === null || second === null) {
      return null
    }
    return integerValue(first & second)
  },
}

/** The numeric functions, for the default registry. */
export const numberFunctions: ReadonlyArray<FunctionDefinition> = [bitAndFunction]
