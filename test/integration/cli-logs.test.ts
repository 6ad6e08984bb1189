/**
 * The provisioning log as admins export it: one entry per object per run with Entra's fields,
 * as JSON Lines or CSV, filtered by run, status, action and identity.
 *
 * The runs are made once for the file (two applies against a target that fails one create);
 * the tests only read the log.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import type { RequestHandler } from 'express'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SandboxServer } from '../../main/connectors/scim/sandbox/sandbox-server'
import type { LogEntry } from '../../main/model/log-entry'
import {
  baseJob,
  isCreateOf,
  parseScimJson,
  staff,
  startTarget,
  USER_SCHEMA,
  usersByName,
  Workspace,
} from '../helpers/provisioning-fixture'

const FAILING = 'alan.turing@example.com'
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

const failCreate: RequestHandler = (req, res, next) => {
  if (!isCreateOf(req, FAILING)) {
    next()
    return
  }
  res
    .status(500)
    .type('application/scim+json')
    .send(
      JSON.stringify({
        schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
        status: '500',
        detail: 'Boom',
      })
    )
}

let server: SandboxServer
let dir: string
let ws: Workspace
let firstRun: string
let secondRun: string

beforeAll(async () => {
  server = await startTarget({
    middleware: [parseScimJson, failCreate],
    seedUsers: [
      {
        id: 'acc-grace',
        schemas: [USER_SCHEMA],
        userName: 'grace.hopper@example.com',
        name: { givenName: 'Grace', familyName: 'Hopper' },
        title: 'Commodore',
        active: true,
      },
    ],
  })
  dir = mkdtempSync(join(tmpdir(), 'provisioner-logs-'))
  ws = new Workspace({ dir })
  ws.writePeople(staff())
  ws.writeJob(baseJob(server.baseUrl))
  firstRun = (await ws.apply([], 1)).runId
  secondRun = (await ws.apply([], 1)).runId
})

afterAll(async () => {
  await server.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('provisioning log export', () => {
  it('has one JSON Lines entry per object of a run with run id, change id, action, status, steps and modified properties', async () => {
    const entries = await ws.logs(['--run', firstRun])

    expect(entries).toHaveLength(5)
    expect(entries.map(entry => entry.sourceId).sort()).toEqual(['1001', '1002', '1003', '1004', '1005'])
    expect(new Set(entries.map(entry => entry.changeId)).size).toBe(5)
    for (const entry of entries) {
      expect(entry).toMatchObject({ runId: firstRun, jobId: 'it-job', objectType: 'user' })
      expect(entry.changeId).toMatch(UUID)
      expect(Number.isNaN(Date.parse(entry.time))).toBe(false)
    }
    const bySource = new Map(entries.map(entry => [entry.sourceId, entry]))

    const ada = bySource.get('1001') as LogEntry
    expect(ada).toMatchObject({
      action: 'create',
      status: 'success',
      sourceDisplay: 'ada.lovelace@example.com',
      targetId: usersByName(server).get('ada.lovelace@example.com')?.['id'],
      errorCode: null,
      httpStatus: null,
    })
    expect(ada.steps.map(step => [step.type, step.status])).toEqual([
      ['import', 'success'],
      ['scoping', 'success'],
      ['matching', 'success'],
      ['processing', 'success'],
      ['export', 'success'],
    ])
    expect(ada.modified).toContainEqual({ path: 'title', from: null, to: 'Principal Engineer' })
    expect(ada.modified).toContainEqual({ path: 'active', from: null, to: true })

    const grace = bySource.get('1002') as LogEntry
    expect(grace).toMatchObject({ action: 'link', status: 'success', targetId: 'acc-grace' })
    expect(grace.steps.find(step => step.type === 'matching')?.description).toContain('acc-grace')
    expect(grace.modified).toContainEqual({ path: 'title', from: 'Commodore', to: 'Rear Admiral' })

    const alan = bySource.get('1003') as LogEntry
    expect(alan).toMatchObject({
      action: 'create',
      status: 'failure',
      targetId: null,
      errorCode: 'InternalServerError',
      httpStatus: 500,
      scimDetail: 'Boom',
    })
    expect(alan.reason).toContain('Boom')
    expect(alan.steps.at(-1)).toMatchObject({ type: 'export', status: 'failure' })

    // The change id joins each written entry to its journal row.
    const journal = ws.query<{ changeId: string; state: string }>(
      `SELECT changeId, state FROM journal WHERE runId = '${firstRun}'`
    )
    expect(new Map(journal.map(row => [row.changeId, row.state]))).toEqual(
      new Map([
        [ada.changeId, 'succeeded'],
        [grace.changeId, 'succeeded'],
        [alan.changeId, 'failed'],
        [bySource.get('1004')?.changeId, 'succeeded'],
        [bySource.get('1005')?.changeId, 'succeeded'],
      ])
    )
  })

  it('exports CSV with a header row that parses to the same entries', async () => {
    const result = await ws.cli(['logs', '--run', firstRun, '--format', 'csv'])
    expect(result.code, result.stderr).toBe(0)

    const [header] = parse(result.stdout, { to: 1 }) as string[][]
    expect(header).toEqual([
      'time',
      'runId',
      'changeId',
      'jobId',
      'objectType',
      'action',
      'status',
      'sourceId',
      'sourceDisplay',
      'targetId',
      'targetDisplay',
      'reason',
      'errorCode',
      'httpStatus',
      'scimType',
      'scimDetail',
      'durationMs',
      'attempts',
      'modified',
      'steps',
    ])
    const rows = parse(result.stdout, { columns: true }) as Array<Record<string, string>>
    const entries = await ws.logs(['--run', firstRun])
    expect(rows).toHaveLength(entries.length)
    expect(rows.map(row => row['changeId'])).toEqual(entries.map(entry => entry.changeId))
    const alan = rows.find(row => row['sourceId'] === '1003')
    expect(alan).toMatchObject({
      action: 'create',
      status: 'failure',
      httpStatus: '500',
      errorCode: 'InternalServerError',
    })
    const ada = rows.find(row => row['sourceId'] === '1001')
    // Nested fields are JSON in their cell.
    expect(JSON.parse(ada?.['steps'] ?? 'null')).toHaveLength(5)
    expect(JSON.parse(ada?.['modified'] ?? 'null')).toContainEqual({
      path: 'title',
      from: null,
      to: 'Principal Engineer',
    })
  })

  it('filters by status, action and identity', async () => {
    const failures = await ws.logs(['--status', 'failure'])
    expect(failures.map(entry => [entry.runId, entry.sourceId])).toEqual([
      [firstRun, '1003'],
      [secondRun, '1003'],
    ])

    const creates = await ws.logs(['--run', firstRun, '--action', 'create'])
    expect(creates.map(entry => [entry.sourceId, entry.status]).sort()).toEqual([
      ['1001', 'success'],
      ['1003', 'failure'],
      ['1004', 'success'],
      ['1005', 'success'],
    ])

    const katherine = await ws.logs(['--identity', 'katherine.johnson@example.com'])
    expect(katherine.map(entry => [entry.runId, entry.action, entry.status])).toEqual([
      [firstRun, 'create', 'success'],
      [secondRun, 'skip', 'skipped'],
    ])
    const byTarget = await ws.logs(['--identity', 'acc-grace', '--run', secondRun])
    expect(byTarget.map(entry => entry.sourceId)).toEqual(['1002'])

    const quiet = await ws.logs(['--run', secondRun, '--status', 'skipped'])
    expect(quiet.map(entry => entry.sourceId).sort()).toEqual(['1001', '1002', '1004', '1005'])
  })

  it('refuses an unknown status or format with exit 2', async () => {
    const status = await ws.cli(['logs', '--status', 'failed'])
    expect(status.code).toBe(2)
    expect(status.stderr).toContain('--status must be one of')
    const format = await ws.cli(['logs', '--format', 'xml'])
    expect(format.code).toBe(2)
    expect(format.stderr).toContain('--format')
  })
})
