/**
 * Entra's "Stop provisioning" / "Start provisioning" / "Clear current state and restart", through
 * the real CLI: `pause` makes scheduled runs skip the job and refuses a manual apply until
 * `resume`; `clear-state` refuses without --yes (printing what it would forget) and, with it,
 * forgets the links so the next plan matches everyone again.
 */
import { describe, expect, it } from 'vitest'
import { FaultInjector } from '../helpers/fault-injection'
import {
  baseJob,
  expectJson,
  staff,
  userCounts,
  Workspace,
  writeCounts,
} from '../helpers/provisioning-fixture'
import { startFaultyTarget } from '../helpers/safety-fixture'

async function provisioned() {
  const target = await startFaultyTarget(new FaultInjector())
  const ws = new Workspace()
  ws.writePeople(staff())
  ws.writeJob(baseJob(target.baseUrl))
  await ws.apply()
  target.resetRequestCounts()
  return { target, ws }
}

interface StatusJson {
  readonly paused: { readonly by: string; readonly at: string; readonly note: string | null } | null
  readonly linked: { readonly users: number }
}

describe('pausing a job', () => {
  it('skips scheduled runs, refuses a manual apply, shows in status; resume lets runs go ahead', async () => {
    const { target, ws } = await provisioned()
    const paused = await ws.cli(['pause', '--job', 'job.json', '--by', 'alice', '--note', 'HR feed broken'])
    expect(paused.code).toBe(0)
    expect(paused.stdout).toContain('Paused by alice')
    const status = expectJson<StatusJson>(await ws.cli(['status', '--job', 'job.json', '--json']), 0)
    expect(status.paused).toMatchObject({ by: 'alice', note: 'HR feed broken' })
    expect((await ws.cli(['status', '--job', 'job.json'])).stdout).toContain('Paused by alice')

    ws.writePeople(staff().slice(0, 4))
    const scheduled = await ws.cli(['apply', '--job', 'job.json', '--scheduled'])
    expect(scheduled.code).toBe(0)
    expect(scheduled.stdout).toMatch(
      /Skipped: Paused by alice .*scheduled runs skip it until an admin resumes it/
    )

    const manual = await ws.cli(['apply', '--job', 'job.json', '--yes'])
    expect(manual.code).toBe(2)
    expect(manual.stderr).toContain('is paused (by alice')
    expect(manual.stderr).toContain('provisioner resume --job FILE')
    const onDemand = await ws.cli(['apply', '--job', 'job.json', '--only', '1001'])
    expect(onDemand.code).toBe(2)
    expect(writeCounts(target)).toEqual({ POST: 0, PATCH: 0, PUT: 0, DELETE: 0 })
    // A plan writes nothing: it still runs, so the admin can see what resuming would do.
    expect((await ws.plan()).summary.users).toEqual(userCounts({ disable: 1, unchanged: 4 }))

    expect((await ws.cli(['resume', '--job', 'job.json'])).stdout).toContain('Resumed')
    expect(
      expectJson<StatusJson>(await ws.cli(['status', '--job', 'job.json', '--json']), 0).paused
    ).toBeNull()
    const resumed = await ws.apply(['--scheduled'])
    expect(resumed.summary.users).toEqual(userCounts({ disable: 1, unchanged: 4 }))
    expect(writeCounts(target).PATCH).toBe(1)
  })
})

describe('clearing a job state', () => {
  it('refuses without --yes, printing the counts; with --yes the next plan re-matches everyone', async () => {
    const { target, ws } = await provisioned()
    const refused = await ws.cli(['clear-state', '--job', 'job.json'])
    expect(refused.code).toBe(2)
    expect(refused.stdout).toContain('Forgets 5 account link(s)')
    expect(refused.stdout).toContain('matches every person again')
    expect(refused.stdout).toContain('Nothing was changed')
    expect(
      expectJson<StatusJson>(await ws.cli(['status', '--job', 'job.json', '--json']), 0).linked.users
    ).toBe(5)

    const cleared = await ws.cli(['clear-state', '--job', 'job.json', '--yes'])
    expect(cleared.code).toBe(0)
    expect(cleared.stdout).toContain('Cleared the state')
    expect(
      expectJson<StatusJson>(await ws.cli(['status', '--job', 'job.json', '--json']), 0).linked.users
    ).toBe(0)

    const plan = await ws.plan()
    expect(plan.summary.users).toEqual(userCounts({ link: 5 }))
    const applied = await ws.apply()
    expect(applied.summary.users).toEqual(userCounts({ link: 5 }))
    expect(writeCounts(target).POST).toBe(0)
    expect(
      expectJson<StatusJson>(await ws.cli(['status', '--job', 'job.json', '--json']), 0).linked.users
    ).toBe(5)
  })
})
