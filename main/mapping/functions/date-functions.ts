import type { CallSite } from '../evaluation/call-site'
import type { EvaluationContext } from '../evaluation/context'
import type { ArgumentNode } from '../syntax/ast'
import { integerValue, numberOf, singleScalar, singleText } from '../values/coercion'
import { parseDateText } from '../values/date-text'
import {
  addMilliseconds,
  addMonths,
  civilOf,
  dateTimeAt,
  dayOfWeek,
  fileTimeOf,
  fromFileTime,
  MAX_FILETIME,
  MS_PER_DAY,
  MS_PER_HOUR,
  MS_PER_MINUTE,
  MS_PER_SECOND,
  TICKS_PER_MILLISECOND,
  ticksOf,
} from '../values/date-time'
import { renderScalar } from '../values/format'
import { type ArgumentValue, DateTimeValue, isMultiValue, OMITTED } from '../values/value'
import { argumentAt } from './arguments'
import {
  type DateKind,
  DateFormatError,
  DEFAULT_DATE_TIME_STYLES,
  type FormatToken,
  formatWithTokens,
  parseDateTimeStyles,
  parseExactWithTokens,
  tokenizeDateFormat,
} from './dotnet-date-format'
import { offsetInLiteral, stringLiteral } from './literals'
import type { ArgumentProblem, EagerFunctionDefinition, FunctionDefinition } from './registry'

/**
 * The date functions. Date-times are instants in UTC ({@link DateTimeValue}); as results they
 * render as `M/d/yyyy h:mm:ss tt` (UTC), as the docs state for CDate, DateAdd and Now.
 *
 * Wherever a date is expected, a date-time is used as is and text is read as CDate reads it
 * (see date-text.ts: ISO 8601 with or without offset, `M/d/yyyy h:mm:ss tt`, …; no offset means
 * UTC). Shared choices where the docs are silent:
 * - An absent date, or "", gives null (the attribute is skipped) rather than an error: an HR
 *   record without a hire date should not stop the whole object.
 * - Text that isn't a date fails the evaluation, naming the text.
 * - A multi-valued attribute with one value is that value; with several it fails (no documented
 *   meaning). FormatDateTime alone, being text-to-text, formats each value.
 */

const DATE_EXAMPLES = 'e.g. 2021-06-30, 2009-06-15T01:45:30-07:00 or 6/30/2021 4:00:00 PM'

/** A date argument: a date-time, or text read as CDate reads it. Null, omitted and "" give null. */
export function dateArgument(
  value: ArgumentValue,
  site: CallSite,
  parameter: string,
  context: EvaluationContext
): DateTimeValue | null {
  const scalar = singleScalar(value, site, parameter)
  if (scalar === null || scalar === '') {
    return null
  }
  if (scalar instanceof DateTimeValue) {
    return scalar
  }
  if (typeof scalar === 'string') {
    return (
      parseDateText(scalar, context.now) ??
      site.fail(`${parameter} "${scalar}" is not a date/time (${DATE_EXAMPLES})`)
    )
  }
  return site.fail(
    `${parameter} must be a date/time, but is the ${typeof scalar === 'number' ? 'number' : 'boolean'} ${renderScalar(scalar)}`
  )
}

/**
 * CDate(expression) — the date-time a text stands for, in UTC; rendered `M/d/yyyy h:mm:ss tt`.
 * Documented: `2020-03-16-07:00` → 3/16/2020 7:00:00 AM; `2021-06-30+08:00` → 6/29/2021 4:00:00 PM.
 * Text without an offset is UTC (docs silent). A date-time passes through. Null or "" → null;
 * unreadable text, numbers and booleans fail (VB's CDate refuses them too).
 */
export const cdateFunction: EagerFunctionDefinition = {
  name: 'CDate',
  minArgs: 1,
  maxArgs: 1,
  signature: 'CDate(expression)',
  evaluate(args, context, site) {
    return dateArgument(argumentAt(args, 0), site, 'expression', context)
  },
}

/** Now() — the current date-time (`context.now`), rendered in UTC as `M/d/yyyy h:mm:ss tt`. */
export const nowFunction: EagerFunctionDefinition = {
  name: 'Now',
  minArgs: 0,
  maxArgs: 0,
  signature: 'Now()',
  evaluate(_args, context, site) {
    return dateTimeAt(context.now().getTime()) ?? site.fail('the clock reads a time outside years 1–9999')
  },
}

/**
 * The interval names, as VB's DateAdd/DateDiff read them (case-insensitive). The docs list
 * yyyy, m, d, ww, h, n, s; the service's DateDiff results match VB's DateInterval rules exactly,
 * so VB's other three are accepted too: q (quarter), y (day of year = day), w (weekday: a day
 * for DateAdd, whole weeks for DateDiff).
 */
type Interval = 'yyyy' | 'q' | 'm' | 'y' | 'd' | 'w' | 'ww' | 'h' | 'n' | 's'
const INTERVALS: ReadonlyArray<Interval> = ['yyyy', 'q', 'm', 'y', 'd', 'w', 'ww', 'h', 'n', 's']
const INTERVAL_HELP = 'one of yyyy (year), m (month), d (day), ww (week), h (hour), n (minute), s (second)'

function intervalOf(text: string): Interval | undefined {
  const lower = text.trim().toLowerCase()
  return INTERVALS.find(interval => interval === lower)
}

function intervalArgument(value: ArgumentValue, site: CallSite): Interval {
  const text = singleText(value, site, 'interval')
  if (text === null) {
    return site.fail(`interval is required: ${INTERVAL_HELP}`)
  }
  return intervalOf(text) ?? site.fail(`interval "${text}" is not ${INTERVAL_HELP}`)
}

/** Compile-time check of a constant interval. */
function checkIntervalArgument(args: ReadonlyArray<ArgumentNode>): ArgumentProblem | undefined {
  const literal = stringLiteral(args[0])
  if (literal !== undefined && intervalOf(literal.value) === undefined) {
    return { reason: `interval "${literal.value}" is not ${INTERVAL_HELP}`, position: literal.start }
  }
  return undefined
}

const INT32_MAX = 2_147_483_647

/**
 * DateAdd(interval, value, dateTime) — dateTime moved by value intervals (negative = earlier).
 *
 * As VB's DateAdd: value is truncated to a whole number (1.9 days → 1 day) and may be text
 * ("10", as the SuccessFactors guide writes it); months and years clamp the day to the target
 * month's end (Jan 31 + 1 m → Feb 28/29, Feb 29 + 1 yyyy → Feb 28); days and smaller add exact
 * elapsed time (UTC, so no daylight-saving jumps). A null value or date gives null; a result
 * outside years 1–9999 fails.
 */
export const dateAddFunction: EagerFunctionDefinition = {
  name: 'DateAdd',
  minArgs: 3,
  maxArgs: 3,
  signature: 'DateAdd(interval, value, dateTime)',
  checkArguments: checkIntervalArgument,
  evaluate(args, context, site) {
    const interval = intervalArgument(argumentAt(args, 0), site)
    const amount = amountArgument(argumentAt(args, 1), site)
    const date = dateArgument(argumentAt(args, 2), site, 'dateTime', context)
    if (amount === null || date === null) {
      return null
    }
    const result = addInterval(date, interval, amount)
    return result ?? site.fail(`the result is outside the dates a .NET DateTime can hold (years 1–9999)`)
  },
}

function amountArgument(value: ArgumentValue, site: CallSite): number | null {
  const scalar = singleScalar(value, site, 'value')
  if (scalar === null || scalar === '') {
    return null
  }
  const number = numberOf(scalar)
  if (number === undefined) {
    return site.fail(`value must be a number, but is "${renderScalar(scalar)}"`)
  }
  const whole = Math.trunc(number)
  if (Math.abs(whole) > INT32_MAX) {
    return site.fail(`value ${renderScalar(scalar)} is too large`)
  }
  return whole
}

function addInterval(date: DateTimeValue, interval: Interval, amount: number): DateTimeValue | undefined {
  switch (interval) {
    case 'yyyy':
      return addMonths(date, amount * 12)
    case 'q':
      return addMonths(date, amount * 3)
    case 'm':
      return addMonths(date, amount)
    case 'y':
    case 'd':
    case 'w':
      return addMilliseconds(date, amount * MS_PER_DAY)
    case 'ww':
      return addMilliseconds(date, amount * 7 * MS_PER_DAY)
    case 'h':
      return addMilliseconds(date, amount * MS_PER_HOUR)
    case 'n':
      return addMilliseconds(date, amount * MS_PER_MINUTE)
    case 's':
      return addMilliseconds(date, amount * MS_PER_SECOND)
  }
}

const TICKS_PER_DAY = BigInt(MS_PER_DAY * TICKS_PER_MILLISECOND)
const TICKS_PER_UNIT: Readonly<Record<'y' | 'd' | 'h' | 'n' | 's', bigint>> = {
  y: TICKS_PER_DAY,
  d: TICKS_PER_DAY,
  h: BigInt(MS_PER_HOUR * TICKS_PER_MILLISECOND),
  n: BigInt(MS_PER_MINUTE * TICKS_PER_MILLISECOND),
  s: BigInt(MS_PER_SECOND * TICKS_PER_MILLISECOND),
}

/**
 * DateDiff(interval, date1, date2) — the number of intervals from date1 to date2: positive if
 * date2 is later, negative if earlier, 0 if equal.
 *
 * The docs give no rules, only a table; VB's DateDiff reproduces every row, so it is followed:
 * - d, h, n, s (and y): elapsed time, truncated toward zero (−3449.45 days → −3449).
 * - m, yyyy (and q): calendar boundaries crossed — (year2 − year1)·12 + month2 − month1, so
 *   Jan 31 → Feb 1 is 1 month although a day apart.
 * - ww: Sunday-based calendar weeks — both dates move back to their week's Sunday (keeping the
 *   time of day), then whole days between them, truncated, divided by 7 and truncated.
 * - w: whole days divided by 7, truncated.
 * All in UTC. A null date gives null.
 */
export const dateDiffFunction: EagerFunctionDefinition = {
  name: 'DateDiff',
  minArgs: 3,
  maxArgs: 3,
  signature: 'DateDiff(interval, date1, date2)',
  checkArguments: checkIntervalArgument,
  evaluate(args, context, site) {
    const interval = intervalArgument(argumentAt(args, 0), site)
    const first = dateArgument(argumentAt(args, 1), site, 'date1', context)
    const second = dateArgument(argumentAt(args, 2), site, 'date2', context)
    if (first === null || second === null) {
      return null
    }
    return dateDifference(interval, first, second)
  },
}

function dateDifference(interval: Interval, first: DateTimeValue, second: DateTimeValue): number {
  switch (interval) {
    case 'yyyy':
    case 'q':
    case 'm': {
      const a = civilOf(first)
      const b = civilOf(second)
      if (interval === 'yyyy') return b.year - a.year
      if (interval === 'm') return (b.year - a.year) * 12 + b.month - a.month
      return (b.year - a.year) * 4 + Math.floor((b.month - 1) / 3) - Math.floor((a.month - 1) / 3)
    }
    case 'w':
      return Number((ticksOf(second) - ticksOf(first)) / TICKS_PER_DAY / 7n)
    case 'ww': {
      const a = ticksOf(first) - BigInt(dayOfWeek(first)) * TICKS_PER_DAY
      const b = ticksOf(second) - BigInt(dayOfWeek(second)) * TICKS_PER_DAY
      return Number((b - a) / TICKS_PER_DAY / 7n)
    }
    default:
      return Number((ticksOf(second) - ticksOf(first)) / TICKS_PER_UNIT[interval])
  }
}

/**
 * DateFromNum(value) — the date-time of an AD date (a FILETIME: 100-ns ticks since
 * 1601-01-01 UTC), e.g. 129699324000000000 → 1/1/2012 11:00:00 PM.
 *
 * A numeric text (as [lastLogonTimestamp] arrives) is read exactly with BigInt, so no tick is
 * lost to floating point. Null or "" → null. Anything but a whole number fails, as does a value
 * outside 0…2650467743999999999 (what a .NET DateTime can hold) — including AD's "never"
 * 9223372036854775807, for which .NET's DateTime.FromFileTimeUtc throws too.
 */
export const dateFromNumFunction: EagerFunctionDefinition = {
  name: 'DateFromNum',
  minArgs: 1,
  maxArgs: 1,
  signature: 'DateFromNum(value)',
  evaluate(args, _context, site) {
    const scalar = singleScalar(argumentAt(args, 0), site, 'value')
    if (scalar === null || scalar === '') {
      return null
    }
    let fileTime: bigint | undefined
    if (typeof scalar === 'number' && Number.isInteger(scalar)) {
      fileTime = BigInt(scalar)
    } else if (typeof scalar === 'string' && /^\s*[+-]?[0-9]+\s*$/.test(scalar)) {
      fileTime = BigInt(scalar.trim())
    }
    const text = renderScalar(scalar)
    if (fileTime === undefined) {
      return site.fail(
        `value must be a whole number of 100-ns ticks since 1601 (an AD date), but is "${text}"`
      )
    }
    return (
      fromFileTime(fileTime) ??
      site.fail(`value ${text} is outside the AD dates a .NET DateTime can hold (0 to ${MAX_FILETIME})`)
    )
  },
}

/**
 * NumFromDate(value) — the AD date (FILETIME) of a date-time, for attributes such as
 * accountExpires: `2020-12-31 23:59:59-08:00` → 132539615990000000.
 *
 * The docs ask for ISO 8601; every form CDate reads is accepted, and a date-time (CDate, Now,
 * DateAdd) too. Without an offset the time is UTC. The result is exact: a number when a double
 * holds it exactly, else its digits as text (see integerValue). Null or "" → null; dates before
 * 1601 (no FILETIME) fail.
 */
export const numFromDateFunction: EagerFunctionDefinition = {
  name: 'NumFromDate',
  minArgs: 1,
  maxArgs: 1,
  signature: 'NumFromDate(value)',
  evaluate(args, context, site) {
    const date = dateArgument(argumentAt(args, 0), site, 'value', context)
    if (date === null) {
      return null
    }
    const fileTime = fileTimeOf(date)
    if (fileTime < 0n) {
      return site.fail('dates before 1601-01-01 have no AD date (FILETIME)')
    }
    return integerValue(fileTime)
  },
}

/**
 * FormatDateTime(source, dateTimeStyles, inputFormat, outputFormat) — reads source with the .NET
 * format inputFormat and writes it with outputFormat:
 * `FormatDateTime("20150123105347.1Z", , "yyyyMMddHHmmss.fZ", "yyyy-MM-dd")` → "2015-01-23".
 * The legacy three-argument form `FormatDateTime(source, inputFormat, outputFormat)` (FN 2020,
 * still in the SuccessFactors guide) is accepted too.
 *
 * Formats are .NET custom or standard format strings (see dotnet-date-format.ts); malformed
 * constant formats are refused when compiling. dateTimeStyles defaults to the documented
 * "RoundtripKind, AllowLeadingWhite, AllowTrailingWhite" when omitted, null or "" (and in the
 * three-argument form). The service runs in UTC: an input offset converts the time to UTC
 * (`2020-12-31+09:00` with `yyyy-MM-ddzzz` → 2020-12-30), as .NET's ParseExact does there.
 *
 * Choices where the docs are silent: a date-time source (CDate, Now, …) is formatted directly,
 * ignoring inputFormat; an omitted or empty inputFormat reads source as CDate does; source null
 * or "" → null; text that doesn't match inputFormat fails, naming both; a multi-valued source
 * is formatted value by value.
 */
export const formatDateTimeFunction: EagerFunctionDefinition = {
  name: 'FormatDateTime',
  minArgs: 3,
  maxArgs: 4,
  signature: 'FormatDateTime(source, dateTimeStyles, inputFormat, outputFormat)',
  checkArguments(args, text) {
    const legacy = args.length === 3
    if (!legacy) {
      const styles = stringLiteral(args[1])
      if (styles !== undefined && styles.value.trim() !== '') {
        const parsed = parseDateTimeStyles(styles.value)
        if (typeof parsed === 'string') return { reason: `dateTimeStyles: ${parsed}`, position: styles.start }
      }
    }
    const inputIndex = legacy ? 1 : 2
    for (const [index, parameter] of [
      [inputIndex, 'inputFormat'],
      [inputIndex + 1, 'outputFormat'],
    ] as const) {
      const literal = stringLiteral(args[index])
      if (literal === undefined || (literal.value === '' && parameter === 'inputFormat')) continue
      try {
        tokenizeDateFormat(literal.value)
      } catch (error) {
        if (!(error instanceof DateFormatError)) throw error
        return {
          reason: `${parameter}: ${error.message}`,
          position: offsetInLiteral(text, literal, error.index),
        }
      }
    }
    return undefined
  },
  evaluate(args, context, site) {
    const legacy = args.length === 3
    const styles = stylesArgument(legacy ? OMITTED : argumentAt(args, 1), site)
    const inputFormat = singleText(argumentAt(args, legacy ? 1 : 2), site, 'inputFormat')
    const outputFormat = singleText(argumentAt(args, legacy ? 2 : 3), site, 'outputFormat')
    if (outputFormat === null || outputFormat === '') {
      return site.fail('outputFormat is required, e.g. "yyyy-MM-dd"')
    }
    const output = formatTokens(outputFormat, 'outputFormat', site)
    const input =
      inputFormat === null || inputFormat === '' ? undefined : formatTokens(inputFormat, 'inputFormat', site)
    const convert = (text: string): string => {
      const parsed =
        input === undefined
          ? dateWithKind(parseDateText(text, context.now))
          : parseExactWithTokens(text, input, styles, context.now)
      if (parsed === undefined) {
        return site.fail(
          input === undefined
            ? `source "${text}" is not a date/time (${DATE_EXAMPLES})`
            : `source "${text}" doesn't match the inputFormat "${inputFormat ?? ''}"`
        )
      }
      return formatWithTokens(parsed.value, parsed.kind, output)
    }
    const source = argumentAt(args, 0)
    if (source === null || source === OMITTED || source === '') {
      return null
    }
    if (isMultiValue(source)) {
      return source.map(text => (text === '' ? '' : convert(text)))
    }
    if (source instanceof DateTimeValue) {
      return formatWithTokens(source, 'utc', output)
    }
    return convert(renderScalar(source))
  },
}

function dateWithKind(
  value: DateTimeValue | undefined
): { value: DateTimeValue; kind: DateKind } | undefined {
  return value === undefined ? undefined : { value, kind: 'utc' }
}

function stylesArgument(value: ArgumentValue, site: CallSite): number {
  const text = singleText(value, site, 'dateTimeStyles')
  if (text === null || text.trim() === '') {
    return DEFAULT_DATE_TIME_STYLES
  }
  const styles = parseDateTimeStyles(text)
  return typeof styles === 'string' ? site.fail(`dateTimeStyles: ${styles}`) : styles
}

function formatTokens(format: string, parameter: string, site: CallSite): ReadonlyArray<FormatToken> {
  try {
    return tokenizeDateFormat(format)
  } catch (error) {
    if (error instanceof DateFormatError) {
      return site.fail(`${parameter} "${format}": ${error.message}`)
    }
    throw error
  }
}

/** The date functions, for the default registry. */
export const dateFunctions: ReadonlyArray<FunctionDefinition> = [
  cdateFunction,
  dateAddFunction,
  dateDiffFunction,
  dateFromNumFunction,
  formatDateTimeFunction,
  nowFunction,
  numFromDateFunction,
]
