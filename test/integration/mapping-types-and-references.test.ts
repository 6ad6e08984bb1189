/**
 * Through the CLI against the sandbox SCIM app: a None mapping (Entra's mapping type None) gives
 * new accounts its default and never touches an existing account's value; a reference attribute
 * beyond the manager (the sandbox's own `sponsor`, marked `"reference": {}`) arrives as the
 * sponsor's account id, also when the sponsor is created in the same run, and is replaced and
 * removed as the source changes.
 */
import { stringify } from 'csv-stringify/sync'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { SANDBOX_EXTENSION_SCHEMA } from '../../main/connectors/scim/sandbox/sandbox-extension'
import type { SandboxServer } from '../../main/connectors/scim/sandbox/sandbox-server'
import {
  baseJob,
  type JobDocument,
  PEOPLE_HEADER,
  type Person,
  person,
  ScimAdmin,
  startTarget,
  userCounts,
  usersByName,
  Workspace,
} from '../helpers/provisioning-fixture'
import { ScimTraffic } from '../helpers/scim-traffic'

const TIMEOUT = 120_000
const SPONSOR = `${SANDBOX_EXTENSION_SCHEMA}:sponsor`

type Row = Person & { readonly sponsorId: string }

let server: SandboxServer
let traffic: ScimTraffic

beforeEach(async () => {
  traffic = new ScimTraffic()
  server = await startTarget({ middleware: traffic.middleware })
})

afterEach(async () => {
  await server.close()
})

function workspace(job: JobDocument): Workspace {
  const ws = new Workspace()
  ws.writeJob(job)
  return ws
}

function writeRows(ws: Workspace, rows: ReadonlyArray<Row>): void {
  const header = [...PEOPLE_HEADER, 'sponsorId'] as const
  ws.writeText(
    'people.csv',
    stringify([[...header], ...rows.map(entry => header.map(column => entry[column]))])
  )
}

const row = (id: string, given: string, family: string, sponsorId = '', title = 'Engineer'): Row => ({
  ...person(id, given, family, { title }),
  sponsorId,
})

function account(mail: string): Readonly<Record<string, unknown>> {
  const found = usersByName(server).get(mail)
  if (found === undefined) throw new Error(`no account for ${mail}`)
  return found
}

const sponsorOf = (mail: string): unknown =>
  (account(mail)[SANDBOX_EXTENSION_SCHEMA] as { sponsor?: { value?: unknown } } | undefined)?.sponsor
    ?.value ?? null

/** The sponsor values a phase's writes sent (create bodies and PATCH values). */
function sentSponsors(phase: string): unknown[] {
  return traffic.writes(phase).flatMap(request => {
    const body = request.body as Record<string, unknown>
    const created = (body[SANDBOX_EXTENSION_SCHEMA] as { sponsor?: { value?: unknown } } | undefined)?.sponsor
    const operations = (body['Operations'] ?? []) as Array<{ path?: string; value?: { value?: unknown } }>
    return [
      ...(created === undefined ? [] : [created.value]),
      ...operations.filter(operation => operation.path === SPONSOR).map(operation => operation.value?.value),
    ]
  })
}

describe('None mappings through the CLI', () => {
  it(
    'gives new accounts the default, and leaves existing accounts’ values alone on every later run',
    async () => {
      const job = baseJob(server.baseUrl)
      job.users.mappings.push({ target: 'preferredLanguage', type: 'none', default: 'en-US' })
      const ws = workspace(job)
      const ada = person('1001', 'Ada', 'Lovelace')
      const alan = person('1002', 'Alan', 'Turing')
      ws.writePeople([ada, alan])

      const plan = await ws.plan()
      expect(plan.operations.find(operation => operation.sourceId === '1001')?.changes).toContainEqual({
        path: 'preferredLanguage',
        from: null,
        to: 'en-US',
        note: 'None mapping: the default for new accounts',
      })
      const first = await ws.apply()
      expect(first.summary.users).toEqual(userCounts({ create: 2 }))
      expect(account('ada.lovelace@example.com')['preferredLanguage']).toBe('en-US')

      // The app's admin (or the person) changes Ada's language; Alan's is cleared.
      const admin = new ScimAdmin(server)
      await admin.replace(String(account('ada.lovelace@example.com')['id']), 'preferredLanguage', 'fr-FR')
      await admin.call('PATCH', `/Users/${String(account('alan.turing@example.com')['id'])}`, {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'remove', path: 'preferredLanguage' }],
      })
      // HR changes Ada's title (an update) and hires Grace (a create).
      ws.writePeople([{ ...ada, title: 'Countess' }, alan, person('1003', 'Grace', 'Hopper')])
      traffic.phase = 'second'
      const second = await ws.apply()
      expect(second.summary.users).toEqual(userCounts({ create: 1, update: 1, unchanged: 1 }))
      expect(account('ada.lovelace@example.com')).toMatchObject({
        title: 'Countess',
        preferredLanguage: 'fr-FR',
      })
      expect(account('alan.turing@example.com')['preferredLanguage']).toBeUndefined()
      expect(account('grace.hopper@example.com')['preferredLanguage']).toBe('en-US')
      // Only Grace's create carried it.
      const carrying = traffic
        .writes('second')
        .filter(request => JSON.stringify(request.body).includes('en-US'))
      expect(carrying.map(request => request.method)).toEqual(['POST'])
    },
    TIMEOUT
  )

  it('refuses a None mapping on a matching attribute, naming the mapping, and writes nothing', async () => {
    const job = baseJob(server.baseUrl)
    job.users.mappings.push({ target: 'nickName', type: 'none', default: 'x', matchingPrecedence: 3 })
    const ws = workspace(job)
    ws.writePeople([person('1001', 'Ada', 'Lovelace')])
    const result = await ws.cli(['plan', '--job', 'job.json'])
    expect(result.code).not.toBe(0)
    expect(result.stderr).toMatch(
      /job\.json:\d+:\d+: users\.mappings\[9\]\.matchingPrecedence: nickName is a None mapping .*: it cannot match accounts/
    )
    expect(server.store.listUsers()).toEqual([])
  })
})

describe('a reference attribute beyond the manager through the CLI', () => {
  it(
    'sends the sponsor’s account id (created in the same run), then replaces and removes it',
    async () => {
      const job = baseJob(server.baseUrl)
      job.users.mappings.push({ target: SPONSOR, expression: '[sponsorId]', reference: {} })
      const ws = workspace(job)
      // Ada's sponsor Grace comes after her in the file: both are created by the first run.
      writeRows(ws, [
        row('1001', 'Ada', 'Lovelace', '1003'),
        row('1002', 'Alan', 'Turing'),
        row('1003', 'Grace', 'Hopper'),
      ])

      traffic.phase = 'first'
      const first = await ws.apply()
      expect(first.summary.users).toEqual(userCounts({ create: 3 }))
      const graceId = account('grace.hopper@example.com')['id']
      expect(sponsorOf('ada.lovelace@example.com')).toBe(graceId)
      // Sent once Grace's account existed, as its id: never the HR id.
      expect(sentSponsors('first')).toEqual([graceId])

      writeRows(ws, [
        row('1001', 'Ada', 'Lovelace', '1002'),
        row('1002', 'Alan', 'Turing'),
        row('1003', 'Grace', 'Hopper'),
      ])
      const plan = await ws.plan()
      expect(plan.operations.find(operation => operation.sourceId === '1001')?.changes).toEqual([
        {
          path: SPONSOR,
          from: { value: graceId, displayName: 'Grace Hopper' },
          to: {
            value: account('alan.turing@example.com')['id'],
            displayName: 'Alan Turing',
            sourceId: '1002',
          },
        },
      ])
      const changed = await ws.apply()
      expect(changed.summary.users).toEqual(userCounts({ update: 1, unchanged: 2 }))
      expect(sponsorOf('ada.lovelace@example.com')).toBe(account('alan.turing@example.com')['id'])

      writeRows(ws, [
        row('1001', 'Ada', 'Lovelace'),
        row('1002', 'Alan', 'Turing'),
        row('1003', 'Grace', 'Hopper'),
      ])
      traffic.phase = 'removed'
      const removed = await ws.apply()
      expect(removed.summary.users).toEqual(userCounts({ update: 1, unchanged: 2 }))
      expect(sponsorOf('ada.lovelace@example.com')).toBeNull()
      expect(traffic.writes('removed').map(request => request.body)).toEqual([
        expect.objectContaining({ Operations: [{ op: 'remove', path: SPONSOR }] }),
      ])
    },
    TIMEOUT
  )
})

describe('probe: reference attributes against the app’s /Schemas', () => {
  interface ProbeJson {
    readonly checks: ReadonlyArray<{
      readonly name: string
      readonly status: string
      readonly detail: string
    }>
  }
  const referenceCheck = async (ws: Workspace) => {
    const run = await ws.cli(['probe', '--job', 'job.json', '--json'])
    return (JSON.parse(run.stdout) as ProbeJson).checks.find(check => check.name === 'Reference attributes')
  }

  it('lists the app’s reference attributes and warns for a sponsor mapped without "reference"', async () => {
    const job = baseJob(server.baseUrl)
    job.users.mappings.push({ target: SPONSOR, expression: '[sponsorId]' })
    const ws = workspace(job)
    const warned = await referenceCheck(ws)
    expect(warned?.status).toBe('warning')
    expect(warned?.detail).toContain(
      `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager, ${SPONSOR}`
    )
    expect(warned?.detail).toContain(`${SPONSOR} names another user in the app's schema: add "reference": {}`)

    job.users.mappings[job.users.mappings.length - 1] = {
      target: SPONSOR,
      expression: '[sponsorId]',
      reference: {},
    }
    ws.writeJob(job)
    expect(await referenceCheck(ws)).toMatchObject({ status: 'ok' })
    // Read-only: the probe wrote nothing.
    expect(server.store.listUsers()).toEqual([])
  })
})
