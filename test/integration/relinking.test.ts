/**
 * Source ids that change (a rehire under a new employee id, HR correcting a mistyped id), the
 * link commands (`links`, `link`, `unlink`: store only, logged, honoured by the next plan), and a
 * linked account deleted in the app (re-created visibly, never silently).
 */
import { describe, expect, it } from 'vitest'
import type { SandboxServer } from '../../main/connectors/scim/sandbox/sandbox-server'
import { FaultInjector } from '../helpers/fault-injection'
import {
  baseJob,
  expectJson,
  type Person,
  person,
  type PlanJson,
  staff,
  TOKEN,
  USER_SCHEMA,
  userCounts,
  Workspace,
  writeCounts,
} from '../helpers/provisioning-fixture'
import { accountId, type FullApplyJson, startFaultyTarget } from '../helpers/safety-fixture'

interface LinksJson {
  readonly jobId: string
  readonly links: ReadonlyArray<{
    readonly sourceId: string
    readonly targetId: string | null
    readonly state: string | null
    readonly origin: string | null
    readonly relinkedFrom: string | null
    readonly decision: string | null
  }>
}

async function provisioned(
  rows: ReadonlyArray<Person> = staff(),
  seedUsers?: Array<Record<string, unknown>>
) {
  const target = await startFaultyTarget(new FaultInjector(), seedUsers === undefined ? {} : { seedUsers })
  const ws = new Workspace()
  ws.writePeople(rows)
  ws.writeJob(baseJob(target.baseUrl))
  await ws.apply()
  target.resetRequestCounts()
  return { target, ws }
}

async function links(ws: Workspace, extra: string[] = []): Promise<LinksJson> {
  return expectJson<LinksJson>(await ws.cli(['links', '--job', 'job.json', '--json', ...extra]), 0)
}

function operationFor(plan: PlanJson, sourceId: string) {
  return plan.operations.find(operation => operation.sourceId === sourceId)
}

describe('a source id that changes', () => {
  it('a rehire under a new id re-uses the old account, re-enabled, and the log says "relinked from"', async () => {
    const { target, ws } = await provisioned()
    const margaret = staff()[4] as Person
    const hamiltonId = accountId(target, margaret.mail)
    ws.writePeople(staff().slice(0, 4))
    expect((await ws.apply()).summary.users).toEqual(userCounts({ disable: 1, unchanged: 4 }))
    expect(target.store.getUser(hamiltonId)?.['active']).toBe(false)

    // Months later HR rehires her under a new employee id.
    ws.writePeople([...staff().slice(0, 4), { ...margaret, employeeId: '1099' }])
    target.resetRequestCounts()
    const plan = await ws.plan()
    expect(plan.summary.users).toEqual(userCounts({ enable: 1, unchanged: 4 }))
    expect(operationFor(plan, '1099')).toMatchObject({
      action: 'enable',
      targetId: hamiltonId,
      reason: 'Relinked from 1005 (no longer in the source)',
    })
    expect(operationFor(plan, '1005')).toBeUndefined()

    const applied = await ws.apply()
    expect(applied.summary.users).toEqual(userCounts({ enable: 1, unchanged: 4 }))
    expect(writeCounts(target)).toEqual({ POST: 0, PATCH: 1, PUT: 0, DELETE: 0 })
    expect(target.store.getUser(hamiltonId)).toMatchObject({ active: true, externalId: '1099' })
    const [entry] = (await ws.logs(['--run', applied.runId])).filter(log => log.sourceId === '1099')
    expect(entry).toMatchObject({
      action: 'enable',
      status: 'success',
      reason: 'Relinked from 1005 (no longer in the source)',
    })
    expect((await links(ws, ['--source', '1099'])).links).toEqual([
      expect.objectContaining({
        targetId: hamiltonId,
        state: 'active',
        origin: 'relinked',
        relinkedFrom: '1005',
      }),
    ])
    expect((await links(ws, ['--source', '1005'])).links).toEqual([])
    expect((await ws.plan()).summary.users).toEqual(userCounts({ unchanged: 5 }))
  })

  it('while both ids are present, a conflict names both and the command; `link` moves the account', async () => {
    const { target, ws } = await provisioned()
    const ada = staff()[0] as Person
    const adaId = accountId(target, ada.mail)
    // HR adds Ada's corrected record before removing the mistyped one.
    ws.writePeople([...staff(), { ...ada, employeeId: '1011' }])

    const blocked = expectJson<FullApplyJson>(await ws.cli(['apply', '--job', 'job.json', '--json']), 1)
    const command = `provisioner link --job job.json 1011 ${adaId}`
    expect(blocked.failures).toEqual([
      expect.objectContaining({
        sourceId: '1011',
        errorCode: 'DuplicateSourceEntries',
        message:
          `Account ${adaId} is linked to source id 1001, which is still in the source; 1011 matches it too. ` +
          `If 1011 is the same person under a new id, move the link: ${command}`,
      }),
    ])
    expect(writeCounts(target)).toEqual({ POST: 0, PATCH: 0, PUT: 0, DELETE: 0 })

    const linked = await ws.cli(['link', '--job', 'job.json', '1011', adaId])
    expect(linked.code, linked.stderr).toBe(0)
    expect(linked.stdout).toContain(
      `Linked by the admin to account ${adaId} (ada.lovelace@example.com); the account was linked to 1001.`
    )
    expect(linked.stdout).toContain('Nothing was sent to the target.')
    expect(writeCounts(target)).toEqual({ POST: 0, PATCH: 0, PUT: 0, DELETE: 0 })
    const logRun = /provisioner logs --run (\S+)/.exec(linked.stdout)?.[1] as string
    expect(await ws.logs(['--run', logRun])).toEqual([
      expect.objectContaining({ action: 'link', status: 'success', sourceId: '1011', targetId: adaId }),
    ])
    expect((await links(ws, ['--source', '1011'])).links).toEqual([
      expect.objectContaining({ targetId: adaId, origin: 'admin', relinkedFrom: '1001', decision: null }),
    ])

    // The next plan honours it: 1011 owns the account; 1001 now conflicts until HR removes it.
    const plan = await ws.plan()
    expect(operationFor(plan, '1011')).toMatchObject({ action: 'update', targetId: adaId })
    expect(operationFor(plan, '1001')).toMatchObject({ action: 'conflict' })
    ws.writePeople([{ ...ada, employeeId: '1011' }, ...staff().slice(1)])
    const fixed = await ws.apply()
    expect(fixed.summary.users).toEqual(userCounts({ update: 1, unchanged: 4 }))
    expect(target.store.getUser(adaId)?.['externalId']).toBe('1011')
    expect(target.store.userCount()).toBe(5)
  })
})

describe('link commands', () => {
  it('refuse an account the target does not have and an id the source does not hold, changing nothing', async () => {
    const { target, ws } = await provisioned()
    const before = await links(ws)

    const noAccount = await ws.cli(['link', '--job', 'job.json', '1001', 'no-such-account'])
    expect(noAccount.code).toBe(2)
    expect(noAccount.stderr).toContain(
      'The target has no account "no-such-account" (GET /Users/no-such-account answered 404)'
    )
    expect(noAccount.stderr).toContain('nothing was changed')

    const typo = await ws.cli([
      'link',
      '--job',
      'job.json',
      '1O01',
      accountId(target, 'ada.lovelace@example.com'),
    ])
    expect(typo.code).toBe(2)
    expect(typo.stderr).toContain('No person with id "1O01" is in people.csv')

    const unknown = await ws.cli(['unlink', '--job', 'job.json', '4242'])
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain('4242 has no link and no decision in this job')

    for (const args of [['1001'], ['1001', '--new', '--skip']]) {
      const usage = await ws.cli(['link', '--job', 'job.json', ...args])
      expect(usage.code, args.join(' ')).toBe(2)
      expect(usage.stderr).toContain(
        'usage: provisioner link --job FILE SOURCE_ID (TARGET_ID | --new | --skip)'
      )
    }
    expect(await links(ws)).toEqual(before)
    expect(writeCounts(target)).toEqual({ POST: 0, PATCH: 0, PUT: 0, DELETE: 0 })
  })

  it('--skip leaves a person out, --new gives them their own account, unlink lets the next run match again', async () => {
    // The app holds an old account carrying Grace's employee id but another person's name.
    const stranger = {
      schemas: [USER_SCHEMA],
      userName: 'g.hopper.old@example.com',
      externalId: '1002',
      active: true,
    }
    const target = await startFaultyTarget(new FaultInjector(), { seedUsers: [stranger] })
    const grace = person('1002', 'Grace', 'Hopper')
    const ws = new Workspace()
    ws.writePeople([grace])
    ws.writeJob(baseJob(target.baseUrl))
    const strangerId = accountId(target, stranger.userName)
    expect(operationFor(await ws.plan(), '1002')).toMatchObject({ action: 'link', targetId: strangerId })

    expect((await ws.cli(['link', '--job', 'job.json', '1002', '--skip'])).code).toBe(0)
    const skipped = await ws.plan()
    expect(skipped.summary.users).toEqual(userCounts({ skipped: 1 }))
    expect(operationFor(skipped, '1002')?.reason).toContain('the admin decided to skip this person')

    expect((await ws.cli(['link', '--job', 'job.json', '1002', '--new'])).code).toBe(0)
    expect((await links(ws)).links).toEqual([
      expect.objectContaining({ sourceId: '1002', targetId: null, decision: 'create' }),
    ])
    const created = await ws.apply()
    expect(created.summary.users).toEqual(userCounts({ create: 1 }))
    expect(target.store.userCount()).toBe(2)
    expect(target.store.getUser(strangerId)).toMatchObject({
      userName: stranger.userName,
      externalId: '1002',
    })
    const graceId = accountId(target, grace.mail)
    expect((await links(ws)).links).toEqual([
      expect.objectContaining({ sourceId: '1002', targetId: graceId, origin: 'created', decision: 'create' }),
    ])
    const table = await ws.cli(['links', '--job', 'job.json'])
    expect(table.stdout).toMatch(
      new RegExp(`1002\\s+${graceId}\\s+active\\s+created\\s+create new\\s+grace.hopper@example.com`)
    )

    const unlinked = await ws.cli(['unlink', '--job', 'job.json', '1002'])
    expect(unlinked.code).toBe(0)
    expect(unlinked.stdout).toContain(
      `Unlinked by the admin: the link to account ${graceId} was removed, the decision "create" was withdrawn.`
    )
    expect(unlinked.stdout).toContain('The next run matches 1002 again by the matching attributes.')
    expect((await links(ws)).links).toEqual([])
    // Matched again: userName comes first and finds the account made for her.
    expect(operationFor(await ws.plan(), '1002')).toMatchObject({ action: 'link', targetId: graceId })
  })

  it('--new never adopts the turned-down account, even when the app answers the create with 409', async () => {
    const grace = person('1002', 'Grace', 'Hopper')
    const holder = { schemas: [USER_SCHEMA], userName: grace.mail, displayName: 'Someone else', active: true }
    const target = await startFaultyTarget(new FaultInjector(), { seedUsers: [holder] })
    const ws = new Workspace()
    ws.writePeople([grace])
    ws.writeJob(baseJob(target.baseUrl))
    expect((await ws.cli(['link', '--job', 'job.json', '1002', '--new'])).code).toBe(0)

    const applied = await ws.apply([], 1)
    expect(applied.failures).toEqual([
      expect.objectContaining({
        sourceId: '1002',
        errorCode: 'EntryConflict',
        message: expect.stringContaining('is the one the admin decided this person must not be linked to'),
      }),
    ])
    expect((await links(ws)).links).toEqual([
      expect.objectContaining({ sourceId: '1002', targetId: null, decision: 'create' }),
    ])
    expect(target.store.listUsers()).toEqual([expect.objectContaining({ displayName: 'Someone else' })])
  })
})

describe('a linked account deleted in the app', () => {
  it('is re-created visibly: the plan says why, and the log warns', async () => {
    const { target, ws } = await provisioned()
    const adaId = accountId(target, 'ada.lovelace@example.com')
    await deleteInApp(target, adaId)

    const because = `The linked account ${adaId} no longer exists in the target; a new account is created`
    const plan = await ws.plan()
    expect(operationFor(plan, '1001')).toMatchObject({ action: 'create', reason: because })

    const applied = await ws.apply()
    expect(applied.summary.users).toEqual(userCounts({ create: 1, unchanged: 4 }))
    const [entry] = (await ws.logs(['--run', applied.runId])).filter(log => log.sourceId === '1001')
    expect(entry).toMatchObject({ action: 'create', status: 'warning', reason: because })
    expect(await ws.logs(['--run', applied.runId, '--status', 'warning'])).toHaveLength(1)
  })
})

async function deleteInApp(target: SandboxServer, id: string): Promise<void> {
  const response = await fetch(`${target.baseUrl}/Users/${id}`, {
    method: 'DELETE',
    headers: { authorization: `Bearer ${TOKEN}` },
  })
  expect(response.status).toBe(204)
}
