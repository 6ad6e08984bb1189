import { singleText } from '../values/coercion'
import { evaluateArgument } from './arguments'
import type { FunctionDefinition, LazyFunctionDefinition } from './registry'

/**
 * SelectUniqueValue(uniqueValueRule1, uniqueValueRule2, …) — the first rule value not yet used
 * in the target, e.g. John.Smith@contoso.com, else J.Smith@contoso.com, else Jo.Smith@….
 *
 * Rules are evaluated one at a time, in order, and each value is offered to
 * `context.isUnique`; the first accepted is returned and later rules are not evaluated. Absent,
 * "" results are skipped (they can't be provisioned). When every value is taken the evaluation
 * fails with "all values already exist in the target", so the engine escrows the object, as the
 * service does. Decided where the docs are silent: without `isUnique` (nothing to check
 * against, e.g. previews) the first non-empty value is returned; when every rule is empty the
 * result is null. At least two rules; it must be the whole expression (a compile error
 * otherwise, as documented: "can't be nested"). Values are compared as text; several values
 * from one rule fail.
 */
export const selectUniqueValueFunction: LazyFunctionDefinition = {
  name: 'SelectUniqueValue',
  minArgs: 2,
  maxArgs: Infinity,
  lazy: true,
  topLevelOnly: true,
  signature: 'SelectUniqueValue(uniqueValueRule1, uniqueValueRule2, …)',
  evaluate(args, context, site) {
    const isUnique = context.isUnique
    let tried = 0
    for (let index = 0; index < args.length; index++) {
      const value = singleText(evaluateArgument(args, index, context), site, `uniqueValueRule${index + 1}`)
      if (value === null || value === '') {
        continue
      }
      if (isUnique === undefined || isUnique(value)) {
        return value
      }
      tried++
    }
    if (tried === 0) {
      return null
    }
    return site.fail(
      `all values already exist in the target (${tried} candidate${tried === 1 ? '' : 's'} tried)`
    )
  },
}

/** The uniqueness function, for the default registry. */
export const uniqueFunctions: ReadonlyArray<FunctionDefinition> = [selectUniqueValueFunction]
