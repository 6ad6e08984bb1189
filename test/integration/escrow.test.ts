/**
 * Escrow (reference §E.4, §F): a person whose write failed with an error that may clear up is
 * retried on later runs. Manual runs retry at once; scheduled runs (`--scheduled`) wait for the
 * retry time (6 h after the first failure, then 12 h, then daily); `--restart` forgets escrow.
 * The log's attempt count carries the earlier failed runs.
 */
import { describe, expect, it } from 'vitest'
import { FaultInjector, isCreate, isUserPatch, serverError } from '../helpers/fault-injection'
import { applyExpectingNoCrash, expectEveryoneAccountedFor } from '../helpers/outcome-checks'
import { type Person, staff, userCounts, usersByName, writeCounts } from '../helpers/provisioning-fixture'
import {
  accountId,
  entryOf,
  type FullApplyJson,
  logBySource,
  startFaultyTarget,
  statusOf,
  workspaceFor,
} from '../helpers/safety-fixture'

const HOUR = 3_600_000

describe('escrow', () => {
  it('records a retryable failure, retries it at once on manual runs, holds it on scheduled runs, and --restart forgets it', async () => {
    const people = staff()
    const alan = people[2] as Person
    const faults = new FaultInjector().add({
      name: 'outage',
      match: isCreate(alan.mail),
      fault: serverError(503, 'Tenant being migrated'),
    })
    const target = await startFaultyTarget(faults)
    const ws = workspaceFor(target.baseUrl, people, {
      target: { retries: { maxAttempts: 2, maxWaitSeconds: 5 } },
    })

    // Run 1: Alan's create fails twice (a lookup between the attempts finds nothing).
    const before = Date.now()
    const first = await applyExpectingNoCrash(ws)
    expect(first.failures).toEqual([
      expect.objectContaining({
        sourceId: alan.employeeId,
        errorCode: 'ServiceUnavailable',
        httpStatus: 503,
      }),
    ])
    await expectEveryoneAccountedFor(ws, target, people, first)
    expect(faults.postsFor(alan.mail)).toBe(2)
    const firstAttempts = entryOf(await logBySource(ws, first.runId), alan.employeeId).attempts
    // Two POSTs, each followed by lookups by userName and by externalId.
    expect(firstAttempts).toBe(6)
    const afterFirst = await statusOf(ws)
    expect(afterFirst.escrow).toEqual([
      expect.objectContaining({
        sourceId: alan.employeeId,
        action: 'create',
        attempts: 1,
        errorCode: 'ServiceUnavailable',
        message: expect.stringContaining('Tenant being migrated'),
      }),
    ])
    const entry = afterFirst.escrow[0]
    // First retry six hours after the failure (§F).
    expect(entry?.nextAttemptAt).toBeGreaterThanOrEqual(before + 6 * HOUR)
    expect(entry?.nextAttemptAt).toBeLessThanOrEqual(Date.now() + 6 * HOUR)

    // Run 2, manual: retried at once, still failing; the log counts the earlier failed run too.
    const second = await applyExpectingNoCrash(ws)
    expect(second.failures).toEqual([expect.objectContaining({ sourceId: alan.employeeId })])
    expect(faults.postsFor(alan.mail)).toBe(4)
    const secondAttempts = entryOf(await logBySource(ws, second.runId), alan.employeeId).attempts
    expect(secondAttempts).toBe(firstAttempts + 1)
    const afterSecond = await statusOf(ws)
    expect(afterSecond.escrow).toEqual([expect.objectContaining({ sourceId: alan.employeeId, attempts: 2 })])
    // Second retry twelve hours after the failure.
    expect(afterSecond.escrow[0]?.nextAttemptAt).toBeGreaterThan((entry?.nextAttemptAt ?? 0) + 5 * HOUR)

    // Run 3, scheduled, before the retry time: Alan waits (nothing sent for him); the others'
    // changes still go out.
    const changed = people.map(row => (row.employeeId === '1001' ? { ...row, title: 'Countess' } : row))
    ws.writePeople(changed)
    target.resetRequestCounts()
    const scheduled = await applyExpectingNoCrash(ws, ['--scheduled'])
    expect(scheduled.failures).toEqual([])
    expect(scheduled.summary.users).toEqual(userCounts({ update: 1, skipped: 1, unchanged: 3 }))
    expect(faults.postsFor(alan.mail)).toBe(4)
    expect(writeCounts(target)).toEqual({ POST: 0, PATCH: 1, PUT: 0, DELETE: 0 })
    expect(entryOf(await logBySource(ws, scheduled.runId), alan.employeeId)).toMatchObject({
      action: 'skip',
      status: 'skipped',
      errorCode: 'Escrowed',
      reason: expect.stringMatching(/Escrowed after 2 failed attempt\(s\).*next attempt after \d{4}-/),
    })
    expect((await statusOf(ws)).escrow).toEqual([
      expect.objectContaining({ sourceId: alan.employeeId, attempts: 2 }),
    ])

    // The outage is over. A scheduled run with --restart forgets escrow first and creates Alan.
    faults.clear()
    const restarted = (await applyExpectingNoCrash(ws, ['--scheduled', '--restart'])) as FullApplyJson
    expect(restarted.failures).toEqual([])
    expect(restarted.summary.users).toEqual(userCounts({ create: 1, unchanged: 4 }))
    expect(restarted.notices).toEqual(
      expect.arrayContaining([expect.stringMatching(/1 escrowed retry forgotten/)])
    )
    expect(entryOf(await logBySource(ws, restarted.runId), alan.employeeId)).toMatchObject({
      action: 'create',
      status: 'success',
      attempts: 1,
    })
    expect((await statusOf(ws)).escrow).toEqual([])
    expect(faults.postsFor(alan.mail)).toBe(5)
    expect([...usersByName(target).keys()].filter(name => name === alan.mail)).toHaveLength(1)
  })

  it('clears after a successful manual retry, and covers updates too', async () => {
    const people = staff()
    const faults = new FaultInjector()
    const target = await startFaultyTarget(faults)
    const ws = workspaceFor(target.baseUrl, people, {
      target: { retries: { maxAttempts: 1, maxWaitSeconds: 5 } },
    })
    await applyExpectingNoCrash(ws)
    const graceId = accountId(target, 'grace.hopper@example.com')
    faults.add({ name: 'patch', match: isUserPatch(graceId), fault: serverError(500) })
    ws.writePeople(people.map(row => (row.employeeId === '1002' ? { ...row, title: 'Commodore' } : row)))

    const failed = await applyExpectingNoCrash(ws, ['--scheduled'])
    expect(failed.failures).toEqual([
      expect.objectContaining({ sourceId: '1002', action: 'update', errorCode: 'InternalServerError' }),
    ])
    expect((await statusOf(ws)).escrow).toEqual([
      expect.objectContaining({ sourceId: '1002', action: 'update', attempts: 1 }),
    ])

    faults.clear()
    const retried = await applyExpectingNoCrash(ws)
    expect(retried.failures).toEqual([])
    expect(retried.summary.users).toEqual(userCounts({ update: 1, unchanged: 4 }))
    expect(entryOf(await logBySource(ws, retried.runId), '1002')).toMatchObject({
      action: 'update',
      status: 'success',
      attempts: 2,
    })
    expect(target.store.getUser(graceId)?.['title']).toBe('Commodore')
    expect((await statusOf(ws)).escrow).toEqual([])
  })
})
