/**
 * No duplicates from a stale or partial listing: a run takes the job's lock before it reads the
 * target (an overlapping run never plans from a listing taken before the other's writes), and a
 * linked account missing from the listing is read by id before the planner may treat it as gone.
 */
import type { Request, RequestHandler } from 'express'
import { describe, expect, it, onTestFinished } from 'vitest'
import { FaultInjector, isUserListing } from '../helpers/fault-injection'
import { startCli } from '../helpers/killable-cli'
import {
  baseJob,
  expectJson,
  type Person,
  person,
  staff,
  startTarget,
  userCounts,
  Workspace,
  writeCounts,
} from '../helpers/provisioning-fixture'
import { accountId, type FullApplyJson, startFaultyTarget } from '../helpers/safety-fixture'

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => {}
  const promise = new Promise<void>(done => (resolve = done))
  return { promise, resolve }
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 30_000
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise(resolve => setTimeout(resolve, 20))
  }
}

const isCreate = (req: Request) => req.method === 'POST' && /\/Users$/.test(req.path)

/** People of the same export that the second job's scoping leaves out. */
function fillers(count: number): Person[] {
  return Array.from({ length: count }, (_, index) =>
    person(String(900_000 + index), 'Filler', `Row${index}`, { department: 'Filler' })
  )
}

describe('overlapping runs of one job', () => {
  it('the second is refused before it reads the target, so it cannot create from a stale listing', async () => {
    // Run A's creates wait until run B has either read the target or given up; B's listing (if
    // it is ever read) is answered only after A has finished. B's export is large (its extra
    // rows are out of scope), so a run that read the target while parsing and locked the job
    // afterwards would lock it after A finished, and plan from a listing without A's accounts.
    let heldCreates = 0
    let laterListings = 0
    const createsGo = deferred()
    const listingGoes = deferred()
    const hold: RequestHandler = (req, res, next) => {
      if (isCreate(req)) {
        heldCreates++
        void createsGo.promise.then(() => next())
        return
      }
      if (isUserListing(req) && heldCreates > 0) {
        laterListings++
        createsGo.resolve()
        const json = res.json.bind(res)
        res.json = (body?: unknown) => {
          void listingGoes.promise.then(() => json(body))
          return res
        }
      }
      next()
    }
    const target = await startTarget({ middleware: [hold] })
    onTestFinished(() => target.close())
    const ws = new Workspace()
    ws.writePeople(staff())
    ws.writeJob(baseJob(target.baseUrl))
    ws.writePeople([...staff(), ...fillers(40_000)], 'people-b.csv')
    const jobB = baseJob(target.baseUrl)
    jobB.source['path'] = 'people-b.csv'
    jobB.users['scoping'] = [
      { title: 'Staff', clauses: [{ attribute: 'department', operator: 'NOT EQUALS', value: 'Filler' }] },
    ]
    ws.writeJob(jobB, 'job-b.json')

    const runA = startCli(ws, ['apply', '--job', 'job.json', '--json'])
    await until(() => heldCreates > 0, 'run A to start creating')
    const runB = startCli(ws, ['apply', '--job', 'job-b.json', '--json'])
    await Promise.race([runB.finished, until(() => laterListings > 0, 'run B to list')])
    createsGo.resolve()
    const a = await runA.finished
    listingGoes.resolve()
    const b = await runB.finished

    expect(expectJson<FullApplyJson>(a, 0).summary.users).toEqual(userCounts({ create: 5 }))
    expect(b.code, b.stdout).toBe(2)
    expect(b.stderr).toMatch(/Run \S+ of this job is still in progress \(process \d+ on this machine\)/)
    expect(laterListings).toBe(0)
    expect(writeCounts(target)).toEqual({ POST: 5, PATCH: 0, PUT: 0, DELETE: 0 })
    expect(target.store.userCount()).toBe(5)
  })
})

describe('a listing that skips a linked account', () => {
  it('reads the account by id and keeps the link: nothing is created again', async () => {
    const faults = new FaultInjector()
    const target = await startFaultyTarget(faults)
    const ws = new Workspace()
    ws.writePeople(staff())
    ws.writeJob(baseJob(target.baseUrl))
    await ws.apply()
    const adaId = accountId(target, 'ada.lovelace@example.com')
    faults.add({
      name: 'skip Ada',
      match: isUserListing,
      fault: {
        kind: 'rewrite',
        rewrite: body => {
          const page = body as { Resources: Array<{ id: string }>; totalResults: number }
          const kept = page.Resources.filter(resource => resource.id !== adaId)
          return { ...page, Resources: kept, totalResults: page.totalResults - 1 }
        },
      },
    })
    target.resetRequestCounts()

    const plan = await ws.plan()
    expect(plan.summary.users).toEqual(userCounts({ unchanged: 5 }))
    const applied = expectJson<FullApplyJson>(await ws.cli(['apply', '--job', 'job.json', '--json']), 0)
    expect(applied.summary.users).toEqual(userCounts({ unchanged: 5 }))
    expect(applied.notices).toEqual([
      "1 linked account(s) were missing from the target's listing but exist (read by id); they were kept, not treated as deleted",
    ])
    expect(faults.hits('skip Ada')).toBeGreaterThanOrEqual(2)
    // Only the one missing account was read by id, once per run.
    expect(
      faults.requests.filter(request => request.method === 'GET' && request.path.endsWith(`/Users/${adaId}`))
    ).toHaveLength(2)
    expect(writeCounts(target)).toEqual({ POST: 0, PATCH: 0, PUT: 0, DELETE: 0 })
    expect(target.store.userCount()).toBe(5)
    expect(ws.query<{ targetId: string }>(`SELECT targetId FROM links WHERE sourceId = '1001'`)).toEqual([
      { targetId: adaId },
    ])
  })
})
