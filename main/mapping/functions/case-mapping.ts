/**
 * Upper/lower casing as .NET does it for ToUpper/ToLower, which is not what JavaScript's
 * toUpperCase does:
 *
 * - .NET maps one character to one character (Unicode simple case mapping): "ß" stays "ß" in
 *   upper case where JavaScript gives "SS", and "Σ" always becomes "σ" (JavaScript picks the
 *   final form "ς" at a word's end).
 * - The invariant culture (the default) keeps Windows' rule that "İ" (U+0130) has no lower case
 *   and "ı" (U+0131) no upper case.
 * - Turkish and Azerbaijani (`tr`, `az`, any region) map i↔İ and ı↔I.
 * - Other cultures behave like the invariant one except that "ı" upper-cases to "I"; .NET has no
 *   other language-specific casing (no Greek accent removal, no Lithuanian dot retention), so
 *   neither do we — a name lower-cased here must match the one Entra would produce.
 */

/** How a culture affects casing: only Turkic languages differ from the invariant culture, and only for i. */
export type CaseCulture = 'invariant' | 'turkic' | 'other'

const ASCII_ONLY = /^[\u0000-\u007f]*$/
const DOTTED_CAPITAL_I = '\u0130'
const DOTLESS_SMALL_I = '\u0131'

/**
 * Where full upper-casing expands to several characters, the one-character mapping .NET uses:
 * Greek letters with ypogegrammeni map to their prosgegrammeni capitals; every other expanding
 * character (ß, ŉ, ǰ, ligatures such as ﬀ, …) has none and stays as it is.
 */
const SIMPLE_UPPER_EXCEPTIONS: ReadonlyMap<string, string> = new Map([
  ...range(0x1f80, 0x1f87, 8),
  ...range(0x1f90, 0x1f97, 8),
  ...range(0x1fa0, 0x1fa7, 8),
  [String.fromCodePoint(0x1fb3), String.fromCodePoint(0x1fbc)],
  [String.fromCodePoint(0x1fc3), String.fromCodePoint(0x1fcc)],
  [String.fromCodePoint(0x1ff3), String.fromCodePoint(0x1ffc)],
])

function range(first: number, last: number, offset: number): Array<[string, string]> {
  const pairs: Array<[string, string]> = []
  for (let code = first; code <= last; code++) {
    pairs.push([String.fromCodePoint(code), String.fromCodePoint(code + offset)])
  }
  return pairs
}

/** Classifies a culture name (RFC 4646, e.g. `tr-TR`); throws RangeError if it is malformed. */
export function caseCultureOf(name: string): CaseCulture {
  if (name === '') {
    return 'invariant'
  }
  const [canonical = ''] = Intl.getCanonicalLocales(name)
  const language = canonical.split('-')[0]
  return language === 'tr' || language === 'az' ? 'turkic' : 'other'
}

/** Lower-cases one character at a time, as .NET's TextInfo.ToLower does for `culture`. */
export function toLowerCase(text: string, culture: CaseCulture): string {
  if (culture !== 'turkic' && ASCII_ONLY.test(text)) {
    return text.toLowerCase()
  }
  let result = ''
  for (const char of text) {
    result += lowerChar(char, culture)
  }
  return result
}

/** Upper-cases one character at a time, as .NET's TextInfo.ToUpper does for `culture`. */
export function toUpperCase(text: string, culture: CaseCulture): string {
  if (culture !== 'turkic' && ASCII_ONLY.test(text)) {
    return text.toUpperCase()
  }
  let result = ''
  for (const char of text) {
    result += upperChar(char, culture)
  }
  return result
}

function lowerChar(char: string, culture: CaseCulture): string {
  if (culture === 'turkic') {
    if (char === 'I') return DOTLESS_SMALL_I
    if (char === DOTTED_CAPITAL_I) return 'i'
  }
  const lower = char.toLowerCase()
  // Only U+0130 expands ("i" + combining dot); .NET leaves it alone outside Turkic cultures.
  return isOneCodePoint(lower) ? lower : char
}

function upperChar(char: string, culture: CaseCulture): string {
  if (culture === 'turkic') {
    if (char === 'i') return DOTTED_CAPITAL_I
    if (char === DOTLESS_SMALL_I) return 'I'
  } else if (culture === 'invariant' && char === DOTLESS_SMALL_I) {
    return char
  }
  const upper = char.toUpperCase()
  return isOneCodePoint(upper) ? upper : (SIMPLE_UPPER_EXCEPTIONS.get(char) ?? char)
}

function isOneCodePoint(text: string): boolean {
  return text.length === 1 || (text.length === 2 && (text.codePointAt(0) ?? 0) > 0xffff)
}
