/**
 * A create is never sent twice blindly (DESIGN §3, §6): when its answer is lost — the connection
 * drops, the server answers 500 or nothing after storing the account — the CLI looks the account
 * up by the matching attributes and links it, and says why in the log; when even the lookup
 * fails, the person is failed and the next run links the account instead of creating another.
 */
import { describe, expect, it } from 'vitest'
import { FaultInjector, isCreate, isUserLookup, serverError } from '../helpers/fault-injection'
import { applyExpectingNoCrash, expectEveryoneAccountedFor } from '../helpers/outcome-checks'
import {
  NO_WRITES,
  type Person,
  staff,
  userCounts,
  usersByName,
  writeCounts,
} from '../helpers/provisioning-fixture'
import {
  accountId as idOf,
  entryOf,
  startFaultyTarget as faultyTarget,
  statusOf,
  workspaceFor,
} from '../helpers/safety-fixture'

describe('a create whose answer is lost', () => {
  it.each([
    ['the connection drops after the account is stored', { kind: 'drop-after' } as const, {}],
    ['the server answers 500 after storing the account', { kind: 'status-after', status: 500 } as const, {}],
    [
      'the server never answers after storing the account',
      { kind: 'hang-after' } as const,
      { timeoutMs: 1000 },
    ],
  ])('%s: the account is looked up and linked, never created twice', async (_title, fault, targetOptions) => {
    const people = staff()
    const ada = people[0] as Person
    const faults = new FaultInjector().add({ name: 'lost', match: isCreate(ada.mail), fault, times: 1 })
    const target = await faultyTarget(faults)
    const ws = workspaceFor(target.baseUrl, people, { target: targetOptions })

    const result = await applyExpectingNoCrash(ws)

    expect(result.failures).toEqual([])
    expect(result.summary.users).toEqual(userCounts({ create: 4, link: 1 }))
    const { logged } = await expectEveryoneAccountedFor(ws, target, people, result)
    expect(faults.hits('lost')).toBe(1)
    expect(faults.postsFor(ada.mail)).toBe(1)
    expect([...usersByName(target).keys()].filter(name => name === ada.mail)).toHaveLength(1)
    expect(target.store.userCount()).toBe(5)
    const entry = entryOf(logged, ada.employeeId)
    expect(entry).toMatchObject({ action: 'link', status: 'success', targetId: idOf(target, ada.mail) })
    expect(entry.attempts).toBeGreaterThan(1)
    expect(entry.steps.at(-1)?.description).toMatch(/create's outcome was unknown .*and the account exists/)

    target.resetRequestCounts()
    const again = await applyExpectingNoCrash(ws)
    expect(again.summary.users).toEqual(userCounts({ unchanged: 5 }))
    expect(writeCounts(target)).toEqual(NO_WRITES)
  })

  it('and whose lookup fails too: the person is failed, and the next run links the account instead of creating another', async () => {
    const people = staff()
    const ada = people[0] as Person
    const faults = new FaultInjector().add(
      { name: 'lost', match: isCreate(ada.mail), fault: { kind: 'status-after', status: 500 }, times: 1 },
      {
        name: 'lookup',
        match: req => isUserLookup(req) && String(req.query['filter']).includes(ada.mail),
        fault: serverError(503),
      }
    )
    const target = await faultyTarget(faults)
    const ws = workspaceFor(target.baseUrl, people, {
      target: { retries: { maxAttempts: 2, maxWaitSeconds: 5 } },
    })

    const first = await applyExpectingNoCrash(ws)

    expect(first.failures).toEqual([
      expect.objectContaining({
        sourceId: ada.employeeId,
        action: 'create',
        errorCode: 'ServiceUnavailable',
        httpStatus: 503,
      }),
    ])
    await expectEveryoneAccountedFor(ws, target, people, first)
    expect(faults.postsFor(ada.mail)).toBe(1)
    // The account exists (the 500 hid it), unlinked.
    expect(usersByName(target).has(ada.mail)).toBe(true)

    faults.clear()
    target.resetRequestCounts()
    const second = await applyExpectingNoCrash(ws)
    expect(second.failures).toEqual([])
    expect(second.summary.users).toEqual(userCounts({ link: 1, unchanged: 4 }))
    expect(writeCounts(target).POST).toBe(0)
    expect(target.store.userCount()).toBe(5)
    // Linked: nothing is left waiting for a retry.
    const status = await statusOf(ws)
    expect(status.escrow).toEqual([])
  })
})
