import { ExpressionSyntaxError } from '../expression-errors'
import type { ComparisonOperator } from './ast'

interface TokenBase {
  readonly start: number
  readonly end: number
}

/** One lexical token, with its `[start, end)` offsets; the list always ends with `end`. */
export type Token =
  | (TokenBase & { readonly kind: 'lparen' | 'rparen' | 'comma' | 'end' })
  | (TokenBase & { readonly kind: 'string'; readonly value: string })
  | (TokenBase & { readonly kind: 'number'; readonly value: number; readonly notation: 'decimal' | 'hex' })
  | (TokenBase & { readonly kind: 'attribute'; readonly name: string })
  | (TokenBase & { readonly kind: 'identifier'; readonly name: string })
  | (TokenBase & { readonly kind: 'operator'; readonly operator: ComparisonOperator })

const WHITESPACE = /\s/
const DIGIT = /[0-9]/
const HEX_DIGIT = /[0-9A-Fa-f]/
const IDENTIFIER_START = /[A-Za-z_]/
const IDENTIFIER_PART = /[A-Za-z0-9_]/
const NUMBER = /-?[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y
const CURLY_DOUBLE_QUOTES = '\u201c\u201d\u201e\u201f\u2033'
const SINGLE_QUOTES = "'\u2018\u2019"

/**
 * Splits expression text into tokens. Throws {@link ExpressionSyntaxError} for anything that
 * isn't part of the language, with a suggestion for the usual slips (curly quotes pasted from a
 * web page, `&` or `+` for concatenation, `==` / `!=`).
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = []
  let index = 0
  while (index < text.length) {
    const char = text.charAt(index)
    if (WHITESPACE.test(char)) {
      index++
      continue
    }
    const token = readToken(text, index, char)
    tokens.push(token)
    index = token.end
  }
  tokens.push({ kind: 'end', start: text.length, end: text.length })
  return tokens
}

function readToken(text: string, start: number, char: string): Token {
  switch (char) {
    case '(':
      return { kind: 'lparen', start, end: start + 1 }
    case ')':
      return { kind: 'rparen', start, end: start + 1 }
    case ',':
      return { kind: 'comma', start, end: start + 1 }
    case '"':
      return readString(text, start)
    case '[':
      return readAttribute(text, start)
    case '&':
      return readHex(text, start)
    case '=':
    case '<':
    case '>':
    case '!':
      return readOperator(text, start, char)
    default:
      break
  }
  if (DIGIT.test(char) || (char === '-' && DIGIT.test(text.charAt(start + 1)))) {
    return readNumber(text, start)
  }
  if (IDENTIFIER_START.test(char)) {
    let end = start + 1
    while (end < text.length && IDENTIFIER_PART.test(text.charAt(end))) end++
    return { kind: 'identifier', start, end, name: text.slice(start, end) }
  }
  throw unexpectedCharacter(text, start, char)
}

function readString(text: string, start: number): Token {
  let value = ''
  let index = start + 1
  while (index < text.length) {
    const char = text.charAt(index)
    if (char === '"') {
      return { kind: 'string', start, end: index + 1, value }
    }
    if (char === '\\') {
      const next = text.charAt(index + 1)
      // Only \" and \\ are escapes. A backslash before anything else is kept as written, so the
      // documented regex style "\\d" and the often-pasted "\d" both reach the regex as \d.
      if (next === '"' || next === '\\') {
        value += next
        index += 2
        continue
      }
    }
    value += char
    index++
  }
  throw new ExpressionSyntaxError(
    'Unterminated string: the closing " is missing',
    text,
    start,
    'Inside a string write \\" for a quotation mark and \\\\ for a backslash.'
  )
}

function readAttribute(text: string, start: number): Token {
  let index = start + 1
  while (index < text.length) {
    const char = text.charAt(index)
    if (char === ']') {
      if (index === start + 1) {
        throw new ExpressionSyntaxError('Empty attribute name: [] names no attribute', text, start)
      }
      return { kind: 'attribute', start, end: index + 1, name: text.slice(start + 1, index) }
    }
    // Names may hold spaces, dots, dashes and colons, but a '[' or a line break almost always
    // means the ']' was forgotten; stopping there points at the real mistake.
    if (char === '[' || char === '\n' || char === '\r') {
      break
    }
    index++
  }
  throw new ExpressionSyntaxError("Unterminated attribute reference: the closing ']' is missing", text, start)
}

function readNumber(text: string, start: number): Token {
  NUMBER.lastIndex = start
  const match = NUMBER.exec(text)
  const raw = match?.[0] ?? text.charAt(start)
  const end = start + raw.length
  const following = text.charAt(end)
  if (IDENTIFIER_PART.test(following) || following === '.') {
    throw new ExpressionSyntaxError(`Invalid number '${raw}${following}…'`, text, start)
  }
  const value = Number(raw)
  if (!Number.isFinite(value)) {
    throw new ExpressionSyntaxError(`Number ${raw} is out of range`, text, start)
  }
  // -0 is a float artefact, not something an admin means; keep trees comparable.
  return { kind: 'number', start, end, value: value === 0 ? 0 : value, notation: 'decimal' }
}

function readHex(text: string, start: number): Token {
  const marker = text.charAt(start + 1)
  if ((marker === 'H' || marker === 'h') && HEX_DIGIT.test(text.charAt(start + 2))) {
    let end = start + 2
    while (end < text.length && HEX_DIGIT.test(text.charAt(end))) end++
    if (IDENTIFIER_PART.test(text.charAt(end))) {
      throw new ExpressionSyntaxError(`Invalid hex literal '${text.slice(start, end + 1)}…'`, text, start)
    }
    const value = Number.parseInt(text.slice(start + 2, end), 16)
    if (value > Number.MAX_SAFE_INTEGER) {
      throw new ExpressionSyntaxError(`Hex literal ${text.slice(start, end)} is out of range`, text, start)
    }
    return { kind: 'number', start, end, value, notation: 'hex' }
  }
  throw new ExpressionSyntaxError(
    "Unexpected character '&'",
    text,
    start,
    'There is no & operator: join text with Join("", a, b) or Append(a, b); hex numbers are written &HFF.'
  )
}

function readOperator(text: string, start: number, char: string): Token {
  const next = text.charAt(start + 1)
  switch (char) {
    case '=':
      if (next === '=') {
        throw new ExpressionSyntaxError("'==' is not an operator", text, start, 'Compare with a single =.')
      }
      return { kind: 'operator', start, end: start + 1, operator: '=' }
    case '<':
      if (next === '>') return { kind: 'operator', start, end: start + 2, operator: '<>' }
      if (next === '=') return { kind: 'operator', start, end: start + 2, operator: '<=' }
      return { kind: 'operator', start, end: start + 1, operator: '<' }
    case '>':
      if (next === '=') return { kind: 'operator', start, end: start + 2, operator: '>=' }
      return { kind: 'operator', start, end: start + 1, operator: '>' }
    default:
      if (next === '=') {
        throw new ExpressionSyntaxError("'!=' is not an operator", text, start, 'Write <> for "not equal".')
      }
      throw new ExpressionSyntaxError(
        "Unexpected character '!'",
        text,
        start,
        'Negate a condition with Not(…) or swap the IIF branches.'
      )
  }
}

function unexpectedCharacter(text: string, start: number, char: string): ExpressionSyntaxError {
  if (CURLY_DOUBLE_QUOTES.includes(char)) {
    return new ExpressionSyntaxError(
      `Unexpected curly quote ${char}`,
      text,
      start,
      'Strings need straight double quotes (") — curly quotes usually come from copying out of a document.'
    )
  }
  if (SINGLE_QUOTES.includes(char)) {
    return new ExpressionSyntaxError(
      `Unexpected quote ${char}`,
      text,
      start,
      'Strings are written in straight double quotes, e.g. "text".'
    )
  }
  if (char === '+' || char === '*' || char === '/' || char === '-') {
    return new ExpressionSyntaxError(
      `Unexpected '${char}': expressions have no arithmetic operators`,
      text,
      start,
      char === '+' ? 'To join text use Join("", a, b) or Append(a, b).' : undefined
    )
  }
  const codePoint = text.codePointAt(start) ?? 0
  const printable = codePoint > 0x20 && codePoint !== 0x7f && !(codePoint >= 0x80 && codePoint < 0xa0)
  const shown = printable ? `'${String.fromCodePoint(codePoint)}'` : ''
  const code = `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`
  const reason = shown === '' ? `Unexpected character ${code}` : `Unexpected character ${shown} (${code})`
  return new ExpressionSyntaxError(reason, text, start)
}
