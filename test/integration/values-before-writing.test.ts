/**
 * What a run checks and shapes before it writes: untyped multi-valued elements and primary flags
 * (one element per type, never two primaries, nothing sent on the next run), values a target
 * attribute cannot hold and creates without a userName (caught in the dry run, never sent),
 * regexes that backtrack catastrophically (the person fails, the run finishes), and passwords
 * (sent, never stored or shown).
 */
import { readFileSync } from 'node:fs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SandboxServer } from '../../main/connectors/scim/sandbox/sandbox-server'
import {
  baseJob,
  NO_WRITES,
  person,
  PEOPLE_HEADER,
  startTarget,
  USER_SCHEMA,
  usersByName,
  writeCounts,
  Workspace,
} from '../helpers/provisioning-fixture'
import { ScimTraffic } from '../helpers/scim-traffic'

let server: SandboxServer

afterEach(async () => {
  await server.close()
})

describe('untyped elements and primary flags', () => {
  const ada = person('3001', 'Ada', 'Lovelace')
  const grace = person('3002', 'Grace', 'Hopper')

  beforeEach(async () => {
    server = await startTarget({
      seedUsers: [
        {
          // Filled in by hand in the app: one email, no type.
          id: 'acc-ada',
          schemas: [USER_SCHEMA],
          userName: ada.mail,
          emails: [{ value: 'ada.old@example.com', primary: true }],
          active: true,
        },
        {
          // A primary home email; the job makes the work email primary.
          id: 'acc-grace',
          schemas: [USER_SCHEMA],
          userName: grace.mail,
          emails: [{ type: 'home', value: 'grace@home.example', primary: true }],
          active: true,
        },
      ],
    })
  })

  it('updates the untyped email in place, moves primary, and sends nothing on the next run', async () => {
    const ws = new Workspace()
    ws.writePeople([ada, grace])
    const job = baseJob(server.baseUrl)
    job.users.mappings.push({ target: 'emails[type eq "work"].primary', expression: '"True"' })
    ws.writeJob(job)

    const plan = await ws.plan()
    const bySource = new Map(plan.operations.map(operation => [operation.sourceId, operation]))
    expect(bySource.get('3001')?.changes).toContainEqual({
      path: 'emails[type eq "work"].value',
      from: 'ada.old@example.com',
      to: ada.mail,
    })
    // The untyped element already is primary: nothing to change there.
    expect(bySource.get('3001')?.changes.map(change => change.path)).not.toContain(
      'emails[type eq "work"].primary'
    )

    await ws.apply()
    expect(server.store.getUser('acc-ada')?.['emails']).toEqual([
      { value: ada.mail, primary: true, type: 'work' },
    ])
    expect(server.store.getUser('acc-grace')?.['emails']).toEqual([
      { type: 'home', value: 'grace@home.example', primary: false },
      { type: 'work', value: grace.mail, primary: true },
    ])

    server.resetRequestCounts()
    const again = await ws.apply()
    expect(again.summary.users.unchanged).toBe(2)
    expect(writeCounts(server)).toEqual(NO_WRITES)
  })
})

describe('checks before writing', () => {
  beforeEach(async () => {
    server = await startTarget()
  })

  it('reports a missing userName and an active value that is no boolean in the dry run, and never sends them', async () => {
    const ws = new Workspace()
    ws.writePeople([
      person('4001', 'Ada', 'Lovelace'),
      person('4002', 'Nomail', 'Person', { mail: '' }),
      person('4003', 'Leave', 'Person', { status: 'On leave' }),
    ])
    const job = baseJob(server.baseUrl)
    job.users.mappings = job.users.mappings.map(mapping =>
      mapping['target'] === 'active'
        ? {
            target: 'active',
            expression: 'Switch([status], [status], "Active", "True", "Terminated", "False")',
          }
        : mapping
    )
    ws.writeJob(job)

    const plan = await ws.plan()
    const bySource = new Map(plan.operations.map(operation => [operation.sourceId, operation]))
    expect(bySource.get('4001')?.action).toBe('create')
    expect(bySource.get('4002')).toMatchObject({ action: 'skip', errorCode: 'MandatoryFieldsMissing' })
    expect(bySource.get('4002')?.reason).toContain('userName has no value')
    expect(bySource.get('4003')).toMatchObject({ action: 'skip', errorCode: 'ExpressionEvaluationFailed' })
    expect(bySource.get('4003')?.reason).toContain('active: "On leave" is not a boolean')

    const result = await ws.apply([], 1)
    expect(result.failures.map(failure => [failure.sourceId, failure.errorCode]).sort()).toEqual([
      ['4002', 'MandatoryFieldsMissing'],
      ['4003', 'ExpressionEvaluationFailed'],
    ])
    expect(result.failures.every(failure => failure.httpStatus === null)).toBe(true)
    expect(writeCounts(server)).toEqual({ ...NO_WRITES, POST: 1 })
    expect([...usersByName(server).keys()]).toEqual(['ada.lovelace@example.com'])
  })
})

describe('regexes that backtrack catastrophically', () => {
  beforeEach(async () => {
    server = await startTarget()
  })

  it('fail the crafted person with a clear error while the run finishes for everyone else', async () => {
    // The 41 characters: without a time budget, each evaluation runs for hours.
    const crafted = `${'Aa'.repeat(20)}!`
    const ws = new Workspace()
    ws.writePeople([
      person('5001', 'Ada', 'Lovelace'),
      person('5002', crafted, 'Scoped', { mail: 'scoped@example.com' }),
      person('5003', 'Replaced', 'Person', { mail: 'replaced@example.com', title: crafted }),
    ])
    const job = baseJob(server.baseUrl)
    job.users.mappings = job.users.mappings.map(mapping =>
      mapping['target'] === 'title'
        ? { target: 'title', expression: 'Replace([title], , "^(\\\\w+\\\\s?)+$", , "Staff", , )' }
        : mapping
    )
    job.users['scoping'] = [
      {
        title: 'Named',
        clauses: [{ attribute: 'givenName', operator: 'REGEX MATCH', value: '([A-Za-z]+ ?)+' }],
      },
    ]
    ws.writeJob(job)

    const result = await ws.apply([], 1)
    expect(result.summary.users.create).toBe(1)
    const bySource = new Map(result.failures.map(failure => [failure.sourceId, failure]))
    expect(bySource.get('5002')).toMatchObject({ errorCode: 'ExpressionEvaluationFailed', httpStatus: null })
    expect(bySource.get('5002')?.message).toContain(
      'Scoping could not be decided: filter "Named": givenName REGEX MATCH "([A-Za-z]+ ?)+" took longer than 500 ms'
    )
    expect(bySource.get('5003')?.message).toContain(
      'title: Replace: regexPattern "^(\\w+\\s?)+$" took longer than 500 ms'
    )
    expect([...usersByName(server).keys()]).toEqual(['ada.lovelace@example.com'])
  })
})

describe('passwords', () => {
  let traffic: ScimTraffic

  beforeEach(async () => {
    traffic = new ScimTraffic()
    server = await startTarget({ middleware: traffic.middleware })
  })

  it('are sent to the app but never stored in the plan file, the log or the journal', async () => {
    const secret = 'Tr0ub4dor&3-unique'
    const ws = new Workspace()
    const header = [...PEOPLE_HEADER, 'initialPassword'].join(',')
    ws.writeText('people.csv', `${header}\n6001,Ada,Lovelace,ada@example.com,R&D,Engineer,Active,${secret}\n`)
    const job = baseJob(server.baseUrl)
    job.users.mappings.push({ target: 'password', expression: '[initialPassword]' })
    ws.writeJob(job)

    const plan = await ws.plan(['--out', 'plan.json'])
    expect(plan.operations[0]?.changes).toContainEqual({ path: 'password', from: null, to: '[Redact]' })
    expect(readFileSync(ws.path('plan.json'), 'utf8')).not.toContain(secret)
    const result = await ws.apply(['--plan', 'plan.json'])
    expect(result.summary.users.create).toBe(1)
    const posted = traffic.requests.find(request => request.method === 'POST')
    expect((posted?.body as Record<string, unknown> | undefined)?.['password']).toBe(secret)

    const stored = JSON.stringify([
      ws.query('SELECT * FROM journal'),
      ws.query('SELECT * FROM logEntries'),
      await ws.logs(),
    ])
    expect(stored).toContain('[Redact]')
    expect(stored).not.toContain(secret)
  })
})
