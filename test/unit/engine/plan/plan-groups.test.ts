import { describe, expect, it } from 'vitest'
import type { SourceGroup, TargetResource } from '../../../../main/connectors/connector'
import { compileJob } from '../../../../main/engine/plan/compile-job'
import { mapSourceObject } from '../../../../main/engine/plan/map-object'
import {
  type GroupOperation,
  type GroupPlanInput,
  type MemberResolution,
  planGroups,
  removableAccounts,
} from '../../../../main/engine/plan/plan-groups'
import { TargetSnapshot } from '../../../../main/engine/plan/target-snapshot'
import type { Link } from '../../../../main/model/link'
import { FIXED_NOW, link, loadJob } from '../../../helpers/job-fixtures'

const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group'

interface Scenario {
  readonly groups: ReadonlyArray<SourceGroup>
  readonly targetGroups?: ReadonlyArray<TargetResource>
  readonly links?: ReadonlyArray<Link>
  /** How each member stands; anyone not listed is not in the source. */
  readonly people?: Readonly<Record<string, MemberResolution>>
  readonly managed?: ReadonlyArray<string>
  readonly deleted?: ReadonlyArray<string>
  readonly membersUnknown?: ReadonlyArray<string>
  readonly authoritative?: boolean
  readonly whenRemoved?: 'ignore' | 'delete'
  readonly mappings?: ReadonlyArray<Record<string, unknown>>
  readonly actions?: ReadonlyArray<'create' | 'update' | 'delete'>
}

function plan(scenario: Scenario): GroupOperation[] {
  const job = loadJob({
    extra: {
      groups: {
        fromColumn: 'groups',
        ...(scenario.mappings === undefined ? {} : { mappings: scenario.mappings }),
      },
    },
  })
  const compiled = compileJob(job).groups
  if (compiled === null) throw new Error('the job has no groups')
  let counter = 0
  const input: GroupPlanInput = {
    groups: scenario.groups.map(group => ({
      group,
      mapped: mapSourceObject(group, compiled, { now: () => FIXED_NOW, random: () => 0.5 }),
    })),
    links: new Map((scenario.links ?? []).map(entry => [entry.sourceId, entry])),
    target: new TargetSnapshot(scenario.targetGroups ?? []),
    compiled,
    resolveMember: sourceId =>
      scenario.people?.[sourceId] ?? { kind: 'not-provisioned', reason: 'not in the source' },
    managedAccounts: new Set(scenario.managed ?? []),
    deletedAccounts: new Set(scenario.deleted ?? []),
    membersUnknown: new Set(scenario.membersUnknown ?? []),
    authoritative: scenario.authoritative ?? true,
    whenRemoved: scenario.whenRemoved ?? 'ignore',
    ...(scenario.actions === undefined ? {} : { actions: scenario.actions }),
    newChangeId: () => `change-${++counter}`,
    sourceName: 'people.csv',
  }
  return planGroups(input)
}

function sourceGroup(name: string, members: ReadonlyArray<string>): SourceGroup {
  return { id: name, attributes: { name }, members, origin: `people.csv:${members[0] ?? ''}` }
}

function targetGroup(id: string, displayName: string, members: ReadonlyArray<string> = []): TargetResource {
  return {
    id,
    schemas: [GROUP_SCHEMA],
    displayName,
    members: members.map(value => ({ value })),
  }
}

function groupLink(sourceId: string, targetId: string, state: Link['state'] = 'active'): Link {
  return { ...link(sourceId, targetId, state), objectType: 'group', display: sourceId }
}

const linked = (targetId: string): MemberResolution => ({ kind: 'linked', targetId })
const PENDING: MemberResolution = { kind: 'pending' }

function only(operations: ReadonlyArray<GroupOperation>, sourceId: string): GroupOperation {
  const found = operations.filter(operation => operation.sourceId === sourceId)
  expect(found, `operations for ${sourceId}`).toHaveLength(1)
  return found[0] as GroupOperation
}

describe('planGroups', () => {
  describe('a group new to the target', () => {
    it('is created empty with its mapped values; members follow by id, new accounts by source id', () => {
      const operations = plan({
        groups: [sourceGroup('Sales', ['E1', 'E2', 'E3'])],
        people: {
          E1: linked('T1'),
          E2: PENDING,
          E3: { kind: 'not-provisioned', reason: 'Out of scope' },
        },
      })

      const sales = only(operations, 'Sales')
      expect(sales).toMatchObject({
        changeId: 'change-1',
        objectType: 'group',
        action: 'create',
        targetId: null,
        display: 'Sales',
        linkAfter: 'active',
        execution: { kind: 'create', body: { schemas: [GROUP_SCHEMA], displayName: 'Sales' } },
        members: {
          add: [
            { sourceId: 'E1', targetId: 'T1' },
            { sourceId: 'E2', targetId: null },
          ],
          remove: [],
          skipped: [{ sourceId: 'E3', reason: 'Out of scope' }],
        },
      })
      expect(sales.execution.kind === 'create' && sales.execution.body).not.toHaveProperty('members')
      expect(sales.changes).toEqual([
        { path: 'displayName', from: null, to: 'Sales' },
        { path: 'members', from: null, to: ['T1', '(new: E2)'] },
      ])
      expect(sales.steps).toContainEqual({
        type: 'processing',
        status: 'warning',
        description: 'Member E3 not added: Out of scope',
      })
    })

    it('is skipped with the mapping problem when its mapped values cannot be made', () => {
      const [operation] = plan({
        groups: [sourceGroup('Sales', ['E1'])],
        people: { E1: linked('T1') },
        mappings: [
          { target: 'displayName', expression: '[name]', matchingPrecedence: 1 },
          { target: 'externalId', expression: 'Mid([name], 0, 2)' },
        ],
      })
      expect(operation).toMatchObject({ action: 'skip', errorCode: 'ExpressionEvaluationFailed' })
      expect(operation?.reason).toMatch(/^Cannot provision: externalId: /)
      expect(operation?.execution).toEqual({ kind: 'none' })
      expect(operation?.members).toEqual({ add: [], remove: [], skipped: [] })
    })
  })

  describe('a group that exists in the target', () => {
    it('is linked by displayName when not linked yet, adding only the members it lacks', () => {
      const [operation] = plan({
        groups: [sourceGroup('Sales', ['E1', 'E2'])],
        targetGroups: [targetGroup('G1', 'sales', ['T1', 'X9'])],
        people: { E1: linked('T1'), E2: linked('T2') },
        managed: ['T1', 'T2'],
      })
      expect(operation).toMatchObject({
        action: 'link',
        targetId: 'G1',
        linkAfter: 'active',
        // displayName compares case-insensitively: "sales" is already right.
        execution: { kind: 'none' },
        members: { add: [{ sourceId: 'E2', targetId: 'T2' }], remove: [] },
      })
      expect(operation?.steps).toContainEqual({
        type: 'matching',
        status: 'success',
        description: 'Matched group G1 on displayName',
      })
    })

    it('is a conflict when two target groups have its displayName', () => {
      const [operation] = plan({
        groups: [sourceGroup('Sales', ['E1'])],
        targetGroups: [targetGroup('G1', 'Sales'), targetGroup('G2', 'Sales')],
        people: { E1: linked('T1') },
      })
      expect(operation).toMatchObject({
        action: 'conflict',
        errorCode: 'DuplicateTargetEntries',
        reason: '2 target groups have displayName = "Sales"',
        execution: { kind: 'none' },
      })
    })

    it('is a conflict when the matching group is linked to another source group', () => {
      const operations = plan({
        groups: [sourceGroup('Sales', ['E1'])],
        targetGroups: [targetGroup('G1', 'Sales')],
        links: [groupLink('Old Sales', 'G1')],
        people: { E1: linked('T1') },
      })
      expect(only(operations, 'Sales')).toMatchObject({
        action: 'conflict',
        errorCode: 'DuplicateSourceEntries',
        reason: 'The matching group G1 is already linked to source group Old Sales',
      })
    })

    it('is updated when a mapped value differs, and removes only managed accounts that left', () => {
      const [operation] = plan({
        groups: [sourceGroup('Sales', ['E1'])],
        targetGroups: [targetGroup('G1', 'Sales team', ['T1', 'T2', 'T3', 'X9'])],
        links: [groupLink('Sales', 'G1')],
        people: { E1: linked('T1') },
        // T2 left the group; T3's account is deleted by this run; X9 was added by hand.
        managed: ['T1', 'T2', 'T3'],
        deleted: ['T3'],
      })
      expect(operation).toMatchObject({
        action: 'update',
        targetId: 'G1',
        linkAfter: null,
        execution: {
          kind: 'update',
          operations: [{ op: 'replace', path: 'displayName', value: 'Sales' }],
        },
        members: { add: [], remove: ['T2'], skipped: [] },
      })
      expect(operation?.changes).toEqual([
        { path: 'displayName', from: 'Sales team', to: 'Sales' },
        { path: 'members', from: ['T2'], to: null },
      ])
    })

    it('is unchanged when it has every value and member, whatever order they are in', () => {
      const [operation] = plan({
        groups: [sourceGroup('Sales', ['E2', 'E1'])],
        targetGroups: [targetGroup('G1', 'Sales', ['T1', 'T2'])],
        links: [groupLink('Sales', 'G1')],
        people: { E1: linked('T1'), E2: linked('T2') },
        managed: ['T1', 'T2'],
      })
      expect(operation).toMatchObject({ action: 'unchanged', execution: { kind: 'none' }, linkAfter: null })
      expect(operation?.changes).toEqual([])
    })

    it('whose members the app does not report gets every wanted member added and no one removed', () => {
      const [operation] = plan({
        groups: [sourceGroup('Sales', ['E1'])],
        targetGroups: [{ id: 'G1', displayName: 'Sales' }],
        links: [groupLink('Sales', 'G1')],
        people: { E1: linked('T1') },
        managed: ['T1', 'T2'],
        membersUnknown: ['G1'],
      })
      expect(operation?.members).toEqual({
        add: [{ sourceId: 'E1', targetId: 'T1' }],
        remove: [],
        skipped: [],
        currentUnknown: true,
      })
      expect(operation?.steps.at(-1)).toMatchObject({ status: 'warning' })
    })

    it('linked but deleted in the target is matched again, or created', () => {
      const [operation] = plan({
        groups: [sourceGroup('Sales', [])],
        links: [groupLink('Sales', 'G-gone')],
      })
      expect(operation).toMatchObject({ action: 'create', linkAfter: 'active' })
    })
  })

  describe('a linked group no one in the source is in any more', () => {
    const leads = targetGroup('G2', 'Leads', ['T1', 'T2', 'X9'])

    it('loses the members this job manages, keeps the others, and stays', () => {
      const operations = plan({
        groups: [],
        targetGroups: [leads],
        links: [groupLink('Leads', 'G2')],
        managed: ['T1', 'T2'],
      })
      expect(only(operations, 'Leads')).toMatchObject({
        action: 'update',
        targetId: 'G2',
        display: 'Leads',
        execution: { kind: 'none' },
        linkAfter: null,
        members: { add: [], remove: ['T1', 'T2'], skipped: [] },
        reason:
          'Group no longer in the source: the 2 member(s) this job manages are removed; ' +
          'the group stays (groups.deprovision.whenRemoved "ignore")',
      })
    })

    it('is unchanged once no managed member is left in it', () => {
      const [operation] = plan({
        groups: [],
        targetGroups: [targetGroup('G2', 'Leads', ['X9'])],
        links: [groupLink('Leads', 'G2')],
        managed: ['T1'],
      })
      expect(operation).toMatchObject({ action: 'unchanged', members: { remove: [] } })
      expect(operation?.reason).toContain('no member this job manages is left in it')
    })

    it('is deleted when the job says so', () => {
      const [operation] = plan({
        groups: [],
        targetGroups: [leads],
        links: [groupLink('Leads', 'G2')],
        managed: ['T1', 'T2'],
        whenRemoved: 'delete',
      })
      expect(operation).toMatchObject({
        action: 'delete',
        targetId: 'G2',
        execution: { kind: 'delete' },
        linkAfter: 'deleted',
        members: { add: [], remove: [] },
      })
    })

    it('from a partial export is never deleted, only loses the accounts it is given', () => {
      const [operation] = plan({
        groups: [],
        targetGroups: [leads],
        links: [groupLink('Leads', 'G2')],
        managed: ['T1'],
        whenRemoved: 'delete',
        authoritative: false,
      })
      expect(operation).toMatchObject({ action: 'update', members: { remove: ['T1'] } })
      expect(operation?.reason).toContain(
        'a partial export, source.authoritative false, never deletes a group'
      )
    })

    it('gone from the target is skipped and its link marked deleted', () => {
      const [operation] = plan({ groups: [], links: [groupLink('Leads', 'G2')], whenRemoved: 'delete' })
      expect(operation).toMatchObject({
        action: 'skip',
        targetId: 'G2',
        linkAfter: 'deleted',
        reason: 'The group no longer exists in the target',
      })
    })

    it('whose members the app does not report removes no one', () => {
      const [operation] = plan({
        groups: [],
        targetGroups: [{ id: 'G2', displayName: 'Leads' }],
        links: [groupLink('Leads', 'G2')],
        managed: ['T1'],
        membersUnknown: ['G2'],
      })
      expect(operation).toMatchObject({ action: 'unchanged', members: { remove: [], currentUnknown: true } })
    })

    it('with a deleted link is not planned at all', () => {
      expect(
        plan({ groups: [], targetGroups: [leads], links: [groupLink('Leads', 'G2', 'deleted')] })
      ).toEqual([])
    })
  })

  describe('target object actions (groups.actions)', () => {
    it('without "create" a new group is skipped with why', () => {
      const operation = only(
        plan({ groups: [sourceGroup('Sales', ['E1'])], people: { E1: linked('T1') }, actions: ['update'] }),
        'Sales'
      )
      expect(operation).toMatchObject({ action: 'skip', errorCode: 'ActionNotEnabled', targetId: null })
      expect(operation.reason).toBe(
        'No group matches: one would be created, but the "Create" action is not enabled for groups (groups.actions)'
      )
      expect(operation.execution).toEqual({ kind: 'none' })
      expect(operation.members).toMatchObject({ add: [], remove: [] })
    })

    it('without "update" a group that differs is left alone', () => {
      const operation = only(
        plan({
          groups: [sourceGroup('Sales', ['E1'])],
          targetGroups: [targetGroup('G1', 'Sales team')],
          links: [groupLink('Sales', 'G1')],
          people: { E1: linked('T1') },
          actions: ['create', 'delete'],
        }),
        'Sales'
      )
      expect(operation).toMatchObject({ action: 'skip', errorCode: 'ActionNotEnabled', targetId: 'G1' })
      expect(operation.reason).toMatch(
        /^Group G1 would be updated \(1 attribute\(s\), 1 member\(s\) to add, 0 to remove\)/
      )
      expect(operation.execution).toEqual({ kind: 'none' })
    })

    it('without "delete" a vanished group is not deleted, though its managed members leave', () => {
      const operation = only(
        plan({
          groups: [],
          targetGroups: [targetGroup('G2', 'Leads', ['T1'])],
          links: [groupLink('Leads', 'G2')],
          managed: ['T1'],
          whenRemoved: 'delete',
          actions: ['create', 'update'],
        }),
        'Leads'
      )
      expect(operation).toMatchObject({ action: 'update', members: { remove: ['T1'] } })
      expect(operation.reason).toMatch(
        /the group stays \(the "Delete" action is not enabled for groups, groups.actions\)$/
      )
    })
  })

  describe('fingerprints', () => {
    const scenario: Scenario = {
      groups: [sourceGroup('Sales', ['E1'])],
      targetGroups: [targetGroup('G1', 'Sales')],
      links: [groupLink('Sales', 'G1')],
      people: { E1: linked('T1') },
    }

    it('are the same for the same decision, whatever the change id', () => {
      const [first] = plan(scenario)
      const again = only(
        plan({ ...scenario, groups: [sourceGroup('Other', []), ...scenario.groups] }),
        'Sales'
      )
      expect(first?.changeId).not.toBe(again?.changeId)
      expect(again?.fingerprint).toBe(first?.fingerprint)
    })

    it('differ when the members to add differ', () => {
      const [first] = plan(scenario)
      const [other] = plan({ ...scenario, people: { E1: linked('T7') } })
      expect(other?.fingerprint).not.toBe(first?.fingerprint)
    })
  })
})

describe('removableAccounts', () => {
  const links = new Map([
    ['E1', link('E1', 'T1')],
    ['E2', link('E2', 'T2', 'disabled')],
    ['E3', link('E3', 'T3', 'deleted')],
  ])

  it('is every account with a live link for a full export', () => {
    expect([...removableAccounts(links, null)].sort()).toEqual(['T1', 'T2'])
  })

  it('is only the accounts of people in a partial export', () => {
    expect([...removableAccounts(links, new Set(['E2', 'E3', 'E9']))]).toEqual(['T2'])
  })
})
