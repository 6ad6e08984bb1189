/**
 * SCIM attribute paths as mapping targets (RFC 7644 §3.5.2 PATH grammar, the parts a mapping
 * can name): `userName`, `name.givenName`, `emails[type eq "work"].value`,
 * `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber`.
 *
 * Attribute names are case-insensitive in SCIM (RFC 7643 §2.1), so reads match keys without
 * regard to case and writes use the spelling the path gives.
 */

/** One `attr eq value` clause of a value filter; clauses are joined with `and`. */
export interface PathFilterClause {
  readonly attribute: string
  readonly value: string | number | boolean | null
}

export interface ScimPath {
  /** The path as written in the job file. */
  readonly text: string
  /** Extension schema URN, e.g. `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User`; null for core. */
  readonly schema: string | null
  /** Top-level attribute name. */
  readonly attribute: string
  /** Value filter selecting one element of a multi-valued attribute. */
  readonly filter: ReadonlyArray<PathFilterClause> | null
  /** Sub-attribute (`name.givenName` → `givenName`; `emails[…].value` → `value`). */
  readonly subAttribute: string | null
  /**
   * Set by the job compiler on the first `type`-filtered mapping of each multi-valued attribute:
   * when no element has that type, the path addresses the only element without a `type`
   * (brownfield accounts often hold one untyped email), so it is updated rather than doubled.
   */
  readonly adoptsUntyped?: boolean
  /**
   * Set by the job compiler when `target.multiValuedUpdates` is `whole-list`: a change through
   * this filtered path replaces the attribute's whole list, for apps that refuse filter paths.
   */
  readonly replacesWholeList?: boolean
}

export class ScimPathError extends Error {
  public constructor(
    public readonly path: string,
    public readonly position: number,
    detail: string
  ) {
    super(`Invalid SCIM attribute path ${JSON.stringify(path)} at position ${position + 1}: ${detail}`)
    this.name = 'ScimPathError'
  }
}

const NAME = /^[A-Za-z$][\w$-]*/

/** Parses a mapping target path. Throws `ScimPathError` naming the position. */
export function parseScimPath(text: string): ScimPath {
  if (text.trim() !== text || text.length === 0) {
    throw new ScimPathError(text, 0, 'a path must be non-empty and have no surrounding spaces')
  }
  let schema: string | null = null
  let rest = text
  let offset = 0
  if (/^urn:/i.test(text)) {
    // The attribute is whatever follows the last colon outside a filter.
    const bracket = text.indexOf('[')
    const head = bracket === -1 ? text : text.slice(0, bracket)
    const colon = head.lastIndexOf(':')
    if (colon <= 4 || colon === head.length - 1) {
      throw new ScimPathError(text, head.length, 'an extension path needs an attribute after the schema URN')
    }
    schema = text.slice(0, colon)
    offset = colon + 1
    rest = text.slice(offset)
    // `urn:…:2.0:User` names a schema, not an attribute in it.
    if (/^(User|Group)$/.test(rest.split(/[.[]/)[0] ?? '') && /:\d+(\.\d+)*$/.test(schema)) {
      throw new ScimPathError(text, text.length, 'an extension path needs an attribute after the schema URN')
    }
  }
  const nameMatch = NAME.exec(rest)
  if (nameMatch === null) {
    throw new ScimPathError(text, offset, 'expected an attribute name')
  }
  const attribute = nameMatch[0]
  let position = offset + attribute.length
  let filter: PathFilterClause[] | null = null
  let subAttribute: string | null = null

  if (text[position] === '[') {
    const close = findFilterEnd(text, position + 1)
    if (close === -1) {
      throw new ScimPathError(text, position, 'unterminated "[" filter')
    }
    filter = parseFilter(text, position + 1, close)
    position = close + 1
  }
  if (text[position] === '.') {
    const subMatch = NAME.exec(text.slice(position + 1))
    if (subMatch === null) {
      throw new ScimPathError(text, position + 1, 'expected a sub-attribute name after "."')
    }
    subAttribute = subMatch[0]
    position += 1 + subAttribute.length
  }
  if (position !== text.length) {
    throw new ScimPathError(text, position, `unexpected ${JSON.stringify(text.slice(position))}`)
  }
  if (filter !== null && subAttribute === null) {
    throw new ScimPathError(
      text,
      position,
      'a filtered path must name a sub-attribute, e.g. [type eq "work"].value'
    )
  }
  return { text, schema, attribute, filter, subAttribute }
}

function findFilterEnd(text: string, from: number): number {
  let inString = false
  for (let i = from; i < text.length; i++) {
    const char = text[i]
    if (inString) {
      if (char === '\\') {
        i++
      } else if (char === '"') {
        inString = false
      }
    } else if (char === '"') {
      inString = true
    } else if (char === ']') {
      return i
    }
  }
  return -1
}

/** `type eq "work"` or `type eq "work" and primary eq true`; only `eq` selects one element. */
function parseFilter(text: string, start: number, end: number): PathFilterClause[] {
  const clauses: PathFilterClause[] = []
  const pattern =
    /\s*([A-Za-z$][\w$-]*)\s+eq\s+("(?:[^"\\]|\\.)*"|true|false|null|-?\d+(?:\.\d+)?)\s*(and\b)?/iy
  // A failed sticky match resets lastIndex to 0, so the position is tracked apart.
  let cursor = start
  let expectMore = true
  while (expectMore) {
    pattern.lastIndex = cursor
    const match = pattern.exec(text)
    if (match === null || pattern.lastIndex > end) {
      throw new ScimPathError(text, cursor, 'expected a filter of the form attr eq "value" [and …]')
    }
    cursor = pattern.lastIndex
    clauses.push({ attribute: match[1] as string, value: parseLiteral(match[2] as string) })
    expectMore = match[3] !== undefined
  }
  if (text.slice(cursor, end).trim() !== '') {
    throw new ScimPathError(text, cursor, 'unexpected text in filter')
  }
  return clauses
}

function parseLiteral(literal: string): string | number | boolean | null {
  const lower = literal.toLowerCase()
  if (lower === 'true') return true
  if (lower === 'false') return false
  if (lower === 'null') return null
  if (literal.startsWith('"')) {
    return JSON.parse(literal) as string
  }
  return Number(literal)
}

type JsonObject = Record<string, unknown>

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Reads a key case-insensitively (SCIM names are case-insensitive). */
export function getKey(object: JsonObject, name: string): unknown {
  if (name in object) {
    return object[name]
  }
  const key = findKeyIgnoringCase(object, name)
  return key === undefined ? undefined : object[key]
}

/** Writes a key, keeping the spelling the object already uses for it. */
export function setKey(object: JsonObject, name: string, value: unknown): void {
  object[findKey(object, name) ?? name] = value
}

function findKey(object: JsonObject, name: string): string | undefined {
  if (name in object) {
    return name
  }
  return findKeyIgnoringCase(object, name)
}

/**
 * The object's own key spelled like `name` but for case. Hot in diffs and reference lookups of
 * accounts that lack the key: no key list is built and only keys of the same length are lowered
 * (attribute names and schema URNs are ASCII, RFC 7643 §2.1, so case never changes a length).
 */
function findKeyIgnoringCase(object: JsonObject, name: string): string | undefined {
  let lower: string | undefined
  for (const key in object) {
    if (key.length !== name.length || !Object.hasOwn(object, key)) continue
    lower ??= name.toLowerCase()
    if (key.toLowerCase() === lower) return key
  }
  return undefined
}

/** The object that holds the path's top-level attribute: the resource, or its extension object. */
function container(resource: JsonObject, path: ScimPath): JsonObject | undefined {
  if (path.schema === null) {
    return resource
  }
  const extension = getKey(resource, path.schema)
  return isObject(extension) ? extension : undefined
}

function filterMatches(element: unknown, filter: ReadonlyArray<PathFilterClause>): boolean {
  if (!isObject(element)) {
    return false
  }
  return filter.every(clause => literalEquals(getKey(element, clause.attribute), clause.value))
}

/** Filter equality as servers apply it: strings case-insensitively, booleans whatever their spelling. */
function literalEquals(actual: unknown, expected: string | number | boolean | null): boolean {
  if (expected === null) {
    return actual === undefined || actual === null
  }
  if (typeof actual === 'boolean' || typeof expected === 'boolean') {
    return String(actual).toLowerCase() === String(expected).toLowerCase()
  }
  if (typeof actual === 'number' || typeof expected === 'number') {
    return Number(actual) === Number(expected)
  }
  return typeof actual === 'string' && actual.toLowerCase() === expected.toLowerCase()
}

/** The element of a multi-valued attribute that a filtered path addresses, if present. */
export function findFilteredElement(resource: JsonObject, path: ScimPath): JsonObject | undefined {
  const values = elementsAt(resource, path)
  if (values === undefined || path.filter === null) {
    return undefined
  }
  const filter = path.filter
  const element = values.find(candidate => filterMatches(candidate, filter)) as JsonObject | undefined
  if (element !== undefined || path.adoptsUntyped !== true) {
    return element
  }
  return untypedElement(values, filter)
}

export interface SelectedElement {
  readonly element: JsonObject
  /** The element has no `type`: the path adopts it (see {@link ScimPath.adoptsUntyped}). */
  readonly untyped: boolean
}

/** The element a filtered path addresses, and whether it is an untyped one the path adopts. */
export function selectElement(resource: JsonObject, path: ScimPath): SelectedElement | undefined {
  const element = findFilteredElement(resource, path)
  return element === undefined ? undefined : { element, untyped: !filterMatches(element, path.filter ?? []) }
}

/** The elements of the multi-valued attribute a path names; undefined when it holds no list. */
export function elementsAt(resource: JsonObject, path: ScimPath): ReadonlyArray<unknown> | undefined {
  const holder = container(resource, path)
  const values = holder === undefined ? undefined : getKey(holder, path.attribute)
  return Array.isArray(values) ? values : undefined
}

/**
 * The only element without a `type`, when no element has the type the filter asks for and the
 * filter's other clauses hold for it. Several untyped elements are ambiguous: none is adopted.
 */
function untypedElement(
  values: ReadonlyArray<unknown>,
  filter: ReadonlyArray<PathFilterClause>
): JsonObject | undefined {
  const typeClauses = filter.filter(clause => clause.attribute.toLowerCase() === 'type')
  if (typeClauses.length === 0) {
    return undefined
  }
  let found: JsonObject | undefined
  for (const candidate of values) {
    if (!isObject(candidate)) continue
    const type = getKey(candidate, 'type')
    if (type === undefined || type === null || type === '') {
      if (found !== undefined) return undefined
      found = candidate
    } else if (typeClauses.some(clause => literalEquals(type, clause.value))) {
      return undefined
    }
  }
  const others = filter.filter(clause => !typeClauses.includes(clause))
  return found !== undefined && filterMatches(found, others) ? found : undefined
}

/** The value at `path` in a SCIM resource; `undefined` when absent. */
export function getPathValue(resource: JsonObject, path: ScimPath): unknown {
  const holder = container(resource, path)
  if (holder === undefined) {
    return undefined
  }
  if (path.filter !== null) {
    const element = findFilteredElement(resource, path)
    return element === undefined ? undefined : getKey(element, path.subAttribute ?? 'value')
  }
  const value = getKey(holder, path.attribute)
  if (path.subAttribute === null) {
    return value
  }
  return isObject(value) ? getKey(value, path.subAttribute) : undefined
}

/**
 * Writes `value` at `path` into a resource being built (a create body).
 *
 * A filtered path creates the element it selects, carrying the filter's values
 * (`emails[type eq "work"].value` → `{ "type": "work", "value": … }`).
 */
export function setPathValue(resource: JsonObject, path: ScimPath, value: unknown): void {
  let holder: JsonObject = resource
  if (path.schema !== null) {
    const key = findKey(resource, path.schema) ?? path.schema
    const existing = resource[key]
    if (isObject(existing)) {
      holder = existing
    } else {
      holder = {}
      resource[key] = holder
    }
  }
  const attributeKey = findKey(holder, path.attribute) ?? path.attribute
  if (path.filter !== null) {
    let values = holder[attributeKey]
    if (!Array.isArray(values)) {
      values = []
      holder[attributeKey] = values
    }
    const list = values as unknown[]
    let element = list.find(candidate => filterMatches(candidate, path.filter ?? [])) as
      JsonObject | undefined
    if (element === undefined) {
      element = {}
      for (const clause of path.filter) {
        element[clause.attribute] = clause.value
      }
      list.push(element)
    }
    element[findKey(element, path.subAttribute ?? 'value') ?? path.subAttribute ?? 'value'] = value
    return
  }
  if (path.subAttribute === null) {
    holder[attributeKey] = value
    return
  }
  let complex = holder[attributeKey]
  if (!isObject(complex)) {
    complex = {}
    holder[attributeKey] = complex
  }
  const complexObject = complex as JsonObject
  complexObject[findKey(complexObject, path.subAttribute) ?? path.subAttribute] = value
}

/** The top-level attribute a path writes, as a PATCH/`attributes=` name (`emails`, `urn:…:User:department`). */
export function topLevelName(path: ScimPath): string {
  return path.schema === null ? path.attribute : `${path.schema}:${path.attribute}`
}

/**
 * The string `value`s of a multi-valued attribute's elements, e.g. a group's member ids
 * (`members[].value`); empty when the resource has no such list.
 */
export function elementValues(resource: JsonObject | undefined, attribute: string): string[] {
  const elements = resource?.[attribute]
  if (!Array.isArray(elements)) return []
  return elements.flatMap(element => {
    const value = isObject(element) ? element['value'] : undefined
    return typeof value === 'string' ? [value] : []
  })
}
