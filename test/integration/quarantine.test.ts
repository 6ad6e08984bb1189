/**
 * Quarantine (reference §F): credentials refused or a URL that is not SCIM stop the run before any
 * write (exit 2, code EncounteredQuarantineException); a run where more than 40 % of the writes
 * fail, with at least `safety.quarantine.minimumFailures` failures, ends `quarantined`
 * (EncounteredEscrowProportionThreshold). While quarantined, scheduled runs back off without
 * touching the target; a manual run that succeeds makes the job healthy again.
 */
import { describe, expect, it } from 'vitest'
import type { SandboxServer } from '../../main/connectors/scim/sandbox/sandbox-server'
import { FaultInjector, isCreate, serverError } from '../helpers/fault-injection'
import { sendJson, startTestServer } from '../helpers/http-test-server'
import { applyExpectingNoCrash, expectEveryoneAccountedFor } from '../helpers/outcome-checks'
import {
  describeResult,
  expectJson,
  NO_WRITES,
  staff,
  TOKEN,
  writeCounts,
} from '../helpers/provisioning-fixture'
import {
  type FullApplyJson,
  people as somePeople,
  startFaultyTarget,
  statusOf,
  workspaceFor,
} from '../helpers/safety-fixture'

/** A scheduled run during the backoff: skipped, exit 0, and not one request to the target. */
async function expectScheduledRunSkipped(
  ws: ReturnType<typeof workspaceFor>,
  target: SandboxServer | null
): Promise<void> {
  target?.resetRequestCounts()
  const skipped = expectJson<{ runId: null; status: string; reason: string }>(
    await ws.cli(['apply', '--job', 'job.json', '--json', '--scheduled']),
    0
  )
  expect(skipped).toEqual({
    runId: null,
    status: 'skipped',
    reason: expect.stringMatching(/quarantined .*scheduled runs wait until \d{4}-/),
  })
  if (target !== null) expect(target.requestCounts).toEqual({})
}

describe('credentials refused', () => {
  it('quarantine the job before any write (exit 2); scheduled runs back off; a manual run that works clears it', async () => {
    const target = await startFaultyTarget()
    const ws = workspaceFor(target.baseUrl, staff(), {}, { SCIM_TOKEN: 'an-expired-token' })

    const refused = await ws.cli(['apply', '--job', 'job.json', '--json'])

    expect(refused.code, describeResult('apply', refused)).toBe(2)
    expect(refused.stderr).toMatch(/refused the credentials \(HTTP 401.*The job is now quarantined/)
    expect(refused.stderr).not.toMatch(/an-expired-token/)
    expect(writeCounts(target)).toEqual(NO_WRITES)
    const status = await statusOf(ws)
    expect(status.state).toMatchObject({
      quarantineCode: 'EncounteredQuarantineException',
      quarantineReason: expect.stringContaining('HTTP 401'),
      quarantineRuns: 1,
    })
    expect(status.state.quarantinedAt).not.toBeNull()
    expect(Date.parse(status.state.nextScheduledRunAt ?? '')).toBeGreaterThan(Date.now() + 20 * 60_000)
    expect(status.runs[0]).toMatchObject({ status: 'quarantined' })

    await expectScheduledRunSkipped(ws, target)
    const text = await ws.cli(['status', '--job', 'job.json'])
    expect(text.stdout).toMatch(/Quarantined since .*EncounteredQuarantineException/)

    // The admin fixes the token; a manual run goes ahead and clears the quarantine.
    const fixed = await applyExpectingNoCrash(ws, [], { SCIM_TOKEN: TOKEN })
    expect(fixed.status).toBe('completed')
    expect(fixed.summary.users.create).toBe(5)
    const healthy = await statusOf(ws)
    expect(healthy.state).toMatchObject({
      quarantinedAt: null,
      quarantineCode: null,
      quarantineRuns: 0,
      nextScheduledRunAt: null,
    })
    expect(healthy.linked.users).toBe(5)
  }, 30_000)
})

describe('a URL that is not a SCIM endpoint', () => {
  it.each([
    ['a login page (HTML, 200)', 200, /not a SCIM service.*text\/html/],
    ['a 404 page', 404, /not a SCIM endpoint \(HTTP 404/],
  ])('%s quarantines the job (exit 2) and changes nothing', async (_title, status, message) => {
    const site = await startTestServer((_request, response) => {
      response.writeHead(status, { 'content-type': 'text/html' })
      response.end('<!doctype html><html><body><form action="/login">Sign in</form></body></html>')
    })
    const ws = workspaceFor(`${site.origin}/scim/v2`, staff())

    const result = await ws.cli(['apply', '--job', 'job.json', '--json'])

    expect(result.code, describeResult('apply', result)).toBe(2)
    expect(result.stderr).toMatch(message)
    expect(result.stderr).toMatch(/quarantined/)
    expect(site.requests.every(request => request.method === 'GET')).toBe(true)
    expect((await statusOf(ws)).state).toMatchObject({ quarantineCode: 'EncounteredQuarantineException' })
    await expectScheduledRunSkipped(ws, null)
    expect(site.requests.filter(request => request.method !== 'GET')).toEqual([])
  })

  it('the SCIM app at the wrong path (its own 404) quarantines too', async () => {
    const target = await startFaultyTarget()
    const ws = workspaceFor(target.baseUrl.replace(/\/scim\/v2$/, '/api/v1'), staff())
    const result = await ws.cli(['apply', '--job', 'job.json'])
    expect(result.code, describeResult('apply', result)).toBe(2)
    expect(result.stderr).toMatch(/not a SCIM endpoint \(HTTP 404 for GET .*\/api\/v1\/Users/)
    expect(writeCounts(target)).toEqual(NO_WRITES)
    expect((await statusOf(ws)).state.quarantineCode).toBe('EncounteredQuarantineException')
  })

  it('a ListResponse without the SCIM schema is not taken for one', async () => {
    const site = await startTestServer((_request, response) =>
      sendJson(response, 200, { schemas: ['urn:example:Page'], items: [] })
    )
    const ws = workspaceFor(`${site.origin}/scim/v2`, staff())
    const result = await ws.cli(['apply', '--job', 'job.json'])
    expect(result.code, describeResult('apply', result)).toBe(2)
    expect(result.stderr).toMatch(/not a SCIM service.*expected a ListResponse/)
    expect(site.requests.filter(request => request.method !== 'GET')).toEqual([])
  })
})

describe('most writes failing', () => {
  it('more than 40 % with at least minimumFailures: the run ends quarantined (exit 1), scheduled runs back off', async () => {
    const rows = staff()
    const faults = new FaultInjector().add({
      name: 'outage',
      match: isCreate(...rows.slice(0, 3).map(row => row.mail)),
      fault: serverError(500, 'Database read-only'),
    })
    const target = await startFaultyTarget(faults)
    const ws = workspaceFor(target.baseUrl, rows, {
      target: { retries: { maxAttempts: 1, maxWaitSeconds: 5 } },
      safety: { quarantine: { failurePercent: 40, minimumFailures: 3 } },
    })

    const result = (await applyExpectingNoCrash(ws)) as FullApplyJson

    expect(result.status).toBe('quarantined')
    expect(result.failures).toHaveLength(3)
    expect(result.quarantine).toEqual({
      since: expect.any(String),
      code: 'EncounteredEscrowProportionThreshold',
      reason: '3 of 5 writes failed (60%, more than 40%)',
    })
    // The two that worked are done; the failures are listed and logged as usual.
    await expectEveryoneAccountedFor(ws, target, rows, result)
    expect(target.store.userCount()).toBe(2)
    const status = await statusOf(ws)
    expect(status.state.quarantineCode).toBe('EncounteredEscrowProportionThreshold')
    expect(status.runs[0]).toMatchObject({ id: result.runId, status: 'quarantined' })

    await expectScheduledRunSkipped(ws, target)

    // Fixed: a manual run creates the three and the job is healthy again.
    faults.clear()
    const fixed = await applyExpectingNoCrash(ws)
    expect(fixed.status).toBe('completed')
    expect(fixed.summary.users.create).toBe(3)
    expect((await statusOf(ws)).state.quarantinedAt).toBeNull()
    expect(target.store.userCount()).toBe(5)
  })

  it.each([
    ['fewer failures than minimumFailures', 5, 2, 3],
    ['40 % or less of the writes', 10, 4, 3],
  ])('%s: no quarantine, the run completes with errors', async (_title, count, failing, minimumFailures) => {
    const rows = somePeople(count)
    const faults = new FaultInjector().add({
      name: 'outage',
      match: isCreate(...rows.slice(0, failing).map(row => row.mail)),
      fault: serverError(500),
    })
    const target = await startFaultyTarget(faults)
    const ws = workspaceFor(target.baseUrl, rows, {
      target: { retries: { maxAttempts: 1, maxWaitSeconds: 5 } },
      safety: { quarantine: { failurePercent: 40, minimumFailures } },
    })

    const result = (await applyExpectingNoCrash(ws)) as FullApplyJson

    expect(result.status).toBe('completed-with-errors')
    expect(result.failures).toHaveLength(failing)
    expect(result.quarantine).toBeUndefined()
    expect((await statusOf(ws)).state.quarantinedAt).toBeNull()
  })

  it('credentials refused in the middle of the run (401 on writes) quarantine it whatever the counts', async () => {
    const rows = staff()
    const faults = new FaultInjector().add({
      name: 'revoked',
      match: isCreate(rows[4]?.mail ?? ''),
      fault: { kind: 'status', status: 401 },
    })
    const target = await startFaultyTarget(faults)
    const ws = workspaceFor(target.baseUrl, rows)

    const result = (await applyExpectingNoCrash(ws)) as FullApplyJson

    expect(result.status).toBe('quarantined')
    expect(result.failures).toEqual([expect.objectContaining({ errorCode: 'Unauthorized', httpStatus: 401 })])
    expect(result.quarantine?.code).toBe('EncounteredQuarantineException')
    expect(result.quarantine?.reason).toMatch(/refused the credentials during the run \(HTTP 401/)
    await expectScheduledRunSkipped(ws, target)
  })
})
