import { describe, expect, it } from 'vitest'
import type { RunInfo, RunSummary } from '../../main/ipc/api/contract'
import { emptyRunSummary } from '../../main/model/run'
import { notWritten } from '../../renderer/pages/run/apply-plan'
import { writeCounts } from '../../renderer/pages/run/plan-numbers'
import { undoable } from '../../renderer/pages/run/undo-run'

function summary(
  users: Partial<RunSummary['users']>,
  groups: Partial<RunSummary['groups']> = {}
): RunSummary {
  const empty = emptyRunSummary()
  return { users: { ...empty.users, ...users }, groups: { ...empty.groups, ...groups } }
}

describe('the numbers a confirmation states', () => {
  it('names every write a plan holds, and only writes', () => {
    expect(
      writeCounts(
        summary({ create: 2, update: 1, enable: 1, link: 1, unchanged: 9, skipped: 3, conflict: 2 })
      )
    ).toBe('2 create, 1 update, 1 enable, 1 link')
    expect(writeCounts(summary({ disable: 4 }, { create: 1, update: 2 }))).toBe('4 disable, 3 group changes')
    expect(writeCounts(summary({ unchanged: 5, skipped: 1 }))).toBe('no changes')
  })

  it('says what is not written, leaving out what is zero', () => {
    expect(notWritten(0, 0)).toBe('')
    expect(notWritten(0, 1)).toBe(' 1 skipped person is not written.')
    expect(notWritten(2, 3)).toBe(' 2 conflicts and 3 skipped people are not written.')
  })
})

describe('undoable', () => {
  const run = (fields: Partial<RunInfo>): RunInfo =>
    ({
      id: 'r',
      jobId: 'j',
      mode: 'apply',
      status: 'completed',
      startedAt: '2024-03-01T09:00:00Z',
      finishedAt: '2024-03-01T09:00:01Z',
      summary: summary({ create: 1 }),
      failed: 0,
      error: null,
      ...fields,
    }) as RunInfo

  it('offers undo for finished runs that wrote something', () => {
    expect(undoable(run({}))).toBe(true)
    expect(undoable(run({ mode: 'on-demand', summary: summary({ update: 1 }) }))).toBe(true)
    // An older run without a summary may still have written: the engine decides.
    expect(undoable(run({ status: 'failed', summary: null }))).toBe(true)
  })

  it('not for dry runs, running runs, or runs that wrote nothing (a cancel declined before any write)', () => {
    expect(undoable(run({ mode: 'dry-run' }))).toBe(false)
    expect(undoable(run({ status: 'running' }))).toBe(false)
    expect(undoable(run({ status: 'cancelled', summary: emptyRunSummary() }))).toBe(false)
  })

  it('for a run cancelled part-way: the writes it made before the stop', () => {
    expect(undoable(run({ status: 'cancelled', summary: summary({ create: 44, unchanged: 3 }) }))).toBe(true)
    expect(undoable(run({ status: 'blocked', summary: summary({ unchanged: 1, skipped: 5 }) }))).toBe(false)
  })
})
