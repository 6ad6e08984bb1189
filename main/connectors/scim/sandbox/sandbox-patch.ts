/**
 * PATCH bodies rewritten, before scimmy applies them, into the forms real service providers
 * accept from Microsoft Entra. Op names need nothing: scimmy already reads them
 * case-insensitively (`"Replace"`, `"Add"`, `"Remove"`).
 */
import { type SchemaInfo, type ScimObject, isScimObject } from './sandbox-scimmy'

/** `attr[sub eq "literal"].target`: the value-path form Entra uses for emails, phones, addresses. */
const VALUE_PATH =
  /^\s*([A-Za-z][\w$-]*)\[\s*([A-Za-z][\w$-]*)\s+eq\s+("(?:[^"\\]|\\.)*"|true|false)\s*\]\.([A-Za-z][\w$-]*)\s*$/i

/**
 * Normalises a PATCH request body in place.
 *
 * - `active` given as the string `"True"`/`"False"` (Entra does this) becomes a boolean; scimmy
 *   rightly refuses a string for a boolean attribute.
 * - `add` on a value path no value matches (`emails[type eq "work"].value` for a user without a
 *   work email) adds `{type: "work", value: …}`. RFC 7644 §3.5.2.1 leaves this case open and
 *   scimmy answers 400 `noTarget`; Entra relies on it. (`replace` keeps the RFC's §3.5.2.3 400.)
 *
 * - Sub-attributes of complex extension attributes (`urn:…:User:manager.value`), which scimmy
 *   cannot reach, are set by merging `{value: …}` into the attribute; Entra's bare string for
 *   `urn:…:User:manager` is taken as its `value`.
 *
 * @param current the resource before the patch, to tell whether a value path matches anything
 */
export function normalisePatch(
  body: unknown,
  current: Readonly<ScimObject> | undefined,
  schema: SchemaInfo
): void {
  if (!isScimObject(body) || !Array.isArray(body.Operations)) return
  const created = new Set<string>()
  body.Operations = (body.Operations as ReadonlyArray<unknown>).map(operation => {
    if (!isScimObject(operation)) return operation
    normaliseActive(operation)
    const reachable = reachExtensionSubAttribute(operation, schema)
    return current === undefined ? reachable : expandValuePathAdd(reachable, current, created)
  })
}

function reachExtensionSubAttribute(operation: ScimObject, schema: SchemaInfo): ScimObject {
  const op = String(operation.op).toLowerCase()
  const path = operation.path
  if ((op !== 'add' && op !== 'replace') || typeof path !== 'string' || !path.includes(':')) return operation
  const attribute = schema.attribute(path)
  if (attribute?.type === 'complex' && !attribute.multiValued && typeof operation.value === 'string') {
    return { ...operation, value: { value: operation.value } }
  }
  const dot = path.lastIndexOf('.')
  const parent = dot > path.lastIndexOf(':') ? schema.attribute(path.slice(0, dot)) : undefined
  if (parent?.type !== 'complex' || parent.multiValued || attribute === undefined) return operation
  // `add` of an object merges into a complex attribute: exactly a replace of that sub-attribute.
  return { ...operation, op: 'add', path: path.slice(0, dot), value: { [attribute.name]: operation.value } }
}

function normaliseActive(operation: ScimObject): void {
  if (typeof operation.path === 'string' && operation.path.trim().toLowerCase() === 'active') {
    operation.value = booleanish(operation.value)
  } else if (operation.path === undefined && isScimObject(operation.value)) {
    for (const key of Object.keys(operation.value)) {
      if (key.toLowerCase() === 'active') operation.value[key] = booleanish(operation.value[key])
    }
  }
}

function booleanish(value: unknown): unknown {
  return typeof value === 'string' && /^(true|false)$/i.test(value) ? value.toLowerCase() === 'true' : value
}

/**
 * @param created value paths an earlier op of the same request has already added, so a second
 *   op on the same value path (Entra sends `.value` and `.primary` together) reaches that value
 */
function expandValuePathAdd(
  operation: ScimObject,
  current: Readonly<ScimObject>,
  created: Set<string>
): ScimObject {
  if (String(operation.op).toLowerCase() !== 'add' || typeof operation.path !== 'string') return operation
  const match = VALUE_PATH.exec(operation.path)
  if (match === null) return operation
  const [, attribute = '', filterAttribute = '', literal = '', subAttribute = ''] = match
  let expected: unknown
  try {
    expected = JSON.parse(literal)
  } catch {
    return operation // scimmy reports the malformed path
  }
  const key = `${attribute}\u0000${filterAttribute}\u0000${literal}`.toLowerCase()
  if (created.has(key) || hasMatchingValue(current, attribute, filterAttribute, expected)) return operation
  created.add(key)
  return {
    ...operation,
    path: attribute,
    value: [{ [filterAttribute]: expected, [subAttribute]: operation.value }],
  }
}

function hasMatchingValue(
  resource: Readonly<ScimObject>,
  attribute: string,
  filterAttribute: string,
  expected: unknown
): boolean {
  const values = valueOf(resource, attribute)
  if (!Array.isArray(values)) return false
  return values.some(item => {
    if (!isScimObject(item)) return false
    const actual = valueOf(item, filterAttribute)
    // Sub-attributes such as `type` are caseExact: false (RFC 7643 §4.1.2).
    return typeof actual === 'string' && typeof expected === 'string'
      ? actual.toLowerCase() === expected.toLowerCase()
      : actual === expected
  })
}

/** Attribute names are case-insensitive (RFC 7643 §2.1). */
function valueOf(object: Readonly<ScimObject>, name: string): unknown {
  const lower = name.toLowerCase()
  const key = Object.keys(object).find(candidate => candidate.toLowerCase() === lower)
  return key === undefined ? undefined : object[key]
}
