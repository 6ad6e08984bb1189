import type { SourceValue } from '../connector'

/**
 * A SCIM resource read from a source app, as the flat attribute names mapping expressions use.
 *
 * Expressions name an attribute in brackets, and a bracket cannot hold a SCIM filter, so paths
 * are spelt with dots instead:
 * - simple attributes by name: `[userName]`, `[active]` ("True"/"False"), `[externalId]`;
 * - sub-attributes of a complex one: `[name.givenName]`, `[meta.lastModified]`;
 * - a multi-valued attribute (`emails`, `phoneNumbers`, `addresses`, `roles` …) as the list of
 *   its values: `[emails]`; one element by its `type`: `[emails.work]` (its value),
 *   `[addresses.work.locality]` (a sub-attribute); the primary one: `[emails.primary]`;
 * - extension attributes by their full URN, as mapping targets name them:
 *   `[urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department]`; a complex one
 *   with a `value` (the enterprise `manager`) is that value, the manager's id in the source app,
 *   which is the manager's source id here.
 *
 * Core attribute names are matched case-insensitively, as SCIM does (RFC 7643 §2.1), and come out
 * in the RFC's spelling, so `[userName]` works whatever case the server writes.
 */
export function flattenScimResource(
  resource: Readonly<Record<string, unknown>>
): Record<string, SourceValue> {
  const out: Record<string, SourceValue> = {}
  for (const [key, value] of Object.entries(resource)) {
    if (key.toLowerCase() === 'schemas') continue
    if (/^urn:/i.test(key) && isRecord(value)) {
      for (const [name, item] of Object.entries(value)) flattenValue(`${key}:${canonical(name)}`, item, out)
    } else {
      flattenValue(canonical(key), value, out)
    }
  }
  return out
}

/** Source ids of a group's members: its `members` values, nested groups left out (as in Entra). */
export function scimMemberIds(group: Readonly<Record<string, unknown>>): string[] {
  const members = Object.entries(group).find(([key]) => key.toLowerCase() === 'members')?.[1]
  if (!Array.isArray(members)) return []
  const ids: string[] = []
  for (const member of members) {
    if (!isRecord(member)) continue
    const type = member['type']
    if (typeof type === 'string' && type.toLowerCase() === 'group') continue
    const value = scalarText(member['value'])
    if (value !== null) ids.push(value)
  }
  return ids
}

/** Whether a group resource carries its members at all (some servers leave them out of listings). */
export function listsMembers(group: Readonly<Record<string, unknown>>): boolean {
  return Object.keys(group).some(key => key.toLowerCase() === 'members')
}

function flattenValue(name: string, value: unknown, out: Record<string, SourceValue>): void {
  const text = scalarText(value)
  if (text !== null) {
    if (text !== '') out[name] = text
  } else if (Array.isArray(value)) {
    flattenList(name, value, out)
  } else if (isRecord(value)) {
    flattenElement(name, value, out)
  }
}

function flattenList(name: string, items: ReadonlyArray<unknown>, out: Record<string, SourceValue>): void {
  const values: string[] = []
  const typed = new Set<string>()
  for (const item of items) {
    const text = scalarText(isRecord(item) ? item['value'] : item)
    if (text !== null && text !== '') values.push(text)
    if (!isRecord(item)) continue
    const type = item['type']
    // The first element of a type stands for it, as Entra's `emails[type eq "work"]` takes one.
    if (typeof type === 'string' && type !== '' && !typed.has(type)) {
      typed.add(type)
      flattenElement(`${name}.${type}`, item, out)
    }
    if (item['primary'] === true && out[`${name}.primary`] === undefined) {
      flattenElement(`${name}.primary`, item, out)
    }
  }
  if (values.length > 0) out[name] = values
}

/** A complex value: its `value` under its own name, its other sub-attributes under name.sub. */
function flattenElement(
  name: string,
  element: Readonly<Record<string, unknown>>,
  out: Record<string, SourceValue>
): void {
  for (const [key, item] of Object.entries(element)) {
    const sub = canonical(key)
    if (sub === 'value') {
      const text = scalarText(item)
      if (text !== null && text !== '') out[name] = text
    } else if (sub !== 'type' && sub !== 'primary') {
      flattenValue(`${name}.${sub}`, item, out)
    }
  }
}

function scalarText(value: unknown): string | null {
  if (typeof value === 'string') return value
  if (typeof value === 'boolean') return value ? 'True' : 'False'
  if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  return null
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Core attribute and sub-attribute names of RFC 7643 (§4.1, §4.2, §4.3, §3.1) in their spelling. */
export const SCIM_CORE_USER_ATTRIBUTES: ReadonlyArray<string> = [
  'id',
  'externalId',
  'meta',
  'userName',
  'name',
  'displayName',
  'nickName',
  'profileUrl',
  'title',
  'userType',
  'preferredLanguage',
  'locale',
  'timezone',
  'active',
  'emails',
  'phoneNumbers',
  'ims',
  'photos',
  'addresses',
  'groups',
  'entitlements',
  'roles',
  'x509Certificates',
]

export const SCIM_CORE_GROUP_ATTRIBUTES: ReadonlyArray<string> = ['id', 'externalId', 'meta', 'displayName']

const SUB_ATTRIBUTES = [
  'formatted',
  'familyName',
  'givenName',
  'middleName',
  'honorificPrefix',
  'honorificSuffix',
  'value',
  'display',
  'type',
  'primary',
  'streetAddress',
  'locality',
  'region',
  'postalCode',
  'country',
  'resourceType',
  'created',
  'lastModified',
  'location',
  'version',
  'employeeNumber',
  'costCenter',
  'organization',
  'division',
  'department',
  'manager',
  '$ref',
]

const CANONICAL = new Map(
  [...SCIM_CORE_USER_ATTRIBUTES, ...SUB_ATTRIBUTES].map(name => [name.toLowerCase(), name])
)

function canonical(name: string): string {
  return CANONICAL.get(name.toLowerCase()) ?? name
}

/**
 * Whether a source attribute name can come out of {@link flattenScimResource}: its first part is a
 * core attribute of `core`, or it is an extension attribute (any URN: the app defines those).
 */
export function isScimSourceAttribute(name: string, core: ReadonlyArray<string>): boolean {
  if (/^urn:/i.test(name)) return true
  const first = name.split('.')[0] ?? name
  return core.includes(first)
}
