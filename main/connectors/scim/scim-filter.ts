import type { ScimPath } from '../../mapping/scim-path'

/**
 * A SCIM filter string literal (RFC 7644 §3.4.2.2: compValue strings are JSON strings), so
 * quotes, backslashes and control characters are escaped exactly as JSON escapes them.
 */
export function filterLiteral(value: string): string {
  return JSON.stringify(value)
}

/**
 * `attr eq "value"` for a mapping target path.
 *
 * A filtered path such as `emails[type eq "work"].value` becomes the RFC value-path form
 * `emails[type eq "work" and value eq "…"]`; Entra's `emails[…].value eq` spelling is not in the
 * RFC grammar and strict servers reject it.
 */
export function equalityFilter(path: ScimPath, value: string): string {
  const attribute = path.schema === null ? path.attribute : `${path.schema}:${path.attribute}`
  if (path.filter !== null) {
    const clauses = path.filter.map(
      clause =>
        `${clause.attribute} eq ${typeof clause.value === 'string' ? filterLiteral(clause.value) : String(clause.value)}`
    )
    clauses.push(`${path.subAttribute ?? 'value'} eq ${filterLiteral(value)}`)
    return `${attribute}[${clauses.join(' and ')}]`
  }
  const full = path.subAttribute === null ? attribute : `${attribute}.${path.subAttribute}`
  return `${full} eq ${filterLiteral(value)}`
}

/**
 * The filters to try, most precise first: the RFC form, then (for a filtered path) the
 * sub-attribute alone (`emails.value eq "…"`), which eq-only servers understand; the caller
 * checks the results itself.
 */
export function equalityFilters(path: ScimPath, value: string): string[] {
  const filters = [equalityFilter(path, value)]
  if (path.filter !== null) {
    const attribute = path.schema === null ? path.attribute : `${path.schema}:${path.attribute}`
    filters.push(`${attribute}.${path.subAttribute ?? 'value'} eq ${filterLiteral(value)}`)
  }
  return filters
}
