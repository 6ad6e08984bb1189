import type { CallSite } from '../evaluation/call-site'
import { renderScalar } from './format'
import { type ArgumentValue, type DateTimeValue, isMultiValue, OMITTED, type Value } from './value'

/** A single (non-multi-valued, non-null) value. */
export type ScalarValue = string | number | boolean | DateTimeValue

/**
 * The text of an argument that must be one value. Null and omitted give null; numbers, booleans
 * and date-times are rendered (`True`, `2.5`, `3/16/2020 7:00:00 AM`); a multi-valued attribute
 * with one value gives that value. With several values there is no right answer, so this fails
 * rather than guessing which one was meant.
 */
export function singleText(value: ArgumentValue, site: CallSite, parameter: string): string | null {
  if (typeof value === 'string') {
    return value
  }
  const scalar = singleScalar(value, site, parameter)
  return scalar === null ? null : renderScalar(scalar)
}

/** Like {@link singleText} but keeps the value's own type. */
export function singleScalar(value: ArgumentValue, site: CallSite, parameter: string): ScalarValue | null {
  if (value === null || value === OMITTED) {
    return null
  }
  if (!isMultiValue(value)) {
    return value
  }
  if (value.length <= 1) {
    return value[0] ?? null
  }
  return site.fail(
    `${parameter} must be a single value, but got a multi-valued attribute with ${value.length} values`
  )
}

/**
 * Applies a text transformation to a value, element by element for a multi-valued attribute
 * (ToLower of proxyAddresses lower-cases every address). Null and omitted stay null.
 */
export function mapText(value: ArgumentValue, transform: (text: string) => string): Value {
  if (typeof value === 'string') {
    return transform(value)
  }
  if (value === null || value === OMITTED) {
    return null
  }
  return isMultiValue(value) ? value.map(transform) : transform(renderScalar(value))
}

const NUMBER_TEXT = /^\s*[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?\s*$/

/** Parses a number written in the invariant culture (`12`, `-3.5`, `1e3`); no grouping, no hex. */
export function parseInvariantNumber(text: string): number | undefined {
  if (!NUMBER_TEXT.test(text)) {
    return undefined
  }
  const value = Number(text)
  return Number.isFinite(value) ? value : undefined
}

/** The number a scalar stands for: numbers themselves, and strings that read as a number. */
export function numberOf(value: ScalarValue): number | undefined {
  if (typeof value === 'number') {
    return Number.isNaN(value) ? undefined : value
  }
  return typeof value === 'string' ? parseInvariantNumber(value) : undefined
}

/**
 * The boolean a scalar stands for, as .NET's Boolean.Parse and CBool read it: booleans
 * themselves, "True"/"False" in any case with surrounding spaces, and numbers (non-zero is true).
 * Undefined for anything else.
 */
export function booleanOf(value: ScalarValue): boolean | undefined {
  if (typeof value === 'boolean') {
    return value
  }
  if (typeof value === 'number') {
    return Number.isNaN(value) ? undefined : value !== 0
  }
  if (typeof value === 'string') {
    const text = value.trim().toLowerCase()
    if (text === 'true') return true
    if (text === 'false') return false
    const number = parseInvariantNumber(value)
    return number === undefined ? undefined : number !== 0
  }
  return undefined
}

/**
 * A whole-number argument (Mid's start, Item's index, Word's number, …): a number, or text that
 * reads as one (`Mid([x], "1", "1")` is documented). Null, omitted and "" give null, for the
 * function to decide; anything else that isn't a whole number fails the evaluation.
 */
export function wholeNumber(value: ArgumentValue, site: CallSite, parameter: string): number | null {
  const scalar = singleScalar(value, site, parameter)
  if (scalar === null || scalar === '') {
    return null
  }
  const number = numberOf(scalar)
  if (number === undefined || !Number.isInteger(number)) {
    return site.fail(`${parameter} must be a whole number, but is "${renderScalar(scalar)}"`)
  }
  return number
}

/**
 * An exact integer as a value: a number when a double holds it exactly (every 64-bit AD
 * FILETIME of a whole second up to the year 5000 does), otherwise its decimal text, so no digit
 * is ever lost. Either renders as plain digits.
 */
export function integerValue(value: bigint): number | string {
  const number = Number(value)
  return BigInt(number) === value ? number : value.toString()
}
