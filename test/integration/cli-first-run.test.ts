/**
 * First run of a job against an empty SCIM app: the dry run shows a create per person and writes
 * nothing; apply creates exactly those accounts with the mapped values.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SandboxServer } from '../../main/connectors/scim/sandbox/sandbox-server'
import {
  baseJob,
  enterprise,
  NO_WRITES,
  staff,
  startTarget,
  userCounts,
  usersByName,
  workEmail,
  Workspace,
  writeCounts,
} from '../helpers/provisioning-fixture'

let server: SandboxServer

beforeEach(async () => {
  server = await startTarget()
})

afterEach(async () => {
  await server.close()
})

function workspace(): Workspace {
  const ws = new Workspace()
  ws.writePeople(staff())
  ws.writeJob(baseJob(server.baseUrl))
  return ws
}

describe('first run against an empty target', () => {
  it('plan --json lists one create per person with the mapped values and sends no write', async () => {
    const ws = workspace()

    const plan = await ws.plan()

    expect(plan.summary.users).toEqual(userCounts({ create: 5 }))
    expect(plan.operations).toHaveLength(5)
    expect(plan.operations.map(operation => [operation.action, operation.sourceId])).toEqual([
      ['create', '1001'],
      ['create', '1002'],
      ['create', '1003'],
      ['create', '1004'],
      ['create', '1005'],
    ])
    const ada = plan.operations[0]
    expect(ada?.display).toBe('ada.lovelace@example.com')
    expect(ada?.targetId).toBeNull()
    expect(ada?.changes).toEqual(
      expect.arrayContaining([
        { path: 'userName', from: null, to: 'ada.lovelace@example.com' },
        { path: 'title', from: null, to: 'Principal Engineer' },
        { path: 'active', from: null, to: true },
      ])
    )
    expect(server.store.userCount()).toBe(0)
    expect(writeCounts(server)).toEqual(NO_WRITES)
    expect(server.requestCounts['GET']).toBeGreaterThan(0)
  })

  it('apply creates exactly the people of the file with their mapped attribute values', async () => {
    const ws = workspace()

    const result = await ws.apply()

    expect(result.status).toBe('completed')
    expect(result.failures).toEqual([])
    expect(result.summary.users).toEqual(userCounts({ create: 5 }))
    expect(writeCounts(server)).toEqual({ POST: 5, PATCH: 0, PUT: 0, DELETE: 0 })

    const users = usersByName(server)
    expect([...users.keys()].sort()).toEqual(
      [
        'ada.lovelace@example.com',
        'alan.turing@example.com',
        'grace.hopper@example.com',
        'katherine.johnson@example.com',
        'margaret.hamilton@example.com',
      ].sort()
    )
    for (const row of staff()) {
      const user = users.get(row.mail)
      expect(user?.['userName']).toBe(row.mail)
      expect(user?.['externalId']).toBe(row.employeeId)
      expect(user?.['name']).toMatchObject({ givenName: row.givenName, familyName: row.surname })
      expect(user?.['displayName']).toBe(`${row.givenName} ${row.surname}`)
      expect(workEmail(user)).toBe(row.mail)
      expect(user?.['title']).toBe(row.title)
      expect(enterprise(user, 'department')).toBe(row.department)
      // A JSON boolean, not the string "True" the expression produces.
      expect(user?.['active']).toBe(true)
    }
  })

  it('does not create an account for someone HR already marks as terminated', async () => {
    const ws = new Workspace()
    const people = staff()
    people[1] = { ...people[1]!, status: 'Terminated' }
    ws.writePeople(people)
    ws.writeJob(baseJob(server.baseUrl))

    const result = await ws.apply()

    expect(result.summary.users).toEqual(userCounts({ create: 4, skipped: 1 }))
    expect(usersByName(server).has('grace.hopper@example.com')).toBe(false)
    expect(server.store.userCount()).toBe(4)
  })
})
