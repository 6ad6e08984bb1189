import { describe, expect, it } from 'vitest'
import type { GroupOperation } from '../../../../main/engine/plan/plan-groups'
import type { UserOperation } from '../../../../main/engine/plan/plan-users'
import {
  checkSavedPlan,
  restrictToSavedPlan,
  SavedPlanMismatchError,
} from '../../../../main/engine/safety/saved-plan'
import type { PlannedOperation, SavedPlan, UserAction } from '../../../../main/model/plan'
import { emptyRunSummary } from '../../../../main/model/run'
import { loadJob } from '../../../helpers/job-fixtures'

function user(sourceId: string, action: UserAction, fingerprint: string): UserOperation {
  return {
    changeId: `now-${sourceId}`,
    objectType: 'user',
    action,
    sourceId,
    targetId: action === 'create' ? null : `T-${sourceId}`,
    display: `${sourceId}@example.com`,
    changes: [{ path: 'title', from: null, to: 'Engineer' }],
    reason: null,
    errorCode: null,
    steps: [{ type: 'import', status: 'success', description: `Imported ${sourceId}` }],
    fingerprint,
    execution: action === 'create' ? { kind: 'create', body: {}, exportedHash: 'h' } : { kind: 'none' },
  } as UserOperation
}

function group(sourceId: string, action: UserAction, fingerprint: string): GroupOperation {
  return {
    changeId: `now-${sourceId}`,
    objectType: 'group',
    action,
    sourceId,
    targetId: action === 'create' ? null : `G-${sourceId}`,
    display: sourceId,
    changes: [{ path: 'displayName', from: null, to: sourceId }],
    reason: null,
    errorCode: null,
    steps: [{ type: 'import', status: 'success', description: `Group ${sourceId}` }],
    fingerprint,
    members: { add: [{ sourceId: 'E1', targetId: null }], remove: ['T9'], skipped: [] },
    execution: action === 'create' ? { kind: 'create', body: { displayName: sourceId } } : { kind: 'none' },
    linkAfter: action === 'create' ? 'active' : null,
  }
}

/** An operation as `plan --out` saved it (groups also carry their members). */
function saved(operation: UserOperation | GroupOperation): PlannedOperation {
  const { execution: _execution, ...planned } = operation as UserOperation
  const members = 'members' in operation ? { members: operation.members } : {}
  return { ...planned, changeId: `planned-${operation.sourceId}`, ...members } as PlannedOperation
}

function savedPlan(
  operations: ReadonlyArray<PlannedOperation>,
  overrides: Partial<SavedPlan> = {}
): SavedPlan {
  return {
    format: 'provisioner-plan',
    version: 1,
    jobId: 'hr-to-demo-app',
    jobName: 'HR to Demo App',
    configHash: 'hash-1',
    runId: 'plan-run',
    createdAt: '2024-03-01T10:00:00.000Z',
    summary: emptyRunSummary(),
    operations,
    ...overrides,
  }
}

describe('checkSavedPlan', () => {
  const job = loadJob()

  it('accepts a plan made for this job with the same settings', () => {
    expect(() => checkSavedPlan(savedPlan([]), job, 'hash-1')).not.toThrow()
  })

  it('refuses a plan made for another job, naming both', () => {
    expect(() => checkSavedPlan(savedPlan([], { jobId: 'other-job' }), job, 'hash-1')).toThrow(
      new SavedPlanMismatchError('The plan was made for job "other-job", not "hr-to-demo-app"')
    )
  })

  it('refuses a plan made before the job file changed', () => {
    expect(() => checkSavedPlan(savedPlan([]), job, 'hash-2')).toThrow(
      /job file changed since the plan was made/
    )
  })
})

describe('restrictToSavedPlan', () => {
  describe('people', () => {
    it('keeps the planned rows that are still exactly right, and the unchanged', () => {
      const create = user('E1', 'create', 'f-create')
      const unchanged = user('E2', 'unchanged', 'f-unchanged')
      const { users, groups } = restrictToSavedPlan([create, unchanged], [], savedPlan([saved(create)]))
      expect(users).toEqual([create, unchanged])
      expect(groups).toEqual([])
    })

    it('skips a decision the plan did not hold (NotInPlan, not a failure code)', () => {
      const newcomer = user('E3', 'create', 'f-new')
      const { users } = restrictToSavedPlan([newcomer], [], savedPlan([]))
      expect(users).toEqual([
        expect.objectContaining({
          changeId: 'now-E3',
          action: 'skip',
          refusedAction: 'create',
          errorCode: 'NotInPlan',
          execution: { kind: 'none' },
        }),
      ])
    })

    it('refuses a planned row that changed, once, under the planned action (PlanStale)', () => {
      const planned = user('E1', 'update', 'f-before')
      const now = user('E1', 'update', 'f-after')
      const { users } = restrictToSavedPlan([now], [], savedPlan([saved(planned)]))
      expect(users).toEqual([
        expect.objectContaining({
          changeId: 'planned-E1',
          sourceId: 'E1',
          action: 'skip',
          refusedAction: 'update',
          errorCode: 'PlanStale',
          reason: 'Planned update not applied: the source or the target changed since the plan was made',
          execution: { kind: 'none' },
        }),
      ])
    })

    it('does not hold an unchanged row of the plan against the current plan', () => {
      const planned = user('E2', 'unchanged', 'f-unchanged')
      const now = user('E2', 'update', 'f-update')
      const { users } = restrictToSavedPlan([now], [], savedPlan([saved(planned)]))
      expect(users).toEqual([expect.objectContaining({ errorCode: 'NotInPlan', sourceId: 'E2' })])
    })
  })

  describe('groups', () => {
    it('keeps the planned group rows that are still right, whatever the people rows', () => {
      const person = user('E1', 'create', 'f-user')
      const sales = group('Sales', 'create', 'f-sales')
      const plan = savedPlan([saved(person), saved(sales)])
      const { users, groups } = restrictToSavedPlan([person], [sales], plan)
      expect(users).toEqual([person])
      expect(groups).toEqual([sales])
    })

    it('refuses a stale planned group as a group that does nothing, keeping who could not be added', () => {
      const planned = {
        ...group('Sales', 'create', 'f-before'),
        members: { add: [], remove: [], skipped: [{ sourceId: 'E7', reason: 'Out of scope' }] },
      }
      const now = group('Sales', 'link', 'f-after')
      const { users, groups } = restrictToSavedPlan([], [now], savedPlan([saved(planned)]))
      expect(users).toEqual([])
      expect(groups).toEqual([
        expect.objectContaining({
          changeId: 'planned-Sales',
          objectType: 'group',
          sourceId: 'Sales',
          action: 'skip',
          refusedAction: 'create',
          errorCode: 'PlanStale',
          execution: { kind: 'none' },
          linkAfter: null,
          members: { add: [], remove: [], skipped: [{ sourceId: 'E7', reason: 'Out of scope' }] },
        }),
      ])
    })

    it('holds back a group decision the plan did not hold, adding and removing no one', () => {
      const sales = group('Sales', 'update', 'f-sales')
      const { groups } = restrictToSavedPlan([], [sales], savedPlan([]))
      expect(groups).toEqual([
        expect.objectContaining({
          changeId: 'now-Sales',
          action: 'skip',
          refusedAction: 'update',
          errorCode: 'NotInPlan',
          members: { add: [], remove: [], skipped: [] },
          execution: { kind: 'none' },
        }),
      ])
    })

    it('matches groups and people apart, even when a group and a person share a source id', () => {
      const person = user('X', 'update', 'f-same')
      const team = group('X', 'update', 'f-same')
      const { users, groups } = restrictToSavedPlan([person], [team], savedPlan([saved(team)]))
      expect(groups).toEqual([team])
      expect(users).toEqual([expect.objectContaining({ objectType: 'user', errorCode: 'NotInPlan' })])
    })
  })
})
