import { fullYear } from '../values/date-text'
import { civilOf, dayOfWeek, fromCivil, TICKS_PER_MILLISECOND } from '../values/date-time'
import type { DateTimeValue } from '../values/value'

/**
 * .NET date-time format strings, as FormatDateTime uses them: `DateTime.ParseExact(source,
 * inputFormat, culture, dateTimeStyles)` then `ToString(outputFormat)`.
 *
 * Custom specifiers: d dd ddd dddd, f…fffffff, F…FFFFFFF, g, h hh, H HH, K, m mm, M MM MMM MMMM,
 * s ss, t tt, y yy yyy yyyy…, z zz zzz, plus `Z` (parses "Z"/"GMT" as UTC, prints a literal Z),
 * `:` and `/` (the en-US separators), `'…'` and `"…"` literals, `\x` escapes and `%x` for a lone
 * specifier. A one-character format is a standard format (d D f F g G m M o O r R s t T u U y Y)
 * with en-US patterns — the culture whose `G` pattern (`M/d/yyyy h:mm:ss tt`) the service renders
 * dates in. Every other character is literal, as in .NET.
 *
 * The service runs in UTC, so "local time" is UTC: a parsed offset converts the time to UTC, and
 * `z`/`zz`/`zzz` print `+0`/`+00`/`+00:00`. `K` prints by the parsed kind, as .NET does: `Z` for
 * UTC (a `Z` read under RoundtripKind, or AdjustToUniversal), `+00:00` for local (an offset was
 * read), nothing for unspecified (no zone in the input).
 */

/** How .NET would label a parsed DateTime (only `K` shows it). */
export type DateKind = 'utc' | 'local' | 'unspecified'

type FieldLetter = 'd' | 'f' | 'F' | 'g' | 'h' | 'H' | 'K' | 'm' | 'M' | 's' | 't' | 'y' | 'z' | 'Z'

/** One element of a format string. */
export type FormatToken =
  | { readonly kind: 'field'; readonly letter: FieldLetter; readonly count: number }
  /** A character to print and to match; `quoted` when it came from quotes or an escape. */
  | { readonly kind: 'literal'; readonly char: string; readonly quoted: boolean }

/** A malformed format string; `index` is the offset of the problem in it. */
export class DateFormatError extends Error {
  public constructor(
    message: string,
    public readonly index: number
  ) {
    super(message)
    this.name = 'DateFormatError'
  }
}

const FIELD_LETTERS = new Set<string>(['d', 'f', 'F', 'g', 'h', 'H', 'K', 'm', 'M', 's', 't', 'y', 'z', 'Z'])

/** en-US standard format patterns (.NET's DateTimeFormatInfo for en-US). */
const STANDARD_FORMATS: ReadonlyMap<string, string> = new Map([
  ['d', 'M/d/yyyy'],
  ['D', 'dddd, MMMM d, yyyy'],
  ['f', 'dddd, MMMM d, yyyy h:mm tt'],
  ['F', 'dddd, MMMM d, yyyy h:mm:ss tt'],
  ['g', 'M/d/yyyy h:mm tt'],
  ['G', 'M/d/yyyy h:mm:ss tt'],
  ['m', 'MMMM d'],
  ['M', 'MMMM d'],
  ['o', "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffK"],
  ['O', "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffK"],
  ['r', "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'"],
  ['R', "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'"],
  ['s', "yyyy'-'MM'-'dd'T'HH':'mm':'ss"],
  ['t', 'h:mm tt'],
  ['T', 'h:mm:ss tt'],
  ['u', "yyyy'-'MM'-'dd HH':'mm':'ss'Z'"],
  ['U', 'dddd, MMMM d, yyyy h:mm:ss tt'],
  ['y', 'MMMM yyyy'],
  ['Y', 'MMMM yyyy'],
])

const tokenCache = new Map<string, ReadonlyArray<FormatToken>>()

/** Splits a format string into tokens (cached); throws {@link DateFormatError}. */
export function tokenizeDateFormat(format: string): ReadonlyArray<FormatToken> {
  const cached = tokenCache.get(format)
  if (cached !== undefined) {
    return cached
  }
  const tokens = tokenize(format)
  // Formats are nearly always constants; the bound only guards against formats read from data.
  if (tokenCache.size >= 256) tokenCache.clear()
  tokenCache.set(format, tokens)
  return tokens
}

function tokenize(format: string): ReadonlyArray<FormatToken> {
  if (format === '') {
    throw new DateFormatError('the format is empty', 0)
  }
  if (format.length === 1) {
    const standard = STANDARD_FORMATS.get(format)
    if (standard === undefined) {
      const single = FIELD_LETTERS.has(format) ? `; write %${format} for the single specifier` : ''
      throw new DateFormatError(
        `"${format}" is not a standard date format (a one-character format must be one of dDfFgGmMoOrRstTuUyY${single})`,
        0
      )
    }
    return tokenize(standard)
  }
  const tokens: FormatToken[] = []
  let index = 0
  while (index < format.length) {
    const char = format.charAt(index)
    if (char === "'" || char === '"') {
      index = readQuoted(format, index, tokens)
      continue
    }
    if (char === '\\') {
      const next = format.charAt(index + 1)
      if (next === '') {
        throw new DateFormatError('the format ends with a lone backslash', index)
      }
      tokens.push({ kind: 'literal', char: next, quoted: true })
      index += 2
      continue
    }
    if (char === '%') {
      const next = format.charAt(index + 1)
      if (next === '' || next === '%') {
        throw new DateFormatError("'%' must be followed by a format specifier", index)
      }
      if (next === "'" || next === '"' || next === '\\') {
        index++
        continue
      }
      tokens.push(fieldOrLiteral(next, 1, index + 1))
      index += 2
      continue
    }
    let count = 1
    if (FIELD_LETTERS.has(char)) {
      while (format.charAt(index + count) === char) count++
    }
    tokens.push(fieldOrLiteral(char, count, index))
    index += count
  }
  return tokens
}

function fieldOrLiteral(char: string, count: number, index: number): FormatToken {
  if (!FIELD_LETTERS.has(char)) {
    return { kind: 'literal', char, quoted: false }
  }
  if ((char === 'f' || char === 'F') && count > 7) {
    throw new DateFormatError(`'${char.repeat(count)}' asks for more than 7 fraction digits`, index)
  }
  return { kind: 'field', letter: char as FieldLetter, count }
}

/** Reads a quoted literal starting at `start`; returns the index after the closing quote. */
function readQuoted(format: string, start: number, tokens: FormatToken[]): number {
  const quote = format.charAt(start)
  let index = start + 1
  while (index < format.length) {
    const char = format.charAt(index)
    if (char === quote) {
      return index + 1
    }
    if (char === '\\' && index + 1 < format.length) {
      tokens.push({ kind: 'literal', char: format.charAt(index + 1), quoted: true })
      index += 2
      continue
    }
    tokens.push({ kind: 'literal', char, quoted: true })
    index++
  }
  throw new DateFormatError(`the quote ${quote} opened here is never closed`, start)
}

const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
]
const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']

/** Formats an instant (UTC) with a tokenized format. */
export function formatWithTokens(
  value: DateTimeValue,
  kind: DateKind,
  tokens: ReadonlyArray<FormatToken>
): string {
  const civil = civilOf(value)
  const fraction = civil.millisecond * TICKS_PER_MILLISECOND + civil.tick
  let out = ''
  for (const token of tokens) {
    if (token.kind === 'literal') {
      out += token.char
      continue
    }
    const { count } = token
    switch (token.letter) {
      case 'd':
        out += count <= 2 ? pad(civil.day, count) : abbreviate(DAY_NAMES[dayOfWeek(value)] ?? '', count === 3)
        break
      case 'f':
        out += pad(Math.floor(fraction / 10 ** (7 - count)), count)
        break
      case 'F': {
        const digits = pad(Math.floor(fraction / 10 ** (7 - count)), count).replace(/0+$/, '')
        if (digits === '' && out.endsWith('.')) {
          out = out.slice(0, -1)
        }
        out += digits
        break
      }
      case 'g':
        out += 'A.D.'
        break
      case 'h':
        out += pad(civil.hour % 12 === 0 ? 12 : civil.hour % 12, Math.min(count, 2))
        break
      case 'H':
        out += pad(civil.hour, Math.min(count, 2))
        break
      case 'K':
        out += kind === 'utc' ? 'Z' : kind === 'local' ? '+00:00' : ''
        break
      case 'm':
        out += pad(civil.minute, Math.min(count, 2))
        break
      case 'M':
        out +=
          count <= 2 ? pad(civil.month, count) : abbreviate(MONTH_NAMES[civil.month - 1] ?? '', count === 3)
        break
      case 's':
        out += pad(civil.second, Math.min(count, 2))
        break
      case 't':
        out += (civil.hour < 12 ? 'AM' : 'PM').slice(0, count === 1 ? 1 : 2)
        break
      case 'y':
        out += count <= 2 ? pad(civil.year % 100, count) : pad(civil.year, count)
        break
      case 'z':
        out += count === 1 ? '+0' : count === 2 ? '+00' : '+00:00'
        break
      case 'Z':
        out += 'Z'.repeat(count)
        break
    }
  }
  return out
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0')
}

function abbreviate(name: string, short: boolean): string {
  return short ? name.slice(0, 3) : name
}

/** .NET DateTimeStyles flags. */
export const DateTimeStyles = {
  None: 0,
  AllowLeadingWhite: 1,
  AllowTrailingWhite: 2,
  AllowInnerWhite: 4,
  AllowWhiteSpaces: 7,
  NoCurrentDateDefault: 8,
  AdjustToUniversal: 16,
  AssumeLocal: 32,
  AssumeUniversal: 64,
  RoundtripKind: 128,
} as const

/** FormatDateTime's default: "RoundtripKind, AllowLeadingWhite, AllowTrailingWhite". */
export const DEFAULT_DATE_TIME_STYLES =
  DateTimeStyles.RoundtripKind | DateTimeStyles.AllowLeadingWhite | DateTimeStyles.AllowTrailingWhite

const STYLE_NAMES: ReadonlyMap<string, number> = new Map(
  Object.entries(DateTimeStyles).map(([name, value]) => [name.toLowerCase(), value])
)

/**
 * Reads a dateTimeStyles argument: flag names as .NET's Enum.Parse takes them
 * (`"AdjustToUniversal, AllowWhiteSpaces"`), also with `|` between them, a `DateTimeStyles.`
 * prefix, any letter case, or the numeric value. Returns the problem as a string when invalid,
 * including the combinations .NET refuses (AssumeLocal with AssumeUniversal; RoundtripKind with
 * AssumeLocal, AssumeUniversal or AdjustToUniversal).
 */
export function parseDateTimeStyles(text: string): number | string {
  let styles = 0
  for (const part of text.split(/[,|]/)) {
    const name = part.trim().replace(/^DateTimeStyles\./i, '')
    if (name === '') {
      continue
    }
    const value = /^[0-9]+$/.test(name) ? Number(name) : STYLE_NAMES.get(name.toLowerCase())
    if (value === undefined || value > 255) {
      return `"${part.trim()}" is not a DateTimeStyles value (e.g. AdjustToUniversal, AssumeUniversal, AllowWhiteSpaces, RoundtripKind)`
    }
    styles |= value
  }
  if ((styles & DateTimeStyles.AssumeLocal) !== 0 && (styles & DateTimeStyles.AssumeUniversal) !== 0) {
    return "AssumeLocal and AssumeUniversal can't be combined"
  }
  const adjusting =
    DateTimeStyles.AssumeLocal | DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal
  if ((styles & DateTimeStyles.RoundtripKind) !== 0 && (styles & adjusting) !== 0) {
    return "RoundtripKind can't be combined with AssumeLocal, AssumeUniversal or AdjustToUniversal"
  }
  return styles
}

/** A successfully parsed date-time. */
export interface ParsedDateTime {
  readonly value: DateTimeValue
  readonly kind: DateKind
}

interface Fields {
  year: number | undefined
  twoDigitYear: boolean
  month: number | undefined
  day: number | undefined
  weekday: number | undefined
  hour: number | undefined
  minute: number | undefined
  second: number | undefined
  fraction: number | undefined
  pm: boolean | undefined
  offsetMinutes: number | undefined
  utc: boolean
}

/**
 * `DateTime.ParseExact(text, format, en-US, styles)` on a UTC machine: the instant and its kind,
 * or undefined when the text doesn't match. Missing date parts default as in .NET: no date at
 * all → today (from `today`) or 0001-01-01 with NoCurrentDateDefault; a missing year → this year;
 * missing month or day → 1. Missing time parts are 0.
 */
export function parseExactWithTokens(
  text: string,
  tokens: ReadonlyArray<FormatToken>,
  styles: number,
  today: () => Date
): ParsedDateTime | undefined {
  const input = new Cursor(text)
  const fields: Fields = {
    year: undefined,
    twoDigitYear: false,
    month: undefined,
    day: undefined,
    weekday: undefined,
    hour: undefined,
    minute: undefined,
    second: undefined,
    fraction: undefined,
    pm: undefined,
    offsetMinutes: undefined,
    utc: false,
  }
  const innerWhite = (styles & DateTimeStyles.AllowInnerWhite) !== 0
  if ((styles & DateTimeStyles.AllowLeadingWhite) !== 0) {
    input.skipWhite()
  }
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index]
    if (token === undefined) break
    if (innerWhite) {
      input.skipWhite()
    }
    if (token.kind === 'literal') {
      if (token.char === ' ' && innerWhite) {
        continue
      }
      if (!input.match(token.char)) {
        // ".FFF": when the dot is missing the optional fraction is skipped with it (.NET rule).
        const next = tokens[index + 1]
        if (!token.quoted && token.char === '.' && next?.kind === 'field' && next.letter === 'F') {
          index++
          continue
        }
        return undefined
      }
      continue
    }
    if (!readField(input, token.letter, token.count, fields)) {
      return undefined
    }
  }
  if ((styles & DateTimeStyles.AllowTrailingWhite) !== 0) {
    input.skipWhite()
  }
  if (!input.atEnd()) {
    return undefined
  }
  return compose(fields, styles, today)
}

function set(
  fields: Fields,
  key: 'year' | 'month' | 'day' | 'weekday' | 'hour' | 'minute' | 'second' | 'fraction',
  value: number
): boolean {
  const previous = fields[key]
  if (previous !== undefined && previous !== value) {
    return false
  }
  fields[key] = value
  return true
}

function readField(input: Cursor, letter: FieldLetter, count: number, fields: Fields): boolean {
  switch (letter) {
    case 'y': {
      const year = count === 1 ? input.digits(1, 2) : input.digits(count, count)
      if (year === undefined) return false
      fields.twoDigitYear = count <= 2
      return set(fields, 'year', year)
    }
    case 'M': {
      const month = count <= 2 ? input.digits(count, 2) : input.name(MONTH_NAMES, count === 3)
      return month !== undefined && set(fields, 'month', count <= 2 ? month : month + 1)
    }
    case 'd': {
      if (count <= 2) {
        const day = input.digits(count, 2)
        return day !== undefined && set(fields, 'day', day)
      }
      const weekday = input.name(DAY_NAMES, count === 3)
      return weekday !== undefined && set(fields, 'weekday', weekday)
    }
    case 'h':
    case 'H': {
      const hour = input.digits(count === 1 ? 1 : 2, 2)
      return hour !== undefined && set(fields, 'hour', hour)
    }
    case 'm': {
      const minute = input.digits(count === 1 ? 1 : 2, 2)
      return minute !== undefined && set(fields, 'minute', minute)
    }
    case 's': {
      const second = input.digits(count === 1 ? 1 : 2, 2)
      return second !== undefined && set(fields, 'second', second)
    }
    case 'f':
    case 'F': {
      const start = input.index
      const digits = letter === 'f' ? input.digitText(count, count) : input.digitText(0, count)
      if (digits === undefined) {
        input.index = start
        return false
      }
      return digits === '' || set(fields, 'fraction', Number(digits.padEnd(7, '0')))
    }
    case 't': {
      const marker = input.meridiem(count === 1)
      if (marker === undefined) return false
      fields.pm = marker
      return true
    }
    case 'z': {
      const offset = input.offset(count)
      if (offset === undefined) return false
      fields.offsetMinutes = offset
      return true
    }
    case 'K': {
      if (input.match('Z')) {
        fields.offsetMinutes = 0
        fields.utc = true
        return true
      }
      const next = input.peek()
      if (next === '+' || next === '-') {
        const offset = input.offset(3)
        if (offset === undefined) return false
        fields.offsetMinutes = offset
      }
      return true
    }
    case 'Z': {
      if (!(input.match('Z') || input.match('z') || input.matchWord('GMT'))) return false
      if (fields.offsetMinutes !== undefined && fields.offsetMinutes !== 0) return false
      fields.offsetMinutes = 0
      fields.utc = true
      return true
    }
    case 'g':
      return input.matchWord('A.D.') || input.matchWord('AD')
  }
}

function compose(fields: Fields, styles: number, today: () => Date): ParsedDateTime | undefined {
  let { year, month, day } = fields
  if (year !== undefined && fields.twoDigitYear) {
    year = fullYear(String(year).padStart(2, '0'))
  }
  if (year === undefined || month === undefined || day === undefined) {
    if (month === undefined && day === undefined && year === undefined) {
      if ((styles & DateTimeStyles.NoCurrentDateDefault) !== 0) {
        year = month = day = 1
      } else {
        const now = today()
        year = now.getUTCFullYear()
        month = now.getUTCMonth() + 1
        day = now.getUTCDate()
      }
    } else {
      year ??= today().getUTCFullYear()
      month ??= 1
      day ??= 1
    }
  }
  let hour = fields.hour ?? 0
  if (fields.pm !== undefined) {
    if (hour > 12) return undefined
    hour = fields.pm ? (hour % 12) + 12 : hour % 12
  }
  const fraction = fields.fraction ?? 0
  const value = fromCivil(
    {
      year,
      month,
      day,
      hour,
      minute: fields.minute ?? 0,
      second: fields.second ?? 0,
      millisecond: Math.floor(fraction / TICKS_PER_MILLISECOND),
      tick: fraction % TICKS_PER_MILLISECOND,
    },
    fields.offsetMinutes ?? 0
  )
  if (value === undefined) {
    return undefined
  }
  if (fields.weekday !== undefined) {
    const local = fromCivil({ year, month, day, hour: 0, minute: 0, second: 0, millisecond: 0, tick: 0 })
    if (local === undefined || dayOfWeek(local) !== fields.weekday) return undefined
  }
  return { value, kind: kindOf(fields, styles) }
}

function kindOf(fields: Fields, styles: number): DateKind {
  const adjust = (styles & DateTimeStyles.AdjustToUniversal) !== 0
  if (fields.offsetMinutes === undefined) {
    if ((styles & (DateTimeStyles.AssumeLocal | DateTimeStyles.AssumeUniversal)) === 0) {
      return 'unspecified'
    }
    return adjust ? 'utc' : 'local'
  }
  if (fields.utc && (styles & DateTimeStyles.RoundtripKind) !== 0) {
    return 'utc'
  }
  return adjust ? 'utc' : 'local'
}

/** A read position in the input text. */
class Cursor {
  public index = 0

  public constructor(private readonly text: string) {}

  public atEnd(): boolean {
    return this.index >= this.text.length
  }

  public peek(): string {
    return this.text.charAt(this.index)
  }

  public skipWhite(): void {
    while (/\s/.test(this.peek()) && !this.atEnd()) this.index++
  }

  public match(char: string): boolean {
    if (this.text.charAt(this.index) !== char) return false
    this.index++
    return true
  }

  /** Matches a word case-insensitively. */
  public matchWord(word: string): boolean {
    if (this.text.slice(this.index, this.index + word.length).toLowerCase() !== word.toLowerCase())
      return false
    this.index += word.length
    return true
  }

  public digitText(min: number, max: number): string | undefined {
    let end = this.index
    while (end - this.index < max && /[0-9]/.test(this.text.charAt(end))) end++
    if (end - this.index < min) return undefined
    const digits = this.text.slice(this.index, end)
    this.index = end
    return digits
  }

  public digits(min: number, max: number): number | undefined {
    const text = this.digitText(min, max)
    return text === undefined ? undefined : Number(text)
  }

  /** The index of the longest name (or its first three letters) that matches, any case. */
  public name(names: ReadonlyArray<string>, abbreviated: boolean): number | undefined {
    let best: number | undefined
    let bestLength = 0
    names.forEach((full, index) => {
      const name = abbreviated ? full.slice(0, 3) : full
      if (
        name.length > bestLength &&
        this.text.slice(this.index, this.index + name.length).toLowerCase() === name.toLowerCase()
      ) {
        best = index
        bestLength = name.length
      }
    })
    this.index += bestLength
    return best
  }

  /** AM/PM (or A/P): true for PM. */
  public meridiem(single: boolean): boolean | undefined {
    const length = single ? 1 : 2
    const text = this.text.slice(this.index, this.index + length).toUpperCase()
    const am = 'AM'.slice(0, length)
    const pm = 'PM'.slice(0, length)
    if (text !== am && text !== pm) return undefined
    this.index += length
    return text === pm
  }

  /** A zone offset in minutes: `±h`/`±hh` for z/zz, `±h:mm`, `±hh:mm` or `±hhmm` for zzz. */
  public offset(count: number): number | undefined {
    const sign = this.peek()
    if (sign !== '+' && sign !== '-') return undefined
    this.index++
    const hours = count === 2 ? this.digits(2, 2) : this.digits(1, 2)
    if (hours === undefined) return undefined
    let minutes = 0
    if (count >= 3) {
      this.match(':')
      const read = this.digits(2, 2)
      if (read === undefined) return undefined
      minutes = read
    }
    if (minutes > 59 || hours * 60 + minutes > 14 * 60) return undefined
    const total = hours * 60 + minutes
    return sign === '-' ? -total : total
  }
}
