import type { PatchOperation, TargetResource } from '../connectors/connector'
import { findFilteredElement, getKey, type ScimPath, setPathValue, topLevelName } from '../mapping/scim-path'
import type { DesiredValue, MappedAttribute } from './map-object'

export const CORE_USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User'

/** The POST body for a new account: every mapped value at its path, with the schemas it uses. */
export function buildCreateBody(attributes: ReadonlyArray<MappedAttribute>): Record<string, unknown> {
  const body: Record<string, unknown> = { schemas: [CORE_USER_SCHEMA] }
  const schemas = new Set<string>([CORE_USER_SCHEMA])
  for (const attribute of attributes) {
    setPathValue(body, attribute.mapping.target, toJson(attribute.value, attribute.mapping.target))
    if (attribute.mapping.target.schema !== null) {
      schemas.add(attribute.mapping.target.schema)
    }
  }
  body['schemas'] = [...schemas]
  return body
}

export interface AttributeChange {
  readonly path: ScimPath
  readonly value: DesiredValue
}

/**
 * PATCH operations that bring `current` to the desired values (RFC 7644 §3.5.2).
 *
 * A filtered path whose element exists is replaced in place; when the element is missing it is
 * added whole (a `replace` on a filter that matches nothing is a 400 `noTarget`), and several
 * sub-attributes of the same missing element go into one element.
 */
export function buildPatchOperations(
  current: TargetResource,
  changes: ReadonlyArray<AttributeChange>
): PatchOperation[] {
  const operations: PatchOperation[] = []
  const newElements = new Map<string, { path: ScimPath; element: Record<string, unknown> }>()
  for (const change of changes) {
    const { path } = change
    const value = toJson(change.value, change.path)
    if (path.filter !== null && findFilteredElement(current, path) === undefined) {
      const key = `${topLevelName(path).toLowerCase()}[${JSON.stringify(path.filter)}]`
      let pending = newElements.get(key)
      if (pending === undefined) {
        const element: Record<string, unknown> = {}
        for (const clause of path.filter) {
          element[clause.attribute] = clause.value
        }
        pending = { path, element }
        newElements.set(key, pending)
      }
      pending.element[path.subAttribute ?? 'value'] = value
      continue
    }
    operations.push({ op: 'replace', path: path.text, value })
  }
  for (const { path, element } of newElements.values()) {
    operations.push({ op: 'add', path: topLevelName(path), value: [element] })
  }
  return operations
}

/** `active` as the target holds it, for before-images. */
export function currentActive(resource: TargetResource): unknown {
  return getKey(resource, 'active')
}

/**
 * A mapped value as the JSON the target receives. A list of role names mapped to the `roles`
 * attribute (AppRoleAssignmentsComplex) becomes SCIM role objects as Entra sends them (§B.6),
 * without Entra's `"type": "WindowsAzureActiveDirectoryRole"`: the sub-attribute is optional, and
 * servers that enforce canonical values refuse it.
 */
function toJson(value: DesiredValue, path: ScimPath): unknown {
  if (typeof value !== 'object') return value
  if (
    path.schema === null &&
    path.filter === null &&
    path.subAttribute === null &&
    path.attribute.toLowerCase() === 'roles'
  ) {
    return value.map(role => ({
      primary: false,
      display: role,
      value: role,
    }))
  }
  return [...value]
}
