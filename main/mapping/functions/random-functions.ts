import type { CallSite } from '../evaluation/call-site'
import type { EvaluationContext } from '../evaluation/context'
import { singleText, wholeNumber } from '../values/coercion'
import type { ArgumentValue } from '../values/value'
import { argumentAt } from './arguments'
import type { EagerFunctionDefinition, FunctionDefinition } from './registry'

/** A uniform index below `size` from the context's randomness (clamped against a bad source). */
function randomIndex(context: EvaluationContext, size: number): number {
  const index = Math.floor(context.random() * size)
  return Number.isFinite(index) ? Math.min(size - 1, Math.max(0, index)) : 0
}

/**
 * Guid() — a new random GUID in RFC 4122 version 4 form (lower-case, 8-4-4-4-12 hex, version
 * nibble 4, variant 10xx), e.g. "1088051a-cd4b-4288-84f8-e02042ca72bc". Drawn from
 * `context.random`, so tests can fix it.
 */
export const guidFunction: EagerFunctionDefinition = {
  name: 'Guid',
  minArgs: 0,
  maxArgs: 0,
  signature: 'Guid()',
  evaluate(_args, context) {
    const bytes: number[] = []
    for (let index = 0; index < 16; index++) {
      bytes.push(randomIndex(context, 256))
    }
    bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40
    bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80
    const hex = bytes.map(byte => byte.toString(16).padStart(2, '0')).join('')
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
  },
}

/** The character classes of Windows' password-complexity rules (ASCII letters, digits, and its special characters). */
const DIGITS = '0123456789'
const SPECIALS = '~!@#$%^&*_-+=`|\\(){}[]:;"\'<>,.?/'
const CAPITALS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'
const LOWER_CASE = 'abcdefghijklmnopqrstuvwxyz'
const MAX_LENGTH = 256

/**
 * RandomString(Length, MinimumNumbers, MinimumSpecialCharacters, MinimumCapital,
 * MinimumLowerCase, CharactersToAvoid) — a random string of Length characters holding at least
 * the given numbers of digits, special characters (Windows' list:
 * ~!@#$%^&*_-+=`|\(){}[]:;"'<>,.?/), capitals and lower-case letters, none of them in
 * CharactersToAvoid: `RandomString(6,3,0,0,3)` → e.g. "1a73qt".
 *
 * The remaining characters (Length minus the minimums) come from all four classes; the result
 * is shuffled, so required characters are anywhere. Decided where the docs are silent: the
 * minimums must add up to no more than Length (all four, lower case included — the documented
 * example needs that), Length is 1–256, minimums are ≥ 0, and a class emptied by
 * CharactersToAvoid while required fails, rather than returning something that breaks the
 * stated rules. Randomness comes from `context.random`.
 */
export const randomStringFunction: EagerFunctionDefinition = {
  name: 'RandomString',
  minArgs: 5,
  maxArgs: 6,
  signature:
    'RandomString(Length, MinimumNumbers, MinimumSpecialCharacters, MinimumCapital, MinimumLowerCase, CharactersToAvoid)',
  evaluate(args, context, site) {
    const length = count(argumentAt(args, 0), site, 'Length')
    const minimums = [
      count(argumentAt(args, 1), site, 'MinimumNumbers'),
      count(argumentAt(args, 2), site, 'MinimumSpecialCharacters'),
      count(argumentAt(args, 3), site, 'MinimumCapital'),
      count(argumentAt(args, 4), site, 'MinimumLowerCase'),
    ]
    const avoid = new Set(singleText(argumentAt(args, 5), site, 'CharactersToAvoid') ?? '')
    if (length < 1 || length > MAX_LENGTH) {
      return site.fail(`Length must be 1 to ${MAX_LENGTH}, but is ${length}`)
    }
    const required = minimums.reduce((sum, minimum) => sum + minimum, 0)
    if (required > length) {
      return site.fail(`the minimums add up to ${required}, more than Length ${length}`)
    }
    const classes = [DIGITS, SPECIALS, CAPITALS, LOWER_CASE].map(chars =>
      [...chars].filter(char => !avoid.has(char))
    )
    const names = ['numbers', 'special characters', 'capitals', 'lower-case letters']
    const chosen: string[] = []
    classes.forEach((chars, index) => {
      const minimum = minimums[index] ?? 0
      if (minimum > 0 && chars.length === 0) {
        site.fail(`CharactersToAvoid excludes every one of the ${names[index] ?? ''}`)
      }
      for (let taken = 0; taken < minimum; taken++) {
        chosen.push(chars[randomIndex(context, chars.length)] ?? '')
      }
    })
    const pool = classes.flat()
    if (chosen.length < length && pool.length === 0) {
      return site.fail('CharactersToAvoid excludes every character')
    }
    while (chosen.length < length) {
      chosen.push(pool[randomIndex(context, pool.length)] ?? '')
    }
    for (let index = chosen.length - 1; index > 0; index--) {
      const other = randomIndex(context, index + 1)
      const swap = chosen[index] ?? ''
      chosen[index] = chosen[other] ?? ''
      chosen[other] = swap
    }
    return chosen.join('')
  },
}

function count(value: ArgumentValue, site: CallSite, parameter: string): number {
  const number = wholeNumber(value, site, parameter)
  if (number === null) {
    return site.fail(`${parameter} is required`)
  }
  if (number < 0) {
    return site.fail(`${parameter} can't be negative, but is ${number}`)
  }
  return number
}

/** The functions drawing on randomness, for the default registry. */
export const randomFunctions: ReadonlyArray<FunctionDefinition> = [guidFunction, randomStringFunction]
