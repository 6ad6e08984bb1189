import { describe, expect, it } from 'vitest'
import type { PlannedOperation, UserAction } from '../../../main/model/plan'
import { inTransaction, type WritableDB } from '../../../main/store/database'
import {
  countPlannedOperations,
  hasPlannedOperations,
  type PlannedOperationQuery,
  prunePlannedOperations,
  queryPlannedOperations,
  savePlannedOperations,
} from '../../../main/store/planned-operations-store'
import { deleteJobHistory } from '../../../main/store/jobs-store'
import { createRun } from '../../../main/store/runs-store'
import { openTempDatabase, seedJob } from '../../helpers/store-fixtures'

function operation(
  index: number,
  action: UserAction,
  overrides: Partial<PlannedOperation> = {}
): PlannedOperation {
  return {
    changeId: `c${index}`,
    objectType: 'user',
    action,
    sourceId: `E${index}`,
    targetId: action === 'create' ? null : `T${index}`,
    display: `person${index}@example.com`,
    changes:
      action === 'update' ? [{ path: 'title', from: 'Engineer', to: `Title ${index}`, note: 'n' }] : [],
    reason: action === 'skip' ? 'Out of scope' : null,
    errorCode: null,
    steps: [{ type: 'import', status: 'success', description: 'Imported' }],
    fingerprint: `f${index}`,
    ...overrides,
  }
}

/** 3,000 people: 900 updates (every third-ish), 2,100 unchanged, as the defect report had it. */
function bigPlan(): PlannedOperation[] {
  return Array.from({ length: 3_000 }, (_, index) =>
    operation(index, index % 10 < 3 ? 'update' : 'unchanged')
  )
}

function seededDryRun(
  db: WritableDB,
  runId: string,
  operations: ReadonlyArray<PlannedOperation>,
  at = 1_000
): void {
  createRun(db, { id: runId, jobId: 'job-1', mode: 'dry-run' }, at)
  inTransaction(db, () => savePlannedOperations(db, runId, operations))
}

/** Every page from the start, following `afterId`. */
function allPages(db: WritableDB, query: PlannedOperationQuery, size: number): string[] {
  const seen: string[] = []
  let afterId: number | undefined
  for (;;) {
    const page = queryPlannedOperations(db, { ...query, ...(afterId === undefined ? {} : { afterId }) }, size)
    if (page.length === 0) return seen
    seen.push(...page.map(row => row.sourceId ?? ''))
    afterId = page.at(-1)?.id
  }
}

describe('planned operations store', () => {
  it('keeps every operation of a dry run in plan order, and pages all 900 updates of a 3,000-person plan', () => {
    const { db } = openTempDatabase()
    seedJob(db)
    seededDryRun(db, 'dry-1', bigPlan())
    expect(countPlannedOperations(db, { runId: 'dry-1' })).toBe(3_000)
    expect(countPlannedOperations(db, { runId: 'dry-1', action: 'update' })).toBe(900)
    expect(countPlannedOperations(db, { runId: 'dry-1', hideUnchanged: true })).toBe(900)
    const updates = allPages(db, { runId: 'dry-1', hideUnchanged: true }, 100)
    expect(updates).toHaveLength(900)
    expect(new Set(updates).size).toBe(900)
    expect(updates.slice(0, 4)).toEqual(['E0', 'E1', 'E2', 'E10'])
  })

  it('returns what plan --json prints of an operation, without steps, fingerprints or notes', () => {
    const { db } = openTempDatabase()
    seedJob(db)
    seededDryRun(db, 'dry-1', [
      operation(1, 'update', { warnings: ['Manager left out'] }),
      operation(2, 'skip'),
    ])
    const [update, skip] = queryPlannedOperations(db, { runId: 'dry-1' }, 10)
    expect(update).toEqual({
      id: expect.any(Number),
      objectType: 'user',
      action: 'update',
      sourceId: 'E1',
      targetId: 'T1',
      display: 'person1@example.com',
      changes: [{ path: 'title', from: 'Engineer', to: 'Title 1' }],
      reason: null,
      errorCode: null,
      warnings: ['Manager left out'],
    })
    expect(skip).not.toHaveProperty('warnings')
    expect(skip?.reason).toBe('Out of scope')
  })

  it('searches the name, source id and target id anywhere, with % and _ as plain characters', () => {
    const { db } = openTempDatabase()
    seedJob(db)
    seededDryRun(db, 'dry-1', [
      operation(1, 'update', { display: 'Ada Lovelace' }),
      operation(2, 'create', { display: '100% sure', sourceId: 'X_1' }),
      operation(3, 'update', { display: 'Grace', targetId: 'guid-LOVE' }),
    ])
    const search = (text: string) => allPages(db, { runId: 'dry-1', search: text }, 10)
    expect(search('love')).toEqual(['E1', 'E3'])
    expect(search('0%')).toEqual(['X_1'])
    expect(search('x_')).toEqual(['X_1'])
    expect(search('_')).toEqual(['X_1'])
    expect(countPlannedOperations(db, { runId: 'dry-1', search: 'love', action: 'update' })).toBe(2)
  })

  it('pages back before an id, nearest first', () => {
    const { db } = openTempDatabase()
    seedJob(db)
    seededDryRun(db, 'dry-1', bigPlan())
    const page = queryPlannedOperations(db, { runId: 'dry-1', action: 'update' }, 5)
    const last = page.at(-1)?.id as number
    const back = queryPlannedOperations(db, { runId: 'dry-1', action: 'update', beforeId: last }, 2)
    expect(back.map(row => row.sourceId)).toEqual(['E10', 'E2'])
  })

  it("keeps the plans of each job's newest dry runs only", () => {
    const { db } = openTempDatabase()
    seedJob(db)
    seedJob(db, 'job-2')
    for (let index = 0; index < 4; index++)
      seededDryRun(db, `dry-${index}`, [operation(index, 'create')], 1_000 + index)
    createRun(db, { id: 'other-job', jobId: 'job-2', mode: 'dry-run' }, 500)
    inTransaction(db, () => savePlannedOperations(db, 'other-job', [operation(9, 'create')]))
    expect(prunePlannedOperations(db, 'job-1', 2)).toBe(2)
    expect(db.prepare('SELECT count(*) FROM plannedOperations').pluck().get()).toBe(3)
    expect(['dry-0', 'dry-1', 'dry-2', 'dry-3', 'other-job'].map(id => hasPlannedOperations(db, id))).toEqual(
      [false, false, true, true, true]
    )
  })

  it("drops the plans of a deleted job, operations included, and keeps the other jobs' plans", () => {
    const { db } = openTempDatabase()
    seedJob(db)
    seedJob(db, 'job-2')
    seededDryRun(db, 'dry-1', bigPlan())
    createRun(db, { id: 'other-job', jobId: 'job-2', mode: 'dry-run' })
    inTransaction(db, () => savePlannedOperations(db, 'other-job', [operation(9, 'create')]))
    deleteJobHistory(db, 'job-1')
    expect(hasPlannedOperations(db, 'dry-1')).toBe(false)
    expect(db.prepare('SELECT count(*) FROM plannedOperations').pluck().get()).toBe(1)
    expect(queryPlannedOperations(db, { runId: 'other-job' }, 10).map(row => row.sourceId)).toEqual(['E9'])
  })

  it('keeps each plan to its own operations, whatever the paging cursor says', () => {
    const { db } = openTempDatabase()
    seedJob(db)
    seededDryRun(db, 'dry-1', [operation(1, 'create'), operation(2, 'create')])
    seededDryRun(db, 'dry-2', [operation(3, 'create'), operation(4, 'create')])
    const [first] = queryPlannedOperations(db, { runId: 'dry-1' }, 1)
    const [later] = queryPlannedOperations(db, { runId: 'dry-2' }, 1)
    const sources = (query: PlannedOperationQuery) =>
      queryPlannedOperations(db, query, 10).map(row => row.sourceId)
    expect(sources({ runId: 'dry-2', afterId: (first?.id ?? 0) - 1 })).toEqual(['E3', 'E4'])
    expect(sources({ runId: 'dry-1', beforeId: (later?.id ?? 0) + 1 })).toEqual(['E2', 'E1'])
    expect(sources({ runId: 'dry-1', afterId: later?.id ?? 0 })).toEqual([])
    expect(countPlannedOperations(db, { runId: 'dry-2' })).toBe(2)
    expect(countPlannedOperations(db, { runId: 'no-such-run' })).toBe(0)
    expect(queryPlannedOperations(db, { runId: 'no-such-run' }, 10)).toEqual([])
  })

  it('returns every change as planned: its path, values of any type, and values left undefined', () => {
    const { db } = openTempDatabase()
    seedJob(db)
    const changes = [
      { path: 'userName', from: null, to: 'ada@example.com' },
      { path: 'active', from: true, to: false },
      { path: 'manager', from: { value: 'T1' }, to: { value: 'T2', displayName: 'Grace' } },
      { path: 'emails', from: [], to: [{ value: 'a@x', primary: true }] },
      { path: 'title', from: 'Engineer', to: undefined },
      { path: 'nickName', from: undefined, to: 0 },
      { path: 'userName', from: 'old', to: 'new' },
    ]
    seededDryRun(db, 'dry-1', [operation(1, 'update', { changes }), operation(2, 'update', { changes: [] })])
    const [stored, empty] = queryPlannedOperations(db, { runId: 'dry-1' }, 10)
    expect(stored?.changes).toEqual(changes)
    expect(stored?.changes[4]).not.toHaveProperty('to')
    expect(stored?.changes[5]).not.toHaveProperty('from')
    expect(empty?.changes).toEqual([])
  })

  it('writes nothing of a plan whose transaction fails', () => {
    const { db } = openTempDatabase()
    seedJob(db)
    createRun(db, { id: 'dry-1', jobId: 'job-1', mode: 'dry-run' })
    const broken = [...bigPlan(), operation(3_001, 'create', { objectType: 'device' as 'user' })]
    expect(() => inTransaction(db, () => savePlannedOperations(db, 'dry-1', broken))).toThrow(
      /CHECK constraint/
    )
    expect(hasPlannedOperations(db, 'dry-1')).toBe(false)
  })
})
