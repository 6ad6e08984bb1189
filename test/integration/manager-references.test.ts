/**
 * Manager references through the CLI against the sandbox SCIM app: the enterprise `manager`
 * arrives as the manager's account id in the app (never the HR value), also when the manager is
 * created in the same run, saved plans and provision on demand included; a second run sends
 * nothing; a changed manager is replaced, a removed one removed; a manager who is not provisioned
 * is left out with a warning in the dry run and the log; a run killed between the creates and
 * the reference PATCHes is completed by the next run, without a duplicate account.
 */
import { stringify } from 'csv-stringify/sync'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SandboxServer } from '../../main/connectors/scim/sandbox/sandbox-server'
import { startCli } from '../helpers/killable-cli'
import {
  baseJob,
  ENTERPRISE,
  expectJson,
  type JobDocument,
  NO_WRITES,
  PEOPLE_HEADER,
  type Person,
  person,
  startTarget,
  userCounts,
  usersByName,
  Workspace,
  writeCounts,
} from '../helpers/provisioning-fixture'
import { type RecordedRequest, ScimTraffic } from '../helpers/scim-traffic'
import { journalOf, readState } from '../helpers/state-queries'

const TIMEOUT = 120_000
const MANAGER = `${ENTERPRISE}:manager`

type Row = Person & { readonly managerId: string; readonly managerMail: string; readonly type: string }

let server: SandboxServer
let traffic: ScimTraffic

beforeEach(async () => {
  traffic = new ScimTraffic()
  server = await startTarget({ middleware: traffic.middleware })
})

afterEach(async () => {
  await server.close()
})

function row(id: string, given: string, family: string, managerId = '', extra: Partial<Row> = {}): Row {
  const base = person(id, given, family)
  return { ...base, managerId, managerMail: '', type: 'employee', ...extra }
}

/** Ada and Alan report to Grace, who comes after them in the file; Katherine reports to Ada. */
const team = (): Row[] => [
  row('1001', 'Ada', 'Lovelace', '1002'),
  row('1003', 'Alan', 'Turing', '1002'),
  row('1004', 'Katherine', 'Johnson', '1001'),
  row('1002', 'Grace', 'Hopper'),
]

function writeRows(ws: Workspace, rows: ReadonlyArray<Row>): void {
  const header = [...PEOPLE_HEADER, 'managerId', 'managerMail', 'type'] as const
  ws.writeText(
    'people.csv',
    stringify([[...header], ...rows.map(entry => header.map(column => entry[column]))])
  )
}

function managerJob(mapping: Record<string, unknown> = {}): JobDocument {
  const job = baseJob(server.baseUrl)
  job.users.mappings.push({ target: MANAGER, expression: '[managerId]', ...mapping })
  return job
}

function workspace(rows: ReadonlyArray<Row>, job: JobDocument = managerJob()): Workspace {
  const ws = new Workspace()
  writeRows(ws, rows)
  ws.writeJob(job)
  return ws
}

function idOf(given: string): string {
  const user = usersByName(server).get(`${given.toLowerCase()}.${surnameOf(given)}@example.com`)
  if (user === undefined) throw new Error(`no account for ${given}`)
  return String(user['id'])
}

const SURNAMES: Record<string, string> = {
  Ada: 'lovelace',
  Alan: 'turing',
  Katherine: 'johnson',
  Grace: 'hopper',
  Margaret: 'hamilton',
}
const surnameOf = (given: string): string => SURNAMES[given] ?? 'x'

/** The manager id each account holds in the app, by given name. */
function managers(): Record<string, unknown> {
  const result: Record<string, unknown> = {}
  for (const user of server.store.listUsers()) {
    const name = (user['name'] as { givenName?: string } | undefined)?.givenName ?? '?'
    result[name] = (user[ENTERPRISE] as { manager?: { value?: unknown } } | undefined)?.manager?.value ?? null
  }
  return result
}

/** Manager values any request sent (create bodies and PATCH values), to check none is an HR id. */
function sentManagerValues(requests: ReadonlyArray<RecordedRequest>): unknown[] {
  const values: unknown[] = []
  for (const request of requests) {
    const body = request.body as Record<string, unknown> | undefined
    const created = (body?.[ENTERPRISE] as { manager?: { value?: unknown } } | undefined)?.manager
    if (created !== undefined) values.push(created.value)
    const operations = (body?.['Operations'] ?? []) as Array<{ path?: string; value?: unknown }>
    for (const operation of operations) {
      if (operation.path?.startsWith(MANAGER) === true) {
        values.push((operation.value as { value?: unknown } | undefined)?.value ?? operation.value)
      }
    }
  }
  return values
}

interface ChangeJson {
  readonly path: string
  readonly from: unknown
  readonly to: unknown
}
interface PlanWithWarnings {
  readonly operations: ReadonlyArray<{
    readonly sourceId: string
    readonly action: string
    readonly changes: ChangeJson[]
  }>
  readonly warnings: ReadonlyArray<{
    readonly sourceId: string
    readonly display: string
    readonly message: string
  }>
}

describe('manager references', () => {
  it(
    'sends the manager’s account id, also for a manager created in the same run; a second run sends nothing',
    async () => {
      const ws = workspace(team())

      const plan = (await ws.plan()) as unknown as PlanWithWarnings
      const adaPlan = plan.operations.find(operation => operation.sourceId === '1001')
      expect(adaPlan?.changes).toContainEqual({
        path: MANAGER,
        from: null,
        to: { value: null, displayName: 'Grace Hopper', sourceId: '1002' },
      })
      expect(plan.warnings).toEqual([])

      traffic.phase = 'first'
      const first = await ws.apply()
      expect(first.status).toBe('completed')
      expect(first.summary.users).toEqual(userCounts({ create: 4 }))
      expect(managers()).toEqual({
        Ada: idOf('Grace'),
        Alan: idOf('Grace'),
        Katherine: idOf('Ada'),
        Grace: null,
      })
      // Never an HR id: every manager value sent is an account id of the app.
      const accountIds = new Set(server.store.listUsers().map(user => String(user['id'])))
      const sent = sentManagerValues(traffic.writes('first'))
      expect(sent.length).toBeGreaterThanOrEqual(3)
      expect(sent.filter(value => !accountIds.has(String(value)))).toEqual([])
      // The reference PATCHes are logged as updates naming the manager.
      const logs = await ws.logs(['--run', first.runId])
      const adaUpdate = logs.find(entry => entry.sourceId === '1001' && entry.action === 'update')
      expect(adaUpdate?.modified).toEqual([
        {
          path: MANAGER,
          from: null,
          to: { value: idOf('Grace'), displayName: 'Grace Hopper', sourceId: '1002' },
        },
      ])

      server.resetRequestCounts()
      const second = await ws.apply()
      expect(second.summary.users).toEqual(userCounts({ unchanged: 4 }))
      expect(writeCounts(server)).toEqual(NO_WRITES)
    },
    TIMEOUT
  )

  it(
    'replaces a changed manager, removes a removed one, and shows them by name and id',
    async () => {
      const ws = workspace(team())
      await ws.apply()
      const [ada, alan, katherine, grace] = team() as [Row, Row, Row, Row]
      writeRows(ws, [ada, { ...alan, managerId: '1001' }, { ...katherine, managerId: '' }, grace])

      const text = await ws.cli(['plan', '--job', 'job.json'])
      // By name and id (shortened to the column), not a bare id.
      const shown = (name: string, given: string) => `${name} \\(${idOf(given).slice(0, 8)}[^)]*`
      expect(text.stdout).toMatch(
        new RegExp(`alan.*manager: ${shown('Grace Hopper', 'Grace')} → ${shown('Ada Lovelace', 'Ada')}`)
      )
      traffic.phase = 'changes'
      const applied = await ws.apply()
      expect(applied.summary.users).toEqual(userCounts({ update: 2, unchanged: 2 }))
      const patches = traffic.select('PATCH', /\/Users\//, 'changes').map(request => request.body)
      expect(patches).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            Operations: [{ op: 'replace', path: MANAGER, value: { value: idOf('Ada') } }],
          }),
          expect.objectContaining({ Operations: [{ op: 'remove', path: MANAGER }] }),
        ])
      )
      expect(managers()).toMatchObject({ Alan: idOf('Ada'), Katherine: null })
    },
    TIMEOUT
  )

  it(
    'resolves by another column with "reference": { "by": "mail" }',
    async () => {
      const rows = team().map(entry =>
        entry.managerId === ''
          ? entry
          : {
              ...entry,
              managerId: '',
              managerMail:
                entry.managerId === '1002' ? 'GRACE.HOPPER@example.com' : 'ada.lovelace@example.com',
            }
      )
      const ws = workspace(rows, managerJob({ expression: '[managerMail]', reference: { by: 'mail' } }))
      await ws.apply()
      expect(managers()).toEqual({
        Ada: idOf('Grace'),
        Alan: idOf('Grace'),
        Katherine: idOf('Ada'),
        Grace: null,
      })
    },
    TIMEOUT
  )

  it(
    'leaves out a manager who is out of scope, with a warning in the dry run and the log',
    async () => {
      const job = managerJob()
      job.users['scoping'] = [
        { title: 'Employees', clauses: [{ attribute: 'type', operator: 'EQUALS', value: 'employee' }] },
      ]
      const rows = [
        ...team(),
        row('1005', 'Margaret', 'Hamilton', '1006'),
        row('1006', 'Con', 'Tractor', '', { type: 'contractor' }),
      ]
      const ws = workspace(rows, job)

      const plan = (await ws.plan()) as unknown as PlanWithWarnings
      expect(plan.warnings).toEqual([
        {
          objectType: 'user',
          sourceId: '1005',
          display: 'margaret.hamilton@example.com',
          message: expect.stringMatching(/^manager not set: Con Tractor \(1006\) is out of scope \(/),
        },
      ])
      const text = await ws.cli(['plan', '--job', 'job.json'])
      expect(text.stdout).toMatch(
        /Warnings:\n {2}! margaret\.hamilton@example\.com \(1005\): manager not set: Con Tractor/
      )

      const applied = await ws.apply()
      expect(applied.status).toBe('completed')
      expect(managers()).toMatchObject({ Margaret: null })
      const logs = await ws.logs(['--run', applied.runId])
      const margaret = logs.find(log => log.sourceId === '1005')
      expect(margaret).toMatchObject({ action: 'create', status: 'warning' })
      expect(margaret?.steps.find(step => step.status === 'warning')).toMatchObject({
        type: 'processing',
        status: 'warning',
        description: expect.stringMatching(/^manager not set: Con Tractor \(1006\) is out of scope/),
      })
    },
    TIMEOUT
  )

  it(
    'applies a saved plan whose manager is created in the same run',
    async () => {
      const ws = workspace(team())
      expectJson(await ws.cli(['plan', '--job', 'job.json', '--json', '--out', 'plan.json']), 0)
      const applied = expectJson<{ status: string; summary: unknown; failures: unknown[] }>(
        await ws.cli(['apply', '--job', 'job.json', '--plan', 'plan.json', '--yes', '--json']),
        0
      )
      expect(applied.failures).toEqual([])
      expect(applied.summary).toMatchObject({ users: userCounts({ create: 4 }) })
      expect(managers()).toEqual({
        Ada: idOf('Grace'),
        Alan: idOf('Grace'),
        Katherine: idOf('Ada'),
        Grace: null,
      })
    },
    TIMEOUT
  )

  it(
    'provision on demand resolves a manager already linked, and leaves out one who is not',
    async () => {
      const ws = workspace([row('1002', 'Grace', 'Hopper')])
      await ws.apply()
      writeRows(ws, [...team(), row('1005', 'Margaret', 'Hamilton', '1003')])

      const ada = expectJson<{ status: string }>(
        await ws.cli(['apply', '--job', 'job.json', '--only', '1001', '--json']),
        0
      )
      expect(ada.status).toBe('completed')
      expect(managers()).toMatchObject({ Ada: idOf('Grace') })

      const margaret = await ws.cli(['apply', '--job', 'job.json', '--only', '1005', '--explain'])
      expect(margaret.code).toBe(0)
      expect(margaret.stdout).toContain('manager not set: Alan Turing (1003) has no account in the app yet')
      expect(managers()).toMatchObject({ Margaret: null })
    },
    TIMEOUT
  )
})

describe('undo', () => {
  it(
    'undoes a run that created reports and their manager: every account it created is deleted',
    async () => {
      const ws = workspace(team())
      const first = await ws.apply()
      expect(server.store.listUsers()).toHaveLength(4)

      traffic.phase = 'undo'
      const undo = expectJson<{ status: string; failures: unknown[]; summary: { users: unknown } }>(
        await ws.cli(['undo', first.runId, '--job', 'job.json', '--yes', '--json']),
        0
      )
      expect(undo.failures).toEqual([])
      expect(undo.status).toBe('completed')
      expect(undo.summary.users).toMatchObject({ delete: 4 })
      expect(server.store.listUsers()).toEqual([])
      // The reference PATCHes are moot once their account is deleted: nothing is sent for them.
      expect(traffic.select('PATCH', /\/Users\//, 'undo')).toEqual([])
    },
    TIMEOUT
  )
})

describe('a run killed between the creates and the reference PATCHes', () => {
  const REPORTS = 30

  /** 30 people reporting to the boss, who is last in the file. */
  function company(): Row[] {
    const reports = Array.from({ length: REPORTS }, (_, index) => {
      const n = String(index + 1).padStart(3, '0')
      return row(`E${n}`, `Person${n}`, 'Report', 'B001')
    })
    return [...reports, row('B001', 'Boss', 'Person')]
  }

  async function killedAt(ws: Workspace, method: 'POST' | 'PATCH', n: number): Promise<string> {
    traffic.phase = 'killed'
    traffic.latency = { min: 20, max: 50 }
    let seen = 0
    const cli = startCli(ws, ['apply', '--job', 'job.json', '--json'])
    traffic.onRequest = request => {
      if (request.method === method && /\/Users/.test(request.path) && ++seen === n) cli.kill()
    }
    const result = await cli.finished
    traffic.onRequest = null
    expect(result.signal, `${result.stdout}${result.stderr}`).toBe('SIGKILL')
    await traffic.settled('killed')
    const [running] = readState<{ id: string }>(ws, "SELECT id FROM runs WHERE status = 'running'")
    return (running as { id: string }).id
  }

  async function expectCompleted(ws: Workspace): Promise<void> {
    traffic.phase = 'rerun'
    const rerun = await ws.apply()
    expect(rerun.status).toBe('completed')
    expect(traffic.userCreates('rerun')).toEqual([])
    // One account per person, every report pointing at the boss's account.
    const users = server.store.listUsers()
    expect(users).toHaveLength(REPORTS + 1)
    const boss = users.find(user => user['userName'] === 'boss.person@example.com')
    const managersOf = users
      .filter(user => user !== boss)
      .map(user => (user[ENTERPRISE] as { manager?: { value?: unknown } } | undefined)?.manager?.value)
    expect(new Set(managersOf)).toEqual(new Set([boss?.['id']]))
    expect(sentManagerValues(traffic.requests).filter(value => value !== boss?.['id'])).toEqual([])

    traffic.phase = 'third'
    const third = await ws.apply()
    expect(third.summary.users).toEqual(userCounts({ unchanged: REPORTS + 1 }))
    expect(traffic.writes('third')).toEqual([])
  }

  it(
    'killed at the last create, before any reference PATCH: the next run sets every manager',
    async () => {
      const ws = workspace(company())
      const killed = await killedAt(ws, 'POST', REPORTS + 1)
      expect(traffic.select('PATCH', /\/Users\//, 'killed')).toEqual([])
      expect(server.store.listUsers()).toHaveLength(REPORTS + 1)

      await expectCompleted(ws)
      expect(traffic.userPatches('rerun')).toHaveLength(REPORTS)
      expect(journalOf(ws, killed).filter(entry => entry.state === 'pending')).toEqual([])
    },
    TIMEOUT
  )

  it(
    'killed at the first reference PATCH: the next run settles it and sends only what is missing',
    async () => {
      const ws = workspace(company())
      const killed = await killedAt(ws, 'PATCH', 1)
      const patchedAtKill = new Set(traffic.userPatches('killed'))
      expect(patchedAtKill.size).toBeGreaterThan(0)

      await expectCompleted(ws)
      // Nothing is sent twice: a reference the killed run set is not set again.
      expect(traffic.userPatches('rerun').filter(id => patchedAtKill.has(id))).toEqual([])
      expect(journalOf(ws, killed).filter(entry => entry.state === 'pending')).toEqual([])
    },
    TIMEOUT
  )
})
