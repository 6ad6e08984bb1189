/**
 * The directory behind the Microsoft Graph stand-in (graph-server.ts): users, groups, managers
 * and memberships, with a change log from which delta rounds are computed the way
 * `/users/delta` and `/groups/delta` report them (../shared/reference/microsoft-graph.md §4).
 */

export type GraphObject = Record<string, unknown> & { readonly id: string }

interface Change {
  readonly version: number
  readonly kind: 'user' | 'group'
  readonly id: string
  /** Properties (or `manager` / `members`) that changed. */
  readonly properties: ReadonlyArray<string>
  readonly memberAdds?: ReadonlyArray<string>
  readonly memberRemoves?: ReadonlyArray<string>
  readonly previousManager?: string | null
}

interface GroupState {
  properties: GraphObject
  members: string[]
}

const USER_TYPE = '#microsoft.graph.user'
const GROUP_TYPE = '#microsoft.graph.group'

export class GraphDirectory {
  readonly users = new Map<string, GraphObject>()
  readonly groups = new Map<string, GroupState>()
  readonly managers = new Map<string, string>()
  /** Soft-deleted users ("changed") and permanently deleted ones ("deleted"). */
  private readonly removed = new Map<string, 'changed' | 'deleted'>()
  private readonly removedGroups = new Map<string, 'changed' | 'deleted'>()
  private readonly changes: Change[] = []
  private nextId = 1
  version = 0

  addUser(properties: Record<string, unknown>, managerId?: string): GraphObject {
    const user: GraphObject = { id: this.newId('a'), accountEnabled: true, ...properties }
    this.users.set(user.id, user)
    if (managerId !== undefined) this.managers.set(user.id, managerId)
    this.record({ kind: 'user', id: user.id, properties: [...Object.keys(user), 'manager'] })
    return user
  }

  updateUser(id: string, changes: Record<string, unknown>): void {
    const user = this.requireUser(id)
    this.users.set(id, { ...user, ...changes })
    this.record({ kind: 'user', id, properties: Object.keys(changes) })
  }

  setManager(id: string, managerId: string | null): void {
    this.requireUser(id)
    const previousManager = this.managers.get(id) ?? null
    if (managerId === null) this.managers.delete(id)
    else this.managers.set(id, managerId)
    this.record({ kind: 'user', id, properties: ['manager'], previousManager })
  }

  /** Soft delete ("changed": restorable) or permanent ("deleted"); permanent also leaves groups. */
  deleteUser(id: string, how: 'changed' | 'deleted' = 'changed'): void {
    this.requireUser(id)
    this.users.delete(id)
    this.managers.delete(id)
    this.removed.set(id, how)
    this.record({ kind: 'user', id, properties: [] })
    if (how === 'deleted') {
      for (const [groupId, group] of this.groups) {
        if (group.members.includes(id)) this.removeMember(groupId, id)
      }
    }
  }

  addGroup(properties: Record<string, unknown>, members: ReadonlyArray<string> = []): GraphObject {
    const group: GraphObject = { id: this.newId('b'), securityEnabled: true, ...properties }
    this.groups.set(group.id, { properties: group, members: [...members] })
    this.record({ kind: 'group', id: group.id, properties: Object.keys(group), memberAdds: members })
    return group
  }

  updateGroup(id: string, changes: Record<string, unknown>): void {
    const group = this.requireGroup(id)
    group.properties = { ...group.properties, ...changes }
    this.record({ kind: 'group', id, properties: Object.keys(changes) })
  }

  addMember(groupId: string, memberId: string): void {
    this.requireGroup(groupId).members.push(memberId)
    this.record({ kind: 'group', id: groupId, properties: ['members'], memberAdds: [memberId] })
  }

  removeMember(groupId: string, memberId: string): void {
    const group = this.requireGroup(groupId)
    group.members = group.members.filter(member => member !== memberId)
    this.record({ kind: 'group', id: groupId, properties: ['members'], memberRemoves: [memberId] })
  }

  deleteGroup(id: string): void {
    this.requireGroup(id)
    this.groups.delete(id)
    this.removedGroups.set(id, 'deleted')
    this.record({ kind: 'group', id, properties: [] })
  }

  typeOf(id: string): string {
    return this.groups.has(id) ? GROUP_TYPE : USER_TYPE
  }

  /** Direct members, or every nested member (groups included, as Graph's transitiveMembers). */
  membersOf(groupId: string, transitive: boolean): string[] {
    const group = this.requireGroup(groupId)
    if (!transitive) return [...group.members]
    const seen = new Set<string>()
    const visit = (id: string) => {
      for (const member of this.groups.get(id)?.members ?? []) {
        if (seen.has(member)) continue
        seen.add(member)
        if (this.groups.has(member)) visit(member)
      }
    }
    visit(groupId)
    return [...seen]
  }

  /** The items of a user delta round since `since` (null: the initial round), for `select`. */
  userDelta(since: number | null, select: ReadonlyArray<string> | null): Record<string, unknown>[] {
    const ids = since === null ? [...this.users.keys()] : this.changedSince('user', since, select)
    return ids.map(id => {
      const user = this.users.get(id)
      if (user === undefined) return { id, '@removed': { reason: this.removed.get(id) ?? 'deleted' } }
      const item = pick(user, select)
      if (wants(select, 'manager')) {
        const manager = this.managerDelta(id, since)
        if (manager !== null) item['manager@delta'] = manager
      }
      return item
    })
  }

  /**
   * The items of a group delta round. A group whose members do not fit one item is repeated with
   * the next slice of `members@delta`, as Graph does for large groups.
   */
  groupDelta(
    since: number | null,
    select: ReadonlyArray<string> | null,
    membersPerItem: number
  ): Record<string, unknown>[] {
    const ids = since === null ? [...this.groups.keys()] : this.changedSince('group', since, select)
    return ids.flatMap(id => {
      const group = this.groups.get(id)
      if (group === undefined)
        return [{ id, '@removed': { reason: this.removedGroups.get(id) ?? 'deleted' } }]
      const item = pick(group.properties, select)
      if (!wants(select, 'members')) return [item]
      const delta = this.memberDelta(id, since)
      if (delta.length === 0) return [item]
      const items: Record<string, unknown>[] = []
      for (let start = 0; start < delta.length; start += membersPerItem) {
        items.push({ ...item, 'members@delta': delta.slice(start, start + membersPerItem) })
      }
      return items
    })
  }

  private managerDelta(id: string, since: number | null): Record<string, unknown>[] | null {
    const current = this.managers.get(id) ?? null
    if (since === null) return current === null ? null : [{ '@odata.type': USER_TYPE, id: current }]
    const changes = this.changes.filter(
      change => change.version > since && change.id === id && change.properties.includes('manager')
    )
    if (changes.length === 0) return null
    if (current !== null) return [{ '@odata.type': USER_TYPE, id: current }]
    const previous = changes[0]?.previousManager ?? null
    return previous === null
      ? null
      : [{ '@odata.type': USER_TYPE, id: previous, '@removed': { reason: 'deleted' } }]
  }

  private memberDelta(id: string, since: number | null): Record<string, unknown>[] {
    const group = this.requireGroup(id)
    if (since === null)
      return group.members.map(member => ({ '@odata.type': this.typeOf(member), id: member }))
    const net = new Map<string, boolean>()
    for (const change of this.changes) {
      if (change.version <= since || change.id !== id) continue
      for (const member of change.memberAdds ?? []) net.set(member, true)
      for (const member of change.memberRemoves ?? []) net.set(member, false)
    }
    return [...net].map(([member, added]) =>
      added
        ? { '@odata.type': this.typeOf(member), id: member }
        : { '@odata.type': this.typeOf(member), id: member, '@removed': { reason: 'deleted' } }
    )
  }

  /** Objects with a change to a selected property since `since`, in order of their last change. */
  private changedSince(
    kind: 'user' | 'group',
    since: number,
    select: ReadonlyArray<string> | null
  ): string[] {
    const order = new Map<string, number>()
    for (const change of this.changes) {
      if (change.kind !== kind || change.version <= since) continue
      const relevant =
        change.properties.length === 0 || change.properties.some(property => wants(select, property))
      if (relevant) {
        order.delete(change.id)
        order.set(change.id, change.version)
      }
    }
    return [...order.keys()]
  }

  private record(change: Omit<Change, 'version'>): void {
    this.version++
    this.changes.push({ ...change, version: this.version })
  }

  private newId(prefix: string): string {
    const n = this.nextId++
    return `${prefix}0000000-0000-4000-8000-${String(n).padStart(12, '0')}`
  }

  private requireUser(id: string): GraphObject {
    const user = this.users.get(id)
    if (user === undefined) throw new Error(`no user ${id}`)
    return user
  }

  private requireGroup(id: string): GroupState {
    const group = this.groups.get(id)
    if (group === undefined) throw new Error(`no group ${id}`)
    return group
  }
}

function wants(select: ReadonlyArray<string> | null, property: string): boolean {
  return select === null || property === 'id' || select.includes(property)
}

/** The selected properties that are set ("If the property has never been set … not included"). */
function pick(object: GraphObject, select: ReadonlyArray<string> | null): Record<string, unknown> {
  const item: Record<string, unknown> = { id: object.id }
  for (const [key, value] of Object.entries(object)) {
    if (key !== 'id' && wants(select, key) && value !== undefined) item[key] = value
  }
  return item
}
