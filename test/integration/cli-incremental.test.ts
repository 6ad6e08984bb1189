/**
 * Runs after the first: nothing is sent when nothing changed, edits become attribute-level
 * PATCHes, people who left are disabled (authoritative source only) and re-enabled on return.
 */
import type { RequestHandler } from 'express'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SandboxServer } from '../../main/connectors/scim/sandbox/sandbox-server'
import {
  baseJob,
  enterprise,
  NO_WRITES,
  parseScimJson,
  type Person,
  staff,
  startTarget,
  userCounts,
  usersByName,
  workEmail,
  Workspace,
  writeCounts,
} from '../helpers/provisioning-fixture'

let server: SandboxServer
/** PATCH bodies the server received, by account id. */
let patches: Map<string, unknown[]>

const recordPatches: RequestHandler = (req, _res, next) => {
  if (req.method === 'PATCH') {
    const id = decodeURIComponent(req.path.split('/').pop() ?? '')
    patches.set(id, [...(patches.get(id) ?? []), req.body])
  }
  next()
}

beforeEach(async () => {
  patches = new Map()
  server = await startTarget({ middleware: [parseScimJson, recordPatches] })
})

afterEach(async () => {
  await server.close()
})

/** A workspace whose first apply has created everyone. */
async function provisioned(
  people: ReadonlyArray<Person> = staff(),
  authoritative = true
): Promise<Workspace> {
  const ws = new Workspace()
  ws.writePeople(people)
  const job = baseJob(server.baseUrl)
  job.source['authoritative'] = authoritative
  ws.writeJob(job)
  const first = await ws.apply()
  expect(first.summary.users.create).toBe(people.length)
  server.resetRequestCounts()
  patches.clear()
  return ws
}

function idOf(userName: string): string {
  const user = usersByName(server).get(userName)
  if (user === undefined) throw new Error(`no account ${userName}`)
  return String(user['id'])
}

describe('a second run with no changes', () => {
  it('sends nothing but reads: every person is unchanged', async () => {
    const ws = await provisioned()
    const before = server.store.listUsers()

    const second = await ws.apply()

    expect(second.status).toBe('completed')
    expect(second.summary.users).toEqual(userCounts({ unchanged: 5 }))
    expect(writeCounts(server)).toEqual(NO_WRITES)
    expect(server.requestCounts['GET']).toBeGreaterThan(0)
    expect(server.store.listUsers()).toEqual(before)
  })
})

describe('edited rows', () => {
  it('are updated attribute by attribute: only the changed people get a PATCH, of only the changed values', async () => {
    const people = staff()
    const ws = await provisioned(people)
    const untouchedBefore = usersByName(server).get('alan.turing@example.com')
    const edited = people.map(row =>
      row.employeeId === '1001'
        ? { ...row, title: 'Chief Engineer' }
        : row.employeeId === '1002'
          ? { ...row, surname: 'Hopper-Murray' }
          : row
    )
    ws.writePeople(edited)

    const plan = await ws.plan()

    expect(plan.summary.users).toEqual(userCounts({ update: 2, unchanged: 3 }))
    const bySource = new Map(plan.operations.map(operation => [operation.sourceId, operation]))
    expect(bySource.get('1001')).toMatchObject({
      action: 'update',
      targetId: idOf('ada.lovelace@example.com'),
      changes: [{ path: 'title', from: 'Principal Engineer', to: 'Chief Engineer' }],
    })
    // The surname feeds name.familyName and displayName; userName and email (from mail) stay.
    expect(bySource.get('1002')?.action).toBe('update')
    expect(bySource.get('1002')?.changes).toEqual(
      expect.arrayContaining([
        { path: 'name.familyName', from: 'Hopper', to: 'Hopper-Murray' },
        { path: 'displayName', from: 'Grace Hopper', to: 'Grace Hopper-Murray' },
      ])
    )
    expect(bySource.get('1002')?.changes).toHaveLength(2)
    expect(writeCounts(server)).toEqual(NO_WRITES)

    const applied = await ws.apply()

    expect(applied.summary.users).toEqual(userCounts({ update: 2, unchanged: 3 }))
    expect(writeCounts(server)).toEqual({ POST: 0, PATCH: 2, PUT: 0, DELETE: 0 })
    const adaId = idOf('ada.lovelace@example.com')
    const graceId = idOf('grace.hopper@example.com')
    expect([...patches.keys()].sort()).toEqual([adaId, graceId].sort())
    const patchPaths = (id: string) =>
      (patches.get(id) as Array<{ Operations: Array<{ path: string }> }>).flatMap(body =>
        body.Operations.map(operation => operation.path)
      )
    expect(patchPaths(adaId)).toEqual(['title'])
    expect(patchPaths(graceId).sort()).toEqual(['displayName', 'name.familyName'])

    const users = usersByName(server)
    const ada = users.get('ada.lovelace@example.com')
    expect(ada?.['title']).toBe('Chief Engineer')
    expect(ada?.['name']).toMatchObject({ givenName: 'Ada', familyName: 'Lovelace' })
    expect(enterprise(ada, 'department')).toBe('Engineering')
    expect(workEmail(ada)).toBe('ada.lovelace@example.com')
    expect(ada?.['active']).toBe(true)
    const grace = users.get('grace.hopper@example.com')
    expect(grace?.['name']).toMatchObject({ givenName: 'Grace', familyName: 'Hopper-Murray' })
    expect(grace?.['displayName']).toBe('Grace Hopper-Murray')
    expect(grace?.['title']).toBe('Rear Admiral')
    expect(workEmail(grace)).toBe('grace.hopper@example.com')
    expect(users.get('alan.turing@example.com')).toEqual(untouchedBefore)

    server.resetRequestCounts()
    const third = await ws.apply()
    expect(third.summary.users).toEqual(userCounts({ unchanged: 5 }))
    expect(writeCounts(server)).toEqual(NO_WRITES)
  })
})

describe('removed rows', () => {
  it('are disabled, not deleted, when the source is authoritative, and logged as disable', async () => {
    const people = staff()
    const ws = await provisioned(people)
    const turingId = idOf('alan.turing@example.com')
    ws.writePeople(people.filter(row => row.employeeId !== '1003'))

    const plan = await ws.plan()
    expect(plan.summary.users).toEqual(userCounts({ disable: 1, unchanged: 4 }))
    expect(plan.operations).toEqual([
      expect.objectContaining({
        action: 'disable',
        sourceId: '1003',
        targetId: turingId,
        changes: [{ path: 'active', from: true, to: false }],
      }),
    ])

    const applied = await ws.apply()

    expect(applied.summary.users).toEqual(userCounts({ disable: 1, unchanged: 4 }))
    expect(writeCounts(server)).toEqual({ POST: 0, PATCH: 1, PUT: 0, DELETE: 0 })
    expect(server.store.userCount()).toBe(5)
    const turing = server.store.getUser(turingId)
    expect(turing?.['active']).toBe(false)
    expect(turing?.['title']).toBe('Researcher')
    const log = await ws.logs(['--run', applied.runId, '--action', 'disable'])
    expect(log).toHaveLength(1)
    expect(log[0]).toMatchObject({
      action: 'disable',
      status: 'success',
      sourceId: '1003',
      targetId: turingId,
      modified: [{ path: 'active', from: true, to: false }],
    })

    // Disabled already: the next run leaves the account alone.
    server.resetRequestCounts()
    const again = await ws.apply()
    expect(again.summary.users.disable).toBe(0)
    expect(writeCounts(server)).toEqual(NO_WRITES)
  })

  it('are left alone when the source is not authoritative (a bulk import)', async () => {
    const people = staff()
    const ws = await provisioned(people, false)
    const before = usersByName(server).get('alan.turing@example.com')
    ws.writePeople(people.filter(row => row.employeeId !== '1003'))

    const applied = await ws.apply()

    expect(applied.summary.users).toEqual(userCounts({ unchanged: 4 }))
    expect(writeCounts(server)).toEqual(NO_WRITES)
    expect(usersByName(server).get('alan.turing@example.com')).toEqual(before)
    expect(before?.['active']).toBe(true)
  })

  it('come back as the same account, re-enabled, with no second account', async () => {
    const people = staff()
    const ws = await provisioned(people)
    const turingId = idOf('alan.turing@example.com')
    ws.writePeople(people.filter(row => row.employeeId !== '1003'))
    await ws.apply()
    expect(server.store.getUser(turingId)?.['active']).toBe(false)
    server.resetRequestCounts()

    ws.writePeople(people)
    const back = await ws.apply()

    expect(back.summary.users).toEqual(userCounts({ enable: 1, unchanged: 4 }))
    expect(writeCounts(server)).toEqual({ POST: 0, PATCH: 1, PUT: 0, DELETE: 0 })
    expect(server.store.userCount()).toBe(5)
    const turing = usersByName(server).get('alan.turing@example.com')
    expect(turing?.['id']).toBe(turingId)
    expect(turing?.['active']).toBe(true)
    const log = await ws.logs(['--run', back.runId, '--action', 'enable'])
    expect(log.map(entry => [entry.sourceId, entry.targetId, entry.status])).toEqual([
      ['1003', turingId, 'success'],
    ])
  })
})
