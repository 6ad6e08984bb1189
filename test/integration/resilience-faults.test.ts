/**
 * The reliability bar (DESIGN §6) against a misbehaving SCIM service: under 429 storms, 5xx
 * bursts, silence, dropped connections, HTML pages, a server that ignores `count` and one that
 * spells booleans as strings, every person ends provisioned or listed as failed with a reason (in
 * `apply --json` and in the log), the CLI never crashes, and no one gets a second account.
 */
import { describe, expect, it } from 'vitest'
import type { SandboxServer } from '../../main/connectors/scim/sandbox/sandbox-server'
import {
  activeAsString,
  FaultInjector,
  htmlPage,
  isCreate,
  isUserListing,
  isUserLookup,
  isUserPatch,
  isUsers,
  proxyError,
  serverError,
  throttle,
} from '../helpers/fault-injection'
import { applyExpectingNoCrash, expectEveryoneAccountedFor } from '../helpers/outcome-checks'
import {
  NO_WRITES,
  type Person,
  staff,
  USER_SCHEMA,
  userCounts,
  usersByName,
  type Workspace,
  writeCounts,
} from '../helpers/provisioning-fixture'
import {
  accountId as idOf,
  entryOf,
  people as somePeople,
  startFaultyTarget as faultyTarget,
  statusOf,
  workspaceFor,
} from '../helpers/safety-fixture'

const eight = (): Person[] => somePeople(8)

/** A workspace for `people` with small retry settings so backoff stays short. */
function workspace(
  target: SandboxServer,
  people: ReadonlyArray<Person>,
  targetOptions: Record<string, unknown> = {},
  safety?: Record<string, unknown>
): Workspace {
  return workspaceFor(target.baseUrl, people, { target: targetOptions, safety })
}

function mailOf(people: ReadonlyArray<Person>, employeeId: string): string {
  const found = people.find(row => row.employeeId === employeeId)
  if (found === undefined) throw new Error(`no person ${employeeId}`)
  return found.mail
}

describe('a 429 storm', () => {
  it('is ridden out by waiting as Retry-After asks; a person still throttled when the wait budget is spent fails and is escrowed', async () => {
    const people = eight()
    const faults = new FaultInjector().add(
      // Throttled on every attempt: fails once target.retries.maxWaitSeconds (5 s) is spent —
      // four waits of 1.05 s, five attempts (throttling is not bounded by maxAttempts).
      { name: 'always', match: isCreate(mailOf(people, '1005')), fault: throttle(1) },
      // Half the creates and the first page of the listing are throttled once each.
      {
        name: 'once',
        match: req =>
          isUserListing(req) || isCreate(...people.filter((_, i) => i % 2 === 0).map(p => p.mail))(req),
        fault: throttle(1),
        times: 1,
      }
    )
    const target = await faultyTarget(faults)
    const ws = workspace(target, people)

    const result = await applyExpectingNoCrash(ws)

    expect(result.status).toBe('completed-with-errors')
    expect(result.summary.users).toEqual(userCounts({ create: 7 }))
    expect(result.failures).toEqual([
      expect.objectContaining({
        sourceId: '1005',
        action: 'create',
        errorCode: 'TooManyRequests',
        httpStatus: 429,
      }),
    ])
    const { logged } = await expectEveryoneAccountedFor(ws, target, people, result)
    expect(target.store.userCount()).toBe(7)
    expect(faults.hits('always')).toBe(5)
    // The first listing page and three creates (1005 meets the other rule first).
    expect(faults.hits('once')).toBe(1 + 3)
    // A throttled create is repeated (the server did not act on it) without a lookup first.
    for (const [index, row] of people.entries()) {
      const throttledOnce = index % 2 === 0 && row.employeeId !== '1005'
      const attempts = row.employeeId === '1005' ? 5 : throttledOnce ? 2 : 1
      expect(faults.postsFor(row.mail), row.mail).toBe(attempts)
      expect(entryOf(logged, row.employeeId).attempts, row.mail).toBe(attempts)
    }
    expect(faults.requests.filter(request => request.status === 409)).toEqual([])
    expect(entryOf(logged, '1005')).toMatchObject({
      action: 'create',
      status: 'failure',
      errorCode: 'TooManyRequests',
    })
    expect((await statusOf(ws)).escrow).toEqual([
      expect.objectContaining({ sourceId: '1005', attempts: 1, errorCode: 'TooManyRequests' }),
    ])

    // The storm is over: a manual re-run creates the one left over, and only them.
    faults.clear()
    target.resetRequestCounts()
    const rerun = await applyExpectingNoCrash(ws)
    expect(rerun.failures).toEqual([])
    expect(rerun.summary.users).toEqual(userCounts({ create: 1, unchanged: 7 }))
    expect(writeCounts(target)).toEqual({ POST: 1, PATCH: 0, PUT: 0, DELETE: 0 })
    const after = await expectEveryoneAccountedFor(ws, target, people, rerun)
    expect(target.store.userCount()).toBe(8)
    // One earlier failed run plus this request.
    expect(entryOf(after.logged, '1005')).toMatchObject({ action: 'create', status: 'success', attempts: 2 })
    expect((await statusOf(ws)).escrow).toEqual([])
  })
  it('a Retry-After longer than target.retries.maxWaitSeconds fails that request at once and does not stall the run', async () => {
    const people = staff()
    const alan = people[2] as Person
    const faults = new FaultInjector().add({
      name: 'an hour',
      match: isCreate(alan.mail),
      fault: throttle(3600),
    })
    const target = await faultyTarget(faults)
    const ws = workspace(target, people, { concurrency: 1, retries: { maxAttempts: 4, maxWaitSeconds: 5 } })

    const result = await applyExpectingNoCrash(ws)

    expect(result.failures).toEqual([
      expect.objectContaining({ sourceId: alan.employeeId, errorCode: 'TooManyRequests', httpStatus: 429 }),
    ])
    expect(result.summary.users).toEqual(userCounts({ create: 4 }))
    await expectEveryoneAccountedFor(ws, target, people, result)
    expect(faults.postsFor(alan.mail)).toBe(1)
    expect((await statusOf(ws)).escrow).toEqual([expect.objectContaining({ sourceId: alan.employeeId })])
  })
})

describe('5xx bursts', () => {
  it('503 without Retry-After, 500 and a proxy 502 page: creates are re-sent only after a lookup, PATCHes retried', async () => {
    const people = staff()
    const [ada, grace, alan] = [people[0], people[1], people[2]] as [Person, Person, Person]
    const faults = new FaultInjector().add(
      { name: '503', match: isCreate(ada.mail), fault: serverError(503, 'Service restarting'), times: 2 },
      { name: '500', match: isCreate(grace.mail), fault: serverError(500, 'Deadlock'), times: 1 },
      { name: '502', match: isCreate(alan.mail), fault: proxyError(502) },
      { name: 'listing', match: isUserListing, fault: serverError(503), times: 1 }
    )
    const target = await faultyTarget(faults)
    const ws = workspace(target, people)

    const first = await applyExpectingNoCrash(ws)

    expect(first.summary.users).toEqual(userCounts({ create: 4 }))
    expect(first.failures).toEqual([
      expect.objectContaining({
        sourceId: alan.employeeId,
        errorCode: 'ServiceUnavailable',
        httpStatus: 502,
        message: expect.stringContaining('502 Bad Gateway'),
      }),
    ])
    const { logged } = await expectEveryoneAccountedFor(ws, target, people, first)
    // Each unknown outcome is followed by a lookup (it was not created) before the next POST;
    // a lookup tries each matching attribute (userName, then externalId).
    expect(faults.postsFor(ada.mail)).toBe(3)
    expect(faults.postsFor(grace.mail)).toBe(2)
    expect(faults.postsFor(alan.mail)).toBe(4)
    const lookups = (row: Person) =>
      faults.requests.filter(
        request =>
          request.method === 'GET' &&
          (request.subject?.includes(row.mail) === true ||
            request.subject === `externalId eq "${row.employeeId}"`)
      ).length
    expect([lookups(ada), lookups(grace), lookups(alan)]).toEqual([4, 2, 8])
    // The log's attempts count every request made for the person (POSTs and lookups).
    expect(entryOf(logged, ada.employeeId)).toMatchObject({
      action: 'create',
      status: 'success',
      attempts: 7,
    })
    expect(entryOf(logged, grace.employeeId)).toMatchObject({
      action: 'create',
      status: 'success',
      attempts: 4,
    })
    expect(entryOf(logged, alan.employeeId)).toMatchObject({
      status: 'failure',
      httpStatus: 502,
      attempts: 12,
    })

    // Next run: everyone's title changes; PATCHes meet a 503 (once) and a 500 (always).
    const adaId = idOf(target, ada.mail)
    const graceId = idOf(target, grace.mail)
    faults.clear()
    faults.add(
      { name: 'patch-503', match: isUserPatch(adaId), fault: serverError(503), times: 1 },
      { name: 'patch-500', match: isUserPatch(graceId), fault: serverError(500, 'Deadlock') }
    )
    const retitled = people.map(row => ({ ...row, title: `${row.title} II` }))
    ws.writePeople(retitled)

    const second = await applyExpectingNoCrash(ws)

    expect(second.summary.users).toEqual(userCounts({ create: 1, update: 3 }))
    expect(second.failures).toEqual([
      expect.objectContaining({
        sourceId: grace.employeeId,
        action: 'update',
        errorCode: 'InternalServerError',
        httpStatus: 500,
        message: expect.stringContaining('Deadlock'),
      }),
    ])
    const secondLog = await expectEveryoneAccountedFor(ws, target, retitled, second)
    // A replace PATCH is idempotent: repeated as such.
    expect(faults.hits('patch-503')).toBe(1)
    expect(entryOf(secondLog.logged, ada.employeeId)).toMatchObject({ action: 'update', attempts: 2 })
    expect(faults.hits('patch-500')).toBe(4)
    expect(target.store.getUser(graceId)?.['title']).toBe('Rear Admiral')
    expect(target.store.userCount()).toBe(5)
  })
})

describe('a server that does not answer', () => {
  it('times out (target.timeoutMs), looks the account up, and tries again; one that never answers fails with Timeout', async () => {
    const people = staff()
    const [ada, grace] = [people[0], people[1]] as [Person, Person]
    const faults = new FaultInjector().add(
      { name: 'listing', match: isUserListing, fault: { kind: 'hang' }, times: 1 },
      { name: 'ada', match: isCreate(ada.mail), fault: { kind: 'hang' }, times: 1 },
      { name: 'grace', match: isCreate(grace.mail), fault: { kind: 'hang' } }
    )
    const target = await faultyTarget(faults)
    const ws = workspace(target, people, { timeoutMs: 1000, retries: { maxAttempts: 2, maxWaitSeconds: 5 } })

    const result = await applyExpectingNoCrash(ws)

    expect(result.summary.users).toEqual(userCounts({ create: 4 }))
    expect(result.failures).toEqual([
      expect.objectContaining({
        sourceId: grace.employeeId,
        errorCode: 'Timeout',
        httpStatus: null,
        message: expect.stringContaining('timed out'),
      }),
    ])
    const { logged } = await expectEveryoneAccountedFor(ws, target, people, result)
    expect(faults.hits('listing')).toBe(1)
    expect(faults.postsFor(ada.mail)).toBe(2)
    expect(faults.postsFor(grace.mail)).toBe(2)
    // POST, lookups by userName and externalId, POST.
    expect(entryOf(logged, ada.employeeId)).toMatchObject({
      action: 'create',
      status: 'success',
      attempts: 4,
    })
    expect(entryOf(logged, grace.employeeId).attempts).toBe(6)
    expect(usersByName(target).has(grace.mail)).toBe(false)
  })
})

describe('dropped connections', () => {
  it('are retried (reads and PATCHes) or looked up first (creates), with no duplicate', async () => {
    const people = staff()
    const [ada, grace, alan] = [people[0], people[1], people[2]] as [Person, Person, Person]
    const faults = new FaultInjector().add(
      { name: 'listing', match: isUserListing, fault: { kind: 'drop' }, times: 1 },
      { name: 'create', match: isCreate(ada.mail, grace.mail), fault: { kind: 'drop' }, times: 1 },
      {
        name: 'lookup',
        match: req => isUserLookup(req) && String(req.query['filter']).includes(grace.mail),
        fault: { kind: 'drop' },
        times: 1,
      }
    )
    const target = await faultyTarget(faults)
    const ws = workspace(target, people)

    const first = await applyExpectingNoCrash(ws)

    expect(first.failures).toEqual([])
    expect(first.summary.users).toEqual(userCounts({ create: 5 }))
    const { logged } = await expectEveryoneAccountedFor(ws, target, people, first)
    expect([faults.hits('listing'), faults.hits('create'), faults.hits('lookup')]).toEqual([1, 2, 1])
    expect(faults.postsFor(ada.mail)).toBe(2)
    expect(faults.postsFor(grace.mail)).toBe(2)
    // POST dropped, lookups by userName and by externalId (not created), POST again.
    expect(entryOf(logged, ada.employeeId).attempts).toBe(4)
    // The same, with the userName lookup dropped and repeated.
    expect(entryOf(logged, grace.employeeId).attempts).toBe(5)

    const alanId = idOf(target, alan.mail)
    faults.clear()
    faults.add({ name: 'patch', match: isUserPatch(alanId), fault: { kind: 'drop' }, times: 2 })
    const moved = people.map(row => (row === alan ? { ...row, department: 'Codebreaking' } : row))
    ws.writePeople(moved)
    const second = await applyExpectingNoCrash(ws)
    expect(second.failures).toEqual([])
    expect(second.summary.users).toEqual(userCounts({ update: 1, unchanged: 4 }))
    expect(faults.hits('patch')).toBe(2)
    const secondLog = await expectEveryoneAccountedFor(ws, target, moved, second)
    expect(entryOf(secondLog.logged, alan.employeeId)).toMatchObject({
      action: 'update',
      status: 'success',
      attempts: 3,
    })
    expect(target.store.userCount()).toBe(5)
  })
})

describe('HTML pages with 200 OK', () => {
  it('fail the object (not SCIM) without being repeated, and are not escrowed as passing outages', async () => {
    const people = staff()
    const [ada, , , , margaret] = people as [Person, Person, Person, Person, Person]
    const faults = new FaultInjector()
    const target = await faultyTarget(faults)
    const ws = workspace(target, people.slice(0, 4))
    await applyExpectingNoCrash(ws)
    const adaId = idOf(target, ada.mail)
    faults.add(
      { name: 'patch', match: isUserPatch(adaId), fault: htmlPage('Please sign in') },
      { name: 'create', match: isCreate(margaret.mail), fault: htmlPage('Please sign in') }
    )
    const changed = people.map(row => (row === ada ? { ...row, title: 'Countess' } : row))
    ws.writePeople(changed)

    const result = await applyExpectingNoCrash(ws)

    expect(result.summary.users).toEqual(userCounts({ unchanged: 3 }))
    const incompatible = 'SystemForCrossDomainIdentityManagementServiceIncompatible'
    expect([...result.failures].sort((a, b) => String(a.sourceId).localeCompare(String(b.sourceId)))).toEqual(
      [
        expect.objectContaining({
          sourceId: ada.employeeId,
          action: 'update',
          errorCode: incompatible,
          httpStatus: 200,
        }),
        expect.objectContaining({
          sourceId: margaret.employeeId,
          action: 'create',
          errorCode: incompatible,
          httpStatus: 200,
          message: expect.stringContaining('text/html'),
        }),
      ]
    )
    await expectEveryoneAccountedFor(ws, target, changed, result)
    expect([faults.hits('patch'), faults.hits('create')]).toEqual([1, 1])
    expect(target.store.getUser(adaId)?.['title']).toBe('Principal Engineer')
    const status = await statusOf(ws)
    expect(status.escrow).toEqual([])
  })
})

describe('a server that ignores count', () => {
  it('is paged to the end (short pages, one throttled), so existing accounts are linked, not duplicated', async () => {
    const people = staff()
    const others = Array.from({ length: 7 }, (_, i) => ({
      schemas: [USER_SCHEMA],
      userName: `contractor${i}@example.com`,
      externalId: `c${i}`,
      active: true,
    }))
    // The three accounts that match people come last, on the last pages.
    const existing = people.slice(2).map(row => ({
      schemas: [USER_SCHEMA],
      userName: row.mail,
      externalId: row.employeeId,
      title: row.title,
      active: true,
    }))
    const faults = new FaultInjector().add({
      name: 'page',
      match: req => isUserListing(req) && req.query['startIndex'] === '3',
      fault: throttle(1),
      times: 1,
    })
    const target = await faultyTarget(faults, { ignoreCount: 2, seedUsers: [...others, ...existing] })
    const ws = workspace(target, people, { pageSize: 5 })

    const result = await applyExpectingNoCrash(ws)

    expect(result.failures).toEqual([])
    expect(result.summary.users).toEqual(userCounts({ create: 2, link: 3 }))
    await expectEveryoneAccountedFor(ws, target, people, result)
    expect(faults.hits('page')).toBe(1)
    expect(target.store.userCount()).toBe(12)
    expect(writeCounts(target).POST).toBe(2)
    expect(faults.requests.filter(request => request.status === 409)).toEqual([])

    target.resetRequestCounts()
    const again = await applyExpectingNoCrash(ws)
    expect(again.summary.users).toEqual(userCounts({ unchanged: 5 }))
    expect(writeCounts(target)).toEqual(NO_WRITES)
  })
})

describe('a server that returns active as "True"/"False" strings', () => {
  it('is compared by meaning: disables are sent once, then nothing is sent (no perpetual update)', async () => {
    const people = staff()
    const faults = new FaultInjector().add({
      name: 'strings',
      match: isUsers,
      fault: { kind: 'rewrite', rewrite: activeAsString },
    })
    const target = await faultyTarget(faults)
    const ws = workspace(target, people, {}, { deletionThresholdPercent: 100 })
    await applyExpectingNoCrash(ws)
    expect(faults.hits('strings')).toBeGreaterThan(0)
    expect(target.store.userCount()).toBe(5)

    // Margaret is terminated in HR, Katherine left the file: two disables.
    const margaretId = idOf(target, 'margaret.hamilton@example.com')
    const katherineId = idOf(target, 'katherine.johnson@example.com')
    const changed = people
      .filter(row => row.employeeId !== '1004')
      .map(row => (row.employeeId === '1005' ? { ...row, status: 'Terminated' } : row))
    ws.writePeople(changed)
    target.resetRequestCounts()
    const second = await applyExpectingNoCrash(ws)
    expect(second.failures).toEqual([])
    expect(second.summary.users).toEqual(userCounts({ disable: 2, unchanged: 3 }))
    expect(writeCounts(target)).toEqual({ POST: 0, PATCH: 2, PUT: 0, DELETE: 0 })
    expect(target.store.getUser(margaretId)?.['active']).toBe(false)
    expect(target.store.getUser(katherineId)?.['active']).toBe(false)

    // The server now says "False" for both and "True" for the others: nothing to do.
    target.resetRequestCounts()
    const third = await applyExpectingNoCrash(ws)
    expect(third.summary.users).toEqual(userCounts({ unchanged: 5 }))
    expect(writeCounts(target)).toEqual(NO_WRITES)

    // Margaret comes back: one enable, then quiet again.
    ws.writePeople(changed.map(row => (row.employeeId === '1005' ? { ...row, status: 'Active' } : row)))
    target.resetRequestCounts()
    const fourth = await applyExpectingNoCrash(ws)
    expect(fourth.summary.users).toEqual(userCounts({ enable: 1, unchanged: 4 }))
    expect(writeCounts(target)).toEqual({ POST: 0, PATCH: 1, PUT: 0, DELETE: 0 })
    target.resetRequestCounts()
    const fifth = await applyExpectingNoCrash(ws)
    expect(fifth.summary.users).toEqual(userCounts({ unchanged: 5 }))
    expect(writeCounts(target)).toEqual(NO_WRITES)
  })
})
