/**
 * Brownfield: the app already holds accounts. People are matched to them (userName, case-
 * insensitively, then externalId) and linked instead of duplicated; accounts no one in the file
 * owns are left alone; ambiguous matches are conflicts and nothing is written for them.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SandboxServer } from '../../main/connectors/scim/sandbox/sandbox-server'
import {
  baseJob,
  ENTERPRISE,
  enterprise,
  NO_WRITES,
  person,
  startTarget,
  USER_SCHEMA,
  userCounts,
  usersByName,
  workEmail,
  Workspace,
  writeCounts,
} from '../helpers/provisioning-fixture'

const alice = person('2001', 'Alice', 'Smith', { mail: 'alice@example.com', title: 'Analyst' })
const bob = person('2002', 'Bob', 'Jones', { title: 'Buyer', department: 'Sales' })
const carol = person('2003', 'Carol', 'White')
// The HR file holds the same address twice (in different case) for two people.
const dupOne = person('2004', 'Dana', 'Dup', { mail: 'dup@example.com' })
const dupTwo = person('2005', 'Dan', 'Dup', { mail: 'Dup@Example.com' })
// No account has Erin's userName, but two old accounts carry her employee id.
const erin = person('2006', 'Erin', 'Black')

const SEEDS = [
  {
    id: 'acc-alice',
    schemas: [USER_SCHEMA],
    userName: 'Alice@Example.com',
    name: { givenName: 'Alice', familyName: 'Smith' },
    displayName: 'Alice Smith',
    title: 'Intern',
    active: true,
  },
  {
    // Already exactly what the job maps: linked without a request.
    id: 'acc-bob',
    schemas: [USER_SCHEMA, ENTERPRISE],
    userName: 'bob.jones@example.com',
    externalId: '2002',
    name: { givenName: 'Bob', familyName: 'Jones' },
    displayName: 'Bob Jones',
    emails: [{ type: 'work', value: 'bob.jones@example.com' }],
    title: 'Buyer',
    [ENTERPRISE]: { department: 'Sales' },
    active: true,
  },
  {
    id: 'acc-dup',
    schemas: [USER_SCHEMA],
    userName: 'dup@example.com',
    displayName: 'Shared mailbox?',
    active: true,
  },
  {
    id: 'acc-erin-1',
    schemas: [USER_SCHEMA],
    userName: 'erin.old@example.com',
    externalId: '2006',
    active: true,
  },
  {
    id: 'acc-erin-2',
    schemas: [USER_SCHEMA],
    userName: 'erin.contractor@example.com',
    externalId: '2006',
    active: true,
  },
  {
    id: 'acc-break-glass',
    schemas: [USER_SCHEMA],
    userName: 'break-glass@example.com',
    displayName: 'Break-glass admin',
    active: true,
  },
]

let server: SandboxServer

beforeEach(async () => {
  server = await startTarget({ seedUsers: SEEDS })
})

afterEach(async () => {
  await server.close()
})

function workspace(): Workspace {
  const ws = new Workspace()
  ws.writePeople([alice, bob, carol, dupOne, dupTwo, erin])
  ws.writeJob(baseJob(server.baseUrl))
  return ws
}

describe('brownfield matching', () => {
  it('plans links for existing accounts (userName in any case), creates for the rest, conflicts for ambiguous matches', async () => {
    const ws = workspace()

    const plan = await ws.plan()

    expect(plan.summary.users).toEqual(userCounts({ create: 1, link: 2, conflict: 3 }))
    // Left alone: the break-glass account, and the three accounts the conflicts would not guess at.
    expect(plan.unmanagedAccounts).toBe(4)
    const bySource = new Map(plan.operations.map(operation => [operation.sourceId, operation]))
    expect(bySource.get('2001')).toMatchObject({ action: 'link', targetId: 'acc-alice' })
    // userName differs only in case: not a change (caseExact=false).
    expect(bySource.get('2001')?.changes.map(change => change.path)).not.toContain('userName')
    expect(bySource.get('2001')?.changes).toContainEqual({ path: 'title', from: 'Intern', to: 'Analyst' })
    expect(bySource.get('2002')).toMatchObject({ action: 'link', targetId: 'acc-bob', changes: [] })
    expect(bySource.get('2003')).toMatchObject({ action: 'create', targetId: null })
    for (const id of ['2004', '2005']) {
      expect(bySource.get(id)).toMatchObject({
        action: 'conflict',
        targetId: null,
        errorCode: 'DuplicateSourceEntries',
      })
      expect(bySource.get(id)?.reason).toContain('acc-dup')
    }
    expect(bySource.get('2006')).toMatchObject({ action: 'conflict', errorCode: 'DuplicateTargetEntries' })
    expect(bySource.get('2006')?.reason).toContain('2 target accounts')
    expect(writeCounts(server)).toEqual(NO_WRITES)
  })

  it('apply links instead of duplicating, leaves unrelated and conflicting accounts untouched', async () => {
    const ws = workspace()
    const before = new Map(server.store.listUsers().map(user => [String(user['id']), user]))

    // Conflicts leave people unprovisioned: the run finishes with errors (exit 1) so a scheduled
    // job alerts, and each conflict is listed among the failures with its Entra error code.
    const result = await ws.apply([], 1)

    expect(result.status).toBe('completed-with-errors')
    expect(result.summary.users).toEqual(userCounts({ create: 1, link: 2, conflict: 3 }))
    expect(result.failures.map(failure => [failure.sourceId, failure.errorCode]).sort()).toEqual([
      ['2004', 'DuplicateSourceEntries'],
      ['2005', 'DuplicateSourceEntries'],
      ['2006', 'DuplicateTargetEntries'],
    ])
    // One POST (Carol), one PATCH (Alice's differences); Bob's account already matched.
    expect(writeCounts(server)).toEqual({ POST: 1, PATCH: 1, PUT: 0, DELETE: 0 })
    const users = server.store.listUsers()
    expect(users).toHaveLength(SEEDS.length + 1)
    expect(users.filter(user => String(user['userName']).toLowerCase() === 'alice@example.com')).toHaveLength(
      1
    )

    const linkedAlice = server.store.getUser('acc-alice')
    expect(linkedAlice).toMatchObject({
      externalId: '2001',
      title: 'Analyst',
      name: { givenName: 'Alice', familyName: 'Smith' },
      active: true,
    })
    expect(workEmail(linkedAlice)).toBe('alice@example.com')
    expect(enterprise(linkedAlice, 'department')).toBe('Engineering')
    for (const id of ['acc-bob', 'acc-dup', 'acc-erin-1', 'acc-erin-2', 'acc-break-glass']) {
      expect(server.store.getUser(id)).toEqual(before.get(id))
    }
    const created = usersByName(server).get('carol.white@example.com')
    expect(created?.['id']).not.toMatch(/^acc-/)
    // The write journal holds exactly the two writes: nothing was attempted for the conflicts.
    const journal = ws.query<{ sourceId: string; operation: string; state: string }>(
      `SELECT sourceId, operation, state FROM journal WHERE runId = '${result.runId}' ORDER BY sourceId`
    )
    expect(journal).toEqual([
      { sourceId: '2001', operation: 'link', state: 'succeeded' },
      { sourceId: '2003', operation: 'create', state: 'succeeded' },
    ])

    const log = await ws.logs(['--run', result.runId])
    const bySource = new Map(log.map(entry => [entry.sourceId, entry]))
    expect(log).toHaveLength(6)
    expect(bySource.get('2001')).toMatchObject({ action: 'link', status: 'success', targetId: 'acc-alice' })
    expect(bySource.get('2002')).toMatchObject({ action: 'link', status: 'success', targetId: 'acc-bob' })
    expect(bySource.get('2003')).toMatchObject({ action: 'create', status: 'success' })
    for (const [id, code] of [
      ['2004', 'DuplicateSourceEntries'],
      ['2005', 'DuplicateSourceEntries'],
      ['2006', 'DuplicateTargetEntries'],
    ] as const) {
      expect(bySource.get(id)).toMatchObject({
        action: 'conflict',
        status: 'failure',
        errorCode: code,
        targetId: null,
      })
    }

    // Conflicts are found by their own action (they were logged as "other").
    const conflicts = await ws.logs(['--run', result.runId, '--action', 'conflict'])
    expect(conflicts.map(entry => entry.sourceId).sort()).toEqual(['2004', '2005', '2006'])

    // The links hold: the next run matches nothing again and sends nothing.
    server.resetRequestCounts()
    const again = await ws.apply([], 1)
    expect(again.summary.users).toEqual(userCounts({ unchanged: 3, conflict: 3 }))
    expect(writeCounts(server)).toEqual(NO_WRITES)
    expect(server.store.userCount()).toBe(SEEDS.length + 1)
  })
})
