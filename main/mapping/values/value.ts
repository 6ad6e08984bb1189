/**
 * The values an expression computes with.
 *
 * Plain JavaScript primitives where they fit, so functions stay natural to write and the hot path
 * allocates nothing: `string`, `number`, `boolean`, `null` (an absent attribute) and
 * `ReadonlyArray<string>` (a multi-valued attribute). Date-times are a small immutable class
 * because no primitive carries "this is an instant" — a number would be mistaken for an amount.
 *
 * Numbers are doubles. Integers are exact to 2^53; 18-digit AD FILETIMEs (100-ns ticks) are
 * still exact when they are whole seconds (multiples of 2^7), e.g. NumFromDate's results. A
 * function that must keep arbitrary tick counts exact (DateFromNum of [lastLogonTimestamp])
 * should read its argument's text with BigInt rather than go through a number.
 */

/**
 * An instant in time (UTC). Produced by date functions, rendered as `M/d/yyyy h:mm:ss tt`.
 *
 * .NET date-times count 100-ns ticks; a JavaScript millisecond count can't hold those, so the
 * ticks within the millisecond ride along separately. They matter only where they show: AD
 * FILETIMEs (DateFromNum → NumFromDate round-trips exactly) and `fffffff` in FormatDateTime.
 */
export class DateTimeValue {
  /** Whole milliseconds since 1970-01-01T00:00:00Z. */
  public readonly epochMs: number
  /** 100-ns ticks within that millisecond, 0–9999. */
  public readonly subMillisecondTicks: number

  public constructor(epochMs: number, subMillisecondTicks = 0) {
    this.epochMs = epochMs
    this.subMillisecondTicks = subMillisecondTicks
  }

  /** The instant a JavaScript Date stands for. */
  public static fromDate(date: Date): DateTimeValue {
    return new DateTimeValue(date.getTime())
  }

  /** A new (mutable) JavaScript Date for the instant. */
  public toDate(): Date {
    return new Date(this.epochMs)
  }
}

/**
 * A multi-valued attribute. Never empty inside the engine: an attribute with no values is absent
 * (`null`), as it is in a directory; use {@link multiValue} to build one.
 */
export type MultiValue = ReadonlyArray<string>

/** Any value an expression or function can produce. */
export type Value = null | string | number | boolean | DateTimeValue | MultiValue

/**
 * Marker for an argument left empty in the text, as in `Replace([mail], "@x.com", , , "", , )`.
 * Distinct from `null` (an absent attribute) and from `""`: functions such as Replace choose their
 * mode by which arguments were given.
 */
export const OMITTED: unique symbol = Symbol('omitted argument')
/** The type of {@link OMITTED}. */
export type Omitted = typeof OMITTED

/** What a function receives for one argument. Functions never return {@link OMITTED}. */
export type ArgumentValue = Value | Omitted

/** The kinds of {@link ArgumentValue}, as {@link kindOf} reports them. */
export type ValueKind = 'null' | 'omitted' | 'string' | 'number' | 'boolean' | 'datetime' | 'multi'

/** Classifies a value, for exhaustive `switch`es over the value model. */
export function kindOf(value: ArgumentValue): ValueKind {
  if (value === null) return 'null'
  if (value === OMITTED) return 'omitted'
  switch (typeof value) {
    case 'string':
      return 'string'
    case 'number':
      return 'number'
    case 'boolean':
      return 'boolean'
    default:
      return value instanceof DateTimeValue ? 'datetime' : 'multi'
  }
}

/** Narrows to a multi-valued attribute. */
export function isMultiValue(value: ArgumentValue): value is MultiValue {
  return Array.isArray(value)
}

/** True for an absent attribute and for an omitted argument. */
export function isNullish(value: ArgumentValue): value is null | Omitted {
  return value === null || value === OMITTED
}

/** IsNullOrEmpty semantics: absent, omitted, `""`, or a multi-valued attribute with no values. */
export function isNullOrEmpty(value: ArgumentValue): boolean {
  return value === null || value === OMITTED || value === '' || (Array.isArray(value) && value.length === 0)
}

/** Builds a multi-valued result, collapsing "no values" to `null` (see {@link MultiValue}). */
export function multiValue(values: ReadonlyArray<string>): MultiValue | null {
  return values.length === 0 ? null : values
}

/** An omitted argument means "not provided"; where a value is needed that is `null`. */
export function withoutOmitted(value: ArgumentValue): Value {
  return value === OMITTED ? null : value
}
