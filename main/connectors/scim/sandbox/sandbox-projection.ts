/**
 * `attributes` / `excludedAttributes` (RFC 7644 §3.4.2.5) applied to plain resources.
 *
 * The sandbox does this itself rather than through scimmy because scimmy's version drops
 * `schemas` and `meta` from the result, answers 400 for any extension attribute
 * (`urn:…:enterprise:2.0:User:department`), and, when PATCH carries `attributes`, patches the
 * projected copy and so erases every attribute not listed.
 */
import { type SchemaInfo, type ScimObject, isScimObject } from './sandbox-scimmy'

/** Which attributes a request asked for. */
export interface Projection {
  readonly mode: 'include' | 'exclude'
  /** Attribute paths as sent: `userName`, `name.givenName`, `urn:…:User:department`. */
  readonly paths: ReadonlyArray<string>
}

/** Lower-cased attribute name → the whole attribute, or the selected sub-attributes. */
type Selection = Map<string, true | Selection>

/** Attributes returned whatever the request says (RFC 7643 §2.4 `returned: always`). */
const ALWAYS = new Set(['id', 'schemas'])

/** A projection from a comma-separated query value or a SearchRequest array; undefined if empty. */
export function projectionFrom(mode: Projection['mode'], value: unknown): Projection | undefined {
  const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : []
  const paths = list.filter((path): path is string => typeof path === 'string' && path.trim() !== '')
  return paths.length === 0 ? undefined : { mode, paths: paths.map(path => path.trim()) }
}

/** The resource with only the requested (or without the excluded) attributes. */
export function project(resource: ScimObject, projection: Projection, schema: SchemaInfo): ScimObject {
  const selection: Selection = new Map()
  for (const path of projection.paths) select(selection, split(path, schema))
  return projection.mode === 'include'
    ? include(resource, selection, true)
    : exclude(resource, selection, true)
}

/** `urn:…:User:manager.value` → [`urn:…:user`, `manager`, `value`]; `name.givenName` → [`name`, `givenname`]. */
function split(path: string, schema: SchemaInfo): ReadonlyArray<string> {
  // A `[filter]` in a path selects the attribute itself; the sandbox returns all its values.
  const bare = schema.unqualify(path.replace(/\[[^\]]*\]/g, '')).toLowerCase()
  for (const extension of schema.extensionIds) {
    const id = extension.toLowerCase()
    if (bare === id) return [id]
    if (bare.startsWith(`${id}:`)) return [id, ...bare.slice(id.length + 1).split('.')]
  }
  return bare.split('.')
}

function select(selection: Selection, parts: ReadonlyArray<string>): void {
  const [head, ...rest] = parts
  if (head === undefined || head === '') return
  const current = selection.get(head)
  if (rest.length === 0 || current === true) {
    selection.set(head, true)
    return
  }
  const nested: Selection = current ?? new Map()
  selection.set(head, nested)
  select(nested, rest)
}

function include(value: ScimObject, selection: Selection, top: boolean): ScimObject {
  const result: ScimObject = {}
  for (const [key, inner] of Object.entries(value)) {
    const chosen = selection.get(key.toLowerCase())
    if ((top && ALWAYS.has(key)) || chosen === true) result[key] = inner
    else if (chosen !== undefined) {
      const picked = pick(inner, sub => include(sub, chosen, false))
      if (picked !== undefined) result[key] = picked
    }
  }
  return result
}

function exclude(value: ScimObject, selection: Selection, top: boolean): ScimObject {
  const result: ScimObject = {}
  for (const [key, inner] of Object.entries(value)) {
    const chosen = selection.get(key.toLowerCase())
    if ((top && ALWAYS.has(key)) || chosen === undefined) result[key] = inner
    else if (chosen !== true) {
      const picked = pick(inner, sub => exclude(sub, chosen, false))
      if (picked !== undefined) result[key] = picked
    }
  }
  return result
}

/** Applies a sub-attribute selection to a complex value or each value of a multi-valued one. */
function pick(value: unknown, apply: (sub: ScimObject) => ScimObject): unknown {
  if (Array.isArray(value)) {
    const items = value
      .filter(isScimObject)
      .map(apply)
      .filter(item => Object.keys(item).length > 0)
    return items.length > 0 ? items : undefined
  }
  if (isScimObject(value)) {
    const picked = apply(value)
    return Object.keys(picked).length > 0 ? picked : undefined
  }
  return undefined
}
