import type { TargetResource } from '../../connectors/connector'
import { getKey } from '../../mapping/scim-path'
import { ENTERPRISE_USER_SCHEMA } from '../../mapping/scim-schemas'
import { compileScoping, type ScopingFilter } from '../../scoping/scoping-filter'

/**
 * Break-glass accounts that deprovisioning never disables or deletes: listed by account id,
 * userName or source id, or selected by scoping-style filters on the account's attributes.
 */
export interface ProtectedAccounts {
  isProtected(sourceId: string | null, resource: TargetResource | undefined): boolean
}

/**
 * The account attributes a protection filter can name (case-insensitive): the core user's
 * single-valued attributes, `name.givenName`/`name.familyName`, the enterprise extension's, and
 * `email` (the work email, else the first; `mail` is accepted for it).
 */
export const PROTECTABLE_ATTRIBUTES: ReadonlyArray<string> = [
  'id',
  'userName',
  'displayName',
  'externalId',
  'nickName',
  'title',
  'userType',
  'preferredLanguage',
  'locale',
  'timezone',
  'active',
  'name.givenName',
  'name.familyName',
  'email',
  'mail',
  'employeeNumber',
  'costCenter',
  'organization',
  'division',
  'department',
]

const KNOWN = new Set(PROTECTABLE_ATTRIBUTES.map(name => name.toLowerCase()))

export function isProtectableAttribute(name: string): boolean {
  return KNOWN.has(name.toLowerCase())
}

export function protectedAccounts(
  identifiers: ReadonlyArray<string>,
  filters: ReadonlyArray<ScopingFilter>
): ProtectedAccounts {
  const listed = new Set(identifiers.map(identifier => identifier.toLowerCase()))
  // Attribute names are matched case-insensitively, as SCIM names are.
  const scope =
    filters.length === 0
      ? null
      : compileScoping(
          filters.map(filter => ({
            ...filter,
            clauses: filter.clauses.map(clause => ({ ...clause, attribute: clause.attribute.toLowerCase() })),
          }))
        )
  return {
    isProtected(sourceId, resource) {
      if (sourceId !== null && listed.has(sourceId.toLowerCase())) return true
      if (resource === undefined) return false
      const userName = getKey(resource, 'userName')
      if (listed.has(resource.id.toLowerCase())) return true
      if (typeof userName === 'string' && listed.has(userName.toLowerCase())) return true
      return scope !== null && scope(accountAttributes(resource)).inScope
    },
  }
}

/** The account's protectable attributes as text, keyed in lower case. */
function accountAttributes(resource: TargetResource): Record<string, string> {
  const attributes: Record<string, string> = {}
  const put = (name: string, value: unknown) => {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      attributes[name.toLowerCase()] = String(value)
    }
  }
  for (const name of PROTECTABLE_ATTRIBUTES) {
    if (!name.includes('.')) put(name, getKey(resource, name))
  }
  const name = getKey(resource, 'name')
  if (typeof name === 'object' && name !== null) {
    put('name.givenName', getKey(name as Record<string, unknown>, 'givenName'))
    put('name.familyName', getKey(name as Record<string, unknown>, 'familyName'))
  }
  const enterprise = getKey(resource, ENTERPRISE_USER_SCHEMA)
  if (typeof enterprise === 'object' && enterprise !== null) {
    for (const key of ['employeeNumber', 'costCenter', 'organization', 'division', 'department']) {
      put(key, getKey(enterprise as Record<string, unknown>, key))
    }
  }
  const emails = getKey(resource, 'emails')
  if (Array.isArray(emails)) {
    const work = emails.find(
      email => typeof email === 'object' && email !== null && (email as { type?: unknown }).type === 'work'
    ) as { value?: unknown } | undefined
    const first = (work ?? emails[0]) as { value?: unknown } | undefined
    put('email', first?.value)
    put('mail', first?.value)
  }
  return attributes
}
