import { describe, expect, it } from 'vitest'
import type { PatchOperation, TargetConnector, TargetResource } from '../../../../main/connectors/connector'
import type { MemberRemovalForm } from '../../../../main/connectors/scim/scim-members'
import { removeMembers, UnexpectedMemberRemovalError } from '../../../../main/engine/apply/member-removal'

type Behaviour = 'rfc' | 'literal' | 'refuse-adds'

/**
 * One group on a fake target. `rfc` removes exactly the members named; `literal` reads a remove on
 * `members` with a value as "remove all" (and leaves `members` out once empty); `refuse-adds`
 * is `literal` that also fails every add.
 */
class FakeGroupTarget {
  members: string[]
  readonly calls: Array<{ kind: 'get' } | { kind: 'update'; operations: ReadonlyArray<PatchOperation> }> = []

  constructor(
    members: ReadonlyArray<string>,
    private readonly behaviour: Behaviour
  ) {
    this.members = [...members]
  }

  get connector(): TargetConnector {
    return {
      get: async (_kind: string, id: string) => {
        this.calls.push({ kind: 'get' })
        const group: Record<string, unknown> = { id, displayName: 'Sales' }
        if (this.members.length > 0) group['members'] = this.members.map(value => ({ value }))
        return group as TargetResource
      },
      update: async (_kind: string, _id: string, operations: ReadonlyArray<PatchOperation>) => {
        this.calls.push({ kind: 'update', operations })
        for (const operation of operations) this.apply(operation)
        return undefined
      },
    } as unknown as TargetConnector
  }

  private apply(operation: PatchOperation): void {
    const values = ((operation.value ?? []) as Array<{ value: string }>).map(member => member.value)
    if (operation.op === 'add') {
      if (this.behaviour === 'refuse-adds') throw new Error('400 Bad Request')
      this.members.push(...values)
      return
    }
    const filtered = /^members\[value eq "(.+)"\]$/.exec(operation.path ?? '')
    const gone = filtered !== null ? [filtered[1]] : this.behaviour === 'rfc' ? values : [...this.members]
    this.members = this.members.filter(id => !gone.includes(id))
  }

  updates(): ReadonlyArray<ReadonlyArray<PatchOperation>> {
    return this.calls.flatMap(call => (call.kind === 'update' ? [call.operations] : []))
  }

  reads(): number {
    return this.calls.filter(call => call.kind === 'get').length
  }
}

async function remove(
  fake: FakeGroupTarget,
  ids: ReadonlyArray<string>,
  form: MemberRemovalForm,
  membersPerPatch = 2
): Promise<{ removed: string[]; error: unknown }> {
  const removed: string[] = []
  try {
    await removeMembers({ target: fake.connector, groupId: 'G1', form, membersPerPatch }, ids, removed)
    return { removed, error: null }
  } catch (error) {
    return { removed, error }
  }
}

describe('removeMembers', () => {
  it('path-filter: names each member in its path, in batches, without reading the group', async () => {
    const fake = new FakeGroupTarget(['T1', 'T2', 'T3', 'X9'], 'literal')
    const { removed, error } = await remove(fake, ['T1', 'T2', 'T3'], 'path-filter')
    expect(error).toBeNull()
    expect(removed).toEqual(['T1', 'T2', 'T3'])
    expect(fake.updates()).toEqual([
      [
        { op: 'remove', path: 'members[value eq "T1"]' },
        { op: 'remove', path: 'members[value eq "T2"]' },
      ],
      [{ op: 'remove', path: 'members[value eq "T3"]' }],
    ])
    expect(fake.reads()).toBe(0)
    expect(fake.members).toEqual(['X9'])
  })

  it('value-list: on a server that removes only what is named, reads the group once per batch and once before', async () => {
    const fake = new FakeGroupTarget(['T1', 'T2', 'T3', 'X9'], 'rfc')
    const { removed, error } = await remove(fake, ['T1', 'T2', 'T3'], 'value-list')
    expect(error).toBeNull()
    expect(removed).toEqual(['T1', 'T2', 'T3'])
    expect(fake.updates()).toEqual([
      [{ op: 'remove', path: 'members', value: [{ value: 'T1' }, { value: 'T2' }] }],
      [{ op: 'remove', path: 'members', value: [{ value: 'T3' }] }],
    ])
    expect(fake.reads()).toBe(3)
    expect(fake.members).toEqual(['X9'])
  })

  it('value-list: on a server that empties the group, adds back what it took unasked and fails loudly', async () => {
    const fake = new FakeGroupTarget(['T1', 'T2', 'T3', 'X9'], 'literal')
    const { removed, error } = await remove(fake, ['T1', 'T2', 'T3'], 'value-list')

    expect(error).toBeInstanceOf(UnexpectedMemberRemovalError)
    expect(error).toMatchObject({ code: 'UnexpectedMemberRemoval', httpStatus: null })
    expect((error as Error).message).toBe(
      'Asked to remove 2 member(s) by value list (target.memberRemoval "value-list"), the app removed 2 ' +
        'member(s) it was not asked to remove: T3, X9; they were added back. The app reads a remove on ' +
        '"members" with a value as "remove every member" (RFC 7644 §3.5.2.2): set target.memberRemoval ' +
        '"path-filter" for it'
    )
    // The asked members went; the second batch is never sent.
    expect(removed).toEqual(['T1', 'T2'])
    expect(fake.updates()).toEqual([
      [{ op: 'remove', path: 'members', value: [{ value: 'T1' }, { value: 'T2' }] }],
      [{ op: 'add', path: 'members', value: [{ value: 'T3' }, { value: 'X9' }] }],
    ])
    expect(fake.members.sort()).toEqual(['T3', 'X9'])
  })

  it('value-list: says to add the members by hand when adding them back fails', async () => {
    const fake = new FakeGroupTarget(['T1', 'X9'], 'refuse-adds')
    const { error } = await remove(fake, ['T1'], 'value-list')
    expect((error as Error).message).toContain(
      'removed 1 member(s) it was not asked to remove: X9; adding them back failed too (400 Bad Request): add them by hand'
    )
  })

  it('value-list: names at most twenty of the lost members', async () => {
    const others = Array.from({ length: 25 }, (_, index) => `X${index + 1}`)
    const fake = new FakeGroupTarget(['T1', ...others], 'literal')
    const { error } = await remove(fake, ['T1'], 'value-list', 100)
    expect((error as Error).message).toContain(`${others.slice(0, 20).join(', ')} and 5 more;`)
    expect(fake.members.sort()).toEqual([...others].sort())
  })

  it('sends nothing and reads nothing when no one is to be removed', async () => {
    const fake = new FakeGroupTarget(['T1'], 'literal')
    expect(await remove(fake, [], 'value-list')).toEqual({ removed: [], error: null })
    expect(fake.calls).toEqual([])
  })
})
