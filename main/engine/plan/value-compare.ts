import type { DesiredValue } from './map-object'
import { holdsReference, isReferenceValue } from './reference-attributes'

/**
 * Whether the target already holds the desired value.
 *
 * Follows SCIM's caseExact rule (case-insensitive unless the attribute is caseExact), so a
 * server that normalises case does not cause an update on every run, and tolerates servers
 * that return booleans as strings ("False") or numbers as strings.
 */
export function valuesEqual(current: unknown, desired: DesiredValue, caseExact: boolean): boolean {
  if (current === undefined || current === null) {
    return false
  }
  if (typeof desired === 'boolean') {
    if (typeof current === 'boolean') return current === desired
    return typeof current === 'string' && current.trim().toLowerCase() === String(desired)
  }
  if (typeof desired === 'number') {
    if (typeof current === 'number') return current === desired
    return typeof current === 'string' && current.trim() !== '' && Number(current) === desired
  }
  if (typeof desired === 'string') {
    const text = scalarText(current)
    return text !== null && sameText(text, desired, caseExact)
  }
  if (!Array.isArray(current)) {
    return false
  }
  const currentTexts = current.map(item => scalarText(item)).filter((item): item is string => item !== null)
  return sameMultiset(currentTexts, desired, caseExact)
}

/**
 * Whether a value read from the target is still what an earlier write sent (undo and crash
 * recovery check before acting): SCIM case rules for text (`caseExact` for a single value, lists
 * case-insensitively), a reference by the account it names, anything else exactly.
 */
export function stillHolds(
  current: unknown,
  written: unknown,
  options: { readonly caseExact: boolean }
): boolean {
  if (written === null || written === undefined) return current === null || current === undefined
  if (isReferenceValue(written)) return holdsReference(current, written)
  if (typeof written === 'string' || typeof written === 'boolean' || typeof written === 'number') {
    return valuesEqual(current, written, options.caseExact)
  }
  if (Array.isArray(written) && written.every(item => typeof item === 'string')) {
    return valuesEqual(current, written as string[], false)
  }
  return JSON.stringify(current) === JSON.stringify(written)
}

/** Whether the target account is active (`active` absent counts as active, as SCIM servers default it). */
export function isActive(resource: Readonly<Record<string, unknown>>): boolean {
  const active = resource['active']
  if (active === false) return false
  return !(typeof active === 'string' && active.trim().toLowerCase() === 'false')
}

function scalarText(value: unknown): string | null {
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  // Multi-valued complex attributes ({ value: "…" }) compare by their value.
  if (typeof value === 'object' && value !== null && 'value' in value) {
    return scalarText((value as { value: unknown }).value)
  }
  return null
}

function sameText(a: string, b: string, caseExact: boolean): boolean {
  return caseExact ? a === b : a === b || a.toLowerCase() === b.toLowerCase()
}

function sameMultiset(a: ReadonlyArray<string>, b: ReadonlyArray<string>, caseExact: boolean): boolean {
  if (a.length !== b.length) return false
  const normalise = (text: string) => (caseExact ? text : text.toLowerCase())
  const counts = new Map<string, number>()
  for (const text of a) counts.set(normalise(text), (counts.get(normalise(text)) ?? 0) + 1)
  for (const text of b) {
    const key = normalise(text)
    const count = counts.get(key) ?? 0
    if (count === 0) return false
    counts.set(key, count - 1)
  }
  return true
}
