/**
 * `apply --only SOURCE_ID [--explain] [--json]`: Entra's "provision on demand" (reference §H) for
 * one person — import, scoping, matching, action — touching nobody else, logged as an
 * `on-demand` run.
 */
import { stringify } from 'csv-stringify/sync'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SandboxServer } from '../../main/connectors/scim/sandbox/sandbox-server'
import type { ProvisioningStep } from '../../main/model/log-entry'
import {
  baseJob,
  describeResult,
  expectJson,
  type OperationJson,
  PEOPLE_HEADER,
  type Person,
  person,
  staff,
  startTarget,
  usersByName,
  Workspace,
} from '../helpers/provisioning-fixture'
import { ScimTraffic } from '../helpers/scim-traffic'
import { logsOf, runsOf } from '../helpers/state-queries'

const TIMEOUT = 120_000

interface OnDemandJson {
  readonly runId: string
  readonly status: string
  readonly operation: OperationJson
  readonly steps: ReadonlyArray<ProvisioningStep>
  readonly failures: ReadonlyArray<unknown>
}

type Row = Person & { readonly type: string }

let server: SandboxServer
let traffic: ScimTraffic

beforeEach(async () => {
  traffic = new ScimTraffic()
  server = await startTarget({ middleware: traffic.middleware })
})

afterEach(async () => {
  await server.close()
})

function writeRows(ws: Workspace, rows: ReadonlyArray<Row>): void {
  const header = [...PEOPLE_HEADER, 'type'] as const
  ws.writeText('people.csv', stringify([[...header], ...rows.map(row => header.map(column => row[column]))]))
}

const employees = (): Row[] => staff().map(row => ({ ...row, type: 'employee' }))

/**
 * The five staff provisioned by a full run; then the CSV gains two new employees and a
 * contractor (out of scope), and two titles change.
 */
async function provisioned(): Promise<{ ws: Workspace; rows: Row[] }> {
  const ws = new Workspace()
  writeRows(ws, employees())
  const job = baseJob(server.baseUrl)
  job.users['scoping'] = [
    { title: 'Employees', clauses: [{ attribute: 'type', operator: 'EQUALS', value: 'employee' }] },
  ]
  ws.writeJob(job)
  traffic.phase = 'setup'
  const first = await ws.apply()
  expect(first.summary.users.create).toBe(5)
  const rows: Row[] = [
    ...employees().map(row =>
      row.employeeId === '1001'
        ? { ...row, title: 'Chief Engineer' }
        : row.employeeId === '1002'
          ? { ...row, title: 'Admiral' }
          : row
    ),
    { ...person('1006', 'Linus', 'Torvalds'), type: 'employee' },
    { ...person('1007', 'Barbara', 'Liskov'), type: 'employee' },
    { ...person('1008', 'Ken', 'Contractor'), type: 'contractor' },
  ]
  writeRows(ws, rows)
  return { ws, rows }
}

/** The server's accounts, without `meta`, by userName. */
function accounts(): Map<string, Record<string, unknown>> {
  return new Map(
    [...usersByName(server)].map(([name, user]) => {
      const { meta: _meta, ...rest } = user
      return [name, rest]
    })
  )
}

describe('provision on demand', () => {
  it(
    'creates just the new person and explains each step',
    async () => {
      const { ws } = await provisioned()
      const before = accounts()
      traffic.phase = 'only'

      const result = await ws.cli(['apply', '--job', 'job.json', '--only', '1006', '--explain'])

      expect(result.code, describeResult('apply --only', result)).toBe(0)
      expect(traffic.writes('only').map(request => `${request.method} ${request.path}`)).toEqual([
        'POST /scim/v2/Users',
      ])
      expect(traffic.userCreates('only')).toEqual(['linus.torvalds@example.com'])
      // Nobody else changed: not the other new employee, not the edited titles.
      const after = accounts()
      expect(after.size).toBe(6)
      for (const [name, account] of before) expect(after.get(name)).toEqual(account)
      expect(after.has('barbara.liskov@example.com')).toBe(false)
      const linus = after.get('linus.torvalds@example.com')
      expect(linus).toMatchObject({ title: 'Engineer', active: true, externalId: '1006' })

      const out = result.stdout
      expect(out).toContain('Provision on demand: linus.torvalds@example.com (source id 1006)')
      const stepLines = out.split('\n').filter(line => /^\d+\. /.test(line))
      expect(stepLines).toEqual([
        '1. Import user: success',
        '2. Determine if user is in scope: success',
        '3. Match user between source and target: success',
        '4. Decide the action: success',
        '5. Perform action: success',
      ])
      expect(out).toContain('In scope by filter "Employees"')
      expect(out).toContain('No matching account in the target')
      expect(out).toContain(`Created account ${String(linus?.['id'])}`)
      // --explain: the imported attributes and each matching attribute tried.
      expect(out).toMatch(/^\s+givenName: "?Linus"?$/m)
      expect(out).toMatch(/^\s+1\. userName: "linus\.torvalds@example\.com": no account$/m)
      expect(out).toMatch(/^\s+2\. externalId: "1006": no account$/m)
      expect(out).toContain('Modified properties:')

      const runs = runsOf(ws).filter(run => run.mode === 'on-demand')
      expect(runs).toHaveLength(1)
      const runId = (runs[0] as { id: string }).id
      expect(out).toContain(runId)
      const status = expectJson<{ runs: Array<{ id: string; mode: string; status: string }> }>(
        await ws.cli(['status', '--job', 'job.json', '--json']),
        0
      )
      expect(status.runs).toContainEqual(
        expect.objectContaining({ id: runId, mode: 'on-demand', status: 'completed' })
      )
      const log = logsOf(ws, runId)
      expect(log.map(entry => [entry.action, entry.status, entry.sourceId, entry.targetId])).toEqual([
        ['create', 'success', '1006', String(linus?.['id'])],
      ])

      // Linked: a full plan now finds Linus unchanged and only the rest to do.
      traffic.phase = 'plan'
      const plan = await ws.plan()
      expect(plan.summary.users).toMatchObject({ create: 1, update: 2, skipped: 1 })
      expect(plan.operations.find(operation => operation.sourceId === '1006')).toBeUndefined()
    },
    TIMEOUT
  )

  it(
    'does nothing for a person out of scope and names the filter clause that failed',
    async () => {
      const { ws } = await provisioned()
      traffic.phase = 'only'

      const result = await ws.cli(['apply', '--job', 'job.json', '--only', '1008', '--explain'])

      expect(result.code, describeResult('apply --only', result)).toBe(0)
      expect(traffic.writes('only')).toEqual([])
      expect(usersByName(server).has('ken.contractor@example.com')).toBe(false)
      expect(result.stdout).toContain('2. Determine if user is in scope: skipped')
      expect(result.stdout).toContain('Out of scope: filter "Employees": type EQUALS "employee" is false')
      expect(result.stdout).not.toContain('Perform action')
      const [run] = runsOf(ws).filter(row => row.mode === 'on-demand')
      expect(logsOf(ws, run?.id ?? '').map(entry => [entry.action, entry.status, entry.sourceId])).toEqual([
        ['skip', 'skipped', '1008'],
      ])
    },
    TIMEOUT
  )

  it(
    'updates only the changed title of a linked person (JSON output with the steps)',
    async () => {
      const { ws } = await provisioned()
      const adaId = String(usersByName(server).get('ada.lovelace@example.com')?.['id'])
      const graceBefore = accounts().get('grace.hopper@example.com')
      traffic.phase = 'only'

      const outcome = expectJson<OnDemandJson>(
        await ws.cli(['apply', '--job', 'job.json', '--only', '1001', '--json']),
        0
      )

      expect(outcome.status).toBe('completed')
      expect(outcome.operation).toMatchObject({
        action: 'update',
        sourceId: '1001',
        targetId: adaId,
        changes: [{ path: 'title', from: 'Principal Engineer', to: 'Chief Engineer' }],
      })
      expect(outcome.steps.map(step => step.type)).toEqual([
        'import',
        'scoping',
        'matching',
        'processing',
        'export',
      ])
      expect(outcome.steps.find(step => step.type === 'matching')?.description).toContain(adaId)
      expect(traffic.writes('only').map(request => [request.method, request.path, request.body])).toEqual([
        [
          'PATCH',
          `/scim/v2/Users/${adaId}`,
          expect.objectContaining({
            Operations: [{ op: 'replace', path: 'title', value: 'Chief Engineer' }],
          }),
        ],
      ])
      expect(server.store.getUser(adaId)?.['title']).toBe('Chief Engineer')
      expect(accounts().get('grace.hopper@example.com')).toEqual(graceBefore)
      expect(logsOf(ws, outcome.runId).map(entry => [entry.action, entry.status, entry.targetId])).toEqual([
        ['update', 'success', adaId],
      ])
    },
    TIMEOUT
  )

  it(
    'disables a linked person who left an authoritative source',
    async () => {
      const { ws, rows } = await provisioned()
      writeRows(
        ws,
        rows.filter(row => row.employeeId !== '1005')
      )
      const margaretId = String(usersByName(server).get('margaret.hamilton@example.com')?.['id'])
      traffic.phase = 'only'

      const outcome = expectJson<OnDemandJson>(
        await ws.cli(['apply', '--job', 'job.json', '--only', '1005', '--json']),
        0
      )

      expect(outcome.operation).toMatchObject({ action: 'disable', targetId: margaretId })
      expect(traffic.writes('only').map(request => `${request.method} ${request.path}`)).toEqual([
        `PATCH /scim/v2/Users/${margaretId}`,
      ])
      expect(server.store.getUser(margaretId)?.['active']).toBe(false)
      expect(server.store.userCount()).toBe(5)
    },
    TIMEOUT
  )

  it(
    'refuses an id nobody has with exit 2 and writes nothing',
    async () => {
      const { ws } = await provisioned()
      const runsBefore = runsOf(ws).length
      traffic.phase = 'only'

      const result = await ws.cli(['apply', '--job', 'job.json', '--only', '9999', '--explain'])

      expect(result.code, describeResult('apply --only 9999', result)).toBe(2)
      expect(result.stderr).toContain('No person with id "9999"')
      expect(traffic.writes('only')).toEqual([])
      expect(runsOf(ws)).toHaveLength(runsBefore)

      const json = await ws.cli(['apply', '--job', 'job.json', '--only', '9999', '--json'])
      expect(json.code).toBe(2)
      expect(traffic.writes('only')).toEqual([])
    },
    TIMEOUT
  )
})
