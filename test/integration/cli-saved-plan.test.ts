/**
 * Between plan and apply the world moves on: an account created by someone else is linked,
 * never duplicated (409 on create → look it up and link it); a saved plan applies only the rows
 * it holds, refuses rows whose target changed since, and is refused whole if the job changed.
 */
import { readFileSync } from 'node:fs'
import { stringify } from 'csv-stringify/sync'
import type { RequestHandler } from 'express'
import { request } from 'undici'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SandboxServer } from '../../main/connectors/scim/sandbox/sandbox-server'
import {
  baseJob,
  isCreateOf,
  NO_WRITES,
  PEOPLE_HEADER,
  parseScimJson,
  person,
  type Person,
  ScimAdmin,
  staff,
  startTarget,
  TOKEN,
  USER_SCHEMA,
  userCounts,
  usersByName,
  Workspace,
  writeCounts,
} from '../helpers/provisioning-fixture'

let server: SandboxServer
let admin: ScimAdmin

afterEach(async () => {
  await server.close()
})

describe('409 on create', () => {
  /** Just before the CLI's POST for this userName arrives, someone else creates the account. */
  const RACED = 'grace.hopper@example.com'
  let raced = false

  const createFirst: RequestHandler = (req, _res, next) => {
    if (raced || req.header('x-test-inner') !== undefined || !isCreateOf(req, RACED)) {
      next()
      return
    }
    raced = true
    request(`${server.baseUrl}/Users`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${TOKEN}`,
        'content-type': 'application/scim+json',
        'x-test-inner': '1',
      },
      body: JSON.stringify({
        schemas: [USER_SCHEMA],
        userName: 'Grace.Hopper@example.com',
        name: { givenName: 'Grace', familyName: 'Hopper' },
        title: 'Created by the app itself',
        active: true,
      }),
    })
      .then(async response => {
        await response.body.text()
        if (response.statusCode !== 201) throw new Error(`inner create failed: ${response.statusCode}`)
        next()
      })
      .catch(next)
  }

  beforeEach(async () => {
    raced = false
    server = await startTarget({ middleware: [parseScimJson, createFirst] })
  })

  it('links the account that appeared after the target was read instead of failing or duplicating', async () => {
    const ws = new Workspace()
    ws.writePeople(staff())
    ws.writeJob(baseJob(server.baseUrl))

    const result = await ws.apply()

    expect(raced).toBe(true)
    expect(result.failures).toEqual([])
    expect(result.summary.users).toEqual(userCounts({ create: 4, link: 1 }))
    expect(server.store.userCount()).toBe(5)
    const graces = server.store.listUsers().filter(user => String(user['userName']).toLowerCase() === RACED)
    expect(graces).toHaveLength(1)
    // The existing account got the mapped values.
    expect(graces[0]).toMatchObject({ title: 'Rear Admiral', externalId: '1002', active: true })

    const [entry] = await ws.logs(['--run', result.runId, '--identity', '1002'])
    expect(entry).toMatchObject({ action: 'link', status: 'success', targetId: graces[0]?.['id'] })
    expect(entry?.steps.find(step => step.type === 'export')?.description).toContain('409 Conflict')
    expect(entry?.modified).toContainEqual({
      path: 'title',
      from: 'Created by the app itself',
      to: 'Rear Admiral',
    })

    // Linked for good: the next run has nothing to do.
    server.resetRequestCounts()
    const again = await ws.apply()
    expect(again.summary.users).toEqual(userCounts({ unchanged: 5 }))
    expect(writeCounts(server)).toEqual(NO_WRITES)
  })
})

describe('saved plans', () => {
  beforeEach(async () => {
    server = await startTarget()
    admin = new ScimAdmin(server)
  })

  it('apply --plan applies exactly the rows of the plan, not people added to the file since', async () => {
    const ws = new Workspace()
    const people = staff().slice(0, 3)
    ws.writePeople(people)
    ws.writeJob(baseJob(server.baseUrl))
    const plan = await ws.plan(['--out', 'plan.json'])
    expect(plan.summary.users).toEqual(userCounts({ create: 3 }))
    const newcomer = person('1099', 'Hedy', 'Lamarr')
    ws.writePeople([...people, newcomer])

    const result = await ws.apply(['--plan', 'plan.json'])

    expect(result.failures).toEqual([])
    // The newcomer's create was never planned: skipped (NotInPlan) and logged, not improvised.
    expect(result.summary.users).toEqual(userCounts({ create: 3, skipped: 1 }))
    expect([...usersByName(server).keys()].sort()).toEqual(people.map(row => row.mail).sort())
    const skipped = (await ws.logs(['--run', result.runId])).filter(entry => entry.status === 'skipped')
    expect(skipped.map(entry => [entry.sourceId, entry.errorCode])).toEqual([['1099', 'NotInPlan']])

    const later = await ws.apply()
    expect(later.summary.users).toEqual(userCounts({ create: 1, unchanged: 3 }))
    expect(usersByName(server).has(newcomer.mail)).toBe(true)
  })

  it('refuses a planned row whose target changed since the plan (PlanStale, exit 1) and applies the others', async () => {
    const ws = new Workspace()
    const people = staff()
    ws.writePeople(people)
    ws.writeJob(baseJob(server.baseUrl))
    await ws.apply()
    ws.writePeople(
      people.map(row =>
        row.employeeId === '1001'
          ? { ...row, title: 'Chief Engineer' }
          : row.employeeId === '1002'
            ? { ...row, title: 'Admiral' }
            : row
      )
    )
    const plan = await ws.plan(['--out', 'plan.json'])
    expect(plan.summary.users).toEqual(userCounts({ update: 2, unchanged: 3 }))
    // Someone edits Ada's title in the app after the plan was reviewed.
    const adaId = String(usersByName(server).get('ada.lovelace@example.com')?.['id'])
    await admin.replace(adaId, 'title', 'Edited in the app')
    server.resetRequestCounts()

    const result = await ws.apply(['--plan', 'plan.json'], 1)

    expect(result.status).toBe('completed-with-errors')
    expect(result.failures).toEqual([
      expect.objectContaining({
        sourceId: '1001',
        targetId: adaId,
        action: 'update',
        errorCode: 'PlanStale',
        httpStatus: null,
      }),
    ])
    expect(result.summary.users.update).toBe(1)
    expect(writeCounts(server)).toEqual({ POST: 0, PATCH: 1, PUT: 0, DELETE: 0 })
    const users = usersByName(server)
    expect(users.get('ada.lovelace@example.com')?.['title']).toBe('Edited in the app')
    expect(users.get('grace.hopper@example.com')?.['title']).toBe('Admiral')
  })

  it('refuses a planned create once someone else has created the account, and a fresh run links it', async () => {
    const ws = new Workspace()
    const people = staff().slice(0, 2)
    ws.writePeople(people)
    ws.writeJob(baseJob(server.baseUrl))
    await ws.plan(['--out', 'plan.json'])
    await admin.createUser({ userName: 'ada.lovelace@example.com', title: 'Made by hand', active: true })
    server.resetRequestCounts()

    const result = await ws.apply(['--plan', 'plan.json'], 1)

    expect(result.failures.map(failure => [failure.sourceId, failure.errorCode])).toEqual([
      ['1001', 'PlanStale'],
    ])
    expect(result.summary.users).toEqual(userCounts({ create: 1, skipped: 1 }))
    expect(writeCounts(server)).toEqual({ POST: 1, PATCH: 0, PUT: 0, DELETE: 0 })
    expect(server.store.userCount()).toBe(2)

    const fresh = await ws.apply()
    expect(fresh.summary.users).toEqual(userCounts({ link: 1, unchanged: 1 }))
    expect(server.store.userCount()).toBe(2)
    expect(usersByName(server).get('ada.lovelace@example.com')?.['title']).toBe('Principal Engineer')
  })

  it('refuses the whole plan with exit 2 when the job file changed since, writing nothing', async () => {
    const ws = new Workspace()
    ws.writePeople(staff())
    const job = baseJob(server.baseUrl)
    ws.writeJob(job)
    await ws.plan(['--out', 'plan.json'])
    job.users.mappings[6] = { target: 'title', expression: 'ToUpper([title])' }
    ws.writeJob(job)
    server.resetRequestCounts()

    const result = await ws.cli(['apply', '--job', 'job.json', '--plan', 'plan.json', '--json'])

    expect(result.code, result.stderr).toBe(2)
    expect(result.stderr).toContain('job file changed')
    expect(server.requestCounts).toEqual({})
    expect(server.store.userCount()).toBe(0)
  })

  it('refuses a tampered plan whole with exit 2, naming the file, the row and the field, writing nothing', async () => {
    const ws = new Workspace()
    ws.writePeople(staff().slice(0, 3))
    ws.writeJob(baseJob(server.baseUrl))
    await ws.plan(['--out', 'plan.json'])
    const saved = JSON.parse(readFileSync(ws.path('plan.json'), 'utf8')) as {
      operations: Array<Record<string, unknown>>
    }
    // One row loses its fingerprint (an edit, a bad merge): the other two must not be applied either.
    delete saved.operations[1]!['fingerprint']
    const text = JSON.stringify(saved, null, 2)
    ws.writeText('plan.json', text)
    const row = text
      .split('\n')
      .findIndex(line => line.includes(`"changeId": "${String(saved.operations[1]!['changeId'])}"`))
    server.resetRequestCounts()

    const result = await ws.cli(['apply', '--job', 'job.json', '--plan', 'plan.json', '--json'])

    expect(result.code, result.stderr).toBe(2)
    expect(result.stderr).toContain('The plan file cannot be used (nothing was changed):')
    expect(result.stderr).toMatch(
      new RegExp(`plan\\.json:${row}:\\d+: operations\\[1\\]\\.fingerprint: is required`)
    )
    expect(result.stdout).toBe('')
    expect(server.requestCounts).toEqual({})
    expect(ws.recordedWrites()).toMatchObject({ journal: 0, logEntries: 0 })
    expect(ws.query("SELECT id FROM runs WHERE mode <> 'dry-run'")).toEqual([])
  })
})

describe('saved plans of a job with groups', () => {
  const TEAMS: Readonly<Record<string, string>> = {
    '1001': 'Engineering;Leads',
    '1002': 'Engineering',
    '1003': 'Research',
    '1004': 'Research',
    '1005': 'Engineering;Leads',
  }

  beforeEach(async () => {
    server = await startTarget()
    admin = new ScimAdmin(server)
  })

  /** The staff with a `teams` column, and a job that makes groups of it. */
  function groupWorkspace(): Workspace {
    const ws = new Workspace()
    const header = [...PEOPLE_HEADER, 'teams'] as const
    const rows = staff().map(row => [
      ...PEOPLE_HEADER.map(column => row[column as keyof Person]),
      TEAMS[row.employeeId],
    ])
    ws.writeText('people.csv', stringify([[...header], ...rows]))
    ws.writeJob({ ...baseJob(server.baseUrl), groups: { fromColumn: 'teams' } })
    return ws
  }

  function membersOf(name: string): string[] {
    const group = server.store.listGroups().find(candidate => candidate['displayName'] === name)
    const members = (group?.['members'] ?? []) as Array<{ value: string }>
    const names = new Map(server.store.listUsers().map(user => [user['id'], user['userName']]))
    return members.map(member => String(names.get(member.value))).sort()
  }

  it('apply --plan creates and fills the planned groups, counting and logging them as groups', async () => {
    const ws = groupWorkspace()
    const plan = await ws.plan(['--out', 'plan.json'])
    expect(plan.summary.groups).toMatchObject({ create: 3, membersAdded: 7 })

    const result = await ws.apply(['--plan', 'plan.json'])

    expect(result.failures).toEqual([])
    expect(result.summary.users).toEqual(userCounts({ create: 5 }))
    expect(result.summary.groups).toMatchObject({ create: 3, membersAdded: 7 })
    expect(membersOf('Leads')).toEqual(['ada.lovelace@example.com', 'margaret.hamilton@example.com'])
    expect(membersOf('Research')).toEqual(['alan.turing@example.com', 'katherine.johnson@example.com'])
    const logs = await ws.logs(['--run', result.runId])
    expect(logs.filter(entry => entry.errorCode !== null)).toEqual([])
    expect(
      logs
        .filter(entry => entry.objectType === 'group')
        .map(entry => [entry.sourceId, entry.action, entry.status])
        .sort()
    ).toEqual([
      ['Engineering', 'create', 'success'],
      ['Leads', 'create', 'success'],
      ['Research', 'create', 'success'],
    ])
  })

  it('refuses a planned group whose target changed since (PlanStale, as a group, exit 1) and applies the rest', async () => {
    const ws = groupWorkspace()
    await ws.plan(['--out', 'plan.json'])
    // Someone creates Research in the app after the plan was reviewed: the planned create is stale.
    const research = (await admin.call('POST', '/Groups', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
      displayName: 'Research',
    })) as { id: string }

    const result = await ws.apply(['--plan', 'plan.json'], 1)

    expect(result.status).toBe('completed-with-errors')
    expect(result.failures).toEqual([
      expect.objectContaining({
        sourceId: 'Research',
        action: 'create',
        errorCode: 'PlanStale',
        httpStatus: null,
      }),
    ])
    expect(result.summary.users).toEqual(userCounts({ create: 5 }))
    expect(result.summary.groups).toMatchObject({ create: 2, membersAdded: 5 })
    expect(membersOf('Research')).toEqual([])
    expect(server.store.listGroups().filter(group => group['displayName'] === 'Research')).toHaveLength(1)
    const stale = (await ws.logs(['--run', result.runId])).filter(entry => entry.errorCode === 'PlanStale')
    expect(stale.map(entry => [entry.objectType, entry.sourceId, entry.status])).toEqual([
      ['group', 'Research', 'failure'],
    ])

    // A fresh run links the group made by hand and fills it.
    const fresh = await ws.apply()
    expect(fresh.failures).toEqual([])
    expect(server.store.listGroups().find(group => group['displayName'] === 'Research')?.['id']).toBe(
      research.id
    )
    expect(membersOf('Research')).toEqual(['alan.turing@example.com', 'katherine.johnson@example.com'])
  })
})
