import type { SourceValue } from '../connector'

/**
 * Entra ID users and groups as source attributes: Microsoft Graph's property names
 * (`[userPrincipalName]`, `[mail]`, `[givenName]`, `[accountEnabled]` …), as Entra's own
 * attribute mappings name them.
 *
 * - Booleans are "True"/"False" (as in Entra's expressions), numbers their text, string
 *   collections (`businessPhones`, `otherMails`, `proxyAddresses`) lists; null is absent.
 * - Properties of a complex property by dots: `[onPremisesExtensionAttributes.extensionAttribute1]`,
 *   `[employeeOrgData.costCenter]`. Collections of complex values (`identities`) are not exposed.
 * - `[manager]` is the manager's object id, which is the manager's source id.
 * - Directory extensions keep their name: `[extension_<appId>_<name>]`.
 */

/** User properties of Graph v1.0 (resources/user.md) that a listing of users returns. */
export const GRAPH_USER_PROPERTIES: ReadonlyArray<string> = [
  'id',
  'accountEnabled',
  'ageGroup',
  'businessPhones',
  'city',
  'companyName',
  'consentProvidedForMinor',
  'country',
  'createdDateTime',
  'creationType',
  'deletedDateTime',
  'department',
  'displayName',
  'employeeHireDate',
  'employeeId',
  'employeeLeaveDateTime',
  'employeeOrgData',
  'employeeType',
  'externalUserState',
  'externalUserStateChangeDateTime',
  'faxNumber',
  'givenName',
  'imAddresses',
  'jobTitle',
  'lastPasswordChangeDateTime',
  'legalAgeGroupClassification',
  'mail',
  'mailNickname',
  'manager',
  'mobilePhone',
  'officeLocation',
  'onPremisesDistinguishedName',
  'onPremisesDomainName',
  'onPremisesExtensionAttributes',
  'onPremisesImmutableId',
  'onPremisesLastSyncDateTime',
  'onPremisesSamAccountName',
  'onPremisesSecurityIdentifier',
  'onPremisesSyncEnabled',
  'onPremisesUserPrincipalName',
  'otherMails',
  'passwordPolicies',
  'postalCode',
  'preferredDataLocation',
  'preferredLanguage',
  'proxyAddresses',
  'securityIdentifier',
  'showInAddressList',
  'state',
  'streetAddress',
  'surname',
  'usageLocation',
  'userPrincipalName',
  'userType',
]

/** Returned only for one user at a time: `$select` of these on /users answers 501 (user-list.md). */
export const GRAPH_USER_SINGLE_ONLY: ReadonlyArray<string> = [
  'aboutMe',
  'birthday',
  'hireDate',
  'interests',
  'mailboxSettings',
  'mySite',
  'pastProjects',
  'preferredName',
  'responsibilities',
  'schools',
  'skills',
]

/** Group properties of Graph v1.0 (resources/group.md). */
export const GRAPH_GROUP_PROPERTIES: ReadonlyArray<string> = [
  'id',
  'classification',
  'createdDateTime',
  'description',
  'displayName',
  'expirationDateTime',
  'groupTypes',
  'isAssignableToRole',
  'mail',
  'mailEnabled',
  'mailNickname',
  'membershipRule',
  'membershipRuleProcessingState',
  'onPremisesDomainName',
  'onPremisesLastSyncDateTime',
  'onPremisesNetBiosName',
  'onPremisesSamAccountName',
  'onPremisesSecurityIdentifier',
  'onPremisesSyncEnabled',
  'preferredDataLocation',
  'proxyAddresses',
  'renewedDateTime',
  'securityEnabled',
  'securityIdentifier',
  'theme',
  'visibility',
]

/** Properties whose sub-properties are named with dots. */
const COMPLEX = new Set(['onPremisesExtensionAttributes', 'employeeOrgData'])

/**
 * Whether an attribute name can come out of {@link flattenGraphObject}: a known property, a
 * directory extension, or a sub-property of a complex one (`onPremisesExtensionAttributes.extensionAttribute1`…15).
 */
export function isGraphAttribute(name: string, known: ReadonlyArray<string>): boolean {
  if (known.includes(name) || /^extension_[0-9a-f]{32}_\w+$/i.test(name)) return true
  const [property, sub, ...rest] = name.split('.')
  if (property === undefined || sub === undefined || rest.length > 0 || !COMPLEX.has(property)) return false
  if (property === 'onPremisesExtensionAttributes') return /^extensionAttribute(?:[1-9]|1[0-5])$/.test(sub)
  return sub === 'costCenter' || sub === 'division'
}

/** The `$select` for the attributes a job uses: their Graph properties, `id` always, `manager` apart. */
export function graphSelect(attributes: Iterable<string>): {
  readonly select: ReadonlyArray<string>
  readonly manager: boolean
} {
  const select = new Set<string>(['id'])
  let manager = false
  for (const attribute of attributes) {
    const property = attribute.split('.')[0] ?? attribute
    if (property === 'manager') manager = true
    else select.add(property)
  }
  return { select: [...select].sort(), manager }
}

/** A Graph object as source attributes (see the module comment). */
export function flattenGraphObject(object: Readonly<Record<string, unknown>>): Record<string, SourceValue> {
  const out: Record<string, SourceValue> = {}
  for (const [key, value] of Object.entries(object)) {
    if (key.startsWith('@') || key.includes('@')) continue
    if (key === 'manager') {
      const id = isRecord(value) ? value['id'] : null
      if (typeof id === 'string' && id !== '') out['manager'] = id
      continue
    }
    flattenValue(key, value, out)
  }
  return out
}

function flattenValue(name: string, value: unknown, out: Record<string, SourceValue>): void {
  const text = scalarText(value)
  if (text !== null) {
    if (text !== '') out[name] = text
  } else if (Array.isArray(value)) {
    const values = value.map(scalarText).filter((item): item is string => item !== null && item !== '')
    if (values.length > 0) out[name] = values
  } else if (isRecord(value)) {
    for (const [key, item] of Object.entries(value)) {
      if (!key.includes('@')) flattenValue(`${name}.${key}`, item, out)
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
