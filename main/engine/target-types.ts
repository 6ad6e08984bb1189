import { type ScimPath, topLevelName } from '../mapping/scim-path'

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

/** A mapped string converted to the target's JSON type; unconvertible values stay strings (the server decides). */
export function coerceToTargetType(value: string, type: TargetValueType): string | boolean | number {
  switch (type) {
    case 'boolean': {
      const lower = value.trim().toLowerCase()
      if (lower === 'true' || lower === '1') return true
      if (lower === 'false' || lower === '0') return false
      return value
    }
    case 'integer':
      return /^[+-]?\d+$/.test(value.trim()) ? Number(value.trim()) : value
    case 'decimal':
      return value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : value
    case 'string':
      return value
  }
}
