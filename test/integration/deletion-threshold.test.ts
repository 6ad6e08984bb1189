/**
 * Accidental-deletions prevention (reference §G, DESIGN §3): a run that would disable or delete
 * more than `safety.deletionThreshold` accounts, or more than `deletionThresholdPercent` of the
 * linked ones — whichever is lower — sends none of those writes. It still creates and updates,
 * logs the held operations as `stagedDelete`, and exits 3. `apply --allow-deletes RUN_ID`
 * applies exactly what was staged and is still right; a second approval is refused (exit 2).
 */
import { describe, expect, it } from 'vitest'
import type { SandboxServer } from '../../main/connectors/scim/sandbox/sandbox-server'
import type { LogEntry } from '../../main/model/log-entry'
import { FaultInjector } from '../helpers/fault-injection'
import {
  describeResult,
  expectJson,
  type Person,
  person,
  userCounts,
  usersByName,
  type Workspace,
  writeCounts,
} from '../helpers/provisioning-fixture'
import {
  accountId,
  type FullApplyJson,
  people as somePeople,
  startFaultyTarget,
  workspaceFor,
} from '../helpers/safety-fixture'

interface Provisioned {
  readonly target: SandboxServer
  readonly ws: Workspace
  readonly rows: Person[]
}

/** Ten people provisioned under these safety settings (nothing to deprovision yet). */
async function provisioned(
  safety: Record<string, unknown>,
  deprovision?: Record<string, unknown>
): Promise<Provisioned> {
  const target = await startFaultyTarget(new FaultInjector())
  const rows = somePeople(10)
  const ws = workspaceFor(target.baseUrl, rows, { safety, deprovision })
  const first = expectJson<FullApplyJson>(await ws.cli(['apply', '--job', 'job.json', '--json']), 0)
  expect(first.summary.users.create).toBe(10)
  target.resetRequestCounts()
  return { target, ws, rows }
}

/** PATCHes that set active=false, by account id, as the server now holds them. */
function inactive(target: SandboxServer): string[] {
  return target.store
    .listUsers()
    .filter(user => user['active'] === false)
    .map(user => String(user['userName']))
    .sort()
}

async function apply(ws: Workspace, code: number, extra: string[] = []): Promise<FullApplyJson> {
  return expectJson<FullApplyJson>(await ws.cli(['apply', '--job', 'job.json', '--json', ...extra]), code)
}

describe('a run over the deletion threshold', () => {
  it('stages its disables (exit 3) while creates and updates go ahead; --allow-deletes applies exactly those still right', async () => {
    const { target, ws, rows } = await provisioned({ deletionThreshold: 2, deletionThresholdPercent: 100 })
    const leaving = rows.slice(7) // 1008, 1009, 1010
    const staying = rows
      .slice(0, 7)
      .map(row => (row.employeeId === '1001' ? { ...row, title: 'Countess' } : row))
    const newcomer = person('1013', 'Annie', 'Easley', { title: 'Programmer' })
    ws.writePeople([...staying, newcomer])

    const blocked = await apply(ws, 3)

    expect(blocked.status).toBe('blocked')
    expect(blocked.staged).toBe(3)
    expect(blocked.deletion).toEqual({
      deprovisions: 3,
      linkedAccounts: 10,
      limit: 2,
      blocked: true,
      reason: expect.stringContaining('the lower of 2 and 100% of 10 linked account(s)'),
    })
    // The create and the update are done; not one disable was sent.
    expect(blocked.summary.users).toMatchObject({ create: 1, update: 1, disable: 0 })
    expect(writeCounts(target)).toEqual({ POST: 1, PATCH: 1, PUT: 0, DELETE: 0 })
    expect(inactive(target)).toEqual([])
    expect(usersByName(target).get('ada.lovelace@example.com')?.['title']).toBe('Countess')
    const staged = await ws.logs(['--run', blocked.runId, '--action', 'stagedDelete'])
    expect(staged.map(entry => entry.sourceId).sort()).toEqual(leaving.map(row => row.employeeId))
    for (const entry of staged) {
      expect(entry).toMatchObject({
        status: 'skipped',
        errorCode: 'StagedDelete',
        reason: expect.stringContaining(`--allow-deletes ${blocked.runId}`),
      })
    }
    // Nothing else holds them: the job is not quarantined by a blocked run.
    expect(blocked.quarantine).toBeUndefined()

    // Barbara (1009) comes back before the admin approves.
    ws.writePeople([...staying, newcomer, rows[8] as Person])
    target.resetRequestCounts()
    const approved = await apply(ws, 0, ['--allow-deletes', blocked.runId])

    expect(approved.status).toBe('completed')
    expect(approved.summary.users).toEqual(userCounts({ disable: 2 }))
    expect(writeCounts(target)).toEqual({ POST: 0, PATCH: 2, PUT: 0, DELETE: 0 })
    expect(inactive(target)).toEqual(['frances.allen@example.com', 'hedy.lamarr@example.com'])
    expect(usersByName(target).get('barbara.liskov@example.com')?.['active']).toBe(true)
    const states = ws.query<{ sourceId: string; state: string; resolvedByRunId: string }>(
      `SELECT sourceId, state, resolvedByRunId FROM stagedOperations WHERE runId = '${blocked.runId}' ORDER BY sourceId`
    )
    expect(states).toEqual([
      { sourceId: '1008', state: 'applied', resolvedByRunId: approved.runId },
      { sourceId: '1009', state: 'refused', resolvedByRunId: approved.runId },
      { sourceId: '1010', state: 'applied', resolvedByRunId: approved.runId },
    ])
    const disables = await ws.logs(['--run', approved.runId, '--action', 'disable'])
    expect(disables.map(entry => [entry.sourceId, entry.status]).sort()).toEqual([
      ['1008', 'success'],
      ['1010', 'success'],
    ])

    // Approving again: nothing left to approve.
    target.resetRequestCounts()
    const again = await ws.cli(['apply', '--job', 'job.json', '--json', '--allow-deletes', blocked.runId])
    expect(again.code, describeResult('apply', again)).toBe(2)
    expect(again.stderr).toMatch(/already approved or refused/)
    expect(writeCounts(target)).toEqual({ POST: 0, PATCH: 0, PUT: 0, DELETE: 0 })

    // A run that is not an approval does not re-stage what was approved: nothing more to disable.
    const after = await apply(ws, 0)
    expect(after.summary.users.disable).toBe(0)
    expect(inactive(target)).toHaveLength(2)
  })

  it.each([
    // [title, deletionThreshold, deletionThresholdPercent, people removed, limit]
    ['the absolute count', 2, 100, 3, 2],
    ['the percentage of linked accounts', 500, 20, 3, 2],
    ['the lower of the two (the percentage)', 4, 30, 4, 3],
    ['the lower of the two (the count)', 2, 50, 3, 2],
  ])('is measured by %s', async (_title, count, percent, removed, limit) => {
    const { target, ws, rows } = await provisioned({
      deletionThreshold: count,
      deletionThresholdPercent: percent,
    })
    ws.writePeople(rows.slice(0, rows.length - removed))

    const blocked = await apply(ws, 3)

    expect(blocked.deletion).toMatchObject({
      deprovisions: removed,
      linkedAccounts: 10,
      limit,
      blocked: true,
    })
    expect(blocked.staged).toBe(removed)
    expect(writeCounts(target)).toEqual({ POST: 0, PATCH: 0, PUT: 0, DELETE: 0 })
    expect(inactive(target)).toEqual([])
    const log = await ws.logs(['--run', blocked.runId])
    expect(log.filter((entry: LogEntry) => entry.action === 'stagedDelete')).toHaveLength(removed)
    expect(log.filter((entry: LogEntry) => entry.action === 'disable')).toEqual([])
    // The plan says so beforehand too.
    const plan = await ws.cli(['plan', '--job', 'job.json'])
    expect(plan.stdout).toMatch(/Deletion threshold: .*exit with code 3/s)
  })

  it('counts disables of people terminated in the source, and holds deletes as well', async () => {
    const { target, ws, rows } = await provisioned(
      { deletionThreshold: 1, deletionThresholdPercent: 100 },
      { whenRemoved: 'delete', whenOutOfScope: 'disable' }
    )
    // One leaves the file (delete), one is terminated in HR (disable).
    ws.writePeople(
      rows.slice(0, 9).map(row => (row.employeeId === '1001' ? { ...row, status: 'Terminated' } : row))
    )
    const adaId = accountId(target, 'ada.lovelace@example.com')

    const blocked = await apply(ws, 3)

    expect(blocked.deletion).toMatchObject({ deprovisions: 2, limit: 1, blocked: true })
    expect(writeCounts(target)).toEqual({ POST: 0, PATCH: 0, PUT: 0, DELETE: 0 })
    expect(target.store.userCount()).toBe(10)
    expect(target.store.getUser(adaId)?.['active']).toBe(true)

    const approved = await apply(ws, 0, ['--allow-deletes', blocked.runId])
    expect(approved.summary.users).toEqual(userCounts({ delete: 1, disable: 1 }))
    expect(writeCounts(target)).toEqual({ POST: 0, PATCH: 1, PUT: 0, DELETE: 1 })
    expect(target.store.userCount()).toBe(9)
    expect(usersByName(target).has('hedy.lamarr@example.com')).toBe(false)
    expect(target.store.getUser(adaId)?.['active']).toBe(false)
  })
})

describe('a run under the deletion threshold', () => {
  it('is not blocked: its disables go out at once (exit 0)', async () => {
    const { target, ws, rows } = await provisioned({ deletionThreshold: 3, deletionThresholdPercent: 50 })
    ws.writePeople(rows.slice(0, 7))

    const result = await apply(ws, 0)

    expect(result.status).toBe('completed')
    expect(result.staged).toBeUndefined()
    expect(result.summary.users).toEqual(userCounts({ disable: 3, unchanged: 7 }))
    expect(writeCounts(target)).toEqual({ POST: 0, PATCH: 3, PUT: 0, DELETE: 0 })
    expect(inactive(target)).toHaveLength(3)
    expect(await ws.logs(['--run', result.runId, '--action', 'stagedDelete'])).toEqual([])
  })

  it('approval of a run that staged nothing is refused (exit 2)', async () => {
    const { ws, rows } = await provisioned({ deletionThreshold: 3, deletionThresholdPercent: 50 })
    ws.writePeople(rows.slice(0, 9))
    const result = await apply(ws, 0)
    const approval = await ws.cli(['apply', '--job', 'job.json', '--allow-deletes', result.runId])
    expect(approval.code, describeResult('apply', approval)).toBe(2)
    expect(approval.stderr).toMatch(/staged no disables or deletes/)
  })
})
