import { assertNever } from '../assert-never'
import type { ComparisonOperator } from '../syntax/ast'
import { booleanOf, numberOf, type ScalarValue } from '../values/coercion'
import { parseDateText } from '../values/date-text'
import { renderScalar } from '../values/format'
import { type ArgumentValue, DateTimeValue, isMultiValue, OMITTED } from '../values/value'

/**
 * Evaluates `left op right` as in `IIF([country]="USA", …)`.
 *
 * - A null (absent) or omitted operand makes every comparison false, `<>` included: the docs say
 *   that with a null source "the condition check fails", so IIF takes its false branch.
 * - A multi-valued operand with one value compares as that value; with several it is false too
 *   (no documented meaning, and guessing would decide someone's access by accident).
 * - Two date-times compare as instants; so do a date-time and a text that reads as one (as
 *   CDate reads it), so `CDate([hireDate]) > "2020-01-01"` compares dates, not text.
 * - When both sides read as numbers (a number, or a string such as "1" or "2.50") they compare
 *   numerically, so `[StatusRehire]=1` and `DateDiff(…) > 5` work. Consequence: "007" = "7".
 * - When a side is a boolean and the other reads as one ("true"/"False", any case), as booleans.
 * - Otherwise both sides are rendered as text and compared ordinally, case-sensitively.
 */
export function compareValues(
  operator: ComparisonOperator,
  left: ArgumentValue,
  right: ArgumentValue
): boolean {
  const a = comparable(left)
  const b = comparable(right)
  if (a === undefined || b === undefined) {
    return false
  }
  const order = orderOf(a, b)
  switch (operator) {
    case '=':
      return order === 0
    case '<>':
      return order !== 0
    case '<':
      return order < 0
    case '<=':
      return order <= 0
    case '>':
      return order > 0
    case '>=':
      return order >= 0
    default:
      return assertNever(operator, 'comparison operator')
  }
}

function comparable(value: ArgumentValue): ScalarValue | undefined {
  if (value === null || value === OMITTED) {
    return undefined
  }
  if (isMultiValue(value)) {
    return value.length === 1 ? value[0] : undefined
  }
  return value
}

function orderOf(a: ScalarValue, b: ScalarValue): number {
  if (a instanceof DateTimeValue || b instanceof DateTimeValue) {
    const x = asDateTime(a)
    const y = asDateTime(b)
    if (x !== undefined && y !== undefined) {
      return sign(x.epochMs - y.epochMs) || sign(x.subMillisecondTicks - y.subMillisecondTicks)
    }
  }
  const x = numberOf(a)
  const y = numberOf(b)
  if (x !== undefined && y !== undefined) {
    return sign(x - y)
  }
  if (typeof a === 'boolean' || typeof b === 'boolean') {
    const p = booleanOf(a)
    const q = booleanOf(b)
    if (p !== undefined && q !== undefined) {
      return Number(p) - Number(q)
    }
  }
  const s = renderScalar(a)
  const t = renderScalar(b)
  return s < t ? -1 : s > t ? 1 : 0
}

function asDateTime(value: ScalarValue): DateTimeValue | undefined {
  if (value instanceof DateTimeValue) return value
  return typeof value === 'string' ? parseDateText(value) : undefined
}

function sign(difference: number): number {
  return difference < 0 ? -1 : difference > 0 ? 1 : 0
}
