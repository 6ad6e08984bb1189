/**
 * PATCH bodies rewritten, before scimmy applies them, into the forms real service providers
 * accept from Microsoft Entra. Op names need nothing: scimmy already reads them
 * case-insensitively (`"Replace"`, `"Add"`, `"Remove"`).
 */
import { type SchemaInfo, type ScimObject, isScimObject, scimError } from './sandbox-scimmy'
import { checkPatchValue, checkResourceValues } from './sandbox-values'

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
 * - `remove` and `replace` of a whole extension (`path` is its URN), which scimmy fails on or
 *   merges, become a `remove` of each of its attributes (then an `add` of the new value).
 * - Operations that are not objects, and values that are not objects where a complex attribute
 *   needs one, are refused with a 400 naming the operation (see sandbox-values.ts).
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
  body.Operations = (body.Operations as ReadonlyArray<unknown>).flatMap((operation, index) => {
    checkOperation(operation, index + 1, schema)
    normaliseActive(operation)
    const reachable = reachExtensionSubAttribute(operation, schema)
    return wholeExtension(reachable, schema).map(expanded =>
      current === undefined ? expanded : expandValuePathAdd(expanded, current, created)
    )
  })
}

function checkOperation(
  operation: unknown,
  index: number,
  schema: SchemaInfo
): asserts operation is ScimObject {
  const where = ` in operation ${index} of the PatchOp request body`
  if (!isScimObject(operation)) {
    throw scimError(400, 'invalidSyntax', `Operation ${index} of the PatchOp request body is not an object`)
  }
  const op = String(operation.op).toLowerCase()
  if (op !== 'add' && op !== 'replace') return
  if (typeof operation.path === 'string') {
    checkPatchValue(operation.path, operation.value, schema, where)
  } else if (operation.path === undefined) {
    if (!isScimObject(operation.value)) {
      throw scimError(
        400,
        'invalidValue',
        `'value' must be an object of attributes when 'path' is absent${where}`
      )
    }
    checkResourceValues(operation.value, schema, where)
  }
}

function wholeExtension(operation: ScimObject, schema: SchemaInfo): ReadonlyArray<ScimObject> {
  const op = String(operation.op).toLowerCase()
  const path = operation.path
  const extension = typeof path === 'string' ? schema.extensionId(path.trim()) : undefined
  if (extension === undefined || (op !== 'remove' && op !== 'replace')) return [operation]
  const removals = schema
    .attributesOf(extension)
    .map(name => ({ op: 'remove', path: `${extension}:${name}` }))
  return op === 'remove' ? removals : [...removals, { op: 'add', path: extension, value: operation.value }]
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
