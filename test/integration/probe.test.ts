/** `provisioner probe`: SCIM compliance and quirks of a job's target, before a first run. */
import { readFileSync } from 'node:fs'
import type { RequestHandler } from 'express'
import { afterEach, describe, expect, it } from 'vitest'
import type { SandboxServer } from '../../main/connectors/scim/sandbox/sandbox-server'
import type { ProbeResult } from '../../main/engine/run/probe-target'
import { type Deviation, startDeviantTarget } from '../helpers/deviant-target'
import { FaultInjector, serverError } from '../helpers/fault-injection'
import {
  baseJob,
  type JobDocument,
  parseScimJson,
  person,
  startTarget,
  USER_SCHEMA,
  Workspace,
} from '../helpers/provisioning-fixture'

let server: SandboxServer | undefined

afterEach(async () => {
  await server?.close()
  server = undefined
})

async function probe(
  ws: Workspace,
  extra: string[] = []
): Promise<{ code: number | null; result: ProbeResult }> {
  const run = await ws.cli(['probe', '--job', 'job.json', '--json', ...extra])
  return { code: run.code, result: JSON.parse(run.stdout) as ProbeResult }
}

function statusOf(result: ProbeResult, name: string): string | undefined {
  return result.checks.find(check => check.name === name)?.status
}

function checkOf(result: ProbeResult, name: string): ProbeResult['checks'][number] | undefined {
  return result.checks.find(check => check.name === name)
}

function seedUsers(count: number): Array<Record<string, unknown>> {
  return Array.from({ length: count }, (_, index) => ({
    schemas: [USER_SCHEMA],
    userName: `seed${index}@example.com`,
  }))
}

/** A workspace whose job targets `baseUrl`, with groups from a column when `memberRemoval` is given. */
function workspaceFor(baseUrl: string, memberRemoval?: 'path-filter' | 'value-list'): Workspace {
  const ws = new Workspace()
  ws.writePeople([person('1', 'Ada', 'Lovelace')])
  const job: JobDocument = baseJob(baseUrl)
  if (memberRemoval !== undefined) {
    job.target['memberRemoval'] = memberRemoval
    job['groups'] = { fromColumn: 'department' }
  }
  ws.writeJob(job)
  return ws
}

async function deviant(deviations: ReadonlyArray<Deviation>, seeds = 0): Promise<SandboxServer> {
  const target = await startDeviantTarget(deviations, { seedUsers: seedUsers(seeds) })
  server = target.server
  return target.server
}

/** Nothing the probe created is left: only the seeds, and no groups. */
function expectNothingLeft(target: SandboxServer, seeds: number): void {
  expect(target.store.listUsers().map(user => user['userName'])).toEqual(
    seedUsers(seeds).map(user => user['userName'])
  )
  expect(target.store.listGroups()).toEqual([])
}

const seeds = Array.from({ length: 6 }, (_, index) => ({
  schemas: [USER_SCHEMA],
  userName: `seed${index}@example.com`,
}))

describe('provisioner probe', () => {
  it('passes a compliant target read-only, and with --write leaves nothing behind', async () => {
    server = await startTarget({ seedUsers: seeds })
    const ws = new Workspace()
    ws.writePeople([person('1', 'Ada', 'Lovelace')])
    ws.writeJob(baseJob(server.baseUrl))

    const readOnly = await probe(ws)
    expect(readOnly.code).toBe(0)
    expect(statusOf(readOnly.result, 'Connection')).toBe('ok')
    expect(statusOf(readOnly.result, 'Paging')).toBe('ok')
    expect(statusOf(readOnly.result, 'Filter on userName')).toBe('ok')
    expect(statusOf(readOnly.result, 'Writes')).toBe('skipped')
    expect(server.requestCounts['POST'] ?? 0).toBe(0)

    const written = await probe(ws, ['--write'])
    expect(written.code).toBe(0)
    for (const name of ['Create', 'PATCH op spelling', 'Disable', 'Delete']) {
      expect(statusOf(written.result, name), name).toBe('ok')
    }
    expect(server.store.userCount()).toBe(seeds.length)
  })

  it('warns about a server that ignores count, and suggests Entra op spelling when lower-case ops are refused', async () => {
    const capitalisedOnly: RequestHandler = (req, res, next) => {
      const body = req.body as { Operations?: Array<{ op: string }> } | undefined
      if (
        req.method === 'PATCH' &&
        body?.Operations?.some(operation => operation.op === operation.op.toLowerCase())
      ) {
        res
          .status(400)
          .json({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '400', detail: 'op' })
        return
      }
      next()
    }
    server = await startTarget({
      seedUsers: seeds,
      ignoreCount: 5,
      middleware: [parseScimJson, capitalisedOnly],
    })
    const ws = new Workspace()
    ws.writePeople([person('1', 'Ada', 'Lovelace')])
    ws.writeJob(baseJob(server.baseUrl))

    const { code, result } = await probe(ws, ['--write'])
    expect(code, JSON.stringify(result.checks)).toBe(0)
    expect(statusOf(result, 'Paging')).toBe('warning')
    const spelling = result.checks.find(check => check.name === 'PATCH op spelling')
    expect(spelling).toMatchObject({ status: 'warning', suggestion: 'target.patchOps: "entra"' })
  })

  it('fails (exit 2) on refused credentials and on an endpoint that is not SCIM', async () => {
    server = await startTarget()
    const ws = new Workspace({ env: { SCIM_TOKEN: 'wrong' } })
    ws.writePeople([person('1', 'Ada', 'Lovelace')])
    ws.writeJob(baseJob(server.baseUrl))
    const refused = await probe(ws)
    expect(refused.code).toBe(2)
    expect(refused.result.checks[0]).toMatchObject({ name: 'Connection', status: 'failure' })
    expect(refused.result.checks[0]?.detail).toMatch(/401/)

    const notScim = new Workspace()
    notScim.writePeople([person('1', 'Ada', 'Lovelace')])
    notScim.writeJob(baseJob(`${server.baseUrl.replace('/scim/v2', '')}/nothing-here`))
    const html = await probe(notScim)
    expect(html.code).toBe(2)
    expect(html.result.usable).toBe(false)
  })

  it('looks at the next page before trusting a totalResults equal to the page size', async () => {
    const target = await deviant(['totalResultsIsPageSize'], 28)
    const lying = await probe(workspaceFor(target.baseUrl))
    expect(lying.code).toBe(0)
    expect(checkOf(lying.result, 'Paging')).toMatchObject({ status: 'warning' })
    expect(checkOf(lying.result, 'Paging')?.detail).toMatch(
      /totalResults says 2, but the next page holds more/
    )
    await target.close()

    const small = await deviant(['totalResultsIsPageSize'], 2)
    const two = await probe(workspaceFor(small.baseUrl))
    expect(checkOf(two.result, 'Paging')).toMatchObject({ status: 'skipped' })
    expect(checkOf(two.result, 'Paging')?.detail).toMatch(/Only 2 user/)
  })

  it('reports a 500 on lower-case ops as failed, not refused, and suggests no op spelling for it', async () => {
    const target = await deviant(['lowerCaseOpsFail500'], 6)
    const { code, result } = await probe(workspaceFor(target.baseUrl), ['--write'])
    expect(code, JSON.stringify(result.checks)).toBe(0)
    const spelling = checkOf(result, 'PATCH op spelling')
    expect(spelling?.status).toBe('warning')
    expect(spelling?.detail).toMatch(/lower-case ops failed \(.*HTTP 500/)
    expect(spelling?.detail).not.toMatch(/lower-case ops refused/)
    expect(spelling?.suggestion).toBeUndefined()
    expect(result.checks.flatMap(check => check.suggestion ?? [])).toEqual([])
    expectNothingLeft(target, 6)
  })

  it('names a server whose account id is the userName', async () => {
    const target = await deviant(['idIsUserName'])
    const { code, result } = await probe(workspaceFor(target.baseUrl), ['--write'])
    expect(code, JSON.stringify(result.checks)).toBe(0)
    expect(checkOf(result, 'Account ids')).toMatchObject({ status: 'warning' })
    expect(checkOf(result, 'Account ids')?.detail).toMatch(/id is the userName \(provisioner-probe-/)
    expect(statusOf(result, 'Delete')).toBe('ok')
    expectNothingLeft(target, 0)
  })

  it('names refused and-filters, a 500 for DELETE of a missing account, PATCH answered 204, and active taken only as a string', async () => {
    const target = await deviant(
      ['activeOnlyAsString', 'refusesAndFilters', 'deleteOfMissing500', 'patchAnswers204'],
      6
    )
    const { code, result } = await probe(workspaceFor(target.baseUrl), ['--write'])
    expect(checkOf(result, 'Filter with and')).toMatchObject({ status: 'warning' })
    expect(checkOf(result, 'Filter with and')?.detail).toMatch(/joined with and are refused.*HTTP 400/)
    expect(checkOf(result, 'Delete of a missing account')).toMatchObject({ status: 'warning' })
    expect(checkOf(result, 'Delete of a missing account')?.detail).toMatch(/HTTP 500.*not 404/)
    expect(checkOf(result, 'PATCH response')).toMatchObject({ status: 'warning' })
    expect(checkOf(result, 'PATCH response')?.detail).toMatch(/204 with no body/)
    expect(checkOf(result, 'Disable')).toMatchObject({ status: 'failure' })
    expect(checkOf(result, 'Disable')?.detail).toMatch(/takes active only as a string/)
    expect(code).toBe(2)
    expectNothingLeft(target, 6)
  })

  it('suggests target.activeValue "string" and target.multiValuedUpdates "whole-list" where the boolean and filter paths are refused', async () => {
    const target = await deviant(['activeOnlyAsString', 'refusesFilterPaths'], 2)
    const ws = workspaceFor(target.baseUrl)
    const { code, result } = await probe(ws, ['--write'])
    expect(code).toBe(2)
    expect(checkOf(result, 'Disable')).toMatchObject({
      status: 'failure',
      suggestion: 'target.activeValue: "string"',
    })
    expect(checkOf(result, 'Multi-valued update')).toMatchObject({
      status: 'failure',
      detail:
        'a filter path (emails[type eq "work"].value) refused (HTTP 400), the whole list (emails) accepted',
      suggestion: 'target.multiValuedUpdates: "whole-list"',
    })
    expectNothingLeft(target, 2)

    const job = JSON.parse(readFileSync(ws.path('job.json'), 'utf8')) as JobDocument
    ws.writeJob({
      ...job,
      target: { ...job.target, activeValue: 'string', multiValuedUpdates: 'whole-list' },
    })
    const suggested = await probe(ws, ['--write'])
    expect(suggested.code, JSON.stringify(suggested.result.checks)).toBe(0)
    expect(checkOf(suggested.result, 'Disable')).toMatchObject({ status: 'ok' })
    expect(checkOf(suggested.result, 'Multi-valued update')).toMatchObject({ status: 'ok' })
    expect(suggested.result.checks.flatMap(check => check.suggestion ?? [])).toEqual([])
    expectNothingLeft(target, 2)
  })

  it('suggests nothing for a compliant server, whichever form the job uses', async () => {
    server = await startTarget({ seedUsers: seeds })
    const ws = workspaceFor(server.baseUrl)
    const job = JSON.parse(readFileSync(ws.path('job.json'), 'utf8')) as JobDocument
    ws.writeJob({
      ...job,
      target: { ...job.target, activeValue: 'string', multiValuedUpdates: 'whole-list' },
    })
    const { code, result } = await probe(ws, ['--write'])
    expect(code, JSON.stringify(result.checks)).toBe(0)
    expect(checkOf(result, 'Multi-valued update')?.detail).toBe(
      'a filter path (emails[type eq "work"].value) accepted, the whole list (emails) accepted'
    )
    expect(result.checks.flatMap(check => check.suggestion ?? [])).toEqual([])
  })

  it('fails a value-list member removal that empties the group, suggests path-filter, and deletes what it created', async () => {
    const target = await deviant(['valueListRemovesAllMembers', 'groupsListedWithoutMembers'], 3)
    const { code, result } = await probe(workspaceFor(target.baseUrl, 'value-list'), ['--write'])
    expect(code).toBe(2)
    expect(result.usable).toBe(false)
    const removal = checkOf(result, 'Member removal')
    expect(removal?.status).toBe('failure')
    expect(removal?.detail).toMatch(/value-list .* emptied the group/)
    expect(removal?.detail).toMatch(/path-filter .* removed just that member/)
    expect(removal?.suggestion).toBe('target.memberRemoval: "path-filter"')
    expect(checkOf(result, 'Group listing')).toMatchObject({ status: 'warning' })
    expect(statusOf(result, 'Clean-up')).toBeUndefined()
    expectNothingLeft(target, 3)
  })

  it('passes member removal with the form that removes just one member', async () => {
    const target = await deviant(['valueListRemovesAllMembers'], 3)
    const pathFilter = await probe(workspaceFor(target.baseUrl, 'path-filter'), ['--write'])
    expect(pathFilter.code, JSON.stringify(pathFilter.result.checks)).toBe(0)
    expect(checkOf(pathFilter.result, 'Member removal')).toMatchObject({ status: 'ok' })
    expect(checkOf(pathFilter.result, 'Member removal')?.suggestion).toBeUndefined()
    expect(statusOf(pathFilter.result, 'Group listing')).toBeUndefined()
    expectNothingLeft(target, 3)
    await target.close()

    server = await startTarget({ seedUsers: seeds })
    const valueList = await probe(workspaceFor(server.baseUrl, 'value-list'), ['--write'])
    expect(valueList.code, JSON.stringify(valueList.result.checks)).toBe(0)
    expect(checkOf(valueList.result, 'Member removal')).toMatchObject({ status: 'ok' })
    expectNothingLeft(server, seeds.length)
  })

  it('deletes the throwaway members when the throwaway group cannot be created', async () => {
    const faults = new FaultInjector().add({
      name: 'no groups',
      match: req => req.method === 'POST' && /\/Groups$/.test(req.path),
      fault: serverError(500, 'Groups are read-only'),
    })
    server = await startTarget({ seedUsers: seeds, middleware: faults.middleware })
    const { code, result } = await probe(workspaceFor(server.baseUrl, 'path-filter'), ['--write'])
    expect(code).toBe(2)
    expect(checkOf(result, 'Member removal')).toMatchObject({ status: 'failure' })
    expect(checkOf(result, 'Member removal')?.detail).toMatch(
      /Could not create a throwaway group.*Groups are read-only/
    )
    expect(faults.hits('no groups')).toBe(1)
    expectNothingLeft(server, seeds.length)
  })

  it('names what it could not delete', async () => {
    const faults = new FaultInjector().add({
      name: 'undeletable group',
      match: req => req.method === 'DELETE' && /\/Groups\//.test(req.path),
      fault: serverError(500, 'Locked'),
    })
    server = await startTarget({ seedUsers: seeds, middleware: faults.middleware })
    const ws = workspaceFor(server.baseUrl, 'path-filter')
    const job = JSON.parse(readFileSync(ws.path('job.json'), 'utf8')) as JobDocument
    job.target['retries'] = { maxAttempts: 1 }
    ws.writeJob(job)
    const { code, result } = await probe(ws, ['--write'])
    expect(code, JSON.stringify(result.checks)).toBe(0)
    expect(checkOf(result, 'Member removal')).toMatchObject({ status: 'ok' })
    const left = server.store.listGroups()
    expect(left).toHaveLength(1)
    expect(checkOf(result, 'Clean-up')).toMatchObject({ status: 'warning' })
    expect(checkOf(result, 'Clean-up')?.detail).toContain(
      `Could not delete the throwaway group ${String(left[0]?.['displayName'])} (${String(left[0]?.['id'])})`
    )
    expect(server.store.userCount()).toBe(seeds.length)
  })
})
