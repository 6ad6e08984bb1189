/**
 * The target's accounts are read completely before planning, even from servers that page
 * differently from what the client asked: brownfield matching must see accounts on every page,
 * or it would create duplicates of the ones it missed.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { SandboxOptions, SandboxServer } from '../../main/connectors/scim/sandbox/sandbox-server'
import {
  baseJob,
  ENTERPRISE,
  person,
  type Person,
  startTarget,
  USER_SCHEMA,
  userCounts,
  usersByName,
  Workspace,
  writeCounts,
} from '../helpers/provisioning-fixture'
import { ScimTraffic } from '../helpers/scim-traffic'

const ACCOUNTS = 53

let server: SandboxServer | undefined

afterEach(async () => {
  await server?.close()
  server = undefined
})

function employee(index: number): Person {
  const n = String(index).padStart(2, '0')
  return person(`30${n}`, `Given${n}`, `Family${n}`, { title: 'Staff' })
}

/** The existing accounts, in creation order (the order the server pages them). */
function seeds(): Array<Record<string, unknown>> {
  return Array.from({ length: ACCOUNTS }, (_, i) => {
    const row = employee(i + 1)
    return {
      id: `acc-${String(i + 1).padStart(2, '0')}`,
      schemas: [USER_SCHEMA, ENTERPRISE],
      userName: row.mail,
      name: { givenName: row.givenName, familyName: row.surname },
      displayName: `${row.givenName} ${row.surname}`,
      emails: [{ type: 'work', value: row.mail }],
      title: 'Old title',
      [ENTERPRISE]: { department: row.department },
      active: true,
    }
  })
}

/** Accounts on every page of 7 (1–7, 8–14, …, 50–53), first and last included. */
const MATCHED = [1, 7, 8, 14, 15, 21, 22, 28, 29, 35, 36, 42, 43, 49, 50, 53]
const NEW_PEOPLE = [employee(90), employee(91)]

async function brownfieldRun(options: Omit<SandboxOptions, 'auth' | 'port' | 'seedUsers'>, pageSize: number) {
  server = await startTarget({ ...options, seedUsers: seeds() })
  const ws = new Workspace()
  ws.writePeople([...MATCHED.map(employee), ...NEW_PEOPLE])
  const job = baseJob(server.baseUrl)
  job.target['pageSize'] = pageSize
  ws.writeJob(job)
  return { server, ws }
}

describe('reading a paged target', () => {
  it('reads every account from a server that ignores count (pages of 7 for a requested 100)', async () => {
    const { server, ws } = await brownfieldRun({ ignoreCount: 7 }, 100)

    const plan = await ws.plan()

    // ceil(53 / 7) = 8 pages, no more (paging stops at totalResults).
    expect(server.requestCounts).toEqual({ GET: 8 })
    expect(plan.summary.users).toEqual(userCounts({ link: MATCHED.length, create: NEW_PEOPLE.length }))
    const linked = plan.operations
      .filter(operation => operation.action === 'link')
      .map(operation => operation.targetId)
      .sort()
    expect(linked).toEqual(MATCHED.map(index => `acc-${String(index).padStart(2, '0')}`).sort())

    server.resetRequestCounts()
    const result = await ws.apply()

    expect(result.summary.users).toEqual(userCounts({ link: MATCHED.length, create: NEW_PEOPLE.length }))
    expect(writeCounts(server)).toEqual({ POST: NEW_PEOPLE.length, PATCH: MATCHED.length, PUT: 0, DELETE: 0 })
    expect(server.store.userCount()).toBe(ACCOUNTS + NEW_PEOPLE.length)
    const users = usersByName(server)
    for (const index of MATCHED) {
      const user = users.get(employee(index).mail)
      expect(user?.['id']).toBe(`acc-${String(index).padStart(2, '0')}`)
      expect(user?.['externalId']).toBe(employee(index).employeeId)
      expect(user?.['title']).toBe('Staff')
    }
    // Accounts of people not in the file keep what they had.
    expect(users.get(employee(2).mail)?.['title']).toBe('Old title')
  })

  it('reads every account from a server that caps the page size below the one asked for', async () => {
    const { server, ws } = await brownfieldRun({ maxPageSize: 10 }, 500)

    const result = await ws.apply()

    // ceil(53 / 10) = 6 pages for the listing.
    expect(server.requestCounts['GET']).toBe(6)
    expect(result.summary.users).toEqual(userCounts({ link: MATCHED.length, create: NEW_PEOPLE.length }))
    expect(writeCounts(server).POST).toBe(NEW_PEOPLE.length)
    expect(server.store.userCount()).toBe(ACCOUNTS + NEW_PEOPLE.length)
  })

  it("asks for the server's largest page (ServiceProviderConfig filter.maxResults) when the job sets no pageSize", async () => {
    const traffic = new ScimTraffic()
    server = await startTarget({ seedUsers: seeds(), maxPageSize: 20, middleware: traffic.middleware })
    const ws = new Workspace()
    ws.writePeople([...MATCHED.map(employee), ...NEW_PEOPLE])
    ws.writeJob(baseJob(server.baseUrl))

    const plan = await ws.plan()

    expect(plan.summary.users).toEqual(userCounts({ link: MATCHED.length, create: NEW_PEOPLE.length }))
    const reads = traffic.requests.filter(request => request.method === 'GET')
    expect(reads.map(request => request.path.replace(/^.*\/scim\/v2/, ''))).toEqual([
      '/ServiceProviderConfig',
      '/Users',
      '/Users',
      '/Users',
    ])
    // ceil(53 / 20) = 3 pages of the 20 the server allows, not 1 page of the old default 100 cut to 20.
    expect(reads.slice(1).map(request => [request.query['startIndex'], request.query['count']])).toEqual([
      ['1', '20'],
      ['21', '20'],
      ['41', '20'],
    ])
  })

  it("keeps the job's pageSize, without asking the server for its limit", async () => {
    const traffic = new ScimTraffic()
    server = await startTarget({ seedUsers: seeds(), maxPageSize: 20, middleware: traffic.middleware })
    const ws = new Workspace()
    ws.writePeople(MATCHED.map(employee))
    const job = baseJob(server.baseUrl)
    job.target['pageSize'] = 15
    ws.writeJob(job)

    await ws.plan()

    const reads = traffic.requests.filter(request => request.method === 'GET')
    expect(reads.map(request => request.query['count'])).toEqual(['15', '15', '15', '15'])
  })
})
