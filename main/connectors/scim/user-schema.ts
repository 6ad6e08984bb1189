import { type ScimPath, topLevelName } from '../../mapping/scim-path'
import { CORE_USER_SCHEMA } from '../../mapping/scim-schemas'

/**
 * What an app's `GET /Schemas` (RFC 7643 §7) says about the attributes of its users, as far as
 * reference attributes go: which attributes name another user. The job decides what a mapping
 * is (`"reference"` on the mapping, the enterprise manager always); the schema only lets the
 * probe warn where the two disagree, since many apps publish no /Schemas or an incomplete one.
 * Pure.
 */

/** One top-level attribute of the app's User schema or of a User extension. */
export interface SchemaAttribute {
  /** As a mapping names it: `title`, `urn:…:enterprise:2.0:User:manager`. */
  readonly name: string
  readonly type: string
  /** Names another user: type reference, or a complex value whose `$ref` is one (the manager's form). */
  readonly reference: boolean
}

/** The attributes of the app's users, by lower-cased name; null when the body says nothing usable. */
export type UserSchema = ReadonlyMap<string, SchemaAttribute>

const CORE_USER = CORE_USER_SCHEMA.toLowerCase()

/** Reads the body of `GET /Schemas`: a ListResponse or, as some apps answer, a bare array. */
export function readUserSchema(body: unknown): UserSchema | null {
  const resources = Array.isArray(body)
    ? body
    : isObject(body)
      ? (body['Resources'] ?? body['resources'])
      : null
  if (!Array.isArray(resources)) return null
  const attributes = new Map<string, SchemaAttribute>()
  for (const schema of resources.filter(isObject)) {
    const id = typeof schema['id'] === 'string' ? schema['id'] : ''
    // The core User schema and its extensions (`urn:…:2.0:User`); groups have no references to map.
    if (!/:User$/i.test(id) || !Array.isArray(schema['attributes'])) continue
    const prefix = id.toLowerCase() === CORE_USER ? '' : `${id}:`
    for (const attribute of schema['attributes'].filter(isObject)) {
      if (typeof attribute['name'] !== 'string') continue
      const name = `${prefix}${attribute['name']}`
      attributes.set(name.toLowerCase(), {
        name,
        type: String(attribute['type'] ?? 'string'),
        reference: isUserReference(attribute),
      })
    }
  }
  return attributes.size === 0 ? null : attributes
}

/** A single, writable attribute naming a User: `type: reference`, or complex with such a `$ref`. */
function isUserReference(attribute: Readonly<Record<string, unknown>>): boolean {
  if (attribute['multiValued'] === true || attribute['mutability'] === 'readOnly') return false
  if (attribute['type'] === 'reference') return namesUser(attribute)
  if (attribute['type'] !== 'complex' || !Array.isArray(attribute['subAttributes'])) return false
  return attribute['subAttributes']
    .filter(isObject)
    .some(sub => sub['name'] === '$ref' && sub['type'] === 'reference' && namesUser(sub))
}

function namesUser(attribute: Readonly<Record<string, unknown>>): boolean {
  const types = attribute['referenceTypes']
  return Array.isArray(types) && types.some(type => typeof type === 'string' && type.toLowerCase() === 'user')
}

/** A user mapping as the check needs it. */
export interface MappingAsReference {
  readonly target: ScimPath
  /** The job maps it as a reference (`"reference"`, or the enterprise manager). */
  readonly reference: unknown
}

/** Where the job and the app's schema disagree about reference attributes. */
export function referenceDisagreements(
  schema: UserSchema,
  mappings: ReadonlyArray<MappingAsReference>
): string[] {
  const problems: string[] = []
  for (const mapping of mappings) {
    const attribute = schema.get(schemaKey(mapping.target))
    const mapped = mapping.reference !== null && mapping.reference !== undefined
    if (attribute?.reference === true && !mapped) {
      problems.push(
        `${mapping.target.text} names another user in the app's schema: add "reference": {} to its mapping ` +
          '(or {"by": "column"}) so the person\'s account id is sent, not the source value'
      )
    } else if (mapped && attribute === undefined) {
      problems.push(
        `${mapping.target.text} is mapped as a reference, but the app's schema has no such attribute`
      )
    } else if (mapped && attribute?.reference === false) {
      problems.push(
        `${mapping.target.text} is mapped as a reference, but the app's schema says it is a ${attribute.type}, ` +
          'not a reference to a user: an account id would be sent there'
      )
    }
  }
  return problems
}

/** The reference attributes of the schema, as mappings name them. */
export function referenceAttributes(schema: UserSchema): string[] {
  return [...schema.values()].filter(attribute => attribute.reference).map(attribute => attribute.name)
}

function schemaKey(path: ScimPath): string {
  const core = path.schema === null || path.schema.toLowerCase() === CORE_USER
  return (core ? path.attribute : topLevelName(path)).toLowerCase()
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
