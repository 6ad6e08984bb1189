import type { TargetResource } from '../connectors/connector'
import { getKey } from '../mapping/scim-path'
import { compileScoping, type ScopingFilter } from '../scoping/scoping-filter'

/**
 * Break-glass accounts that deprovisioning never disables or deletes: listed by account id,
 * userName or source id, or selected by scoping-style filters on the account's attributes
 * (`userName`, `displayName`, `externalId`, `title`, and work `email`).
 */
export interface ProtectedAccounts {
  isProtected(sourceId: string | null, resource: TargetResource | undefined): boolean
}

export function protectedAccounts(
  identifiers: ReadonlyArray<string>,
  filters: ReadonlyArray<ScopingFilter>
): ProtectedAccounts {
  const listed = new Set(identifiers.map(identifier => identifier.toLowerCase()))
  const scope = filters.length === 0 ? null : compileScoping(filters)
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

function accountAttributes(resource: TargetResource): Record<string, string> {
  const attributes: Record<string, string> = { id: resource.id }
  for (const name of ['userName', 'displayName', 'externalId', 'title', 'nickName']) {
    const value = getKey(resource, name)
    if (typeof value === 'string') attributes[name] = value
  }
  const emails = getKey(resource, 'emails')
  if (Array.isArray(emails)) {
    const work = emails.find(
      email => typeof email === 'object' && email !== null && (email as { type?: unknown }).type === 'work'
    ) as { value?: unknown } | undefined
    const first = (work ?? emails[0]) as { value?: unknown } | undefined
    if (typeof first?.value === 'string') attributes['email'] = first.value
  }
  return attributes
}
