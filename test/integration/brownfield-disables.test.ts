/**
 * Disables are never hidden: a person the source marks inactive who matches an existing, active
 * account is a `disable` (summary, deletion threshold, log, JSON), not a `link` with
 * `active: true → false` inside it; a first link that re-enables a disabled account is an
 * `enable`; a first link that renames the account says so as a warning in the dry run.
 */
import { describe, expect, it } from 'vitest'
import { FaultInjector } from '../helpers/fault-injection'
import {
  baseJob,
  person,
  type PlanJson,
  USER_SCHEMA,
  userCounts,
  Workspace,
  writeCounts,
} from '../helpers/provisioning-fixture'
import { type FullApplyJson, startFaultyTarget } from '../helpers/safety-fixture'
import { expectJson } from '../helpers/provisioning-fixture'

const people = [
  person('3001', 'Ada', 'Lovelace'),
  person('3002', 'Grace', 'Hopper'),
  person('3003', 'Alan', 'Turing'),
  person('3004', 'Katherine', 'Johnson'),
  person('3005', 'Margaret', 'Hamilton'),
]

/** The accounts the app already holds for them: active, never linked by this job. */
function existingAccounts(): Array<Record<string, unknown>> {
  return people.map(row => ({
    schemas: [USER_SCHEMA],
    userName: row.mail,
    name: { givenName: row.givenName, familyName: row.surname },
    active: true,
  }))
}

interface PlanWithWarnings extends PlanJson {
  readonly operations: ReadonlyArray<PlanJson['operations'][number] & { readonly warnings?: string[] }>
}

describe('a brownfield first run', () => {
  it('with a wrong active mapping is stopped by the deletion threshold; approved, it disables and links', async () => {
    const target = await startFaultyTarget(new FaultInjector(), { seedUsers: existingAccounts() })
    const job = baseJob(target.baseUrl)
    // The admin inverted the Switch: every active person maps to active=false.
    job.users.mappings = job.users.mappings.map(mapping =>
      mapping['target'] === 'active'
        ? { target: 'active', expression: 'Switch([status], "False", "Terminated", "True")' }
        : mapping
    )
    job['safety'] = { deletionThreshold: 2 }
    const ws = new Workspace()
    ws.writePeople(people)
    ws.writeJob(job)

    const plan = await ws.plan()
    expect(plan.summary.users).toEqual(userCounts({ disable: 5 }))
    expect(plan.operations.map(operation => operation.action)).toEqual(Array(5).fill('disable'))
    expect(plan.operations[0]?.reason).toMatch(
      /^Inactive in the source: the matching account .* is linked and disabled$/
    )

    const blocked = expectJson<FullApplyJson>(await ws.cli(['apply', '--job', 'job.json', '--json']), 3)
    expect(blocked.status).toBe('blocked')
    expect(blocked.staged).toBe(5)
    expect(blocked.deletion).toMatchObject({ deprovisions: 5, blocked: true })
    expect(writeCounts(target)).toEqual({ POST: 0, PATCH: 0, PUT: 0, DELETE: 0 })
    expect(target.store.listUsers().every(user => user['active'] === true)).toBe(true)
    const held = await ws.logs(['--run', blocked.runId])
    expect(held.map(entry => entry.action)).toEqual(Array(5).fill('stagedDelete'))

    const approved = expectJson<FullApplyJson>(
      await ws.cli(['apply', '--job', 'job.json', '--json', '--allow-deletes', blocked.runId]),
      0
    )
    expect(approved.summary.users).toEqual(userCounts({ disable: 5 }))
    expect(target.store.listUsers().every(user => user['active'] === false)).toBe(true)
    const logged = await ws.logs(['--run', approved.runId])
    expect(logged.map(entry => [entry.action, entry.status])).toEqual(Array(5).fill(['disable', 'success']))
    // The links were recorded with the disables: the next run has nothing to do.
    expect(
      ws.query<{ sourceId: string; state: string; origin: string }>(
        'SELECT sourceId, state, origin FROM links ORDER BY sourceId'
      )
    ).toEqual(people.map(row => ({ sourceId: row.employeeId, state: 'disabled', origin: 'matched' })))
    expect((await ws.plan()).summary.users).toEqual(userCounts({ unchanged: 5 }))
  })

  it('counts a link that re-enables a disabled account as an enable, and warns about a rename', async () => {
    const seeds = existingAccounts()
    seeds[0] = { ...seeds[0], active: false }
    // Matched by employee id (externalId); linking renames it to the mail address.
    seeds[1] = { ...seeds[1], userName: 'ghopper', externalId: '3002' }
    const target = await startFaultyTarget(new FaultInjector(), { seedUsers: seeds })
    const ws = new Workspace()
    ws.writePeople(people)
    ws.writeJob(baseJob(target.baseUrl))

    const plan = expectJson<PlanWithWarnings>(await ws.cli(['plan', '--job', 'job.json', '--json']), 0)
    expect(plan.summary.users).toEqual(userCounts({ enable: 1, link: 4 }))
    const byId = new Map(plan.operations.map(operation => [operation.sourceId, operation]))
    expect(byId.get('3001')).toMatchObject({ action: 'enable' })
    expect(byId.get('3002')).toMatchObject({
      action: 'link',
      warnings: ['Linking renames the account\'s userName from "ghopper" to "grace.hopper@example.com"'],
    })
    expect(byId.get('3003')?.warnings).toBeUndefined()
    const text = await ws.cli(['plan', '--job', 'job.json'])
    expect(text.stdout).toContain(
      '! grace.hopper@example.com (3002): Linking renames the account\'s userName from "ghopper" to "grace.hopper@example.com"'
    )

    const applied = expectJson<FullApplyJson>(await ws.cli(['apply', '--job', 'job.json', '--json']), 0)
    expect(applied.summary.users).toEqual(userCounts({ enable: 1, link: 4 }))
    const logged = new Map((await ws.logs(['--run', applied.runId])).map(entry => [entry.sourceId, entry]))
    expect(logged.get('3001')).toMatchObject({ action: 'enable', status: 'success' })
    expect(logged.get('3002')).toMatchObject({
      action: 'link',
      status: 'warning',
      reason: 'Linking renames the account\'s userName from "ghopper" to "grace.hopper@example.com"',
    })
  })
})
