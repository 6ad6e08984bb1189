import { singleText, wholeNumber } from '../values/coercion'
import { renderScalar } from '../values/format'
import { isMultiValue, multiValue, OMITTED } from '../values/value'
import { argumentAt } from './arguments'
import type { EagerFunctionDefinition, FunctionDefinition } from './registry'

/**
 * Functions producing or consuming multi-valued attributes. A single value counts as a list of
 * one, except "" which — like an absent attribute — holds no value (§A.2: neither is
 * provisioned).
 */

/**
 * Count(attribute) — how many values: an absent attribute and "" count 0, a single value 1, a
 * multi-valued attribute its number of values (empty strings in it included, as stored).
 */
export const countFunction: EagerFunctionDefinition = {
  name: 'Count',
  minArgs: 1,
  maxArgs: 1,
  signature: 'Count(attribute)',
  evaluate(args) {
    const value = argumentAt(args, 0)
    if (value === null || value === OMITTED || value === '') {
      return 0
    }
    return isMultiValue(value) ? value.length : 1
  },
}

/**
 * Item(attribute, index) — the value at the 1-based index: `Item([proxyAddresses], 1)` is the
 * first. Docs silent on the edges: an index outside 1…Count (0 included, which "shouldn't be
 * used") gives null, so the attribute is skipped rather than the object failing; a single value
 * is item 1; an absent attribute or "" gives null; an absent index fails.
 */
export const itemFunction: EagerFunctionDefinition = {
  name: 'Item',
  minArgs: 2,
  maxArgs: 2,
  signature: 'Item(attribute, index)',
  evaluate(args, _context, site) {
    const index = wholeNumber(argumentAt(args, 1), site, 'index')
    if (index === null) {
      return site.fail('index is required (the first value is 1)')
    }
    const value = argumentAt(args, 0)
    if (value === null || value === OMITTED || value === '') {
      return null
    }
    if (isMultiValue(value)) {
      return value[index - 1] ?? null
    }
    return index === 1 ? value : null
  },
}

/**
 * RemoveDuplicates(attribute) — each value once, in order of first occurrence, compared exactly
 * (case-sensitive, ordinal: "SMTP:a@x" and "smtp:a@x" are both kept — they mean different
 * things in proxyAddresses). A single value or null passes through.
 */
export const removeDuplicatesFunction: EagerFunctionDefinition = {
  name: 'RemoveDuplicates',
  minArgs: 1,
  maxArgs: 1,
  signature: 'RemoveDuplicates(attribute)',
  evaluate(args) {
    const value = argumentAt(args, 0)
    if (value === OMITTED) {
      return null
    }
    return isMultiValue(value) ? [...new Set(value)] : value
  },
}

/**
 * Split(source, delimiter) — a multi-valued attribute of the parts between delimiters:
 * `Split("PermissionSetOne,PermissionSetTwo", ",")` → ["PermissionSetOne", "PermissionSetTwo"].
 *
 * Decided where the docs are silent: the split is literal, as .NET's String.Split — parts are
 * not trimmed (the doc's own input "PermissionSetOne, PermissionSetTwo" gives
 * " PermissionSetTwo", space kept) and empty parts are kept ("a,,b" → a, "", b); the delimiter
 * may be several characters, matched as a whole ("a::b" with "::" → a, b). An absent or ""
 * delimiter doesn't split. An absent source or "" gives null (nothing to split); a multi-valued
 * source has every value split, flattened in order.
 */
export const splitFunction: EagerFunctionDefinition = {
  name: 'Split',
  minArgs: 2,
  maxArgs: 2,
  signature: 'Split(source, delimiter)',
  evaluate(args, _context, site) {
    const delimiter = singleText(argumentAt(args, 1), site, 'delimiter') ?? ''
    const value = argumentAt(args, 0)
    if (value === null || value === OMITTED || value === '') {
      return null
    }
    const split = (text: string): string[] => (delimiter === '' ? [text] : text.split(delimiter))
    const parts: ReadonlyArray<string> = isMultiValue(value)
      ? value.flatMap(split)
      : split(renderScalar(value))
    return multiValue(parts)
  },
}

/** The multi-valued attribute functions, for the default registry. */
export const multiValueFunctions: ReadonlyArray<FunctionDefinition> = [
  countFunction,
  itemFunction,
  removeDuplicatesFunction,
  splitFunction,
]
