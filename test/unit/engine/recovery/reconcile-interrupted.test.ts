import type { JournalIntent } from '../../../../main/model/journal'
import { describe, expect, it } from 'vitest'
import type { GroupOperation } from '../../../../main/engine/plan/plan-groups'
import type { UserOperation } from '../../../../main/engine/plan/plan-users'
import { reconcileInterrupted } from '../../../../main/engine/recovery/reconcile-interrupted'
import type { PlannedChange, UserAction } from '../../../../main/model/plan'
import type { WritableDB } from '../../../../main/store/database'
import { listJournalForRun, listPendingForJob, recordIntent } from '../../../../main/store/journal-store'
import { queryLogs } from '../../../../main/store/logs-store'
import { createRun } from '../../../../main/store/runs-store'
import { openTempDatabase, seedRun } from '../../../helpers/store-fixtures'

const NOW = new Date('2024-03-01T10:00:00.000Z')

/** The run `run-1` that died, and the run `run-2` that reconciles it. */
function interruptedRun(kind: 'sync' | 'undo' = 'sync'): WritableDB {
  const { db } = openTempDatabase()
  seedRun(db, 'run-0')
  createRun(db, { id: 'run-1', jobId: 'job-1', mode: 'apply', kind }, 3_000)
  createRun(db, { id: 'run-2', jobId: 'job-1', mode: 'apply' }, 4_000)
  return db
}

function pending(db: WritableDB, overrides: Partial<JournalIntent>): number {
  return recordIntent(db, {
    runId: 'run-1',
    jobId: 'job-1',
    changeId: 'change-1',
    objectType: 'user',
    sourceId: 'E1',
    targetId: 'T1',
    operation: 'update',
    intent: { changes: [] },
    before: null,
    ...overrides,
  })
}

/** What the fresh plan says about a person now. */
function user(
  action: UserAction,
  overrides: Partial<Pick<UserOperation, 'targetId' | 'changes' | 'errorCode' | 'sourceId'>> = {}
): UserOperation {
  return {
    changeId: 'fresh',
    objectType: 'user',
    action,
    sourceId: 'E1',
    targetId: 'T1',
    display: 'ada@example.com',
    changes: [],
    reason: null,
    errorCode: null,
    steps: [],
    fingerprint: 'f',
    execution: { kind: 'none' },
    ...overrides,
  }
}

function group(
  action: UserAction,
  overrides: Partial<Pick<GroupOperation, 'targetId' | 'members' | 'execution'>> = {}
): GroupOperation {
  return {
    changeId: 'fresh',
    objectType: 'group',
    action,
    sourceId: 'Sales',
    targetId: 'G1',
    display: 'Sales',
    changes: [],
    reason: null,
    errorCode: null,
    steps: [],
    fingerprint: 'f',
    members: { add: [], remove: [], skipped: [] },
    execution: { kind: 'none' },
    linkAfter: null,
    ...overrides,
  }
}

const titleChange = (from: unknown, to: unknown): PlannedChange => ({ path: 'title', from, to })

/** The journal outcome and log entry the reconciliation left for the interrupted write. */
function settled(db: WritableDB) {
  const [entry] = listJournalForRun(db, 'run-1')
  const logs = queryLogs(db, { runId: 'run-1' })
  expect(logs).toHaveLength(1)
  return { entry, log: logs[0] }
}

describe('reconcileInterrupted', () => {
  it('does nothing when no write was left pending, and ignores the current run’s own', () => {
    const db = interruptedRun()
    pending(db, { runId: 'run-2' })
    expect(reconcileInterrupted(db, 'job-1', 'run-2', [user('create')], NOW)).toEqual({ done: 0, notDone: 0 })
    expect(listPendingForJob(db, 'job-1')).toHaveLength(1)
    expect(queryLogs(db, { jobId: 'job-1' })).toEqual([])
  })

  describe('a create', () => {
    it('was done when the person now has an account, which the outcome and log entry name', () => {
      const db = interruptedRun()
      pending(db, { operation: 'create', targetId: null })

      const result = reconcileInterrupted(db, 'job-1', 'run-2', [user('link', { targetId: 'T7' })], NOW)

      expect(result).toEqual({ done: 1, notDone: 0 })
      const { entry, log } = settled(db)
      expect(entry).toMatchObject({
        state: 'succeeded',
        targetId: 'T7',
        result: { status: 'done', reconciledBy: 'run-2' },
      })
      expect(log).toMatchObject({
        runId: 'run-1',
        changeId: 'change-1',
        action: 'create',
        status: 'success',
        targetId: 'T7',
        reason: 'Recovered after an interrupted run',
        errorCode: null,
        time: NOW.toISOString(),
      })
      expect(listPendingForJob(db, 'job-1')).toEqual([])
    })

    it('was not done when the plan still wants to create the account', () => {
      const db = interruptedRun()
      pending(db, { operation: 'create', targetId: null })

      expect(reconcileInterrupted(db, 'job-1', 'run-2', [user('create', { targetId: null })], NOW)).toEqual({
        done: 0,
        notDone: 1,
      })
      const { entry, log } = settled(db)
      expect(entry).toMatchObject({ state: 'failed', result: { status: 'not-done' } })
      expect(log).toMatchObject({ status: 'failure', errorCode: 'Interrupted', action: 'create' })
    })
  })

  describe('an update', () => {
    it('was done when the target holds what it sent, even if the source changed again since', () => {
      const db = interruptedRun()
      pending(db, { intent: { changes: [titleChange('Engineer', 'Lead')] } })
      const now = user('update', { changes: [titleChange('Lead', 'Director')] })
      expect(reconcileInterrupted(db, 'job-1', 'run-2', [now], NOW)).toEqual({ done: 1, notDone: 0 })
    })

    it('was done when nothing is left to send', () => {
      const db = interruptedRun()
      pending(db, { intent: { changes: [titleChange('Engineer', 'Lead')] } })
      expect(reconcileInterrupted(db, 'job-1', 'run-2', [user('unchanged')], NOW).done).toBe(1)
    })

    it('was not done when the plan still changes the value the write would have changed', () => {
      const db = interruptedRun()
      pending(db, { intent: { changes: [titleChange('Engineer', 'Lead')] } })
      const now = user('update', { changes: [titleChange('Engineer', 'Lead')] })
      expect(reconcileInterrupted(db, 'job-1', 'run-2', [now], NOW)).toEqual({ done: 0, notDone: 1 })
    })

    it('of an undo was not done when the target holds the source’s values instead of the restored ones', () => {
      const db = interruptedRun('undo')
      pending(db, { intent: { changes: [titleChange('Lead', 'Engineer')] } })
      expect(reconcileInterrupted(db, 'job-1', 'run-2', [user('unchanged')], NOW).notDone).toBe(1)
    })

    it('that sent only redacted values is judged by whether anything is left to send', () => {
      const db = interruptedRun()
      pending(db, { intent: { changes: [{ path: 'password', from: null, to: '[Redact]' }] } })
      const now = user('update', { changes: [{ path: 'password', from: null, to: '[Redact]' }] })
      expect(reconcileInterrupted(db, 'job-1', 'run-2', [now], NOW).notDone).toBe(1)
    })
  })

  describe('a disable or delete', () => {
    it('was done when the person is gone from the plan', () => {
      const db = interruptedRun()
      pending(db, { operation: 'disable' })
      expect(reconcileInterrupted(db, 'job-1', 'run-2', [], NOW).done).toBe(1)
      expect(settled(db).log).toMatchObject({ action: 'disable', sourceDisplay: 'E1', targetId: 'T1' })
    })

    it('(a delete) was done when the linked account no longer exists', () => {
      const db = interruptedRun()
      pending(db, { operation: 'delete' })
      const now = user('skip', { errorCode: 'InvalidAnchor' })
      expect(reconcileInterrupted(db, 'job-1', 'run-2', [now], NOW).done).toBe(1)
    })

    it('(a delete) was not done when the plan still deletes the account', () => {
      const db = interruptedRun()
      pending(db, { operation: 'delete' })
      expect(reconcileInterrupted(db, 'job-1', 'run-2', [user('delete')], NOW).notDone).toBe(1)
    })
  })

  describe('a group write', () => {
    const groupWrite = {
      objectType: 'group' as const,
      sourceId: 'Sales',
      targetId: null,
      operation: 'create',
    }

    it('was done when the group exists and the plan has nothing left to send for it', () => {
      const db = interruptedRun()
      pending(db, groupWrite)
      const result = reconcileInterrupted(db, 'job-1', 'run-2', [], NOW, [group('unchanged')])
      expect(result).toEqual({ done: 1, notDone: 0 })
      const { entry, log } = settled(db)
      expect(entry).toMatchObject({ state: 'succeeded', targetId: 'G1' })
      expect(log).toMatchObject({ objectType: 'group', sourceId: 'Sales', targetId: 'G1', status: 'success' })
    })

    it('was not done while members are left to add or remove', () => {
      const db = interruptedRun()
      pending(db, groupWrite)
      pending(db, { ...groupWrite, changeId: 'change-2', sourceId: 'Leads', operation: 'update' })
      const sales = group('link', {
        members: { add: [{ sourceId: 'E1', targetId: 'T1' }], remove: [], skipped: [] },
      })
      const leads = {
        ...group('update', { members: { add: [], remove: ['T2'], skipped: [] } }),
        sourceId: 'Leads',
      }
      expect(reconcileInterrupted(db, 'job-1', 'run-2', [], NOW, [sales, leads])).toEqual({
        done: 0,
        notDone: 2,
      })
    })

    it('was not done when the plan still creates the group', () => {
      const db = interruptedRun()
      pending(db, groupWrite)
      const create = group('create', { targetId: null, execution: { kind: 'create', body: {} } })
      expect(reconcileInterrupted(db, 'job-1', 'run-2', [], NOW, [create]).notDone).toBe(1)
    })

    it('(a delete) was done when the group is no longer planned, and not while still deleted', () => {
      const db = interruptedRun()
      pending(db, { ...groupWrite, targetId: 'G1', operation: 'delete' })
      expect(reconcileInterrupted(db, 'job-1', 'run-2', [], NOW, []).done).toBe(1)

      const again = interruptedRun()
      pending(again, { ...groupWrite, targetId: 'G1', operation: 'delete' })
      const stillDeleting = group('delete', { execution: { kind: 'delete' } })
      expect(reconcileInterrupted(again, 'job-1', 'run-2', [], NOW, [stillDeleting]).notDone).toBe(1)
    })

    it('is judged by the group plan, not by a person with the same source id', () => {
      const db = interruptedRun()
      pending(db, groupWrite)
      const person = {
        ...user('unchanged', { sourceId: 'Sales', targetId: 'T5' }),
        display: 'sales@example.com',
      }
      expect(reconcileInterrupted(db, 'job-1', 'run-2', [person], NOW, []).notDone).toBe(1)
      expect(settled(db).log).toMatchObject({ objectType: 'group', sourceDisplay: 'Sales', targetId: null })
    })
  })
})
