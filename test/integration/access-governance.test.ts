/**
 * Access governance through the real CLI: three jobs on two sandbox apps (HR → app A, HR → app B,
 * contractors → app A), the access map after creates, disables, relinks and a deleted account,
 * an access review that survives restarts (every command is a new process) and exports every
 * decision, and a leaver's checklist that names the app where the account is still active.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SandboxServer } from '../../main/connectors/scim/sandbox/sandbox-server'
import type { AccessAccount, LeaverChecklist, UnmanagedAccount } from '../../main/model/access'
import {
  baseJob,
  describeResult,
  expectJson,
  NO_WRITES,
  type Person,
  person,
  type PlanJson,
  ScimAdmin,
  staff,
  startTarget,
  USER_SCHEMA,
  userCounts,
  Workspace,
  writeCounts,
} from '../helpers/provisioning-fixture'
import { accountId } from '../helpers/safety-fixture'

interface AccountRow {
  readonly sourceId: string
  readonly person: string | null
  readonly jobId: string | null
  readonly app: string | null
  readonly targetId: string | null
  readonly userName: string | null
  readonly state: string
  readonly linkedHow: string | null
  readonly lastChangeRunId: string | null
}

const SERVICE_ACCOUNT = {
  id: 'acc-svc-backup',
  schemas: [USER_SCHEMA],
  userName: 'svc-backup@example.com',
  displayName: 'Backup service',
  active: true,
}

function jobOn(id: string, target: SandboxServer, source: string, extra: Record<string, unknown> = {}) {
  const job = baseJob(target.baseUrl)
  return {
    ...job,
    id,
    name: id,
    source: { ...job.source, path: source },
    safety: { deletionThresholdPercent: 100 },
    ...extra,
  }
}

function jsonl<T>(result: Awaited<ReturnType<Workspace['cli']>>): T[] {
  if (result.code !== 0) throw new Error(describeResult('access', result))
  return result.stdout
    .split('\n')
    .filter(line => line !== '')
    .map(line => JSON.parse(line) as T)
}

const servers: SandboxServer[] = []
let estate: Awaited<ReturnType<typeof governedEstate>>

// One estate for the file (six applies): the tests read it, and the ones that change it run last.
beforeAll(async () => {
  estate = await governedEstate()
}, 120_000)

afterAll(async () => {
  await Promise.all(servers.map(server => server.close()))
  rmSync(estate.ws.dir, { recursive: true, force: true })
})

/** The three jobs applied once; then Margaret leaves, Katherine is rehired as 1099, the contractor goes. */
async function governedEstate() {
  const appA = await startTarget({ seedUsers: [SERVICE_ACCOUNT] })
  const appB = await startTarget()
  servers.push(appA, appB)
  const ws = new Workspace({ dir: mkdtempSync(join(tmpdir(), 'provisioner-access-')) })
  ws.writePeople(staff())
  ws.writePeople([person('2001', 'Carl', 'Contractor')], 'contractors.csv')
  ws.writeJob(jobOn('hr-a', appA, 'people.csv'), 'hr-a.json')
  // Margaret is a break-glass admin in app B: deprovisioning never touches her account there.
  ws.writeJob(
    jobOn('hr-b', appB, 'people.csv', {
      safety: { deletionThresholdPercent: 100, protectedAccounts: ['1005'] },
    }),
    'hr-b.json'
  )
  const contractors = jobOn('contractors-a', appA, 'contractors.csv')
  contractors.users = {
    ...contractors.users,
    deprovision: { whenRemoved: 'delete', whenOutOfScope: 'disable' },
  }
  ws.writeJob(contractors, 'contractors-a.json')
  const apply = async (job: string) =>
    expectJson<{ runId: string }>(await ws.cli(['apply', '--job', `${job}.json`, '--json']), 0).runId
  const created = {
    a: await apply('hr-a'),
    b: await apply('hr-b'),
    contractors: await apply('contractors-a'),
  }

  const katherine = staff()[3] as Person
  ws.writePeople([...staff().slice(0, 3), { ...katherine, employeeId: '1099' }])
  ws.writePeople([], 'contractors.csv')
  const changed = {
    a: await apply('hr-a'),
    b: await apply('hr-b'),
    contractors: await apply('contractors-a'),
  }
  return { appA, appB, ws, created, changed }
}

describe('the access map', () => {
  it('shows every person × job after creates, disables, relinks and a deleted account, and the unmanaged accounts per app', async () => {
    const { appA, appB, ws, created, changed } = estate
    appA.resetRequestCounts()
    appB.resetRequestCounts()
    const rows = jsonl<AccountRow>(await ws.cli(['access', '--format', 'jsonl']))
    const people = rows as unknown as Array<{
      sourceId: string
      accounts: AccessAccount[]
      inSourceOf: string[]
    }>
    const accountsOf = (sourceId: string) =>
      Object.fromEntries(
        (people.find(row => row.sourceId === sourceId)?.accounts ?? []).map(account => [
          account.jobId,
          account,
        ])
      )

    expect(accountsOf('1001')).toEqual({
      'hr-a': expect.objectContaining({
        targetId: accountId(appA, 'ada.lovelace@example.com'),
        userName: 'ada.lovelace@example.com',
        state: 'active',
        linkedHow: 'created',
        lastChangeRunId: created.a,
        lastChangeAction: 'create',
      }),
      'hr-b': expect.objectContaining({
        targetId: accountId(appB, 'ada.lovelace@example.com'),
        state: 'active',
        lastChangeRunId: created.b,
      }),
    })
    expect(accountsOf('1005')).toEqual({
      'hr-a': expect.objectContaining({
        state: 'disabled',
        lastChangeRunId: changed.a,
        lastChangeAction: 'disable',
      }),
      'hr-b': expect.objectContaining({ state: 'active', lastChangeRunId: created.b }),
    })
    expect(accountsOf('1099')['hr-a']).toMatchObject({
      targetId: accountId(appA, 'katherine.johnson@example.com'),
      state: 'active',
      linkedHow: 'relinked',
      relinkedFrom: '1004',
    })
    expect(accountsOf('1004')).toEqual({})
    expect(accountsOf('2001')).toEqual({
      'contractors-a': expect.objectContaining({ state: 'deleted', lastChangeRunId: changed.contractors }),
    })
    // Two jobs on app A: accounts either job manages are not unmanaged; the seeded service account is.
    const unmanaged = jsonl<UnmanagedAccount>(await ws.cli(['access', '--unmanaged', '--format', 'jsonl']))
    expect(unmanaged).toEqual([
      expect.objectContaining({
        app: appA.baseUrl.toLowerCase(),
        jobIds: ['contractors-a', 'hr-a'],
        targetId: 'acc-svc-backup',
        userName: 'svc-backup@example.com',
        state: 'active',
      }),
    ])
    // Reading the map never touched either app.
    expect(writeCounts(appA)).toEqual(NO_WRITES)
    expect(appA.requestCounts['GET'] ?? 0).toBe(0)
    expect(appB.requestCounts['GET'] ?? 0).toBe(0)
  })

  it('refuses an unknown --app and a bad --format, naming them', async () => {
    const { ws } = estate
    const unknown = await ws.cli(['access', '--app', 'nope'])
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain('no job "nope"')
    const format = await ws.cli(['access', '--format', 'xml'])
    expect(format.code).toBe(2)
    expect(format.stderr).toContain('--format must be table, csv or jsonl, not "xml"')
  })
})

describe('an access review', () => {
  it('is stored across processes, exports every decision, and its removes become a plan and a checklist', async () => {
    const { appA, ws } = estate
    const started = expectJson<{ id: string; counts: { total: number } }>(
      await ws.cli([
        'review',
        'start',
        '--app',
        'hr-a',
        '--app',
        'contractors-a',
        '--reviewer',
        'Auditor Alice',
        '--json',
      ]),
      0
    )
    // hr-a: 5 accounts (Margaret's disabled one included), the service account; the contractor's is deleted.
    expect(started.counts.total).toBe(6)
    const id = started.id
    const adaA = accountId(appA, 'ada.lovelace@example.com')
    const graceA = accountId(appA, 'grace.hopper@example.com')
    const marks = [
      ['--account', adaA, '--decision', 'keep', '--comment', 'Principal engineer'],
      ['--person', '1002', '--app', 'hr-a', '--decision', 'remove', '--comment', 'Moved to finance'],
      ['--account', 'acc-svc-backup', '--decision', 'remove', '--comment', 'Old backup tool'],
      ['--person', '1003', '--decision', 'investigate'],
    ]
    for (const mark of marks) {
      const result = await ws.cli(['review', 'mark', id, ...mark])
      expect(result.code, describeResult('mark', result)).toBe(0)
    }
    const unknownAccount = await ws.cli(['review', 'mark', id, '--account', 'nope', '--decision', 'keep'])
    expect(unknownAccount.code).toBe(2)
    expect(unknownAccount.stderr).toContain(`Review ${id} has no row for account nope`)

    const shown = expectJson<{ review: { counts: Record<string, number> } }>(
      await ws.cli(['review', 'show', id, '--json']),
      0
    )
    expect(shown.review.counts).toEqual({ total: 6, keep: 1, remove: 2, investigate: 1, undecided: 2 })

    const csv = (await ws.cli(['review', 'export', id, '--format', 'csv'])).stdout.trim().split('\n')
    expect(csv).toHaveLength(7)
    expect(csv).toContainEqual(expect.stringContaining(`"${adaA}","1001","yes","ada.lovelace@example.com"`))
    expect(csv.find(line => line.includes(graceA))).toMatch(/"remove","Moved to finance","20\d\d-/)
    expect(csv.find(line => line.includes('acc-svc-backup'))).toContain('"no","svc-backup@example.com"')
    expect(csv.find(line => line.includes('acc-svc-backup'))).toContain('"remove","Old backup tool"')
    expect(csv.find(line => line.includes('"1003"'))).toContain('"investigate"')

    const html = await ws.cli(['review', 'export', id, '--format', 'html', '--out', 'review.html'])
    expect(html.code).toBe(0)
    const report = readFileSync(ws.path('review.html'), 'utf8')
    expect(report).toContain('Auditor Alice')
    expect(report).toContain('6 accounts: 1 keep, 2 remove, 1 investigate, 2 undecided')
    expect(report).toContain('Moved to finance')
    expect(report.match(/<tr class=/g)).toHaveLength(6)

    const closed = expectJson<{ revocations: number; checklist: Array<{ targetId: string }> }>(
      await ws.cli(['review', 'close', id, '--json']),
      0
    )
    expect(closed.revocations).toBe(1)
    expect(closed.checklist.map(item => item.targetId)).toEqual(['acc-svc-backup'])
    const reopened = await ws.cli(['review', 'mark', id, '--account', adaA, '--decision', 'remove'])
    expect(reopened.code).toBe(2)
    expect(reopened.stderr).toContain('is closed')

    // Grace's removal goes through the normal dry run: a disable naming the review, nothing written.
    appA.resetRequestCounts()
    const plan = expectJson<PlanJson>(await ws.cli(['plan', '--job', 'hr-a.json', '--json']), 0)
    expect(plan.summary.users).toEqual(userCounts({ disable: 1, unchanged: 4 }))
    expect(plan.operations.find(operation => operation.action === 'disable')).toMatchObject({
      sourceId: '1002',
      targetId: graceA,
    })
    expect(writeCounts(appA)).toEqual(NO_WRITES)

    // Taken back: the next plan keeps Grace, and the review shows who withdrew it and why.
    const notRemoved = await ws.cli(['review', 'withdraw', id, '--person', '1003', '--app', 'hr-a'])
    expect(notRemoved.code).toBe(2)
    expect(notRemoved.stderr).toContain(`Review ${id} did not remove person 1003 in hr-a`)
    const withdrawn = await ws.cli([
      'review',
      'withdraw',
      id,
      '--person',
      '1002',
      '--app',
      'hr-a.json',
      '--by',
      'Auditor Alice',
      '--note',
      'Stays in engineering',
    ])
    expect(withdrawn.code, describeResult('withdraw', withdrawn)).toBe(0)
    const replanned = expectJson<PlanJson>(await ws.cli(['plan', '--job', 'hr-a.json', '--json']), 0)
    expect(replanned.summary.users).toEqual(userCounts({ unchanged: 5 }))
    const reread = expectJson<{ removals: Array<Record<string, unknown>> }>(
      await ws.cli(['review', 'show', id, '--json']),
      0
    )
    expect(reread.removals).toEqual([
      expect.objectContaining({
        jobId: 'hr-a',
        sourceId: '1002',
        status: 'withdrawn',
        withdrawnBy: 'Auditor Alice',
        note: 'Stays in engineering',
      }),
    ])
    const again = await ws.cli(['review', 'withdraw', id, '--person', '1002', '--app', 'hr-a'])
    expect(again.code).toBe(2)
    expect(again.stderr).toContain('already withdrawn')
    expect(writeCounts(appA)).toEqual(NO_WRITES)
  })
})

describe('the leaver checklist', () => {
  it('names the app where the leaver is still active and why, and when the other was disabled', async () => {
    const { appA, appB, ws, changed } = estate
    const lists = jsonl<LeaverChecklist>(await ws.cli(['access', '--leavers', '--format', 'jsonl']))
    const margaret = lists.find(list => list.sourceId === '1005')
    expect([...(margaret?.leftSourceOf ?? [])].sort()).toEqual(['hr-a', 'hr-b'])
    expect(margaret?.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          app: appA.baseUrl.toLowerCase(),
          jobId: 'hr-a',
          state: 'disabled',
          reason: null,
          runId: changed.a,
        }),
        expect.objectContaining({
          app: appB.baseUrl.toLowerCase(),
          jobId: 'hr-b',
          targetId: accountId(appB, 'margaret.hamilton@example.com'),
          state: 'active',
          reason: 'protected',
        }),
      ])
    )
    expect(lists.map(list => list.sourceId)).not.toContain('1001')
    const table = await ws.cli(['access', '--leavers', '--person', '1005'])
    expect(table.stdout).toContain('protected')
    expect(table.stdout).toContain('Protected account: deprovisioning never touches it')

    expect(margaret?.items.every(item => item.ticked === null)).toBe(true)

    // Closed by hand in app B and ticked off: a new process sees who and when.
    const closedItem = await ws.cli(['access', 'tick', '--person', '1005', '--app', 'hr-a', '--by', 'Bob'])
    expect(closedItem.code).toBe(2)
    expect(closedItem.stderr).toContain('already closed by Provisioner')
    const tick = await ws.cli([
      'access',
      'tick',
      '--person',
      '1005',
      '--app',
      'hr-b',
      '--by',
      'Bob',
      '--note',
      'Disabled in the console, ticket 42',
    ])
    expect(tick.code, describeResult('tick', tick)).toBe(0)
    expect(tick.stdout).toContain('0 open item(s) left')
    const after = jsonl<LeaverChecklist>(await ws.cli(['access', '--leavers', '--format', 'jsonl']))
    const ticked = after.find(list => list.sourceId === '1005')?.items.find(item => item.jobId === 'hr-b')
    expect(ticked?.ticked).toMatchObject({ by: 'Bob', note: 'Disabled in the console, ticket 42' })
    expect(Date.now() - Date.parse(ticked?.ticked?.at ?? '')).toBeLessThan(120_000)
    const marked = await ws.cli(['access', '--leavers', '--person', '1005'])
    expect(marked.stdout).toMatch(/protected.*Bob.*Disabled in the console, ticket 42/)
    const csv = await ws.cli(['access', '--leavers', '--format', 'csv'])
    expect(csv.stdout.split('\n')[0]).toContain('"tickedBy","tickedAt","tickNote"')

    const untick = await ws.cli(['access', 'untick', '--person', '1005', '--app', 'hr-b'])
    expect(untick.code).toBe(0)
    const cleared = jsonl<LeaverChecklist>(await ws.cli(['access', '--leavers', '--format', 'jsonl']))
    expect(cleared.find(list => list.sourceId === '1005')?.items.every(item => item.ticked === null)).toBe(
      true
    )
  })
})

// Last: it changes app B behind Provisioner's back.
describe('the access map, narrowed and refreshed', () => {
  it('narrows to a person (by email) and an app, exports CSV, and --refresh lists the apps read-only', async () => {
    const { appA, appB, ws } = estate
    const margaret = jsonl<{ sourceId: string; accounts: AccessAccount[] }>(
      await ws.cli([
        'access',
        '--person',
        'Margaret.Hamilton@example.com',
        '--app',
        'hr-b',
        '--format',
        'jsonl',
      ])
    )
    expect(margaret.map(row => [row.sourceId, row.accounts.map(account => account.jobId)])).toEqual([
      ['1005', ['hr-b']],
    ])

    const csv = await ws.cli(['access', '--app', 'hr-a.json', '--format', 'csv'])
    const lines = csv.stdout.trim().split('\n')
    expect(lines[0]).toBe(
      '"sourceId","person","jobId","app","targetId","userName","state","linkedHow","lastChangeAt","lastChangeRunId"'
    )
    expect(lines.filter(line => line.includes('"hr-a"'))).toHaveLength(5)

    // Someone disables Ada in app B by hand; a refresh (GETs only) shows it.
    const adaB = accountId(appB, 'ada.lovelace@example.com')
    await new ScimAdmin(appB).replace(adaB, 'active', false)
    appA.resetRequestCounts()
    appB.resetRequestCounts()
    const refreshed = await ws.cli(['access', '--refresh', '--person', '1001', '--format', 'jsonl'])
    expect(writeCounts(appA)).toEqual(NO_WRITES)
    expect(writeCounts(appB)).toEqual(NO_WRITES)
    expect(appB.requestCounts['GET']).toBeGreaterThan(0)
    const [ada] = jsonl<{ accounts: AccessAccount[] }>(refreshed)
    expect(ada?.accounts.find(account => account.jobId === 'hr-b')?.state).toBe('disabled')
    expect(ada?.accounts.find(account => account.jobId === 'hr-a')?.state).toBe('active')
  })
})
