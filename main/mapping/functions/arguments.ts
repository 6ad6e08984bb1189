import type { EvaluationContext } from '../evaluation/context'
import { type ArgumentValue, OMITTED } from '../values/value'
import type { LazyArgument } from './registry'

/**
 * The argument at `index`; a trailing optional argument that wasn't written at all reads as
 * omitted, the same as one left empty (`ToLower(x)` ≡ `ToLower(x, )`).
 */
export function argumentAt(args: ReadonlyArray<ArgumentValue>, index: number): ArgumentValue {
  const value = args[index]
  return value === undefined ? OMITTED : value
}

/** Evaluates a lazy function's argument at `index` (omitted if it wasn't written). */
export function evaluateArgument(
  args: ReadonlyArray<LazyArgument>,
  index: number,
  context: EvaluationContext
): ArgumentValue {
  const argument = args[index]
  return argument === undefined ? OMITTED : argument(context)
}
