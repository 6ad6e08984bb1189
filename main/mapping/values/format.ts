import { DateTimeValue, isMultiValue, type Value } from './value'

/**
 * How a mapping's value leaves the engine: what a SCIM request or a log line receives.
 * Booleans, numbers and date-times are already rendered as text (see {@link renderScalar}).
 */
export type MappedValue = null | string | ReadonlyArray<string>

const TWO_POW_63 = 2 ** 63

/**
 * Renders a number the way .NET's invariant culture does.
 *
 * Integers print as plain digits, as an Int64 would (`NumFromDate` yields 18-digit FILETIMEs that
 * must not turn into `1.3E+17`); other values use the shortest round-trip digits with .NET's
 * switch to `E±XX` notation from 1E-05 down and from 1E+15 up.
 */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) {
    return String(value)
  }
  if (Number.isInteger(value) && Math.abs(value) < TWO_POW_63) {
    return BigInt(value).toString()
  }
  const [mantissa = '', exponentText = '0'] = value.toExponential().split('e')
  const exponent = Number(exponentText)
  if (exponent > -5 && exponent < 15) {
    return String(value)
  }
  const digits = Math.abs(exponent) < 10 ? `0${Math.abs(exponent)}` : String(Math.abs(exponent))
  return `${mantissa}E${exponent < 0 ? '-' : '+'}${digits}`
}

/** Renders an instant as the service does: UTC, `M/d/yyyy h:mm:ss tt`, e.g. `3/16/2020 7:00:00 AM`. */
export function formatDateTime(value: DateTimeValue): string {
  const date = new Date(value.epochMs)
  const hours = date.getUTCHours()
  const hour12 = hours % 12 === 0 ? 12 : hours % 12
  const year = String(date.getUTCFullYear()).padStart(4, '0')
  return (
    `${date.getUTCMonth() + 1}/${date.getUTCDate()}/${year} ` +
    `${hour12}:${pad2(date.getUTCMinutes())}:${pad2(date.getUTCSeconds())} ${hours < 12 ? 'AM' : 'PM'}`
  )
}

function pad2(value: number): string {
  return value < 10 ? `0${value}` : String(value)
}

/** Text form of a single value: booleans are `True`/`False` (as .NET prints them). */
export function renderScalar(value: string | number | boolean | DateTimeValue): string {
  if (typeof value === 'string') return value
  if (typeof value === 'number') return formatNumber(value)
  if (typeof value === 'boolean') return value ? 'True' : 'False'
  return formatDateTime(value)
}

/** Converts an internal value to its export form. */
export function toMappedValue(value: Value): MappedValue {
  if (value === null || typeof value === 'string' || isMultiValue(value)) {
    return value
  }
  return renderScalar(value)
}
