import { Buffer } from 'node:buffer'
import type { CallSite } from '../evaluation/call-site'
import { mapText, singleScalar, singleText, wholeNumber } from '../values/coercion'
import { renderScalar } from '../values/format'
import { type ArgumentValue, OMITTED } from '../values/value'
import { argumentAt } from './arguments'
import { normalizeDiacritics } from './normalize-diacritics'
import type { EagerFunctionDefinition, FunctionDefinition } from './registry'
import { titleCase } from './title-case'

/**
 * Text functions. Shared choices where the docs are silent, unless a function says otherwise:
 * an absent source gives null (the attribute is skipped), "" stays "", a multi-valued source is
 * transformed value by value, and numbers, booleans and dates are used as their text. Positions
 * and lengths count UTF-16 code units, as .NET strings do.
 */

/**
 * ConvertToBase64(source) — base64 of the text's UTF-16LE bytes ("Unicode" in .NET):
 * "Hello world!" → "SABlAGwAbABvACAAdwBvAHIAbABkACEA".
 */
export const convertToBase64Function: EagerFunctionDefinition = {
  name: 'ConvertToBase64',
  minArgs: 1,
  maxArgs: 1,
  signature: 'ConvertToBase64(source)',
  evaluate(args) {
    return mapText(argumentAt(args, 0), text => Buffer.from(text, 'utf16le').toString('base64'))
  },
}

/**
 * ConvertToUTF8Hex(source) — the text's UTF-8 bytes as upper-case hex:
 * "Hello world!" → "48656C6C6F20776F726C6421". A lone surrogate encodes as U+FFFD (EF BF BD),
 * as .NET's UTF8Encoding does.
 */
export const convertToUtf8HexFunction: EagerFunctionDefinition = {
  name: 'ConvertToUTF8Hex',
  minArgs: 1,
  maxArgs: 1,
  signature: 'ConvertToUTF8Hex(source)',
  evaluate(args) {
    return mapText(argumentAt(args, 0), text => Buffer.from(text, 'utf8').toString('hex').toUpperCase())
  },
}

/**
 * InStr(value1, value2, start, compareType) — the 1-based position of value2 in value1 from
 * position start (default 1), 0 when absent: `InStr("The quick brown fox","quick")` → 5,
 * `InStr("repEated","e",3,vbBinaryCompare)` → 7.
 *
 * As VB's InStr (docs silent on the edges): an absent or empty value1 gives 0, an absent or
 * empty value2 gives start, a start past the end of value1 gives 0, a start below 1 fails.
 * compareType is vbBinaryCompare (0, the default: ordinal, case-sensitive) or vbTextCompare
 * (1: ignoring case and the width of full-width ASCII forms; kana type is not folded), also as
 * those names or digits in quotes.
 */
export const inStrFunction: EagerFunctionDefinition = {
  name: 'InStr',
  minArgs: 2,
  maxArgs: 4,
  signature: 'InStr(value1, value2, start, compareType)',
  evaluate(args, _context, site) {
    const source = singleText(argumentAt(args, 0), site, 'value1') ?? ''
    const sought = singleText(argumentAt(args, 1), site, 'value2') ?? ''
    const start = wholeNumber(argumentAt(args, 2), site, 'start') ?? 1
    const ignoreCase = textCompare(argumentAt(args, 3), site)
    if (start < 1) {
      return site.fail(`start must be 1 or more, but is ${start}`)
    }
    if (source === '' || start - 1 > source.length) {
      return 0
    }
    if (sought === '') {
      return start
    }
    const index = ignoreCase
      ? foldForTextCompare(source).indexOf(foldForTextCompare(sought), start - 1)
      : source.indexOf(sought, start - 1)
    return index + 1
  },
}

function textCompare(value: ArgumentValue, site: CallSite): boolean {
  const scalar = singleScalar(value, site, 'compareType')
  if (scalar === null || scalar === '') {
    return false
  }
  const text = renderScalar(scalar).trim().toLowerCase()
  if (text === '0' || text === 'vbbinarycompare') return false
  if (text === '1' || text === 'vbtextcompare') return true
  return site.fail(`compareType must be vbBinaryCompare or vbTextCompare, but is "${renderScalar(scalar)}"`)
}

/** Folds case and full-width ASCII one code unit at a time, so positions are unchanged. */
function foldForTextCompare(text: string): string {
  let result = ''
  for (let index = 0; index < text.length; index++) {
    let code = text.charCodeAt(index)
    if (code >= 0xff01 && code <= 0xff5e) code -= 0xfee0
    const char = String.fromCharCode(code)
    const lower = char.toLowerCase()
    result += lower.length === 1 ? lower : char
  }
  return result
}

/**
 * Left(String, NumChars) — the first NumChars characters: `Left("John Doe", 3)` → "Joh".
 * Documented rules: NumChars 0 → ""; NumChars < 0 → the whole string; an absent string → "";
 * fewer characters than NumChars → the whole string. A multi-valued string is cut value by
 * value; an absent NumChars fails.
 */
export const leftFunction: EagerFunctionDefinition = {
  name: 'Left',
  minArgs: 2,
  maxArgs: 2,
  signature: 'Left(String, NumChars)',
  evaluate(args, _context, site) {
    const count = wholeNumber(argumentAt(args, 1), site, 'NumChars')
    if (count === null) {
      return site.fail('NumChars is required')
    }
    const source = argumentAt(args, 0)
    if (source === null || source === OMITTED) {
      return ''
    }
    return mapText(source, text => (count < 0 ? text : text.slice(0, count)))
  },
}

/**
 * Mid(source, start, length) — length characters from the 1-based position start:
 * `Mid("John", 1, 3)` → "Joh". Documented: a length running past the end stops at the end.
 * Silent, decided as VB's Mid: start past the end → ""; start below 1 or a negative length fail
 * (an expression bug worth reporting, not guessing around). An absent source → null; an absent
 * start or length fails.
 */
export const midFunction: EagerFunctionDefinition = {
  name: 'Mid',
  minArgs: 3,
  maxArgs: 3,
  signature: 'Mid(source, start, length)',
  evaluate(args, _context, site) {
    const start = wholeNumber(argumentAt(args, 1), site, 'start')
    const length = wholeNumber(argumentAt(args, 2), site, 'length')
    if (start === null || length === null) {
      return site.fail(`${start === null ? 'start' : 'length'} is required`)
    }
    if (start < 1) {
      return site.fail(`start must be 1 or more (the first character is 1), but is ${start}`)
    }
    if (length < 0) {
      return site.fail(`length must be 0 or more, but is ${length}`)
    }
    return mapText(argumentAt(args, 0), text => text.slice(start - 1, start - 1 + length))
  },
}

/**
 * NormalizeDiacritics(source) — replaces the documented diacritical letters with plain ones:
 * "Zoë" → "Zoe", "Łukasz" → "Lukasz", "Søren" → "Soeren", "Straße" → "Strasse". Characters
 * outside the documented table are kept (see normalize-diacritics.ts for why).
 */
export const normalizeDiacriticsFunction: EagerFunctionDefinition = {
  name: 'NormalizeDiacritics',
  minArgs: 1,
  maxArgs: 1,
  signature: 'NormalizeDiacritics(source)',
  evaluate(args) {
    return mapText(argumentAt(args, 0), normalizeDiacritics)
  },
}

/**
 * PCase(source, wordSeparators) — first letter of each word upper case, the rest lower case:
 * "PABLO GONSALVES (SECOND)" → "Pablo Gonsalves (Second)";
 * `PCase("PINTO-DE'SILVA", " '-")` → "Pinto-De'Silva". See title-case.ts for the word rules.
 * An omitted, absent or "" wordSeparators means the default .NET rules (an empty set of
 * separators would make the whole text one word, which is never what is meant).
 */
export const pcaseFunction: EagerFunctionDefinition = {
  name: 'PCase',
  minArgs: 1,
  maxArgs: 2,
  signature: 'PCase(source, wordSeparators)',
  evaluate(args, _context, site) {
    const separators = singleText(argumentAt(args, 1), site, 'wordSeparators')
    const custom = separators === null || separators === '' ? undefined : separators
    return mapText(argumentAt(args, 0), text => titleCase(text, custom))
  },
}

/** StripSpaces(source) — removes every space (U+0020 only; tabs and no-break spaces stay). */
export const stripSpacesFunction: EagerFunctionDefinition = {
  name: 'StripSpaces',
  minArgs: 1,
  maxArgs: 1,
  signature: 'StripSpaces(source)',
  evaluate(args) {
    return mapText(argumentAt(args, 0), text => text.replaceAll(' ', ''))
  },
}

/**
 * Word(String, WordNumber, Delimiters) — the WordNumber-th word (1-based), words being separated
 * by any one of the characters of Delimiters: `Word("The quick brown fox", 3, " ")` → "brown",
 * `Word("This,string!has&many separators", 3, ",!&#")` → "has".
 *
 * Documented: WordNumber < 1 → ""; an absent String → ""; fewer words than WordNumber → "".
 * Decided: every delimiter character ends a word, so consecutive delimiters enclose an empty
 * word that counts (`Word("a,,b", 2, ",")` → "", `Word("a,,b", 3, ",")` → "b") — the literal
 * reading of "each character is a delimiter", and the same as .NET's String.Split. Absent or ""
 * Delimiters make the whole string one word. A multi-valued String gives each value's word; an
 * absent WordNumber fails.
 */
export const wordFunction: EagerFunctionDefinition = {
  name: 'Word',
  minArgs: 3,
  maxArgs: 3,
  signature: 'Word(String, WordNumber, Delimiters)',
  evaluate(args, _context, site) {
    const number = wholeNumber(argumentAt(args, 1), site, 'WordNumber')
    if (number === null) {
      return site.fail('WordNumber is required')
    }
    const delimiters = new Set(singleText(argumentAt(args, 2), site, 'Delimiters') ?? '')
    const source = argumentAt(args, 0)
    if (source === null || source === OMITTED || number < 1) {
      return ''
    }
    return mapText(source, text => nthWord(text, number, delimiters))
  },
}

function nthWord(text: string, number: number, delimiters: ReadonlySet<string>): string {
  let word = 1
  let current = ''
  for (const char of text) {
    if (delimiters.has(char)) {
      if (word === number) return current
      word++
      current = ''
    } else {
      current += char
    }
  }
  return word === number ? current : ''
}

/** The text functions added with the full function reference, for the default registry. */
export const textFunctions: ReadonlyArray<FunctionDefinition> = [
  convertToBase64Function,
  convertToUtf8HexFunction,
  inStrFunction,
  leftFunction,
  midFunction,
  normalizeDiacriticsFunction,
  pcaseFunction,
  stripSpacesFunction,
  wordFunction,
]
