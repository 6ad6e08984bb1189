import { toLowerCase, toUpperCase } from './case-mapping'

/**
 * PCase's casing: the text is lower-cased first (the docs: "all other characters are converted
 * to lower case"; .NET's ToTitleCase alone would leave all-capital words such as "PABLO" as
 * acronyms), then the first letter of each word is title-cased.
 *
 * Without separators, words are found as .NET's `TextInfo.ToTitleCase` finds them: a word starts
 * at a letter and runs until a character of a separator category — space, line and paragraph
 * separators, Control, Format, and every punctuation and symbol category. Digits, marks and the
 * ASCII apostrophe don't end a word, so "st john's" → "St John's", "o'neil" → "O'neil" and
 * "1st" → "1st", while "x1y" stays one word and "1abc" → "1Abc" (a word starts at its first
 * letter).
 *
 * With separators, exactly those characters separate words and the first character after one
 * (or at the start) is upper-cased: `PCase("PINTO-DE'SILVA", " '-")` → "Pinto-De'Silva".
 *
 * Casing is .NET's invariant culture (see case-mapping.ts); the title case of the digraphs
 * Ǆ/ǅ/ǆ, Ǉ/ǈ/ǉ, Ǌ/ǋ/ǌ, Ǳ/ǲ/ǳ is their middle form, as in .NET.
 */
export function titleCase(text: string, separators?: string): string {
  const lower = toLowerCase(text, 'invariant')
  return separators === undefined ? titleCaseWords(lower) : titleCaseSeparated(lower, new Set(separators))
}

const LETTER = /^\p{L}$/u
const SEPARATOR = /^[\p{Z}\p{Cc}\p{Cf}\p{P}\p{S}]$/u

function titleCaseWords(text: string): string {
  let result = ''
  let inWord = false
  for (const char of text) {
    if (!inWord) {
      if (LETTER.test(char)) {
        result += titleChar(char)
        inWord = true
      } else {
        result += char
      }
      continue
    }
    if (char !== "'" && !LETTER.test(char) && SEPARATOR.test(char)) {
      inWord = false
    }
    result += char
  }
  return result
}

function titleCaseSeparated(text: string, separators: ReadonlySet<string>): string {
  let result = ''
  let wordStart = true
  for (const char of text) {
    result += wordStart ? titleChar(char) : char
    wordStart = separators.has(char)
  }
  return result
}

const DIGRAPH_TITLE: ReadonlyMap<string, string> = new Map([
  ['\u01c4', '\u01c5'],
  ['\u01c5', '\u01c5'],
  ['\u01c6', '\u01c5'],
  ['\u01c7', '\u01c8'],
  ['\u01c8', '\u01c8'],
  ['\u01c9', '\u01c8'],
  ['\u01ca', '\u01cb'],
  ['\u01cb', '\u01cb'],
  ['\u01cc', '\u01cb'],
  ['\u01f1', '\u01f2'],
  ['\u01f2', '\u01f2'],
  ['\u01f3', '\u01f2'],
])

function titleChar(char: string): string {
  return DIGRAPH_TITLE.get(char) ?? toUpperCase(char, 'invariant')
}
