import { isNullOrEmpty, withoutOmitted } from '../values/value'
import { argumentAt } from './arguments'
import type { EagerFunctionDefinition, FunctionDefinition } from './registry'

/**
 * IgnoreFlowIfNullOrEmpty(expression) — drops the target attribute from the flow when the
 * expression is null or "" (or a multi-valued attribute without values); otherwise passes the
 * value through. Wherever it is nested, it drops the whole mapping: the docs say the service
 * ignores "the attribute", i.e. the mapping's target, not the enclosing call's argument.
 */
export const ignoreFlowIfNullOrEmptyFunction: EagerFunctionDefinition = {
  name: 'IgnoreFlowIfNullOrEmpty',
  minArgs: 1,
  maxArgs: 1,
  signature: 'IgnoreFlowIfNullOrEmpty(expression)',
  evaluate(args, _context, site) {
    const value = argumentAt(args, 0)
    if (isNullOrEmpty(value)) {
      return site.ignoreFlow()
    }
    return withoutOmitted(value)
  },
}

/**
 * Redact(value) — the value flows to the target unchanged (the docs only speak of logs), and the
 * mapping is marked redacted so plans and logs show "[Redact]". The mark applies to every result
 * of an expression containing Redact, even when the branch holding it wasn't taken: the secret
 * could otherwise be inferred from which value is shown.
 */
export const redactFunction: EagerFunctionDefinition = {
  name: 'Redact',
  minArgs: 1,
  maxArgs: 1,
  signature: 'Redact(value)',
  redactsResult: true,
  evaluate(args) {
    return withoutOmitted(argumentAt(args, 0))
  },
}

/** The functions that affect how a mapping's value flows, for the default registry. */
export const flowFunctions: ReadonlyArray<FunctionDefinition> = [
  ignoreFlowIfNullOrEmptyFunction,
  redactFunction,
]
