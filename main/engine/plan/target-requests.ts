import type { PatchOperation, TargetResource } from '../../connectors/connector'
import {
  elementsAt,
  getKey,
  type ScimPath,
  selectElement,
  setKey,
  setPathValue,
  topLevelName,
} from '../../mapping/scim-path'
import { CORE_USER_SCHEMA } from '../../mapping/scim-schemas'
import type { DesiredValue, MappedAttribute } from './map-object'

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
 * sub-attributes of the same missing element go into one element. A list in which a path adopts
 * an untyped element, or which would otherwise end up with two `primary` elements, is sent whole:
 * no filter can address an element without a type.
 */
export function buildPatchOperations(
  current: TargetResource,
  changes: ReadonlyArray<AttributeChange>
): PatchOperation[] {
  const inline: Array<{ readonly operation: PatchOperation; readonly list: ListEdit | null }> = []
  const lists = new Map<string, ListEdit>()
  for (const change of changes) {
    const { path } = change
    const value = toJson(change.value, change.path)
    const operation: PatchOperation = { op: 'replace', path: path.text, value }
    if (path.filter === null) {
      inline.push({ operation, list: null })
      continue
    }
    const key = topLevelName(path).toLowerCase()
    let list = lists.get(key)
    if (list === undefined) {
      list = new ListEdit(current, path)
      lists.set(key, list)
    }
    if (list.set(path, value) === 'in-place') {
      inline.push({ operation, list })
    }
  }
  const operations = inline
    .filter(entry => entry.list === null || !entry.list.sentWhole())
    .map(entry => entry.operation)
  for (const list of lists.values()) {
    operations.push(...list.operations())
  }
  return operations
}

/** The filtered changes to one multi-valued attribute, applied to a copy of its elements. */
class ListEdit {
  private readonly name: string
  private readonly elements: unknown[]
  private readonly copyOf = new Map<unknown, Record<string, unknown>>()
  private readonly added = new Map<string, Record<string, unknown>>()
  private readonly madePrimary = new Set<Record<string, unknown>>()
  private adopted = false
  /** A path of the list is set to be sent whole (`target.multiValuedUpdates: "whole-list"`). */
  private wholeAsked = false
  private whole: boolean | undefined

  public constructor(
    private readonly current: TargetResource,
    path: ScimPath
  ) {
    this.name = topLevelName(path)
    this.elements = (elementsAt(current, path) ?? []).map(element => {
      if (typeof element !== 'object' || element === null) return element
      const copy = { ...(element as Record<string, unknown>) }
      this.copyOf.set(element, copy)
      return copy
    })
  }

  /** Applies one change to the copy; `in-place` when a replace through its filter does it too. */
  public set(path: ScimPath, value: unknown): 'in-place' | 'list' {
    if (path.replacesWholeList === true) this.wholeAsked = true
    const selected = selectElement(this.current, path)
    const element = selected === undefined ? this.newElement(path) : this.copyOf.get(selected.element)
    if (element === undefined) return 'in-place'
    if (selected?.untyped === true) {
      this.adopted = true
      for (const clause of path.filter ?? []) {
        if (clause.attribute.toLowerCase() === 'type') setKey(element, clause.attribute, clause.value)
      }
    }
    const subAttribute = path.subAttribute ?? 'value'
    setKey(element, subAttribute, value)
    if (subAttribute.toLowerCase() === 'primary' && isTrue(value)) this.madePrimary.add(element)
    return selected !== undefined && !selected.untyped ? 'in-place' : 'list'
  }

  /** Whether the list goes whole (decided once every change is applied). */
  public sentWhole(): boolean {
    this.whole ??=
      this.adopted ||
      this.wholeAsked ||
      (this.madePrimary.size > 0 && this.elements.filter(element => isPrimary(element)).length > 1)
    return this.whole
  }

  public operations(): PatchOperation[] {
    if (!this.sentWhole()) {
      return [...this.added.values()].map(element => ({ op: 'add', path: this.name, value: [element] }))
    }
    if (this.madePrimary.size > 0) {
      for (const element of this.elements) {
        if (isPrimary(element) && !this.madePrimary.has(element as Record<string, unknown>)) {
          setKey(element as Record<string, unknown>, 'primary', false)
        }
      }
    }
    return [{ op: 'replace', path: this.name, value: this.elements }]
  }

  private newElement(path: ScimPath): Record<string, unknown> {
    const key = JSON.stringify(path.filter)
    let element = this.added.get(key)
    if (element === undefined) {
      element = {}
      for (const clause of path.filter ?? []) {
        element[clause.attribute] = clause.value
      }
      if (isPrimary(element)) this.madePrimary.add(element)
      this.added.set(key, element)
      this.elements.push(element)
    }
    return element
  }
}

function isTrue(value: unknown): boolean {
  return value === true || (typeof value === 'string' && value.trim().toLowerCase() === 'true')
}

function isPrimary(element: unknown): boolean {
  return (
    typeof element === 'object' &&
    element !== null &&
    isTrue(getKey(element as Record<string, unknown>, 'primary'))
  )
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
