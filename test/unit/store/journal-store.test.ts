import type { JournalIntent } from '../../../main/model/journal'
import { describe, expect, it } from 'vitest'
import {
  listJournalForRun,
  listPendingForJob,
  recordIntent,
  recordOutcome,
} from '../../../main/store/journal-store'
import { createRun } from '../../../main/store/runs-store'
import { openTempDatabase, seedRun } from '../../helpers/store-fixtures'

const iso = (ms: number) => new Date(ms).toISOString()

function intent(overrides: Partial<JournalIntent> = {}): JournalIntent {
  return {
    runId: 'run-1',
    jobId: 'job-1',
    changeId: 'change-1',
    objectType: 'user',
    sourceId: 'E1',
    targetId: null,
    operation: 'create',
    intent: { method: 'POST', path: '/Users', body: { userName: 'ada@example.com' } },
    before: null,
    ...overrides,
  }
}

describe('journal store', () => {
  it('records an intent as pending, with the request and before-image as JSON', () => {
    const { db } = openTempDatabase()
    seedRun(db)
    const id = recordIntent(
      db,
      intent({ operation: 'update', targetId: 'T1', before: { active: true } }),
      5_000
    )
    expect(listPendingForJob(db, 'job-1')).toEqual([
      {
        id,
        ...intent({ operation: 'update', targetId: 'T1', before: { active: true } }),
        state: 'pending',
        result: null,
        startedAt: iso(5_000),
        finishedAt: null,
      },
    ])
  })

  it('records the outcome: state, result, finish time, and the new target id', () => {
    const { db } = openTempDatabase()
    seedRun(db)
    const id = recordIntent(db, intent(), 5_000)
    recordOutcome(db, id, { state: 'succeeded', targetId: 'T-new', result: { status: 201 } }, 6_000)
    expect(listPendingForJob(db, 'job-1')).toEqual([])
    expect(listJournalForRun(db, 'run-1')).toEqual([
      {
        id,
        ...intent({ targetId: 'T-new' }),
        state: 'succeeded',
        result: { status: 201 },
        startedAt: iso(5_000),
        finishedAt: iso(6_000),
      },
    ])
  })

  it('keeps the intended target id when the outcome has none', () => {
    const { db } = openTempDatabase()
    seedRun(db)
    const id = recordIntent(db, intent({ operation: 'delete', targetId: 'T1' }))
    recordOutcome(db, id, { state: 'failed', targetId: null, result: { status: 500 } })
    expect(listJournalForRun(db, 'run-1')[0]).toMatchObject({ state: 'failed', targetId: 'T1' })
  })

  it('refuses an outcome for a row that is no longer pending, and for an unknown row', () => {
    const { db } = openTempDatabase()
    seedRun(db)
    const id = recordIntent(db, intent())
    recordOutcome(db, id, { state: 'succeeded', targetId: 'T1', result: null }, 6_000)
    expect(() => recordOutcome(db, id, { state: 'failed', targetId: 'T2', result: 'late' }, 7_000)).toThrow(
      `recordOutcome: journal entry ${id} is not pending`
    )
    expect(listJournalForRun(db, 'run-1')[0]).toMatchObject({
      state: 'succeeded',
      targetId: 'T1',
      finishedAt: iso(6_000),
    })
    expect(() => recordOutcome(db, 9_999, { state: 'succeeded', targetId: null, result: null })).toThrow(
      /not pending/
    )
  })

  it('lists pending rows per job (oldest first) and all rows per run', () => {
    const { db } = openTempDatabase()
    seedRun(db, 'run-1', 'job-1')
    seedRun(db, 'run-9', 'job-9')
    createRun(db, { id: 'run-2', jobId: 'job-1', mode: 'apply' })
    const a = recordIntent(db, intent({ runId: 'run-1', changeId: 'a' }))
    const b = recordIntent(db, intent({ runId: 'run-1', changeId: 'b' }))
    const c = recordIntent(db, intent({ runId: 'run-2', changeId: 'c' }))
    recordIntent(db, intent({ runId: 'run-9', jobId: 'job-9', changeId: 'other-job' }))
    recordOutcome(db, b, { state: 'succeeded', targetId: 'T', result: null })
    expect(listPendingForJob(db, 'job-1').map(entry => entry.id)).toEqual([a, c])
    expect(listJournalForRun(db, 'run-1').map(entry => [entry.changeId, entry.state])).toEqual([
      ['a', 'pending'],
      ['b', 'succeeded'],
    ])
  })

  it('refuses an intent for a run that does not exist', () => {
    const { db } = openTempDatabase()
    seedRun(db)
    expect(() => recordIntent(db, intent({ runId: 'ghost' }))).toThrow(/FOREIGN KEY/)
  })
})
