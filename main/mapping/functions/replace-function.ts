import type { CallSite } from '../evaluation/call-site'
import { matchWithinBudget, RegexBudgetError } from '../regex-budget'
import type { ArgumentNode } from '../syntax/ast'
import { mapText, singleText } from '../values/coercion'
import { type ArgumentValue, isNullOrEmpty, OMITTED, withoutOmitted } from '../values/value'
import { argumentAt } from './arguments'
import { type DotNetRegex, dotNetRegex, groupNumber, RegexTranslationError } from './dotnet-regex'
import { isGiven, offsetInLiteral, stringLiteral } from './literals'
import type { ArgumentProblem, EagerFunctionDefinition, FunctionDefinition } from './registry'

const SOURCE = 0
const OLD_VALUE = 1
const REGEX_PATTERN = 2
const REGEX_GROUP_NAME = 3
const REPLACEMENT_VALUE = 4
const REPLACEMENT_ATTRIBUTE_NAME = 5
const TEMPLATE = 6

const PARAMETERS = [
  'source',
  'oldValue',
  'regexPattern',
  'regexGroupName',
  'replacementValue',
  'replacementAttributeName',
  'template',
]

/** The five documented modes, chosen by which arguments are written. */
type Mode = 'text' | 'template' | 'regex' | 'regexGroup' | 'regexFallback'

/**
 * Which mode the written arguments select, or why they select none. Combinations the docs don't
 * describe are refused rather than given a guessed precedence.
 */
function modeOf(given: (index: number) => boolean): Mode | { reason: string; at?: number } {
  const extra = (indexes: ReadonlyArray<number>, context: string) => {
    const index = indexes.find(given)
    return index === undefined ? undefined : { reason: `${PARAMETERS[index] ?? ''} ${context}`, at: index }
  }
  if (given(OLD_VALUE) && given(REGEX_PATTERN)) {
    return { reason: 'give either oldValue (plain text) or regexPattern, not both', at: REGEX_PATTERN }
  }
  if (given(OLD_VALUE)) {
    const problem = extra([REGEX_GROUP_NAME, REPLACEMENT_ATTRIBUTE_NAME], 'only applies with regexPattern')
    if (problem !== undefined) return problem
    if (given(TEMPLATE) && given(REPLACEMENT_VALUE)) {
      return { reason: 'with oldValue give either replacementValue or template, not both', at: TEMPLATE }
    }
    if (given(TEMPLATE)) return 'template'
    if (given(REPLACEMENT_VALUE)) return 'text'
    return {
      reason: 'with oldValue, give replacementValue (replaces in source) or template (replaces in template)',
    }
  }
  if (given(REGEX_PATTERN)) {
    const problem = extra([TEMPLATE], 'only applies with oldValue')
    if (problem !== undefined) return problem
    if (given(REGEX_GROUP_NAME)) {
      if (given(REPLACEMENT_VALUE) && given(REPLACEMENT_ATTRIBUTE_NAME)) {
        return {
          reason: 'with regexGroupName give either replacementValue or replacementAttributeName, not both',
          at: REPLACEMENT_ATTRIBUTE_NAME,
        }
      }
      if (given(REPLACEMENT_VALUE)) return 'regexGroup'
      if (given(REPLACEMENT_ATTRIBUTE_NAME)) return 'regexFallback'
      return { reason: 'with regexGroupName, give replacementValue or replacementAttributeName' }
    }
    if (given(REPLACEMENT_ATTRIBUTE_NAME)) {
      return { reason: 'replacementAttributeName needs regexGroupName', at: REPLACEMENT_ATTRIBUTE_NAME }
    }
    if (given(REPLACEMENT_VALUE)) return 'regex'
    return { reason: 'with regexPattern, give replacementValue' }
  }
  return { reason: 'needs oldValue or regexPattern' }
}

const SUGGESTION =
  'Replace(source, oldValue, regexPattern, regexGroupName, replacementValue, replacementAttributeName, template): ' +
  'oldValue + replacementValue, oldValue + template, regexPattern + replacementValue, ' +
  'regexPattern + regexGroupName + replacementValue, or regexPattern + regexGroupName + replacementAttributeName.'

function checkReplaceArguments(args: ReadonlyArray<ArgumentNode>, text: string): ArgumentProblem | undefined {
  const mode = modeOf(index => isGiven(args[index]))
  if (typeof mode !== 'string') {
    const at = mode.at === undefined ? undefined : args[mode.at]?.start
    return at === undefined
      ? { reason: mode.reason, suggestion: SUGGESTION }
      : { reason: mode.reason, position: at, suggestion: SUGGESTION }
  }
  const pattern = stringLiteral(args[REGEX_PATTERN])
  if (pattern === undefined) {
    return undefined
  }
  let regex: DotNetRegex
  try {
    regex = dotNetRegex(pattern.value)
  } catch (error) {
    if (!(error instanceof RegexTranslationError)) throw error
    return {
      reason: `regexPattern ${error.reason}`,
      position: offsetInLiteral(text, pattern, error.index),
      suggestion: 'Patterns use .NET regular expression syntax; see the Replace documentation.',
    }
  }
  const group = stringLiteral(args[REGEX_GROUP_NAME])
  if (group !== undefined && groupNumber(regex, group.value) === undefined) {
    return { reason: `regexGroupName "${group.value}" is not a group of regexPattern`, position: group.start }
  }
  return undefined
}

/**
 * Replace(source, oldValue, regexPattern, regexGroupName, replacementValue,
 * replacementAttributeName, template) — case-sensitive replacement in one of five modes, chosen
 * by which arguments are written (other combinations are refused when compiling):
 *
 * 1. oldValue + replacementValue: every occurrence of oldValue in source becomes
 *    replacementValue — `Replace([mail], "@contoso.com", , ,"", ,)` → "john.doe".
 * 2. oldValue + template: every occurrence of oldValue in template becomes source —
 *    `Replace([UserID], "<username>", , , , , "<username>@contoso.com")` → "jsmith@contoso.com".
 * 3. regexPattern + replacementValue: every match becomes replacementValue, in which .NET
 *    substitutions work: `${name}`, `$1` (.NET numbering), `$$`, `$&`, `` $` ``, `$'`, `$+`, `$_`;
 *    a reference to no group stays literal, as in .NET.
 * 4. regexPattern + regexGroupName + replacementValue: in every match, the text captured by that
 *    group becomes replacementValue (literally), the rest of the match is kept —
 *    `(?<streetNumber>^\d*)`, "streetNumber", "888": "545 Tremont Street" → "888 Tremont Street".
 * 5. regexPattern + regexGroupName + replacementAttributeName (current wording, FN 2024): if
 *    source has a value it is returned unchanged; otherwise the pattern is applied to
 *    replacementAttributeName — the *value* passed, as the docs' example passes `[mobile]` —
 *    and the first match's group is returned (null if nothing matches).
 *
 * Patterns are .NET regular expressions, translated to JavaScript (dotnet-regex.ts); constant
 * patterns that can't be translated, and constant group names the pattern lacks, are compile
 * errors positioned inside the pattern. Regex semantics are followed exactly, also where the
 * docs' example 3b disagrees: `[()\s-]+` removed from "+1 (999) 888-7777" leaves
 * "+19998887777" (the plus is not in the class; the doc prints 19998887777).
 *
 * Decided where the docs are silent: an absent source gives null (modes 1–4; in mode 2 rather
 * than a template with a hole); absent or "" oldValue or regexPattern leaves source as it is; an
 * absent replacementValue replaces with ""; a multi-valued source is processed value by value.
 */
export const replaceFunction: EagerFunctionDefinition = {
  name: 'Replace',
  minArgs: 2,
  maxArgs: 7,
  signature:
    'Replace(source, oldValue, regexPattern, regexGroupName, replacementValue, replacementAttributeName, template)',
  checkArguments: checkReplaceArguments,
  evaluate(args, _context, site) {
    const mode = modeOf(index => argumentAt(args, index) !== OMITTED)
    if (typeof mode !== 'string') {
      return site.fail(mode.reason)
    }
    const source = argumentAt(args, SOURCE)
    const text = (index: number) => singleText(argumentAt(args, index), site, PARAMETERS[index] ?? '')
    switch (mode) {
      case 'text': {
        const oldValue = text(OLD_VALUE)
        const replacement = text(REPLACEMENT_VALUE) ?? ''
        return mapText(source, value =>
          oldValue === null || oldValue === '' ? value : value.replaceAll(oldValue, () => replacement)
        )
      }
      case 'template': {
        const oldValue = text(OLD_VALUE)
        const template = text(TEMPLATE)
        if (template === null) {
          return null
        }
        return mapText(source, value =>
          oldValue === null || oldValue === '' ? template : template.replaceAll(oldValue, () => value)
        )
      }
      case 'regex': {
        const regex = regexArgument(argumentAt(args, REGEX_PATTERN), site)
        const replacement = text(REPLACEMENT_VALUE) ?? ''
        if (regex === null) {
          return mapText(source, value => value)
        }
        const parts = parseSubstitution(replacement, regex)
        return mapText(source, value =>
          withinBudget(regex, value, site, () => replaceMatches(value, regex, parts))
        )
      }
      case 'regexGroup': {
        const regex = regexArgument(argumentAt(args, REGEX_PATTERN), site)
        const replacement = text(REPLACEMENT_VALUE) ?? ''
        if (regex === null) {
          return mapText(source, value => value)
        }
        const group = groupIndex(regex, text(REGEX_GROUP_NAME), site)
        return mapText(source, value =>
          withinBudget(regex, value, site, () => replaceGroup(value, regex, group, replacement))
        )
      }
      case 'regexFallback': {
        if (!isNullOrEmpty(source)) {
          return withoutOmitted(source)
        }
        const fallback = text(REPLACEMENT_ATTRIBUTE_NAME)
        const regex = regexArgument(argumentAt(args, REGEX_PATTERN), site)
        if (fallback === null || fallback === '' || regex === null) {
          return null
        }
        const group = groupIndex(regex, text(REGEX_GROUP_NAME), site)
        return withinBudget(regex, fallback, site, () => {
          regex.regex.lastIndex = 0
          return regex.regex.exec(fallback)?.[group] ?? null
        })
      }
    }
  },
}

function regexArgument(value: ArgumentValue, site: CallSite): DotNetRegex | null {
  const pattern = singleText(value, site, 'regexPattern')
  if (pattern === null || pattern === '') {
    return null
  }
  try {
    return dotNetRegex(pattern)
  } catch (error) {
    if (error instanceof RegexTranslationError) {
      return site.fail(`regexPattern "${pattern}" ${error.reason} (at offset ${error.index})`)
    }
    throw error
  }
}

/** Matches within the regex time budget; a pattern that runs out of it fails the call. */
function withinBudget<T>(regex: DotNetRegex, text: string, site: CallSite, match: () => T): T {
  try {
    return matchWithinBudget(regex.directLength, text, match)
  } catch (error) {
    if (error instanceof RegexBudgetError) {
      return site.fail(`regexPattern "${regex.pattern}" ${error.message}`)
    }
    throw error
  }
}

function groupIndex(regex: DotNetRegex, name: string | null, site: CallSite): number {
  if (name === null || name === '') {
    return site.fail('regexGroupName has no value')
  }
  const number = groupNumber(regex, name)
  const index = number === undefined ? undefined : regex.jsIndexOf.get(number)
  return index ?? site.fail(`regexGroupName "${name}" is not a group of regexPattern "${regex.pattern}"`)
}

/** Calls `visit` for every match, left to right, as .NET's Regex.Replace finds them. */
function forEachMatch(text: string, regex: DotNetRegex, visit: (match: RegExpExecArray) => void): void {
  const pattern = regex.regex
  pattern.lastIndex = 0
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    visit(match)
    if (match[0] === '') {
      // An empty match: move on by one character (a whole code point, as the v flag matches).
      const code = text.codePointAt(pattern.lastIndex) ?? 0
      pattern.lastIndex += code > 0xffff ? 2 : 1
    }
  }
}

function replaceMatches(text: string, regex: DotNetRegex, parts: ReadonlyArray<SubstitutionPart>): string {
  let result = ''
  let last = 0
  forEachMatch(text, regex, match => {
    result += text.slice(last, match.index) + substitute(parts, match, text)
    last = match.index + match[0].length
  })
  return result + text.slice(last)
}

function replaceGroup(text: string, regex: DotNetRegex, group: number, replacement: string): string {
  let result = ''
  let last = 0
  forEachMatch(text, regex, match => {
    const span = match.indices?.[group]
    if (span !== undefined && span[0] >= last) {
      result += text.slice(last, span[0]) + replacement
      last = span[1]
    }
  })
  return result + text.slice(last)
}

/** One piece of a .NET replacement pattern. */
type SubstitutionPart =
  | { readonly kind: 'text'; readonly text: string }
  /** A JavaScript group index (0 = the whole match). */
  | { readonly kind: 'group'; readonly index: number }
  | { readonly kind: 'before' | 'after' | 'input' }

const substitutionCache = new Map<string, ReadonlyArray<SubstitutionPart>>()

/** Parses .NET substitutions (`$1`, `${name}`, `$$`, `$&`, `` $` ``, `$'`, `$+`, `$_`); cached. */
function parseSubstitution(replacement: string, regex: DotNetRegex): ReadonlyArray<SubstitutionPart> {
  const key = `${regex.pattern}\u0000${replacement}`
  const cached = substitutionCache.get(key)
  if (cached !== undefined) {
    return cached
  }
  const parts: SubstitutionPart[] = []
  let literal = ''
  const flush = () => {
    if (literal !== '') parts.push({ kind: 'text', text: literal })
    literal = ''
  }
  const group = (number: number | undefined): number | undefined =>
    number === undefined ? undefined : regex.jsIndexOf.get(number)
  let index = 0
  while (index < replacement.length) {
    const char = replacement.charAt(index)
    if (char !== '$') {
      literal += char
      index++
      continue
    }
    const next = replacement.charAt(index + 1)
    const braced = /^\{([^}]*)\}/.exec(replacement.slice(index + 1))
    const digits = /^[0-9]+/.exec(replacement.slice(index + 1))?.[0]
    let part: SubstitutionPart | undefined
    let length = 2
    if (braced !== null) {
      const target = group(groupNumber(regex, braced[1] ?? ''))
      if (target !== undefined) {
        part = { kind: 'group', index: target }
        length = braced[0].length + 1
      }
    } else if (digits !== undefined) {
      const target = group(Number(digits))
      if (target !== undefined) {
        part = { kind: 'group', index: target }
        length = digits.length + 1
      }
    } else if (next === '$') {
      literal += '$'
      index += 2
      continue
    } else if (next === '&') {
      part = { kind: 'group', index: 0 }
    } else if (next === '`') {
      part = { kind: 'before' }
    } else if (next === "'") {
      part = { kind: 'after' }
    } else if (next === '+') {
      part = { kind: 'group', index: group(regex.lastGroupNumber) ?? 0 }
    } else if (next === '_') {
      part = { kind: 'input' }
    }
    if (part === undefined) {
      literal += '$'
      index++
      continue
    }
    flush()
    parts.push(part)
    index += length
  }
  flush()
  if (substitutionCache.size >= 256) substitutionCache.clear()
  substitutionCache.set(key, parts)
  return parts
}

function substitute(parts: ReadonlyArray<SubstitutionPart>, match: RegExpExecArray, input: string): string {
  let result = ''
  for (const part of parts) {
    switch (part.kind) {
      case 'text':
        result += part.text
        break
      case 'group':
        result += match[part.index] ?? ''
        break
      case 'before':
        result += input.slice(0, match.index)
        break
      case 'after':
        result += input.slice(match.index + match[0].length)
        break
      case 'input':
        result += input
        break
    }
  }
  return result
}

/** Replace, for the default registry. */
export const replaceFunctions: ReadonlyArray<FunctionDefinition> = [replaceFunction]
