import { afterEach, describe, expect, it } from 'vitest'
import { RunCancelledError, RunProgressReporter } from '../../../../main/engine/run/run-progress'
import type { RunProgress } from '../../../../main/model/run'
import { openDatabase } from '../../../../main/store/database'
import { createRun, getRun, requestRunCancel } from '../../../../main/store/runs-store'
import { openTempDatabase, seedJob } from '../../../helpers/store-fixtures'

const reporters: RunProgressReporter[] = []
afterEach(() => reporters.splice(0).forEach(reporter => reporter.stop()))

function reporterFor(options: { signal?: AbortSignal; tickMs?: number } = {}) {
  const { db, file } = openTempDatabase()
  seedJob(db, 'job-1')
  createRun(db, { id: 'run-1', jobId: 'job-1', mode: 'apply' })
  const clock = { now: 0 }
  const heard: RunProgress[] = []
  const reporter = new RunProgressReporter({
    db,
    runId: 'run-1',
    clock: () => clock.now,
    onProgress: progress => heard.push(progress),
    tickMs: options.tickMs ?? 60_000,
    signal: options.signal,
  })
  reporters.push(reporter)
  return { db, file, clock, heard, reporter }
}

const waitFor = (ms: number) => new Promise(resolve => setTimeout(resolve, ms))

describe("RunProgressReporter (a run's progress in the runs table, and its cancel)", () => {
  it("reports a phase's last count before the next phase starts, so a screen's bar reaches its end", () => {
    const { clock, heard, reporter } = reporterFor()
    reporter.phase('applying', 40)
    clock.now = 300
    reporter.advance(39, 40)
    clock.now = 400
    // Too soon after the last report to be sent on its own...
    reporter.advance(40, 40)
    reporter.phase('finishing')
    // ...but sent before the next phase: 40 of 40 was shown.
    expect(heard.map(progress => `${progress.phase} ${progress.done}/${progress.total}`)).toEqual([
      'applying 0/40',
      'applying 39/40',
      'applying 40/40',
      'finishing 0/null',
    ])
  })

  it('records what the meter lets through, and the end, for other processes and the caller', () => {
    const { db, clock, heard, reporter } = reporterFor()
    reporter.phase('applying', 10)
    clock.now = 100
    reporter.advance(3, 10, 1)
    expect(getRun(db, 'run-1')?.progress).toMatchObject({ phase: 'applying', done: 0, failures: 0 })
    clock.now = 300
    reporter.advance(4, 10, 1)
    expect(getRun(db, 'run-1')?.progress).toMatchObject({ done: 4, total: 10, failures: 1 })
    clock.now = 301
    reporter.advance(10, 10, 2)
    reporter.end()
    expect(getRun(db, 'run-1')?.progress).toMatchObject({ done: 10, total: 10, failures: 2 })
    expect(heard.map(progress => progress.done)).toEqual([0, 4, 10])
  })

  it('writes the progress a stalled run has not reported yet on its next tick', async () => {
    const { db, clock, reporter } = reporterFor({ tickMs: 10 })
    reporter.phase('applying', 10)
    clock.now = 100
    reporter.advance(5)
    clock.now = 400
    await waitFor(50)
    expect(getRun(db, 'run-1')?.progress).toMatchObject({ done: 5 })
  })

  it("aborts its signal when the caller's signal aborts, and says so", () => {
    const caller = new AbortController()
    const { reporter } = reporterFor({ signal: caller.signal })
    expect(reporter.cancelled).toBe(false)
    expect(() => reporter.throwIfCancelled()).not.toThrow()
    caller.abort()
    expect(reporter.signal.aborted).toBe(true)
    expect(reporter.signal.reason).toBeInstanceOf(RunCancelledError)
    expect(() => reporter.throwIfCancelled()).toThrow(RunCancelledError)
  })

  it('starts cancelled when the caller had cancelled already', () => {
    const caller = new AbortController()
    caller.abort()
    expect(reporterFor({ signal: caller.signal }).reporter.cancelled).toBe(true)
  })

  it('sees a cancel request another process left in the runs table on its next tick', async () => {
    const { file, reporter } = reporterFor({ tickMs: 10 })
    const other = openDatabase(file)
    try {
      expect(requestRunCancel(other, 'run-1')).toBe(true)
    } finally {
      other.close()
    }
    expect(reporter.cancelled).toBe(false)
    await waitFor(60)
    expect(reporter.cancelled).toBe(true)
  })

  it('stops looking once the run ended', async () => {
    const { db, reporter } = reporterFor({ tickMs: 10 })
    reporter.end()
    requestRunCancel(db, 'run-1')
    await waitFor(50)
    expect(reporter.cancelled).toBe(false)
  })
})
