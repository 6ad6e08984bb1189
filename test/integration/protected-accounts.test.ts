/**
 * Break-glass accounts (`safety.protectedAccounts`, `safety.protectedFilters`): deprovisioning
 * never disables or deletes them — listed by account id, userName or source id, or picked by a
 * scoping-style filter on the account — and each one it would have touched is logged with
 * errorCode `ProtectedAccount`. Protected accounts do not count toward the deletion threshold.
 */
import { describe, expect, it } from 'vitest'
import { FaultInjector } from '../helpers/fault-injection'
import {
  expectJson,
  type Person,
  userCounts,
  usersByName,
  writeCounts,
} from '../helpers/provisioning-fixture'
import {
  accountId,
  type FullApplyJson,
  jobFor,
  logBySource,
  people as somePeople,
  startFaultyTarget,
  workspaceFor,
} from '../helpers/safety-fixture'

const BREAK_GLASS = { title: 'Break Glass Administrator' }

describe('protected accounts', () => {
  it('are not disabled when their person leaves: by account id, by userName and by a filter', async () => {
    const rows = somePeople(6).map(row => (row.employeeId === '1003' ? { ...row, ...BREAK_GLASS } : row))
    const target = await startFaultyTarget(new FaultInjector())
    const ws = workspaceFor(target.baseUrl, rows)
    expectJson<FullApplyJson>(await ws.cli(['apply', '--job', 'job.json', '--json']), 0)
    const adaId = accountId(target, 'ada.lovelace@example.com')
    ws.writeJob(
      jobFor(target.baseUrl, {
        safety: {
          deletionThresholdPercent: 100,
          protectedAccounts: [adaId, 'Grace.Hopper@example.com'],
          protectedFilters: [
            {
              title: 'Break-glass admins',
              clauses: [{ attribute: 'title', operator: 'EQUALS', value: BREAK_GLASS.title }],
            },
          ],
        },
      })
    )
    // Ada (id), Grace (userName), Alan (filter) and Katherine (not protected) leave.
    ws.writePeople(rows.filter(row => !['1001', '1002', '1003', '1004'].includes(row.employeeId)))
    target.resetRequestCounts()

    const result = expectJson<FullApplyJson>(await ws.cli(['apply', '--job', 'job.json', '--json']), 0)

    expect(result.status).toBe('completed')
    expect(result.failures).toEqual([])
    expect(result.summary.users).toEqual(userCounts({ disable: 1, skipped: 3, unchanged: 2 }))
    expect(writeCounts(target)).toEqual({ POST: 0, PATCH: 1, PUT: 0, DELETE: 0 })
    const accounts = usersByName(target)
    expect(accounts.get('ada.lovelace@example.com')?.['active']).toBe(true)
    expect(accounts.get('grace.hopper@example.com')?.['active']).toBe(true)
    expect(accounts.get('alan.turing@example.com')?.['active']).toBe(true)
    expect(accounts.get('katherine.johnson@example.com')?.['active']).toBe(false)
    const logged = await logBySource(ws, result.runId)
    for (const sourceId of ['1001', '1002', '1003']) {
      expect(logged.get(sourceId), sourceId).toMatchObject({
        action: 'skip',
        status: 'skipped',
        errorCode: 'ProtectedAccount',
        reason: expect.stringMatching(/Protected account: deprovisioning never disables it/),
      })
    }
    expect(logged.get('1004')).toMatchObject({ action: 'disable', status: 'success' })

    // The next run does not pile anything up: the same three are held again, nothing is sent.
    target.resetRequestCounts()
    const again = expectJson<FullApplyJson>(await ws.cli(['apply', '--job', 'job.json', '--json']), 0)
    expect(again.summary.users).toEqual(userCounts({ skipped: 3, unchanged: 3 }))
    expect(writeCounts(target)).toEqual({ POST: 0, PATCH: 0, PUT: 0, DELETE: 0 })
  })

  it('are not deleted either (by source id), are kept when terminated in the source, and do not count toward the threshold', async () => {
    const rows = somePeople(6)
    const target = await startFaultyTarget(new FaultInjector())
    const options = {
      safety: { deletionThreshold: 1, deletionThresholdPercent: 100, protectedAccounts: ['1005', '1006'] },
      deprovision: { whenRemoved: 'delete', whenOutOfScope: 'disable' },
    }
    const ws = workspaceFor(target.baseUrl, rows, options)
    expectJson<FullApplyJson>(await ws.cli(['apply', '--job', 'job.json', '--json']), 0)
    // Margaret (1005, protected) and Katherine (1004) leave; Dorothy (1006, protected) is terminated.
    ws.writePeople(
      rows
        .filter(row => row.employeeId !== '1005' && row.employeeId !== '1004')
        .map((row): Person => (row.employeeId === '1006' ? { ...row, status: 'Terminated' } : row))
    )
    target.resetRequestCounts()

    // One delete is left after protection: within the threshold of 1, so not blocked.
    const result = expectJson<FullApplyJson>(await ws.cli(['apply', '--job', 'job.json', '--json']), 0)

    expect(result.status).toBe('completed')
    expect(result.summary.users).toEqual(userCounts({ delete: 1, skipped: 2, unchanged: 3 }))
    expect(writeCounts(target)).toEqual({ POST: 0, PATCH: 0, PUT: 0, DELETE: 1 })
    const accounts = usersByName(target)
    expect(accounts.has('katherine.johnson@example.com')).toBe(false)
    expect(accounts.get('margaret.hamilton@example.com')?.['active']).toBe(true)
    expect(accounts.get('dorothy.vaughan@example.com')?.['active']).toBe(true)
    const logged = await logBySource(ws, result.runId)
    expect(logged.get('1005')).toMatchObject({
      errorCode: 'ProtectedAccount',
      reason: expect.stringMatching(/never deletes it/),
    })
    expect(logged.get('1006')).toMatchObject({
      errorCode: 'ProtectedAccount',
      reason: expect.stringMatching(/never disables it/),
    })
  })

  // protectedFilters see the account's core, name and enterprise attributes (case-insensitively).
  it('a protectedFilters rule on an enterprise attribute (department) protects the account', async () => {
    const rows = somePeople(5)
    const target = await startFaultyTarget(new FaultInjector())
    const ws = workspaceFor(target.baseUrl, rows, {
      safety: {
        deletionThresholdPercent: 100,
        protectedFilters: [
          {
            title: 'Research admins',
            clauses: [{ attribute: 'department', operator: 'EQUALS', value: 'Research' }],
          },
        ],
      },
    })
    expectJson<FullApplyJson>(await ws.cli(['apply', '--job', 'job.json', '--json']), 0)
    ws.writePeople(rows.filter(row => row.employeeId !== '1004'))

    const result = await ws.cli(['apply', '--job', 'job.json', '--json'])

    expect(result.code).toBe(0)
    expect(usersByName(target).get('katherine.johnson@example.com')?.['active']).toBe(true)
  })
})
