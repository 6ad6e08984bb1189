/**
 * Groups from a CSV column (`groups.fromColumn`): created empty, then filled by member PATCHes
 * of at most `target.membersPerPatch` members; memberships follow the source run after run
 * (moves, leavers), but only accounts this job manages are ever removed; existing groups are
 * linked by displayName; a group no one has any more is left alone unless the job says delete.
 */
import { stringify } from 'csv-stringify/sync'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SandboxServer } from '../../main/connectors/scim/sandbox/sandbox-server'
import {
  type ApplyJson,
  baseJob,
  enterprise,
  expectJson,
  type JobDocument,
  PEOPLE_HEADER,
  type Person,
  person,
  ScimAdmin,
  startTarget,
  usersByName,
  Workspace,
} from '../helpers/provisioning-fixture'
import { LiteralMemberRemoval } from '../helpers/literal-member-removal'
import { type PatchBody, ScimTraffic } from '../helpers/scim-traffic'
import { logsOf, readState } from '../helpers/state-queries'

const TIMEOUT = 120_000
const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group'

interface Row extends Person {
  /** `employee` is in scope; anything else is not. */
  readonly type: string
  /** Group names separated by ";". */
  readonly groups: string
}

let server: SandboxServer
let traffic: ScimTraffic

beforeEach(async () => {
  traffic = new ScimTraffic()
  server = await startTarget({ middleware: traffic.middleware })
})

afterEach(async () => {
  await server.close()
})

function row(employeeId: string, givenName: string, surname: string, groups: string, type = 'employee'): Row {
  return { ...person(employeeId, givenName, surname), type, groups }
}

/**
 * Engineering has five members (three PATCHes of two), Research two plus a contractor (out of
 * scope), Leads two; Barbara is in no group.
 */
function initialRows(): Row[] {
  return [
    row('1001', 'Ada', 'Lovelace', 'Engineering;Leads'),
    row('1002', 'Grace', 'Hopper', 'Engineering'),
    row('1003', 'Alan', 'Turing', 'Research;Engineering'),
    row('1004', 'Katherine', 'Johnson', 'Research'),
    row('1005', 'Margaret', 'Hamilton', 'Engineering;Leads'),
    row('1006', 'Linus', 'Torvalds', 'Engineering'),
    row('1007', 'Barbara', 'Liskov', ''),
    row('1008', 'Ken', 'Contractor', 'Research', 'contractor'),
  ]
}

function writeRows(ws: Workspace, rows: ReadonlyArray<Row>): void {
  const header = [...PEOPLE_HEADER, 'type', 'groups'] as const
  ws.writeText('people.csv', stringify([[...header], ...rows.map(r => header.map(column => r[column]))]))
}

function groupJob(
  options: { removal?: 'path-filter' | 'value-list'; whenRemoved?: 'ignore' | 'delete' } = {}
) {
  const job: JobDocument = baseJob(server.baseUrl)
  job.target['membersPerPatch'] = 2
  job.target['memberRemoval'] = options.removal ?? 'path-filter'
  job.users['scoping'] = [
    { title: 'Employees', clauses: [{ attribute: 'type', operator: 'EQUALS', value: 'employee' }] },
  ]
  job['groups'] = {
    fromColumn: 'groups',
    separator: ';',
    ...(options.whenRemoved === undefined ? {} : { deprovision: { whenRemoved: options.whenRemoved } }),
  }
  // Small test populations: let a leaver be disabled without approval.
  job['safety'] = { deletionThresholdPercent: 100 }
  return job
}

async function workspace(rows: ReadonlyArray<Row>, job = groupJob()): Promise<Workspace> {
  const ws = new Workspace()
  writeRows(ws, rows)
  ws.writeJob(job)
  return ws
}

async function apply(ws: Workspace, phase: string): Promise<ApplyJson> {
  traffic.phase = phase
  return ws.apply()
}

function accountId(mail: string): string {
  const user = usersByName(server).get(mail)
  if (user === undefined) throw new Error(`no account ${mail}`)
  return String(user['id'])
}

function groupsByName(): Map<string, Readonly<Record<string, unknown>>> {
  return new Map(server.store.listGroups().map(group => [String(group['displayName']), group]))
}

function memberIds(group: Readonly<Record<string, unknown>> | undefined): string[] {
  const members = group?.['members']
  if (!Array.isArray(members)) return []
  return (members as Array<{ value: string }>).map(member => member.value).sort()
}

/**
 * Every group named in the source holds exactly the accounts of its in-scope members still in
 * the source, plus the given members added by hand; no other group exists unless listed in
 * `others`.
 */
function expectMembershipsMatch(
  rows: ReadonlyArray<Row>,
  extra: Readonly<Record<string, ReadonlyArray<string>>> = {},
  others: ReadonlyArray<string> = []
): void {
  const wanted = new Map<string, string[]>()
  for (const r of rows) {
    for (const name of r.groups.split(';').filter(name => name !== '')) {
      const members = wanted.get(name) ?? []
      if (r.type === 'employee') members.push(accountId(r.mail))
      wanted.set(name, members)
    }
  }
  const groups = groupsByName()
  expect([...groups.keys()].sort()).toEqual([...wanted.keys(), ...others].sort())
  for (const [name, members] of wanted) {
    expect(memberIds(groups.get(name)), `members of ${name}`).toEqual(
      [...members, ...(extra[name] ?? [])].sort()
    )
  }
}

function groupId(name: string): string {
  const group = groupsByName().get(name)
  if (group === undefined) throw new Error(`no group ${name}`)
  return String(group['id'])
}

/** The member-changing operations of a phase's group PATCHes. */
function memberOperations(phase: string, group?: string): Array<PatchBody['Operations'][number]> {
  return traffic
    .groupPatches(phase)
    .filter(patch => group === undefined || patch.groupId === group)
    .flatMap(patch => patch.body.Operations)
}

/** Account ids the phase's PATCHes removed from a group, in either removal form. */
function removedFrom(phase: string, group: string): string[] {
  return memberOperations(phase, group)
    .filter(operation => operation.op === 'remove')
    .flatMap(operation => {
      const filtered = /^members\[value eq "([^"]+)"\]$/.exec(operation.path ?? '')
      if (filtered !== null) return [filtered[1] as string]
      return (operation.value as Array<{ value: string }>).map(member => member.value)
    })
}

/** A user created in the app by hand and added to the group there; returns the account id. */
async function addByHand(group: string, userName = 'visitor@example.com'): Promise<string> {
  const admin = new ScimAdmin(server)
  const user = (await admin.createUser({ userName, active: true })) as { id: string }
  await admin.call('PATCH', `/Groups/${groupId(group)}`, {
    schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
    Operations: [{ op: 'add', path: 'members', value: [{ value: user.id }] }],
  })
  return user.id
}

describe('groups on the first run', () => {
  it(
    'are created empty, then filled in PATCHes of at most membersPerPatch members; a second run sends nothing',
    async () => {
      const rows = initialRows()
      const ws = await workspace(rows)

      const first = await apply(ws, 'first')

      expect(first.status).toBe('completed')
      expect(first.summary.users).toMatchObject({ create: 7, skipped: 1 })
      expect(first.summary.groups).toMatchObject({ create: 3, membersAdded: 9, membersRemoved: 0 })
      const creates = traffic.select('POST', /\/Groups$/, 'first').map(request => request.body)
      expect(creates).toHaveLength(3)
      for (const body of creates) {
        expect(body).toMatchObject({ schemas: [GROUP_SCHEMA] })
        expect(body).not.toHaveProperty('members')
      }
      expect(creates.map(body => (body as { displayName: string }).displayName).sort()).toEqual([
        'Engineering',
        'Leads',
        'Research',
      ])
      // The groups are created after every user: member ids are known when they are added.
      const firstGroupCreate = traffic.requests.findIndex(
        request => request.method === 'POST' && /\/Groups$/.test(request.path)
      )
      expect(
        traffic.requests.slice(firstGroupCreate).filter(r => r.method === 'POST' && /\/Users$/.test(r.path))
      ).toEqual([])

      for (const patch of traffic.groupPatches('first')) {
        for (const operation of patch.body.Operations) {
          expect(operation).toMatchObject({ op: 'add', path: 'members' })
          expect((operation.value as unknown[]).length).toBeGreaterThanOrEqual(1)
          expect((operation.value as unknown[]).length).toBeLessThanOrEqual(2)
        }
      }
      const engineering = groupId('Engineering')
      expect(traffic.groupPatches('first').filter(patch => patch.groupId === engineering)).toHaveLength(3)
      expectMembershipsMatch(rows)
      // Ken (a contractor, out of scope) has no account and is not a member; the group's log entry says why.
      expect(usersByName(server).has('ken.contractor@example.com')).toBe(false)
      const research = logsOf(ws, first.runId).find(
        entry => entry.objectType === 'group' && entry.sourceId === 'Research'
      )
      expect(research).toMatchObject({ action: 'create', targetId: groupId('Research') })
      expect(JSON.parse(research?.stepsJson ?? '[]')).toContainEqual(
        expect.objectContaining({ status: 'warning', description: 'Member 1008 not added: Out of scope' })
      )

      const second = await apply(ws, 'second')
      expect(traffic.writes('second')).toEqual([])
      expect(second.summary.groups).toMatchObject({ create: 0, update: 0, unchanged: 3 })
      expectMembershipsMatch(rows)
    },
    TIMEOUT
  )
})

describe('groups made from a column that user mappings also read', () => {
  it(
    'leave the column a single value in the user mappings: accounts get their department, groups their members',
    async () => {
      // baseJob maps urn:…:enterprise:2.0:User:department ← [department]; the groups come from it too.
      const rows = initialRows().map(r =>
        r.groups.includes('Research') ? { ...r, department: 'Research' } : r
      )
      const job = groupJob()
      job['groups'] = { fromColumn: 'department' }
      const ws = await workspace(rows, job)

      const plan = await ws.plan()
      expect(
        plan.operations.filter(operation => operation.errorCode === 'ExpressionEvaluationFailed')
      ).toEqual([])
      const result = await apply(ws, 'first')

      expect(result.failures).toEqual([])
      expect(result.summary.users).toMatchObject({ create: 7 })
      expect(result.summary.groups).toMatchObject({ create: 2, membersAdded: 7 })
      const users = usersByName(server)
      expect(enterprise(users.get('ada.lovelace@example.com'), 'department')).toBe('Engineering')
      expect(enterprise(users.get('alan.turing@example.com'), 'department')).toBe('Research')
      expect(memberIds(groupsByName().get('Research'))).toEqual(
        [accountId('alan.turing@example.com'), accountId('katherine.johnson@example.com')].sort()
      )
    },
    TIMEOUT
  )
})

describe('memberships follow the source', () => {
  it.each(['path-filter', 'value-list'] as const)(
    'moves, a leaver and a hand-added member, removing with %s',
    async removal => {
      const rows = initialRows()
      const ws = await workspace(rows, groupJob({ removal }))
      await apply(ws, 'first')
      const admin = new ScimAdmin(server)
      const outsider = (await admin.createUser({ userName: 'visitor@example.com', active: true })) as {
        id: string
      }
      await admin.call('PATCH', `/Groups/${groupId('Engineering')}`, {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'add', path: 'members', value: [{ value: outsider.id }] }],
      })
      const ada = accountId('ada.lovelace@example.com')
      const grace = accountId('grace.hopper@example.com')
      const margaret = accountId('margaret.hamilton@example.com')
      const linus = accountId('linus.torvalds@example.com')

      // Grace moves Engineering → Research; Linus Engineering → Leads and Ada leaves Leads (Leads
      // gains one member and loses another in the same run); Margaret leaves the company.
      const moved = rows
        .filter(r => r.employeeId !== '1005')
        .map(r => {
          switch (r.employeeId) {
            case '1001':
              return { ...r, groups: 'Engineering' }
            case '1002':
              return { ...r, groups: 'Research' }
            case '1006':
              return { ...r, groups: 'Leads' }
            default:
              return r
          }
        })
      writeRows(ws, moved)

      const second = await apply(ws, 'second')

      expect(second.status).toBe('completed')
      expect(second.summary.users).toMatchObject({ disable: 1 })
      expect(server.store.getUser(margaret)?.['active']).toBe(false)
      expectMembershipsMatch(moved, { Engineering: [outsider.id] })
      expect(memberIds(groupsByName().get('Engineering'))).toContain(outsider.id)
      expect(second.summary.groups).toMatchObject({ update: 3, membersAdded: 2, membersRemoved: 5 })

      const removals = memberOperations('second').filter(operation => operation.op === 'remove')
      const removedIds =
        removal === 'path-filter'
          ? removals.map(operation => {
              expect(Object.keys(operation).sort()).toEqual(['op', 'path'])
              const match = /^members\[value eq "([^"]+)"\]$/.exec(operation.path ?? '')
              expect(match, operation.path).not.toBeNull()
              return (match as RegExpExecArray)[1] as string
            })
          : removals.flatMap(operation => {
              expect(operation.path).toBe('members')
              const values = operation.value as Array<{ value: string }>
              expect(values.length).toBeGreaterThanOrEqual(1)
              expect(values.length).toBeLessThanOrEqual(2)
              return values.map(value => value.value)
            })
      // Engineering loses Grace, Margaret and Linus; Leads loses Ada and Margaret.
      expect(removedIds.sort()).toEqual([grace, margaret, linus, ada, margaret].sort())
      const leads = memberOperations('second', groupId('Leads'))
      expect(leads.map(operation => operation.op).sort()).toEqual(
        removal === 'path-filter' ? ['add', 'remove', 'remove'] : ['add', 'remove']
      )
      for (const patch of traffic.groupPatches('second')) {
        const members = patch.body.Operations.reduce(
          (count, operation) => count + (Array.isArray(operation.value) ? operation.value.length : 1),
          0
        )
        expect(members).toBeLessThanOrEqual(2)
      }

      const third = await apply(ws, 'third')
      expect(traffic.writes('third')).toEqual([])
      expect(third.summary.users.disable).toBe(0)
      expectMembershipsMatch(moved, { Engineering: [outsider.id] })
    },
    TIMEOUT
  )
})

describe('a server that reads a value-list member removal as "remove every member"', () => {
  it(
    'fails that group loudly (exit 1), names the extra members it lost and adds them back',
    async () => {
      await server.close()
      const literal = new LiteralMemberRemoval()
      traffic = new ScimTraffic()
      server = await startTarget({ middleware: [...literal.middleware, ...traffic.middleware] })
      const rows = initialRows()
      const ws = await workspace(rows, groupJob({ removal: 'value-list' }))
      await apply(ws, 'first')
      const engineering = groupId('Engineering')
      const outsider = await addByHand('Engineering')
      const grace = accountId('grace.hopper@example.com')
      const before = memberIds(server.store.getGroup(engineering))
      // Grace leaves Engineering: one member to remove, by value list.
      const moved = rows.map(r => (r.employeeId === '1002' ? { ...r, groups: 'Research' } : r))
      writeRows(ws, moved)

      const second = await ws.apply([], 1)

      expect(literal.emptied).toEqual([engineering])
      expect(second.status).toBe('completed-with-errors')
      const lost = before.filter(id => id !== grace)
      expect(second.failures).toEqual([
        expect.objectContaining({
          sourceId: 'Engineering',
          targetId: engineering,
          action: 'update',
          errorCode: 'UnexpectedMemberRemoval',
          httpStatus: null,
        }),
      ])
      const message = second.failures[0]?.message ?? ''
      expect(message).toContain(`removed ${lost.length} member(s) it was not asked to remove`)
      for (const id of lost) expect(message).toContain(id)
      expect(message).toContain('target.memberRemoval "path-filter"')
      // Only Grace is gone: the others, the hand-added member included, were added back.
      expect(memberIds(server.store.getGroup(engineering))).toEqual(lost)
      expect(memberIds(server.store.getGroup(engineering))).toContain(outsider)
      expect(second.summary.groups.membersRemoved).toBe(1)
      const entry = logsOf(ws, second.runId).find(
        log => log.objectType === 'group' && log.sourceId === 'Engineering'
      )
      expect(entry).toMatchObject({ status: 'failure', errorCode: 'UnexpectedMemberRemoval' })
      expectMembershipsMatch(moved, { Engineering: [outsider] })
    },
    TIMEOUT
  )
})

describe('a group that already exists in the target', () => {
  it(
    'is linked by displayName, not created again, and keeps the member added by hand',
    async () => {
      const admin = new ScimAdmin(server)
      const outsider = (await admin.createUser({ userName: 'visitor@example.com', active: true })) as {
        id: string
      }
      const existing = (await admin.call('POST', '/Groups', {
        schemas: [GROUP_SCHEMA],
        displayName: 'Engineering',
        members: [{ value: outsider.id }],
      })) as { id: string }
      const rows = initialRows()
      const ws = await workspace(rows)

      const first = await apply(ws, 'first')

      expect(
        traffic
          .select('POST', /\/Groups$/, 'first')
          .map(request => (request.body as { displayName: string }).displayName)
          .sort()
      ).toEqual(['Leads', 'Research'])
      expect(server.store.listGroups().filter(group => group['displayName'] === 'Engineering')).toHaveLength(
        1
      )
      expect(groupId('Engineering')).toBe(existing.id)
      expectMembershipsMatch(rows, { Engineering: [outsider.id] })
      expect(
        logsOf(ws, first.runId).find(
          entry => entry.objectType === 'group' && entry.sourceId === 'Engineering'
        )
      ).toMatchObject({ action: 'link', targetId: existing.id, status: 'success' })
      expect(
        readState<{ targetId: string }>(
          ws,
          "SELECT targetId FROM links WHERE objectType = 'group' AND sourceId = 'Engineering'"
        )
      ).toEqual([{ targetId: existing.id }])

      await apply(ws, 'second')
      expect(traffic.writes('second')).toEqual([])
    },
    TIMEOUT
  )
})

describe('a group no one in the source has any more', () => {
  it(
    'loses the members this job manages, keeps those added by hand, and stays unless whenRemoved is "delete"',
    async () => {
      const rows = initialRows()
      const ws = await workspace(rows)
      await apply(ws, 'first')
      const leads = groupId('Leads')
      const outsider = await addByHand('Leads')
      const ada = accountId('ada.lovelace@example.com')
      const margaret = accountId('margaret.hamilton@example.com')
      // Margaret, one of Leads' two members, leaves the company; Ada, the other, leaves Leads.
      const withoutLeads = rows
        .filter(r => r.employeeId !== '1005')
        .map(r => ({ ...r, groups: r.groups.replace(/;?Leads/, '') }))
      writeRows(ws, withoutLeads)

      const second = await apply(ws, 'second')

      expect(second.status).toBe('completed')
      expect(second.summary.groups).toMatchObject({ delete: 0, membersRemoved: 3 })
      expect(removedFrom('second', leads).sort()).toEqual([ada, margaret].sort())
      expect(memberIds(server.store.getGroup(leads))).toEqual([outsider])
      const entry = logsOf(ws, second.runId).find(
        log => log.objectType === 'group' && log.sourceId === 'Leads'
      )
      expect(entry).toMatchObject({ action: 'update', status: 'success', targetId: leads })
      expect(entry?.reason).toContain('whenRemoved "ignore"')
      expectMembershipsMatch(withoutLeads, {}, ['Leads'])

      const third = await apply(ws, 'third')
      expect(traffic.writes('third')).toEqual([])
      expect(third.summary.groups).toMatchObject({ update: 0, membersRemoved: 0 })

      ws.writeJob(groupJob({ whenRemoved: 'delete' }))
      const fourth = await apply(ws, 'fourth')

      expect(fourth.summary.groups).toMatchObject({ delete: 1 })
      expect(traffic.writes('fourth').map(request => `${request.method} ${request.path}`)).toEqual([
        `DELETE /scim/v2/Groups/${leads}`,
      ])
      expect(server.store.getGroup(leads)).toBeUndefined()
      expectMembershipsMatch(withoutLeads)

      await apply(ws, 'fifth')
      expect(traffic.writes('fifth')).toEqual([])
    },
    TIMEOUT
  )

  it(
    'from a partial export (not authoritative) loses only the people the file shows have left it',
    async () => {
      const rows = initialRows()
      const job = groupJob()
      job.source['authoritative'] = false
      const ws = await workspace(rows, job)
      await apply(ws, 'first')
      const leads = groupId('Leads')
      const engineering = groupId('Engineering')
      const ada = accountId('ada.lovelace@example.com')
      const margaret = accountId('margaret.hamilton@example.com')
      // The next file holds only Ada (out of Leads, still in Engineering) and Grace: the others
      // are not in it, which from a partial export says nothing about their groups.
      const partial = rows
        .filter(r => r.employeeId === '1001' || r.employeeId === '1002')
        .map(r => (r.employeeId === '1001' ? { ...r, groups: 'Engineering' } : r))
      writeRows(ws, partial)

      const second = await apply(ws, 'second')

      expect(second.status).toBe('completed')
      expect(second.summary.users.disable).toBe(0)
      expect(removedFrom('second', leads)).toEqual([ada])
      expect(removedFrom('second', engineering)).toEqual([])
      expect(memberIds(server.store.getGroup(leads))).toEqual([margaret])
      expectMembershipsMatch(rows.map(r => (r.employeeId === '1001' ? { ...r, groups: 'Engineering' } : r)))
    },
    TIMEOUT
  )
})

describe('a group whose last members leave in a run over the deletion threshold', () => {
  it(
    'keeps them until their disables are approved; the next run takes them out',
    async () => {
      const rows = initialRows()
      const job = groupJob()
      job['safety'] = { deletionThreshold: 1 }
      const ws = await workspace(rows, job)
      await apply(ws, 'first')
      const leads = groupId('Leads')
      const leadsBefore = memberIds(server.store.getGroup(leads))
      // Ada and Margaret, all of Leads, leave the company: two disables, over the threshold of one.
      const remaining = rows.filter(r => r.employeeId !== '1001' && r.employeeId !== '1005')
      writeRows(ws, remaining)

      traffic.phase = 'blocked'
      const blocked = expectJson<ApplyJson & { staged: number }>(
        await ws.cli(['apply', '--job', 'job.json', '--json']),
        3
      )

      expect(blocked.staged).toBe(2)
      expect(traffic.groupPatches('blocked')).toEqual([])
      expect(memberIds(server.store.getGroup(leads))).toEqual(leadsBefore)

      traffic.phase = 'approved'
      expectJson(await ws.cli(['apply', '--job', 'job.json', '--json', '--allow-deletes', blocked.runId]), 0)
      expect(traffic.groupPatches('approved')).toEqual([])

      const after = await apply(ws, 'after')
      expect(after.summary.groups.membersRemoved).toBe(4)
      expect(memberIds(server.store.getGroup(leads))).toEqual([])
      expectMembershipsMatch(remaining, {}, ['Leads'])
    },
    TIMEOUT
  )
})

describe('undo of a run that created groups', () => {
  it(
    'deletes the accounts but says the group writes are not undone (the groups stay, emptied by the deletes)',
    async () => {
      const rows = initialRows()
      const ws = await workspace(rows)
      const first = await apply(ws, 'first')
      const groupsBefore = [...groupsByName().keys()].sort()

      traffic.phase = 'preview'
      const preview = expectJson<{ notices: string[]; summary: ApplyJson['summary'] }>(
        await ws.cli(['undo', first.runId, '--json']),
        0
      )
      expect(preview.summary.users.delete).toBe(7)
      expect(preview.notices[0]).toMatch(
        /^3 group write\(s\) of run \S+ .* are not undone: undo reverses user accounts only$/
      )
      expect(traffic.writes('preview')).toEqual([])

      traffic.phase = 'undo'
      const undone = await ws.cli(['undo', first.runId, '--yes'])
      expect(undone.code, undone.stderr).toBe(0)
      expect(undone.stdout).toContain('are not undone: undo reverses user accounts only')
      expect(server.store.userCount()).toBe(0)
      expect([...groupsByName().keys()].sort()).toEqual(groupsBefore)
      expect(
        traffic.writes('undo').every(request => request.method === 'DELETE' && /\/Users\//.test(request.path))
      ).toBe(true)

      // The next run creates the people again and fills the groups it still has links to.
      await apply(ws, 'again')
      expect(traffic.select('POST', /\/Groups$/, 'again')).toEqual([])
      expectMembershipsMatch(rows)
    },
    TIMEOUT
  )
})

/**
 * Margaret stays in the CSV, still listing her groups, but is disabled: HR marks her Terminated
 * (the `active` mapping), or she goes out of scope (contractor). The run that disables her takes
 * her out of her groups.
 */
const DISABLED_WHILE_LISTED = [
  ['terminated in the source', { status: 'Terminated' }],
  ['out of scope', { type: 'contractor' }],
] as const

async function disableWhileListed(change: Partial<Row>): Promise<{ ws: Workspace; margaret: string }> {
  const rows = initialRows()
  const ws = await workspace(rows)
  await apply(ws, 'first')
  const margaret = accountId('margaret.hamilton@example.com')
  writeRows(
    ws,
    rows.map(r => (r.employeeId === '1005' ? { ...r, ...change } : r))
  )
  const second = await apply(ws, 'second')
  expect(second.summary.users).toMatchObject({ disable: 1 })
  expect(server.store.getUser(margaret)?.['active']).toBe(false)
  expect(memberIds(groupsByName().get('Engineering'))).not.toContain(margaret)
  expect(memberIds(groupsByName().get('Leads'))).not.toContain(margaret)
  return { ws, margaret }
}

describe('a person disabled while still listed in groups', () => {
  it.each(DISABLED_WHILE_LISTED)(
    '(%s) is removed from their groups by the run that disables them',
    async (_label, change) => {
      await disableWhileListed(change)
    },
    TIMEOUT
  )

  // KNOWN BUG (main/engine/run-job.ts, memberResolver): on the next run the disabled account's
  // plan action is "unchanged", which resolves to a linked member, so the groups PATCH her back
  // in (and the run after removes nothing: she stays a member of both groups, disabled).
  // Remove `.fails` once fixed.
  it.each(DISABLED_WHILE_LISTED)(
    '(%s) stays out of their groups on the next run, which sends nothing',
    async (_label, change) => {
      const { ws, margaret } = await disableWhileListed(change)
      await apply(ws, 'third')
      expect(traffic.writes('third')).toEqual([])
      expect(memberIds(groupsByName().get('Engineering'))).not.toContain(margaret)
      expect(memberIds(groupsByName().get('Leads'))).not.toContain(margaret)
    },
    TIMEOUT
  )
})

describe('an app that does not report group members', () => {
  it('adds the wanted members, never removes, and says why in the log', { timeout: TIMEOUT }, async () => {
    // Like AWS IAM Identity Center: group reads (list and GET) come back without `members`.
    await server.close()
    const hideMembers: import('express').RequestHandler = (req, res, next) => {
      if (req.method === 'GET' && req.path.includes('/Groups')) {
        const send = res.send.bind(res)
        res.send = (body?: unknown) => {
          const parsed = typeof body === 'string' ? (JSON.parse(body) as Record<string, unknown>) : null
          if (parsed !== null) {
            const strip = (group: Record<string, unknown>) => {
              delete group['members']
            }
            if (Array.isArray(parsed['Resources']))
              (parsed['Resources'] as Array<Record<string, unknown>>).forEach(strip)
            else strip(parsed)
            return send(JSON.stringify(parsed))
          }
          return send(body)
        }
      }
      next()
    }
    traffic = new ScimTraffic()
    server = await startTarget({ middleware: [hideMembers, ...traffic.middleware] })
    const rows = initialRows()
    const ws = await workspace(rows)
    await apply(ws, 'first')
    expectMembershipsMatch(rows)

    // Katherine leaves Research: without knowing who is in the group, nobody is removed.
    const moved = rows.map(r => (r.employeeId === '1004' ? { ...r, groups: 'Leads' } : r))
    writeRows(ws, moved)
    const second = await apply(ws, 'second')
    expect(second.failures).toEqual([])
    const research = memberIds(groupsByName().get('Research'))
    expect(research).toContain(accountId('katherine.johnson@example.com'))
    expect(memberIds(groupsByName().get('Leads'))).toContain(accountId('katherine.johnson@example.com'))
    const removals = memberOperations('second').filter(operation => operation.op === 'remove')
    expect(removals).toEqual([])
    const logs = await ws.logs(['--run', second.runId])
    const warning = logs
      .find(entry => entry.objectType === 'group' && entry.sourceId === 'Research')
      ?.steps.find(step => step.description.includes('does not report'))
    expect(warning?.status).toBe('warning')
  })
})
