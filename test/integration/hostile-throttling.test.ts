/**
 * Throttling is not failure: against a server that answers 30 % of requests with 429 — counted,
 * so the storm is the same every time — and one person's create with seven 429s in a row, a run
 * of 40 creates ends with everyone created and exit 0, because a throttled request keeps
 * retrying within `target.retries.maxWaitSeconds`, not a fixed number of attempts. Only a
 * request whose wait budget is spent fails, and the log says so.
 */
import { describe, expect, it } from 'vitest'
import { isCreate, isUsers } from '../helpers/fault-injection'
import { startHostileTarget, throttleShare } from '../helpers/hostile-server'
import { applyExpectingNoCrash } from '../helpers/outcome-checks'
import { expectJson, type Person, person, userCounts } from '../helpers/provisioning-fixture'
import { entryOf, logBySource, workspaceFor } from '../helpers/safety-fixture'

function forty(): Person[] {
  return Array.from({ length: 40 }, (_, i) => {
    const n = String(i + 1).padStart(2, '0')
    return person(`40${n}`, `Given${n}`, `Family${n}`)
  })
}

describe('a server that throttles 30 % of requests', () => {
  it('gets all 40 people created, with one create throttled seven times in a row', async () => {
    const people = forty()
    const unlucky = people[17] as Person
    const { server, faults } = await startHostileTarget(
      {
        name: 'unlucky',
        match: isCreate(unlucky.mail),
        fault: { kind: 'status', status: 429, headers: { 'retry-after': '0' } },
        times: 7,
      },
      // The unlucky create meets only its own rule, so its attempts are exact.
      throttleShare(30, {
        retryAfter: 0,
        match: req => isUsers(req) && !isCreate(unlucky.mail)(req),
        name: 'storm',
      })
    )
    const ws = workspaceFor(server.baseUrl, people, {
      target: { retries: { maxAttempts: 5, maxWaitSeconds: 5 } },
    })

    const result = await applyExpectingNoCrash(ws)

    expect(result.failures).toEqual([])
    expect(result.summary.users).toEqual(userCounts({ create: 40 }))
    expect(server.store.userCount()).toBe(40)
    expect(faults.hits('unlucky')).toBe(7)
    expect(faults.hits('storm')).toBeGreaterThanOrEqual(12)
    const logged = await logBySource(ws, result.runId)
    expect(entryOf(logged, unlucky.employeeId)).toMatchObject({ status: 'success', attempts: 8 })
  })

  it('fails a request only once its wait budget is spent, and the log says so', async () => {
    const people = forty().slice(0, 6)
    const unlucky = people[2] as Person
    const { server, faults } = await startHostileTarget({
      name: 'always',
      match: isCreate(unlucky.mail),
      fault: { kind: 'status', status: 429, headers: { 'retry-after': '1' } },
    })
    const ws = workspaceFor(server.baseUrl, people, {
      target: { retries: { maxAttempts: 5, maxWaitSeconds: 3 } },
    })

    const result = await applyExpectingNoCrash(ws)

    expect(result.failures).toEqual([
      expect.objectContaining({
        sourceId: unlucky.employeeId,
        errorCode: 'TooManyRequests',
        httpStatus: 429,
        message: expect.stringMatching(
          /still throttled after waiting 2\.1 s, the most target\.retries\.maxWaitSeconds \(3 s\) allows$/
        ),
      }),
    ])
    // Two waits of 1.05 s fit in 3 s; a third would not.
    expect(faults.hits('always')).toBe(3)
    expect(server.store.userCount()).toBe(5)
    const entry = entryOf(await logBySource(ws, result.runId), unlucky.employeeId)
    expect(entry).toMatchObject({ status: 'failure', errorCode: 'TooManyRequests', attempts: 3 })
    expect(entry.reason).toMatch(/still throttled after waiting 2\.1 s/)
  })

  it("an undo waits out throttling within the job's budget too, then reports the account it could not delete", async () => {
    const people = forty().slice(0, 3)
    const { server, faults } = await startHostileTarget()
    const ws = workspaceFor(server.baseUrl, people, {
      target: { retries: { maxAttempts: 5, maxWaitSeconds: 3 } },
    })
    const created = await applyExpectingNoCrash(ws)
    expect(server.store.userCount()).toBe(3)
    faults.add({
      name: 'always',
      match: req => req.method === 'DELETE',
      fault: { kind: 'status', status: 429, headers: { 'retry-after': '1' } },
      times: 100,
      key: () => 'every delete',
    })

    const result = await ws.cli(['undo', created.runId, '--job', 'job.json', '--yes', '--json'])

    // Each delete gives up once 3 s of waiting are spent (two waits of 1.05 s), not after the
    // built-in two minutes: undo repeats requests as the job says, like every other run.
    const undone = expectJson<{ failures: ReadonlyArray<{ message: string }> }>(result, 1)
    expect(undone.failures).toHaveLength(3)
    for (const failure of undone.failures) {
      expect(failure.message).toMatch(/the most target\.retries\.maxWaitSeconds \(3 s\) allows$/)
    }
    expect(faults.hits('always')).toBe(9)
    expect(server.store.userCount()).toBe(3)
  })
})
