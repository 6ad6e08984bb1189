import {
  addMilliseconds,
  type CivilDateTime,
  fromCivil,
  MS_PER_HOUR,
  MS_PER_MINUTE,
  utcMilliseconds,
} from './date-time'
import type { DateTimeValue } from './value'

/**
 * Reads the date-time texts CDate accepts — and with it every date function that is handed a
 * string (DateAdd, DateDiff, NumFromDate, comparisons with a date). The docs promise "any valid
 * string that represents a date/time" without a list; this accepts the forms of the documented
 * examples plus the common .NET en-US forms, and nothing ambiguous:
 *
 * - ISO 8601: `2021-08-24`, `2009-06-15T01:45:30`, `2009-06-15 01:45:30.1234567`, with an
 *   optional zone `Z`, `±hh:mm`, `±hhmm` or `±hh` — also straight after a date without time,
 *   as Workday sends it: `2020-03-16-07:00`, `2021-06-30+08:00`. `yyyy/MM/dd` too.
 * - US order (the service's own rendering, en-US): `3/16/2020`, `3/16/2020 7:00:00 AM`,
 *   `03-16-2020 19:00`, two-digit years read in the 1950–2049 window.
 * - English month names, with or without a weekday (checked against the date):
 *   `March 16, 2012`, `16 Mar 2012 07:00`, RFC 1123 `Fri, 16 Mar 2012 07:00:00 GMT`.
 * - A time alone (`7:00 PM`), on today's date (UTC), when a clock is given.
 * - LDAP generalized time, as directories send `whenCreated` or `modifyTimestamp`:
 *   `20240301100000Z`, `20150123105347.1Z`, `202403011030+0200` (RFC 4517 §3.3.13; the zone is
 *   required there, so a bare run of digits, which could be any number, is not read as a date).
 *
 * A text without a zone is taken as UTC (the service computes in UTC; the docs' DateDiff table
 * uses `2021-08-24` that way). Times are `h:mm[:ss[.fffffff]]` with an optional AM/PM; offsets
 * up to ±14:00 as in .NET. Day-first dates (`16/03/2020`) are refused rather than guessed.
 */
export function parseDateText(text: string, today?: () => Date): DateTimeValue | undefined {
  const trimmed = text.trim()
  if (trimmed === '' || trimmed.length > 100) {
    return undefined
  }
  let match = ISO.exec(trimmed)
  if (match !== null) {
    return build(Number(match[1]), Number(match[2]), Number(match[3]), match, 4)
  }
  match = GENERALIZED.exec(trimmed)
  if (match !== null) {
    return generalizedTime(match)
  }
  match = US.exec(trimmed)
  if (match !== null) {
    return build(fullYear(match[4] ?? ''), Number(match[1]), Number(match[3]), match, 5)
  }
  match = NAMED.exec(trimmed)
  if (match !== null) {
    const monthName = match[2] ?? match[6] ?? ''
    const day = Number(match[3] ?? match[5])
    const year = Number(match[4] ?? match[7])
    const result = build(year, monthNumber(monthName), day, match, 8)
    const weekday = match[1]
    if (result !== undefined && weekday !== undefined) {
      const expected = WEEKDAYS[new Date(utcMilliseconds(year, monthNumber(monthName), day)).getUTCDay()]
      if (expected === undefined || !expected.startsWith(weekday.slice(0, 3).toLowerCase())) {
        return undefined
      }
    }
    return result
  }
  match = TIME_ONLY.exec(trimmed)
  if (match !== null && today !== undefined) {
    const now = today()
    return build(now.getUTCFullYear(), now.getUTCMonth() + 1, now.getUTCDate(), match, 1)
  }
  return undefined
}

/** Reads a two-digit year in the 1950–2049 window (Windows' default); longer years as written. */
export function fullYear(text: string): number {
  const year = Number(text)
  if (text.length > 2) {
    return year
  }
  return year < 50 ? 2000 + year : 1900 + year
}

const TIME = String.raw`(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,7}))?)?(?:\s*([AaPp])\.?[Mm]\.?)?`
/** Groups TIME captures: hour, minute, second, fraction, meridiem. */
const TIME_GROUPS = 5
const ZONE = String.raw`(?:\s*(Z|GMT|UTC)|\s*(?:GMT|UTC)?([+-])(\d{1,2})(?::?(\d{2}))?)?`
const MONTH_NAME = String.raw`(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)`
const WEEKDAY = String.raw`(sun(?:day)?|mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?|sat(?:urday)?)`

const ISO = new RegExp(String.raw`^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:(?:T|\s+)${TIME})?${ZONE}$`, 'i')
const US = new RegExp(String.raw`^(\d{1,2})([/-])(\d{1,2})\2(\d{4}|\d{2})(?:\s+${TIME})?${ZONE}$`, 'i')
const NAMED = new RegExp(
  String.raw`^(?:${WEEKDAY}\.?,?\s+)?(?:${MONTH_NAME}\.?\s+(\d{1,2}),?\s+(\d{4})|(\d{1,2})\s+${MONTH_NAME}\.?,?\s+(\d{4}))(?:,?\s+${TIME})?${ZONE}$`,
  'i'
)
const TIME_ONLY = new RegExp(String.raw`^${TIME}${ZONE}$`, 'i')

/** yyyyMMddHH[mm[ss]][(.|,)fraction](Z|±hh[mm]): the fraction is of the last unit written. */
const GENERALIZED =
  /^(\d{4})(\d{2})(\d{2})(\d{2})(?:(\d{2})(\d{2})?)?(?:[.,](\d{1,9}))?(?:(Z)|([+-])(\d{2})(\d{2})?)$/i

function generalizedTime(match: RegExpExecArray): DateTimeValue | undefined {
  const [, year, month, day, hour, minute, second, fraction, , sign, offsetHours, offsetMinutes] = match
  const offset = (Number(offsetHours ?? 0) * 60 + Number(offsetMinutes ?? 0)) * (sign === '-' ? -1 : 1)
  const ticksOfSecond = second === undefined ? 0 : Number((fraction ?? '').slice(0, 7).padEnd(7, '0'))
  const base = fromCivil(
    {
      year: Number(year),
      month: Number(month),
      day: Number(day),
      hour: Number(hour),
      minute: Number(minute ?? 0),
      second: Number(second ?? 0),
      millisecond: Math.floor(ticksOfSecond / 10_000),
      tick: ticksOfSecond % 10_000,
    },
    Math.abs(offset) > 14 * 60 ? Number.NaN : offset
  )
  if (base === undefined || second !== undefined || fraction === undefined) return base
  const unit = minute === undefined ? MS_PER_HOUR : MS_PER_MINUTE
  return addMilliseconds(base, Math.round(Number(`0.${fraction}`) * unit))
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday']

function monthNumber(name: string): number {
  return MONTHS.indexOf(name.slice(0, 3).toLowerCase()) + 1
}

/** Builds the instant from the date and the TIME and ZONE groups starting at `first`. */
function build(
  year: number,
  month: number,
  day: number,
  match: RegExpExecArray,
  first: number
): DateTimeValue | undefined {
  const time = readTime(match, first)
  if (time === undefined) {
    return undefined
  }
  const offset = offsetOf(match, first + TIME_GROUPS)
  if (Number.isNaN(offset)) {
    return undefined
  }
  const fields: CivilDateTime = { year, month, day, ...time }
  return fromCivil(fields, offset)
}

type TimeFields = Pick<CivilDateTime, 'hour' | 'minute' | 'second' | 'millisecond' | 'tick'>

function readTime(match: RegExpExecArray, first: number): TimeFields | undefined {
  const hourText = match[first]
  if (hourText === undefined) {
    return { hour: 0, minute: 0, second: 0, millisecond: 0, tick: 0 }
  }
  let hour = Number(hourText)
  const meridiem = match[first + 4]?.toUpperCase()
  if (meridiem !== undefined) {
    if (hour > 12) {
      return undefined
    }
    hour = meridiem === 'A' ? hour % 12 : (hour % 12) + 12
  }
  const ticksOfSecond = Number((match[first + 3] ?? '').padEnd(7, '0'))
  return {
    hour,
    minute: Number(match[first + 1]),
    second: Number(match[first + 2] ?? 0),
    millisecond: Math.floor(ticksOfSecond / 10_000),
    tick: ticksOfSecond % 10_000,
  }
}

/** The zone's offset from UTC in minutes; 0 without a zone; NaN beyond ±14:00. */
function offsetOf(match: RegExpExecArray, first: number): number {
  const sign = match[first + 1]
  if (sign === undefined) {
    return 0
  }
  const hours = Number(match[first + 2])
  const minutes = Number(match[first + 3] ?? 0)
  const total = hours * 60 + minutes
  if (minutes > 59 || total > 14 * 60) {
    return Number.NaN
  }
  return sign === '-' ? -total : total
}
