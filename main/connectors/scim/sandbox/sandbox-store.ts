/**
 * The sandbox's storage: plain in-memory Maps of frozen SCIM JSON records, with value indexes so
 * equality filters on the usual matching attributes are O(1) even at 100,000 users.
 *
 * The store enforces what a real service provider's database would (ids, `meta`, uniqueness,
 * referential integrity of group members); schema validation and PATCH semantics are scimmy's
 * job upstream of it.
 */
import { randomUUID } from 'node:crypto'
import {
  type FilterBranch,
  type ParsedFilter,
  compileFilter,
  equalityValue,
  matchView,
} from './sandbox-filter'
import {
  GROUP_SCHEMA,
  type SandboxResourceKind,
  type SchemaInfo,
  type ScimObject,
  USER_SCHEMA,
  isScimObject,
  scimError,
  sortResources,
} from './sandbox-scimmy'

/** Read access to the sandbox's data, for tests and the demo. Records are frozen snapshots. */
export interface SandboxStore {
  /** Every user in creation order, each with its computed `groups`. */
  listUsers(): ReadonlyArray<Readonly<ScimObject>>
  getUser(id: string): Readonly<ScimObject> | undefined
  userCount(): number
  listGroups(): ReadonlyArray<Readonly<ScimObject>>
  getGroup(id: string): Readonly<ScimObject> | undefined
}

/** One list request after paging rules have been applied. */
export interface StoreQuery {
  readonly filter?: ParsedFilter
  /** 1-based. */
  readonly startIndex: number
  readonly count: number
  readonly sortBy?: string
  readonly sortOrder?: 'ascending' | 'descending'
}

export interface StorePage {
  readonly resources: ReadonlyArray<ScimObject>
  readonly totalResults: number
}

interface Entry {
  record: Readonly<ScimObject>
  /** Case-folded copy for filter matching, built on first scan and dropped on write. */
  view: ScimObject | undefined
}

/** A lookup path an equality filter can be answered from: `[attribute]` or `[attribute, sub]`. */
type IndexPath = readonly [string] | readonly [string, string]

const INDEXED: Readonly<Record<SandboxResourceKind, ReadonlyArray<IndexPath>>> = {
  user: [['userName'], ['externalId'], ['displayName'], ['emails', 'value']],
  group: [['displayName'], ['externalId']],
}

/** The attribute whose (case-folded) value must be unique within a resource type. */
const UNIQUE: Readonly<Record<SandboxResourceKind, string>> = { user: 'userName', group: 'displayName' }

/** Folded value → id(s). Most values are unique, so a lone id is kept without a Set. */
class ValueIndex {
  private readonly ids = new Map<string, string | Set<string>>()

  /** False until first needed: only the uniqueness index is worth its cost while seeding. */
  built: boolean

  constructor(
    readonly caseInsensitive: boolean,
    eager: boolean
  ) {
    this.built = eager
  }

  fold(value: string): string {
    return this.caseInsensitive ? value.toLowerCase() : value
  }

  add(key: string, id: string): void {
    const current = this.ids.get(key)
    if (current === undefined) this.ids.set(key, id)
    else if (typeof current === 'string') {
      if (current !== id) this.ids.set(key, new Set([current, id]))
    } else current.add(id)
  }

  delete(key: string, id: string): void {
    const current = this.ids.get(key)
    if (current === undefined) return
    if (typeof current === 'string') {
      if (current === id) this.ids.delete(key)
      return
    }
    current.delete(id)
    if (current.size === 1) this.ids.set(key, current.values().next().value as string)
  }

  get(key: string): ReadonlyArray<string> {
    const current = this.ids.get(key)
    return current === undefined ? [] : typeof current === 'string' ? [current] : [...current]
  }
}

/** One resource type's records and indexes. */
class ResourceTable {
  readonly entries = new Map<string, Entry>()
  /** Creation-ordered snapshot for paging; rebuilt only after an insert or delete. */
  private ordered: ReadonlyArray<Entry> | undefined
  /** Keyed by dotted path (`emails.value`). */
  private readonly indexes: ReadonlyMap<string, { readonly path: IndexPath; readonly index: ValueIndex }>

  constructor(
    readonly kind: SandboxResourceKind,
    readonly schema: SchemaInfo
  ) {
    this.indexes = new Map(
      INDEXED[kind].map(path => {
        const dotted = path.join('.')
        const index = new ValueIndex(schema.isCaseInsensitive(dotted), dotted === UNIQUE[kind])
        return [dotted, { path, index }]
      })
    )
  }

  all(): ReadonlyArray<Entry> {
    this.ordered ??= [...this.entries.values()]
    return this.ordered
  }

  insert(record: Readonly<ScimObject>): void {
    const id = String(record.id)
    this.entries.set(id, { record, view: undefined })
    this.index(record, id, 'add')
    this.ordered = undefined
  }

  update(entry: Entry, record: Readonly<ScimObject>): void {
    const id = String(record.id)
    this.index(entry.record, id, 'delete')
    entry.record = record
    entry.view = undefined
    this.index(record, id, 'add')
  }

  remove(id: string): Entry | undefined {
    const entry = this.entries.get(id)
    if (entry === undefined) return undefined
    this.entries.delete(id)
    this.index(entry.record, id, 'delete')
    this.ordered = undefined
    return entry
  }

  /** The id holding a unique value (case-folded per the schema), if any. */
  holderOf(attribute: string, value: string): string | undefined {
    const index = this.indexFor(attribute)
    return index.get(index.fold(value))[0]
  }

  /**
   * Entries that could match, answered from an index when every `or` branch has an indexed
   * equality; `undefined` when the filter needs a scan.
   */
  candidates(branches: ReadonlyArray<FilterBranch>): ReadonlyArray<Entry> | undefined {
    const ids = new Set<string>()
    for (const branch of branches) {
      const found = this.branchCandidates(branch)
      if (found === undefined) return undefined
      for (const id of found) ids.add(id)
    }
    const result: Entry[] = []
    for (const id of ids) {
      const entry = this.entries.get(id)
      if (entry !== undefined) result.push(entry)
    }
    return result
  }

  viewOf(entry: Entry): ScimObject {
    entry.view ??= matchView(entry.record, this.schema)
    return entry.view
  }

  private branchCandidates(branch: FilterBranch): Iterable<string> | undefined {
    const id = equalityValue(branch, 'id')
    if (id !== undefined) return this.entries.has(id) ? [id] : []
    for (const [dotted, { path }] of this.indexes) {
      const value = equalityValue(branch, path[0], path[1])
      // Filter values arrive already case-folded where the schema says so.
      if (value !== undefined) return this.indexFor(dotted).get(value)
    }
    return undefined
  }

  private indexFor(dotted: string): ValueIndex {
    const found = this.indexes.get(dotted)
    if (found === undefined) throw new Error(`no index on ${dotted}`)
    const { path, index } = found
    if (!index.built) {
      index.built = true
      for (const [id, entry] of this.entries) {
        for (const value of valuesAt(entry.record, path)) index.add(index.fold(value), id)
      }
    }
    return index
  }

  private index(record: Readonly<ScimObject>, id: string, action: 'add' | 'delete'): void {
    for (const { path, index } of this.indexes.values()) {
      if (!index.built) continue
      for (const value of valuesAt(record, path)) index[action](index.fold(value), id)
    }
  }
}

/**
 * The in-memory store behind the sandbox's scimmy handlers.
 *
 * Every method that can fail throws a scimmy SCIM error (404, 409 `uniqueness`, 400
 * `invalidValue`), which scimmy-routers turns into an RFC 7644 §3.12 error response.
 */
export class InMemorySandboxStore implements SandboxStore {
  private readonly tables: Readonly<Record<SandboxResourceKind, ResourceTable>>
  /** member id → ids of the groups listing it, for `User.groups` and cascading deletes. */
  private readonly memberOf = new Map<string, Set<string>>()

  constructor(schemas: Readonly<Record<SandboxResourceKind, SchemaInfo>>) {
    this.tables = {
      user: new ResourceTable('user', schemas.user),
      group: new ResourceTable('group', schemas.group),
    }
  }

  listUsers(): ReadonlyArray<Readonly<ScimObject>> {
    return this.tables.user.all().map(entry => this.present('user', entry.record))
  }

  getUser(id: string): Readonly<ScimObject> | undefined {
    return this.get('user', id)
  }

  userCount(): number {
    return this.tables.user.entries.size
  }

  listGroups(): ReadonlyArray<Readonly<ScimObject>> {
    return this.tables.group.all().map(entry => this.present('group', entry.record))
  }

  getGroup(id: string): Readonly<ScimObject> | undefined {
    return this.get('group', id)
  }

  /** A resource as served (users gain their computed `groups`), or undefined. */
  get(kind: SandboxResourceKind, id: string): Readonly<ScimObject> | undefined {
    const entry = this.tables[kind].entries.get(id)
    return entry === undefined ? undefined : this.present(kind, entry.record)
  }

  /** Like `get`, but a 404 SCIM error when absent. */
  require(kind: SandboxResourceKind, id: string): Readonly<ScimObject> {
    const resource = this.get(kind, id)
    if (resource === undefined) throw scimError(404, null, `Resource ${id} not found`)
    return resource
  }

  /** Filters, sorts and pages one resource type. */
  query(kind: SandboxResourceKind, query: StoreQuery): StorePage {
    const table = this.tables[kind]
    let matched = table.all()
    if (query.filter !== undefined) {
      const filter = compileFilter(query.filter, table.schema)
      matched = (table.candidates(filter.branches) ?? matched).filter(entry =>
        filter.matches(table.viewOf(entry))
      )
    }
    const start = query.startIndex - 1
    // Unsorted pages are cut from the entries directly: no per-request copy of 100,000 records.
    const page =
      query.sortBy === undefined
        ? matched.slice(start, start + query.count).map(entry => entry.record)
        : this.sort(
            table.schema,
            matched.map(entry => entry.record),
            query.sortBy,
            query.sortOrder
          ).slice(start, start + query.count)
    return { resources: page.map(record => this.present(kind, record)), totalResults: matched.length }
  }

  /** Creates a resource from a scimmy-validated body; assigns `id` and `meta`. */
  create(kind: SandboxResourceKind, data: ScimObject): Readonly<ScimObject> {
    const now = new Date().toISOString()
    const id = randomUUID()
    const record = this.build(kind, data, id, now, now)
    this.tables[kind].insert(record)
    this.linkMembers(kind, id, undefined, record)
    return this.present(kind, record)
  }

  /** Replaces a resource's attributes (PUT, and the final step of a PATCH). */
  replace(kind: SandboxResourceKind, id: string, data: ScimObject): Readonly<ScimObject> {
    const entry = this.tables[kind].entries.get(id)
    if (entry === undefined) throw scimError(404, null, `Resource ${id} not found`)
    const previous = entry.record
    const meta = previous.meta as { readonly created: string; readonly lastModified: string }
    let record = this.build(kind, data, id, meta.created, meta.lastModified)
    // A PATCH that changes nothing must not move lastModified.
    if (!sameContent(previous, record))
      record = this.build(kind, data, id, meta.created, new Date().toISOString())
    this.tables[kind].update(entry, record)
    this.linkMembers(kind, id, previous, record)
    return this.present(kind, record)
  }

  /** Deletes a resource and removes it from every group that lists it. */
  delete(kind: SandboxResourceKind, id: string): void {
    const entry = this.tables[kind].remove(id)
    if (entry === undefined) throw scimError(404, null, `Resource ${id} not found`)
    this.linkMembers(kind, id, entry.record, undefined)
    const parents = this.memberOf.get(id)
    this.memberOf.delete(id)
    const now = new Date().toISOString()
    for (const groupId of parents ?? []) {
      const group = this.tables.group.entries.get(groupId)
      if (group === undefined) continue
      const { members: _members, ...rest } = group.record
      const members = asArray(group.record.members).filter(
        member => !isScimObject(member) || member.value !== id
      )
      const updated = frozen({
        ...rest,
        meta: { ...(group.record.meta as ScimObject), lastModified: now },
        ...(members.length > 0 ? { members } : {}),
      })
      this.tables.group.update(group, updated)
    }
  }

  /**
   * Loads users without going through scimmy (that would cost ~0.3 ms each): seeds are trusted
   * fixtures, so only ids, `meta`, `schemas` and userName uniqueness are handled.
   */
  seedUsers(users: ReadonlyArray<Readonly<ScimObject>>): void {
    const now = new Date().toISOString()
    const table = this.tables.user
    for (const user of users) {
      const id = typeof user.id === 'string' && user.id !== '' ? user.id : randomUUID()
      if (table.entries.has(id)) throw scimError(409, 'uniqueness', `Seed user id ${id} is not unique`)
      const meta = isScimObject(user.meta) ? user.meta : {}
      const created = typeof meta.created === 'string' ? meta.created : now
      const lastModified = typeof meta.lastModified === 'string' ? meta.lastModified : created
      table.insert(this.build('user', user, id, created, lastModified))
    }
  }

  /** A frozen copy of `data` as stored: canonical `schemas`, the given id and meta, checked. */
  private build(
    kind: SandboxResourceKind,
    data: Readonly<ScimObject>,
    id: string,
    created: string,
    lastModified: string
  ): Readonly<ScimObject> {
    const table = this.tables[kind]
    const { schemas: _schemas, id: _id, meta: _meta, externalId, groups: _groups, ...rest } = data
    const attributes: ScimObject = rest
    const unique = UNIQUE[kind]
    const value = attributes[unique]
    if (typeof value !== 'string' || value.trim() === '') {
      throw scimError(400, 'invalidValue', `Required attribute '${unique}' is missing or empty`)
    }
    const holder = table.holderOf(unique, value)
    if (holder !== undefined && holder !== id) {
      throw scimError(409, 'uniqueness', `${unique} '${value}' is already in use`)
    }
    if (kind === 'group') {
      const members = this.normaliseMembers(id, attributes.members)
      if (members.length > 0) attributes.members = members
      else delete attributes.members
    }
    const schemas = [kind === 'user' ? USER_SCHEMA : GROUP_SCHEMA]
    for (const extension of table.schema.extensionIds) {
      if (isScimObject(attributes[extension]) && Object.keys(attributes[extension]).length > 0)
        schemas.push(extension)
    }
    return frozen({
      schemas,
      id,
      ...(externalId !== undefined ? { externalId } : {}),
      meta: { resourceType: kind === 'user' ? 'User' : 'Group', created, lastModified },
      ...attributes,
    })
  }

  /**
   * Members must exist (real servers refuse dangling references); duplicates collapse. A member is
   * found by its id alone: `type` is a label (RFC 7643 suggests "User" and "Group"), kept as the
   * client sent it and filled in from the resource the id names when missing.
   */
  private normaliseMembers(groupId: string, members: unknown): ReadonlyArray<ScimObject> {
    const result: ScimObject[] = []
    const seen = new Set<string>()
    for (const member of asArray(members)) {
      if (!isScimObject(member) || typeof member.value !== 'string') {
        throw scimError(400, 'invalidValue', 'Group members must be objects with a string value')
      }
      const value = member.value
      if (seen.has(value)) continue
      seen.add(value)
      const kind = this.memberKind(value)
      if (kind === undefined || (kind === 'group' && value === groupId)) {
        throw scimError(400, 'invalidValue', `Group member '${value}' does not exist`)
      }
      const target = this.tables[kind].entries.get(value)?.record
      const display = member.display ?? target?.displayName ?? target?.userName
      const type = member.type ?? (kind === 'user' ? 'User' : 'Group')
      result.push({ ...member, ...(display !== undefined ? { display } : {}), type })
    }
    return result
  }

  private memberKind(value: string): SandboxResourceKind | undefined {
    if (this.tables.user.entries.has(value)) return 'user'
    return this.tables.group.entries.has(value) ? 'group' : undefined
  }

  /** Keeps `memberOf` in step with a group's members before → after. */
  private linkMembers(
    kind: SandboxResourceKind,
    groupId: string,
    before: Readonly<ScimObject> | undefined,
    after: Readonly<ScimObject> | undefined
  ): void {
    if (kind !== 'group') return
    for (const id of memberIds(before)) this.memberOf.get(id)?.delete(groupId)
    for (const id of memberIds(after)) {
      const groups = this.memberOf.get(id)
      if (groups === undefined) this.memberOf.set(id, new Set([groupId]))
      else groups.add(groupId)
    }
  }

  /** Users carry the read-only `groups` attribute (RFC 7643 §4.1.2), derived from memberships. */
  private present(kind: SandboxResourceKind, record: Readonly<ScimObject>): Readonly<ScimObject> {
    if (kind !== 'user') return record
    const groupIds = this.memberOf.get(String(record.id))
    if (groupIds === undefined || groupIds.size === 0) return record
    const groups = [...groupIds].map(groupId => {
      const group = this.tables.group.entries.get(groupId)?.record
      return { value: groupId, ...(group ? { display: group.displayName } : {}), type: 'direct' }
    })
    return { ...record, groups }
  }

  private sort(
    schema: SchemaInfo,
    records: ReadonlyArray<Readonly<ScimObject>>,
    sortBy: string,
    sortOrder: 'ascending' | 'descending' | undefined
  ): ReadonlyArray<Readonly<ScimObject>> {
    // scimmy's sort looks attribute names up case-sensitively; hand it the schema's spelling.
    const parts = schema.unqualify(sortBy).split('.')
    const canonical = parts
      .map((_, index) => schema.attribute(parts.slice(0, index + 1).join('.'))?.name ?? parts[index])
      .join('.')
    return sortResources(records, canonical, sortOrder ?? 'ascending')
  }
}

/** String values at `[attribute]` or `[attribute, sub]`, through multi-valued attributes. */
function valuesAt(record: Readonly<ScimObject>, path: IndexPath): ReadonlyArray<string> {
  const [attribute, sub] = path
  const value = record[attribute]
  if (sub === undefined) return typeof value === 'string' ? [value] : []
  return asArray(value).flatMap(item =>
    isScimObject(item) && typeof item[sub] === 'string' ? [item[sub] as string] : []
  )
}

function memberIds(group: Readonly<ScimObject> | undefined): ReadonlyArray<string> {
  if (group === undefined) return []
  return asArray(group.members).flatMap(member =>
    isScimObject(member) && typeof member.value === 'string' ? [member.value] : []
  )
}

function asArray(value: unknown): ReadonlyArray<unknown> {
  return Array.isArray(value) ? value : []
}

function sameContent(a: Readonly<ScimObject>, b: Readonly<ScimObject>): boolean {
  return JSON.stringify({ ...a, meta: undefined }) === JSON.stringify({ ...b, meta: undefined })
}

function frozen<T>(value: T): T {
  return copyJson(value, true)
}

/** A deep copy of a JSON value; ~8× faster than structuredClone + freezing for SCIM resources. */
export function copyJson<T>(value: T, freeze: boolean): T {
  if (typeof value !== 'object' || value === null) return value
  let copy: unknown
  if (Array.isArray(value)) copy = value.map(item => copyJson(item, freeze))
  else {
    const object: Record<string, unknown> = {}
    for (const key of Object.keys(value))
      object[key] = copyJson((value as Record<string, unknown>)[key], freeze)
    copy = object
  }
  return (freeze ? Object.freeze(copy) : copy) as T
}
