import { type ScimPath, topLevelName } from '../../mapping/scim-path'

export type TargetValueType = 'string' | 'boolean' | 'integer' | 'decimal'

/**
 * Type of a target attribute, from the SCIM core schema (RFC 7643 §4.1) unless the job says
 * otherwise. Mapping expressions produce strings ("True"/"False"), and SCIM wants JSON booleans
 * for `active` and `primary`.
 */
export function targetValueType(
  path: ScimPath,
  overrides: Readonly<Record<string, TargetValueType>>
): TargetValueType {
  const explicit = overrides[path.text] ?? overrides[topLevelName(path)]
  if (explicit !== undefined) {
    return explicit
  }
  const leaf = (path.subAttribute ?? path.attribute).toLowerCase()
  if (path.schema === null && (leaf === 'active' || leaf === 'primary')) {
    return 'boolean'
  }
  return 'string'
}

/** Whether a path is the core `userName`, which every account must have (RFC 7643 §4.1.1). */
export function isUserName(path: ScimPath): boolean {
  return (
    path.schema === null &&
    path.filter === null &&
    path.subAttribute === null &&
    path.attribute.toLowerCase() === 'username'
  )
}

/**
 * Whether a path holds a password (core `password`, or an extension's): its values are shown as
 * "[Redact]" in plans, logs and the journal even without `Redact()`.
 */
export function isSecretAttribute(path: ScimPath): boolean {
  return (path.subAttribute ?? path.attribute).toLowerCase() === 'password'
}

/**
 * Whether values at this path compare case-sensitively. SCIM's default is caseExact=false;
 * `id` and `externalId` are caseExact=true in the core schema (RFC 7643 §3.1).
 */
export function isCaseExact(path: ScimPath, caseExactAttributes: ReadonlyArray<string>): boolean {
  if (caseExactAttributes.includes(path.text) || caseExactAttributes.includes(topLevelName(path))) {
    return true
  }
  return (
    path.schema === null &&
    path.filter === null &&
    (path.attribute === 'externalId' || path.attribute === 'id')
  )
}

/** A mapped value the target attribute's type cannot hold ("yes" for `active`). */
export class TargetTypeError extends Error {
  public constructor(message: string) {
    super(message)
    this.name = 'TargetTypeError'
  }
}

const INTEGER = /^[+-]?\d+$/
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i

/**
 * A mapped string converted to the target's JSON type, checked before anything is sent (an app
 * answers a wrong type with a 400 for the whole request). Booleans are `true`/`false` in any case,
 * or `1`/`0`; integers are whole numbers within JavaScript's exact range; decimals are written
 * with a dot. An empty value is null (not provisioned): a typed attribute has no empty form.
 * Throws {@link TargetTypeError} naming the value otherwise.
 */
export function coerceToTargetType(value: string, type: TargetValueType): string | boolean | number | null {
  if (type === 'string') return value
  const trimmed = value.trim()
  if (trimmed === '') return null
  switch (type) {
    case 'boolean': {
      const lower = trimmed.toLowerCase()
      if (lower === 'true' || lower === '1') return true
      if (lower === 'false' || lower === '0') return false
      throw new TargetTypeError(
        `${JSON.stringify(value)} is not a boolean (true or false, in any case, or 1 or 0)`
      )
    }
    case 'integer': {
      const number = Number(trimmed)
      if (INTEGER.test(trimmed) && Number.isSafeInteger(number)) return number
      throw new TargetTypeError(`${JSON.stringify(value)} is not an integer`)
    }
    case 'decimal': {
      const number = Number(trimmed)
      if (DECIMAL.test(trimmed) && Number.isFinite(number)) return number
      throw new TargetTypeError(`${JSON.stringify(value)} is not a number (digits, with a dot for decimals)`)
    }
  }
}
