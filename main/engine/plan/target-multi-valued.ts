import { type ScimPath, topLevelName } from '../../mapping/scim-path'
import { CORE_GROUP_SCHEMA, CORE_USER_SCHEMA, ENTERPRISE_USER_SCHEMA } from '../../mapping/scim-schemas'

const CORE_USER = CORE_USER_SCHEMA.toLowerCase()
const CORE_GROUP = CORE_GROUP_SCHEMA.toLowerCase()
const ENTERPRISE_USER = ENTERPRISE_USER_SCHEMA.toLowerCase()

/**
 * The `multiValued` facts of the schemas every SCIM app shares (RFC 7643 §3.1, §4.1, §4.2,
 * §4.3), by lower-case top-level name (`emails`, `urn:…:enterprise:2.0:user:department`). The
 * enterprise extension has no multi-valued attribute; `manager` is one complex value.
 */
const SCHEMA_FACTS: Readonly<Record<'users' | 'groups', ReadonlyMap<string, boolean>>> = {
  users: facts(
    [
      'emails',
      'phoneNumbers',
      'ims',
      'photos',
      'addresses',
      'groups',
      'entitlements',
      'roles',
      'x509Certificates',
    ],
    [
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
      'password',
      ...['employeeNumber', 'costCenter', 'organization', 'division', 'department', 'manager'].map(
        name => `${ENTERPRISE_USER}:${name}`
      ),
    ]
  ),
  groups: facts(['members'], ['id', 'externalId', 'meta', 'displayName']),
}

function facts(multi: ReadonlyArray<string>, single: ReadonlyArray<string>): ReadonlyMap<string, boolean> {
  return new Map([
    ['schemas', true],
    ...multi.map(name => [name.toLowerCase(), true] as const),
    ...single.map(name => [name.toLowerCase(), false] as const),
  ])
}

/** The schema's word on a path's top-level attribute: multi-valued, single-valued, or unknown (null). */
function schemaFact(path: ScimPath, section: 'users' | 'groups'): boolean | null {
  const core = section === 'users' ? CORE_USER : CORE_GROUP
  const schema = path.schema?.toLowerCase() ?? null
  const name = schema === null || schema === core ? path.attribute : topLevelName(path)
  return SCHEMA_FACTS[section].get(name.toLowerCase()) ?? null
}

/**
 * Whether a mapping target holds a list. A filtered path selects one element and a sub-attribute
 * is one value; an attribute the core or enterprise schema defines follows the schema; any other
 * (an app's own extension) holds a list only when the job lists it in
 * `target.multiValuedAttributes` — a guess either way would send the app a 400 or lose values.
 */
export function holdsList(
  path: ScimPath,
  section: 'users' | 'groups',
  declared: ReadonlyArray<string>
): boolean {
  if (path.filter !== null) return false
  const fact = schemaFact(path, section)
  if (fact !== null) return path.subAttribute === null && fact
  const text = path.text.toLowerCase()
  return declared.some(name => name.toLowerCase() === text)
}

/**
 * Why a name cannot be listed in `target.multiValuedAttributes` (null when it can): the schema
 * already says what it is, or the path cannot hold a list.
 */
export function declarationProblem(path: ScimPath): string | null {
  if (path.filter !== null) return 'a filtered path selects one element, which holds one value'
  const single = (['users', 'groups'] as const).find(section => schemaFact(path, section) === false)
  if (single !== undefined) {
    return `${path.text} is single-valued in the SCIM ${single === 'users' ? 'User' : 'Group'} schema (RFC 7643)`
  }
  const known = (['users', 'groups'] as const).some(section => schemaFact(path, section) !== null)
  if (known && path.subAttribute !== null) return 'a sub-attribute of a SCIM schema attribute holds one value'
  return null
}

const SHOWN_LENGTH = 200

/** The dry-run error for a list mapped to an attribute that holds one value. */
export function listRefused(path: ScimPath, values: ReadonlyArray<string>, redacted: boolean): string {
  const json = JSON.stringify(values)
  const shown = redacted ? '[Redact]' : json.length > SHOWN_LENGTH ? `${json.slice(0, SHOWN_LENGTH)}…` : json
  const known = (['users', 'groups'] as const).some(section => schemaFact(path, section) !== null)
  const hint = known
    ? 'single-valued in RFC 7643; pick one value, e.g. with Item() or Join()'
    : 'if the app’s schema makes it multi-valued, list it in target.multiValuedAttributes'
  return `${path.text}: the expression gives ${values.length} values ${shown}, but the attribute holds one value (${hint})`
}
