import type { CallSite } from '../evaluation/call-site'
import { mapText, singleText } from '../values/coercion'
import { renderScalar } from '../values/format'
import { type ArgumentValue, isMultiValue, OMITTED } from '../values/value'
import { argumentAt } from './arguments'
import { type CaseCulture, caseCultureOf, toLowerCase, toUpperCase } from './case-mapping'
import type { ConstantDefinition, EagerFunctionDefinition, FunctionDefinition } from './registry'

/**
 * Append(source, suffix) — appends suffix to source.
 *
 * Docs silent on null: an absent source gives null (the attribute is skipped) rather than the bare
 * suffix, which would provision a value like ".test" for everyone lacking the attribute. An absent
 * suffix appends nothing. A multi-valued source gets the suffix on every value.
 */
export const appendFunction: EagerFunctionDefinition = {
  name: 'Append',
  minArgs: 2,
  maxArgs: 2,
  signature: 'Append(source, suffix)',
  evaluate(args, _context, site) {
    const suffix = singleText(argumentAt(args, 1), site, 'suffix') ?? ''
    return mapText(argumentAt(args, 0), text => text + suffix)
  },
}

/**
 * Join(separator, source1, source2, …) — joins the sources with the separator.
 *
 * Empty-string sources are skipped (documented by `Join(", ", "", [surname], [givenName])` →
 * "Doe, John"); so are absent ones and the empty values of a multi-valued source, whose values
 * are all joined. Docs silent on "nothing to join": if every source is absent the result is null
 * (the attribute is skipped, as the service does for null), otherwise the joined text, which may
 * be "". An absent separator joins with "".
 */
export const joinFunction: EagerFunctionDefinition = {
  name: 'Join',
  minArgs: 2,
  maxArgs: Infinity,
  signature: 'Join(separator, source1, source2, …)',
  evaluate(args, _context, site) {
    const separator = singleText(argumentAt(args, 0), site, 'separator') ?? ''
    const parts: string[] = []
    let present = false
    for (let index = 1; index < args.length; index++) {
      const value = argumentAt(args, index)
      if (value === null || value === OMITTED) {
        continue
      }
      present = true
      if (isMultiValue(value)) {
        for (const item of value) {
          if (item !== '') parts.push(item)
        }
      } else {
        const text = renderScalar(value)
        if (text !== '') parts.push(text)
      }
    }
    return present ? parts.join(separator) : null
  },
}

/**
 * ToLower(source, culture) — lower-cases source; culture defaults to the invariant culture.
 * Null stays null; a multi-valued source is lower-cased value by value. See case-mapping.ts for
 * how cultures are honoured. An unknown culture name fails, as .NET's CultureInfo does.
 */
export const toLowerFunction: EagerFunctionDefinition = {
  name: 'ToLower',
  minArgs: 1,
  maxArgs: 2,
  signature: 'ToLower(source, culture)',
  evaluate(args, _context, site) {
    const culture = cultureArgument(argumentAt(args, 1), site)
    return mapText(argumentAt(args, 0), text => toLowerCase(text, culture))
  },
}

/** ToUpper(source, culture) — as {@link toLowerFunction}, upper-casing. */
export const toUpperFunction: EagerFunctionDefinition = {
  name: 'ToUpper',
  minArgs: 1,
  maxArgs: 2,
  signature: 'ToUpper(source, culture)',
  evaluate(args, _context, site) {
    const culture = cultureArgument(argumentAt(args, 1), site)
    return mapText(argumentAt(args, 0), text => toUpperCase(text, culture))
  },
}

const cultureCache = new Map<string, CaseCulture>()

function cultureArgument(value: ArgumentValue, site: CallSite): CaseCulture {
  const name = singleText(value, site, 'culture')
  if (name === null) {
    return 'invariant'
  }
  const cached = cultureCache.get(name)
  if (cached !== undefined) {
    return cached
  }
  let culture: CaseCulture
  try {
    culture = caseCultureOf(name)
  } catch (error) {
    return site.fail(
      `culture "${name}" is not a valid culture name (expected e.g. "en-US" or "tr-TR")`,
      error
    )
  }
  // Culture names come from a handful of constants; the bound only guards against attributes.
  if (cultureCache.size >= 256) cultureCache.clear()
  cultureCache.set(name, culture)
  return culture
}

/** The text functions, for the default registry. */
export const stringFunctions: ReadonlyArray<FunctionDefinition> = [
  appendFunction,
  joinFunction,
  toLowerFunction,
  toUpperFunction,
]

/** The comparison modes InStr takes as bare names, with their VB values. */
export const stringConstants: ReadonlyArray<ConstantDefinition> = [
  { name: 'vbBinaryCompare', value: 0 },
  { name: 'vbTextCompare', value: 1 },
]
