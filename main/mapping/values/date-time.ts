import { DateTimeValue } from './value'

/**
 * Calendar arithmetic on {@link DateTimeValue}s, the way .NET's DateTime does it: proleptic
 * Gregorian calendar, years 1–9999, 100-ns ticks. Everything is UTC — the provisioning service
 * renders and computes dates in UTC, and so does this engine.
 */

export const TICKS_PER_MILLISECOND = 10_000
export const MS_PER_SECOND = 1000
export const MS_PER_MINUTE = 60_000
export const MS_PER_HOUR = 3_600_000
export const MS_PER_DAY = 86_400_000

/** .NET DateTime.MinValue (0001-01-01T00:00:00Z) in milliseconds since the Unix epoch. */
export const MIN_EPOCH_MS = -62_135_596_800_000
/** The last millisecond of .NET DateTime.MaxValue (9999-12-31T23:59:59.9999999Z). */
export const MAX_EPOCH_MS = 253_402_300_799_999

/** .NET DateTime.Ticks of the Unix epoch. */
const UNIX_EPOCH_TICKS = 621_355_968_000_000_000n
/** .NET DateTime.Ticks of 1601-01-01T00:00:00Z, where Windows FILETIMEs count from. */
const FILETIME_EPOCH_TICKS = 504_911_232_000_000_000n
/** .NET DateTime.MaxValue.Ticks. */
const MAX_TICKS = 3_155_378_975_999_999_999n
/** The largest FILETIME a .NET DateTime can hold (DateTime.FromFileTimeUtc's limit). */
export const MAX_FILETIME = MAX_TICKS - FILETIME_EPOCH_TICKS

/** The calendar fields of an instant, in UTC. Months and days are 1-based. */
export interface CivilDateTime {
  readonly year: number
  readonly month: number
  readonly day: number
  readonly hour: number
  readonly minute: number
  readonly second: number
  readonly millisecond: number
  /** 100-ns ticks within the millisecond, 0–9999. */
  readonly tick: number
}

/** True when the instant is one a .NET DateTime can represent (years 1–9999). */
export function isInDateRange(epochMs: number): boolean {
  return Number.isInteger(epochMs) && epochMs >= MIN_EPOCH_MS && epochMs <= MAX_EPOCH_MS
}

/** A date-time from milliseconds and sub-millisecond ticks; undefined outside years 1–9999. */
export function dateTimeAt(epochMs: number, subMillisecondTicks = 0): DateTimeValue | undefined {
  return isInDateRange(epochMs) ? new DateTimeValue(epochMs, subMillisecondTicks) : undefined
}

/** The calendar fields of an instant, in UTC. */
export function civilOf(value: DateTimeValue): CivilDateTime {
  const date = new Date(value.epochMs)
  return {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    hour: date.getUTCHours(),
    minute: date.getUTCMinutes(),
    second: date.getUTCSeconds(),
    millisecond: date.getUTCMilliseconds(),
    tick: value.subMillisecondTicks,
  }
}

/** 0 = Sunday … 6 = Saturday, as .NET's DayOfWeek. */
export function dayOfWeek(value: DateTimeValue): number {
  return new Date(value.epochMs).getUTCDay()
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

/** Days in a month (1–12) of a year. */
export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0)
}

/**
 * Milliseconds since the Unix epoch for UTC calendar fields. Unlike `Date.UTC` it takes years
 * 0–99 literally (Date.UTC reads 20 as 1920). Fields must already be valid.
 */
export function utcMilliseconds(
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
  millisecond = 0
): number {
  const date = new Date(0)
  date.setUTCFullYear(year, month - 1, day)
  date.setUTCHours(hour, minute, second, millisecond)
  return date.getTime()
}

/**
 * The instant of validated calendar fields, minus a UTC offset in minutes (local time
 * `12:00+02:00` is 10:00 UTC); undefined if a field is out of range (Feb 30, 24:00, …) or the
 * result falls outside years 1–9999.
 */
export function fromCivil(fields: CivilDateTime, offsetMinutes = 0): DateTimeValue | undefined {
  const { year, month, day, hour, minute, second, millisecond, tick } = fields
  const valid =
    year >= 1 &&
    year <= 9999 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month) &&
    hour >= 0 &&
    hour <= 23 &&
    minute >= 0 &&
    minute <= 59 &&
    second >= 0 &&
    second <= 59 &&
    millisecond >= 0 &&
    millisecond <= 999 &&
    tick >= 0 &&
    tick < TICKS_PER_MILLISECOND
  if (!valid) {
    return undefined
  }
  const epochMs =
    utcMilliseconds(year, month, day, hour, minute, second, millisecond) - offsetMinutes * MS_PER_MINUTE
  return dateTimeAt(epochMs, tick)
}

/** .NET DateTime.Ticks: 100-ns ticks since 0001-01-01T00:00:00Z. */
export function ticksOf(value: DateTimeValue): bigint {
  return (
    BigInt(value.epochMs) * BigInt(TICKS_PER_MILLISECOND) +
    BigInt(value.subMillisecondTicks) +
    UNIX_EPOCH_TICKS
  )
}

/** The instant of a .NET tick count; undefined outside DateTime's range. */
export function fromTicks(ticks: bigint): DateTimeValue | undefined {
  if (ticks < 0n || ticks > MAX_TICKS) {
    return undefined
  }
  const sinceUnix = ticks - UNIX_EPOCH_TICKS
  const perMs = BigInt(TICKS_PER_MILLISECOND)
  let ms = sinceUnix / perMs
  let rest = sinceUnix % perMs
  if (rest < 0n) {
    ms -= 1n
    rest += perMs
  }
  return dateTimeAt(Number(ms), Number(rest))
}

/** An AD/Windows FILETIME: 100-ns ticks since 1601-01-01T00:00:00Z. */
export function fileTimeOf(value: DateTimeValue): bigint {
  return ticksOf(value) - FILETIME_EPOCH_TICKS
}

/** The instant of a FILETIME; undefined if negative or past 9999-12-31. */
export function fromFileTime(fileTime: bigint): DateTimeValue | undefined {
  return fileTime < 0n ? undefined : fromTicks(fileTime + FILETIME_EPOCH_TICKS)
}

/**
 * Adds calendar months as .NET's AddMonths does: the day is clamped to the target month's last
 * day (Jan 31 + 1 month = Feb 28 or 29), the time of day is kept.
 */
export function addMonths(value: DateTimeValue, months: number): DateTimeValue | undefined {
  const civil = civilOf(value)
  const index = civil.year * 12 + (civil.month - 1) + months
  const year = Math.floor(index / 12)
  const month = index - year * 12 + 1
  if (year < 1 || year > 9999) {
    return undefined
  }
  return fromCivil({ ...civil, year, month, day: Math.min(civil.day, daysInMonth(year, month)) })
}

/** Adds a whole number of milliseconds; undefined if the result leaves years 1–9999. */
export function addMilliseconds(value: DateTimeValue, milliseconds: number): DateTimeValue | undefined {
  return dateTimeAt(value.epochMs + milliseconds, value.subMillisecondTicks)
}
