import type { JournalIntent } from '../../../../main/model/journal'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { RunRecorder } from '../../../../main/engine/apply/run-recorder'
import { listJournalForRun } from '../../../../main/store/journal-store'
import { getLinkBySource, upsertLink } from '../../../../main/store/links-store'
import { queryLogs } from '../../../../main/store/logs-store'
import { logEntry, openTempDatabase, seedRun } from '../../../helpers/store-fixtures'

function intent(changeId: string): JournalIntent {
  return {
    runId: 'run-1',
    jobId: 'job-1',
    changeId,
    objectType: 'user',
    sourceId: `S-${changeId}`,
    targetId: null,
    operation: 'create',
    intent: { changeId },
    before: null,
  }
}

function setup() {
  const { db } = openTempDatabase()
  seedRun(db)
  return { db, recorder: new RunRecorder(db) }
}

afterEach(() => {
  vi.useRealTimers()
})

describe('RunRecorder', () => {
  it('commits intents at once and returns their journal ids in order', () => {
    const { db, recorder } = setup()
    const ids = recorder.recordIntents([intent('a'), intent('b'), intent('c')])
    expect(ids).toHaveLength(3)
    expect(listJournalForRun(db, 'run-1').map(entry => [entry.id, entry.changeId, entry.state])).toEqual([
      [ids[0], 'a', 'pending'],
      [ids[1], 'b', 'pending'],
      [ids[2], 'c', 'pending'],
    ])
  })

  it('holds completions until flushed, then writes outcome, link, unlink and log together', () => {
    const { db, recorder } = setup()
    upsertLink(db, {
      jobId: 'job-1',
      objectType: 'user',
      sourceId: 'S-gone',
      targetId: 'T-gone',
      state: 'active',
      exportedHash: null,
      display: null,
    })
    const [id] = recorder.recordIntents([intent('a')])
    recorder.complete({
      journalId: id,
      outcome: { state: 'succeeded', targetId: 'T-a', result: { status: 201 } },
      link: {
        jobId: 'job-1',
        objectType: 'user',
        sourceId: 'S-a',
        targetId: 'T-a',
        state: 'active',
        exportedHash: 'h',
        display: 'a@example.com',
      },
      log: logEntry({ changeId: 'a' }),
    })
    recorder.complete({
      unlink: { jobId: 'job-1', objectType: 'user', sourceId: 'S-gone' },
      log: logEntry({ changeId: 'gone', action: 'skip', status: 'skipped' }),
    })

    expect(listJournalForRun(db, 'run-1')[0]?.state).toBe('pending')
    expect(getLinkBySource(db, 'job-1', 'user', 'S-a')).toBeNull()
    expect(getLinkBySource(db, 'job-1', 'user', 'S-gone')).not.toBeNull()
    expect(queryLogs(db, {})).toEqual([])

    recorder.flush()
    expect(listJournalForRun(db, 'run-1')[0]).toMatchObject({ state: 'succeeded', targetId: 'T-a' })
    expect(getLinkBySource(db, 'job-1', 'user', 'S-a')).toMatchObject({ targetId: 'T-a', exportedHash: 'h' })
    expect(getLinkBySource(db, 'job-1', 'user', 'S-gone')).toBeNull()
    expect(queryLogs(db, { ascending: true }).map(entry => entry.changeId)).toEqual(['a', 'gone'])

    recorder.flush()
    expect(queryLogs(db, {})).toHaveLength(2)
  })

  it('flushes by itself at 256 completions', () => {
    const { db, recorder } = setup()
    for (let index = 0; index < 255; index++) {
      recorder.complete({ log: logEntry({ changeId: `c${index}` }) })
    }
    expect(queryLogs(db, { limit: 1_000 })).toHaveLength(0)
    recorder.complete({ log: logEntry({ changeId: 'c255' }) })
    expect(queryLogs(db, { limit: 1_000 })).toHaveLength(256)
    recorder.complete({ log: logEntry({ changeId: 'c256' }) })
    expect(queryLogs(db, { limit: 1_000 })).toHaveLength(256)
    recorder.flush()
    expect(queryLogs(db, { limit: 1_000 })).toHaveLength(257)
  })

  it('flushes a small batch on its timer', () => {
    vi.useFakeTimers()
    const { db, recorder } = setup()
    recorder.complete({ log: logEntry({ changeId: 'x' }) })
    recorder.complete({ log: logEntry({ changeId: 'y' }) })
    expect(queryLogs(db, {})).toHaveLength(0)
    vi.runOnlyPendingTimers()
    expect(queryLogs(db, {}).map(entry => entry.changeId)).toEqual(['y', 'x'])
    expect(vi.getTimerCount()).toBe(0)
  })

  it('cancels the timer when flushed by hand', () => {
    vi.useFakeTimers()
    const { recorder } = setup()
    recorder.complete({ log: logEntry() })
    expect(vi.getTimerCount()).toBe(1)
    recorder.flush()
    expect(vi.getTimerCount()).toBe(0)
  })

  it('writes a batch atomically: one bad completion rolls the whole batch back', () => {
    const { db, recorder } = setup()
    const [first, second] = recorder.recordIntents([intent('a'), intent('b')])
    recorder.complete({
      journalId: first,
      outcome: { state: 'succeeded', targetId: 'T-a', result: null },
      log: logEntry({ changeId: 'a' }),
    })
    recorder.complete({
      journalId: 424_242,
      outcome: { state: 'succeeded', targetId: 'T-x', result: null },
      log: logEntry({ changeId: 'x' }),
    })
    expect(() => recorder.flush()).toThrow(/journal entry 424242 is not pending/)
    expect(queryLogs(db, {})).toEqual([])
    expect(listJournalForRun(db, 'run-1').map(entry => entry.state)).toEqual(['pending', 'pending'])
    expect(second).toBeGreaterThan(first as number)
  })

  it('keeps a batch whose commit failed, rolls it back whole, and reports the error to the run', () => {
    const { db, recorder } = setup()
    const [id] = recorder.recordIntents([intent('a')])
    recorder.complete({ log: logEntry({ changeId: 'first' }) })
    // A completion for a journal row that does not exist makes the transaction fail.
    recorder.complete({ journalId: 9999, outcome: { state: 'succeeded', targetId: 't', result: null } })
    expect(() => recorder.flush()).toThrow(/journal entry 9999/)
    // Nothing of the batch was half-written.
    expect(queryLogs(db, { runId: 'run-1' })).toEqual([])
    expect(listJournalForRun(db, 'run-1')[0]?.state).toBe('pending')
    // The batch stays pending, so the error surfaces again rather than losing entries silently.
    expect(() => recorder.flush()).toThrow(/journal entry 9999/)
    expect(id).toBeGreaterThan(0)
  })

  it('never throws from its timer: a failed background flush surfaces at the next flush', async () => {
    vi.useFakeTimers()
    const { recorder } = setup()
    recorder.complete({ journalId: 4242, outcome: { state: 'failed', targetId: null, result: null } })
    await vi.advanceTimersByTimeAsync(200)
    expect(() => recorder.flush()).toThrow(/journal entry 4242/)
  })
})
