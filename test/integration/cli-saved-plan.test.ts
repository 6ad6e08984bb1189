/**
 * Between plan and apply the world moves on: an account created by someone else is linked,
 * never duplicated (409 on create → look it up and link it); a saved plan applies only the rows
 * it holds, refuses rows whose target changed since, and is refused whole if the job changed.
 */
import type { RequestHandler } from 'express'
import { request } from 'undici'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SandboxServer } from '../../main/connectors/scim/sandbox/sandbox-server'
import {
  baseJob,
  isCreateOf,
  NO_WRITES,
  parseScimJson,
  person,
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
})
