import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { nextRunAt } from '../../../main/schedule/next-run'
import { type RunEnd, type ScheduleEntry, Scheduler } from '../../../main/schedule/scheduler'

const MINUTE = 60_000
const T0 = Date.parse('2026-03-02T09:00:00Z')

/**
 * A fake state database and engine: each job's newest run as the runner records it, runs that
 * end when the test says (or after `durationMs` of fake time), and every start and end seen.
 */
class FakeJobs {
  public readonly entries = new Map<string, ScheduleEntry>()
  public readonly starts: Array<{ readonly jobId: string; readonly at: number }> = []
  public readonly ends: Array<{ readonly jobId: string; readonly end: RunEnd<string> }> = []
  public durationMs = 0
  public fail: Error | null = null
  private readonly pending = new Map<string, () => void>()

  public add(jobId: string, intervalMinutes: number | null, lastRun: ScheduleEntry['lastRun'] = null): void {
    this.entries.set(jobId, { jobId, intervalMinutes, lastRun, notBefore: null })
  }

  public runsOf(jobId: string): number[] {
    return this.starts.filter(start => start.jobId === jobId).map(start => start.at - T0)
  }

  /** Ends the job's run in progress (one started with `durationMs` = Infinity). */
  public finish(jobId: string): void {
    this.pending.get(jobId)?.()
  }

  public finishAll(): void {
    for (const end of this.pending.values()) end()
  }

  public run = async (jobId: string): Promise<string> => {
    const startedAt = Date.now()
    this.starts.push({ jobId, at: startedAt })
    if (this.fail !== null) throw this.fail
    const entry = this.entries.get(jobId)!
    this.entries.set(jobId, { ...entry, lastRun: { startedAt, finishedAt: null } })
    await new Promise<void>(resolve => {
      this.pending.set(jobId, resolve)
      if (this.durationMs === 0) resolve()
      else if (Number.isFinite(this.durationMs)) setTimeout(resolve, this.durationMs)
    })
    this.pending.delete(jobId)
    this.entries.set(jobId, { ...entry, lastRun: { startedAt, finishedAt: Date.now() } })
    return `ran ${jobId}`
  }
}

let jobs: FakeJobs
let scheduler: Scheduler<string>

function startScheduler(options: { maxConcurrent?: number; onError?: (error: unknown) => void } = {}): void {
  scheduler = new Scheduler({
    entries: () => [...jobs.entries.values()],
    run: jobs.run,
    onRunEnd: (jobId, end) => jobs.ends.push({ jobId, end }),
    ...options,
  })
  scheduler.start()
}

/** Lets promise callbacks (a run's end, the look after it) happen. */
async function settle(): Promise<void> {
  await vi.advanceTimersByTimeAsync(0)
}

beforeEach(() => {
  vi.useFakeTimers({ now: T0 })
  jobs = new FakeJobs()
})

afterEach(async () => {
  const stopping = scheduler?.stop()
  jobs.finishAll()
  await stopping
  vi.useRealTimers()
})

describe('nextRunAt', () => {
  it('is due now for a job that never ran, and one interval after the last run started', () => {
    expect(nextRunAt(40, null, null, T0)).toBe(T0)
    expect(nextRunAt(40, { startedAt: T0, finishedAt: T0 + 5 * MINUTE }, null, T0)).toBe(T0 + 40 * MINUTE)
  })

  it('skips the slots a long run covered, keeps a slot it ended on, and is null while it runs', () => {
    expect(nextRunAt(40, { startedAt: T0, finishedAt: T0 + 50 * MINUTE }, null, T0)).toBe(T0 + 80 * MINUTE)
    expect(nextRunAt(40, { startedAt: T0, finishedAt: T0 + 40 * MINUTE }, null, T0)).toBe(T0 + 40 * MINUTE)
    expect(nextRunAt(40, { startedAt: T0, finishedAt: null }, null, T0)).toBeNull()
  })

  it('waits for a quarantine backoff but is never made earlier by it', () => {
    const last = { startedAt: T0, finishedAt: T0 + MINUTE }
    expect(nextRunAt(40, last, T0 + 90 * MINUTE, T0)).toBe(T0 + 90 * MINUTE)
    expect(nextRunAt(40, last, T0 + 10 * MINUTE, T0)).toBe(T0 + 40 * MINUTE)
  })
})

describe('Scheduler', () => {
  it('runs a scheduled job at once when it never ran, then every interval; never a job without a schedule', async () => {
    jobs.add('hr-to-slack', 40)
    jobs.add('one-off-import', null)
    startScheduler()
    await settle()
    expect(jobs.runsOf('hr-to-slack')).toEqual([0])

    await vi.advanceTimersByTimeAsync(39 * MINUTE)
    expect(jobs.runsOf('hr-to-slack')).toEqual([0])
    await vi.advanceTimersByTimeAsync(MINUTE)
    expect(jobs.runsOf('hr-to-slack')).toEqual([0, 40 * MINUTE])
    await vi.advanceTimersByTimeAsync(80 * MINUTE)
    expect(jobs.runsOf('hr-to-slack')).toEqual([0, 40 * MINUTE, 80 * MINUTE, 120 * MINUTE])
    expect(jobs.runsOf('one-off-import')).toEqual([])
    expect(scheduler.schedules()).toEqual([
      { jobId: 'hr-to-slack', intervalMinutes: 40, nextRunAt: T0 + 160 * MINUTE, running: false },
      { jobId: 'one-off-import', intervalMinutes: null, nextRunAt: null, running: false },
    ])
  })

  it('counts the interval from the last run recorded before the app started (the CLI, a person)', async () => {
    jobs.add('hr-to-slack', 40, { startedAt: T0 - 10 * MINUTE, finishedAt: T0 - 9 * MINUTE })
    startScheduler()
    await settle()
    expect(scheduler.schedules()[0]?.nextRunAt).toBe(T0 + 30 * MINUTE)
    await vi.advanceTimersByTimeAsync(30 * MINUTE - 1)
    expect(jobs.runsOf('hr-to-slack')).toEqual([])
    await vi.advanceTimersByTimeAsync(1)
    expect(jobs.runsOf('hr-to-slack')).toEqual([30 * MINUTE])
  })

  it('never starts a job twice at once: a run longer than the interval skips the slot it overlapped', async () => {
    jobs.durationMs = 50 * MINUTE
    jobs.add('hr-to-slack', 40)
    startScheduler()
    await settle()
    expect(scheduler.schedules()[0]).toMatchObject({ running: true, nextRunAt: null })
    await vi.advanceTimersByTimeAsync(79 * MINUTE)
    expect(jobs.runsOf('hr-to-slack')).toEqual([0])
    await vi.advanceTimersByTimeAsync(MINUTE)
    expect(jobs.runsOf('hr-to-slack')).toEqual([0, 80 * MINUTE])
  })

  it('does not start a job someone else is running, and counts from that run once it ends', async () => {
    jobs.add('hr-to-slack', 40, { startedAt: T0 - 60 * MINUTE, finishedAt: null })
    startScheduler()
    await vi.advanceTimersByTimeAsync(30 * MINUTE)
    expect(jobs.runsOf('hr-to-slack')).toEqual([])
    expect(scheduler.schedules()[0]).toMatchObject({ running: true, nextRunAt: null })
    // The CLI's run ends 100 minutes after it started: its slots at -20 and +20 are gone.
    jobs.add('hr-to-slack', 40, { startedAt: T0 - 60 * MINUTE, finishedAt: T0 + 40 * MINUTE })
    await vi.advanceTimersByTimeAsync(20 * MINUTE)
    expect(jobs.runsOf('hr-to-slack')).toEqual([])
    expect(scheduler.schedules()[0]?.nextRunAt).toBe(T0 + 60 * MINUTE)
    await vi.advanceTimersByTimeAsync(10 * MINUTE)
    expect(jobs.runsOf('hr-to-slack')).toEqual([60 * MINUTE])
  })

  it('after the computer slept through many slots, catches up with one run, not one per slot', async () => {
    jobs.add('hr-to-slack', 40)
    startScheduler()
    await settle()
    // Asleep for five hours: the clock moves on, no timer fires.
    vi.setSystemTime(T0 + 5 * 60 * MINUTE)
    scheduler.check()
    await settle()
    scheduler.check()
    await settle()
    expect(jobs.runsOf('hr-to-slack')).toEqual([0, 300 * MINUTE])
    expect(scheduler.schedules()[0]?.nextRunAt).toBe(T0 + 340 * MINUTE)
  })

  it('notices a wake-up by itself within the poll, and still runs once', async () => {
    jobs.add('hr-to-slack', 40)
    startScheduler()
    await settle()
    vi.setSystemTime(T0 + 5 * 60 * MINUTE)
    await vi.advanceTimersByTimeAsync(60_000)
    await vi.advanceTimersByTimeAsync(60_000)
    expect(jobs.runsOf('hr-to-slack')).toHaveLength(2)
  })

  it('takes turns: a second due job starts when the first ends, each once', async () => {
    jobs.durationMs = 5 * MINUTE
    jobs.add('a', 40)
    jobs.add('b', 40)
    startScheduler()
    await settle()
    expect(jobs.starts.map(start => start.jobId)).toEqual(['a'])
    expect(scheduler.busy).toBe(true)
    await vi.advanceTimersByTimeAsync(5 * MINUTE)
    expect(jobs.starts.map(start => [start.jobId, start.at - T0])).toEqual([
      ['a', 0],
      ['b', 5 * MINUTE],
    ])
    expect(scheduler.schedules().map(schedule => schedule.running)).toEqual([false, true])
    // The one that waited keeps its own rhythm from when it ran.
    await vi.advanceTimersByTimeAsync(5 * MINUTE)
    expect(scheduler.schedules().map(schedule => schedule.nextRunAt)).toEqual([
      T0 + 40 * MINUTE,
      T0 + 45 * MINUTE,
    ])
  })

  it('waits out a quarantine backoff', async () => {
    jobs.entries.set('hr', {
      jobId: 'hr',
      intervalMinutes: 40,
      lastRun: { startedAt: T0 - 40 * MINUTE, finishedAt: T0 - 39 * MINUTE },
      notBefore: T0 + 120 * MINUTE,
    })
    startScheduler()
    await vi.advanceTimersByTimeAsync(119 * MINUTE)
    expect(jobs.runsOf('hr')).toEqual([])
    await vi.advanceTimersByTimeAsync(MINUTE)
    expect(jobs.runsOf('hr')).toEqual([120 * MINUTE])
  })

  it('a run that fails to start is reported and tried again at the next slot, not at every look', async () => {
    jobs.fail = new Error('The job file is gone')
    jobs.add('hr', 40)
    startScheduler()
    await vi.advanceTimersByTimeAsync(39 * MINUTE)
    expect(jobs.runsOf('hr')).toEqual([0])
    expect(jobs.ends).toEqual([{ jobId: 'hr', end: { error: jobs.fail } }])
    await vi.advanceTimersByTimeAsync(MINUTE)
    expect(jobs.runsOf('hr')).toEqual([0, 40 * MINUTE])
  })

  it('reports a failure to read the jobs and looks again at the next poll', async () => {
    const errors: unknown[] = []
    let broken = true
    jobs.add('hr', 40)
    scheduler = new Scheduler({
      entries: () => {
        if (broken) throw new Error('database is locked')
        return [...jobs.entries.values()]
      },
      run: jobs.run,
      onError: error => errors.push(error),
    })
    scheduler.start()
    await settle()
    expect(errors).toHaveLength(1)
    broken = false
    await vi.advanceTimersByTimeAsync(60_000)
    expect(jobs.runsOf('hr')).toEqual([60_000])
  })

  it('stop() starts nothing more and resolves once the run in flight has ended', async () => {
    jobs.durationMs = Infinity
    jobs.add('hr', 5)
    startScheduler()
    await settle()
    let stopped = false
    void scheduler.stop().then(() => (stopped = true))
    await settle()
    expect(stopped).toBe(false)
    jobs.finish('hr')
    await settle()
    expect(stopped).toBe(true)
    expect(scheduler.busy).toBe(false)
    await vi.advanceTimersByTimeAsync(60 * MINUTE)
    expect(jobs.runsOf('hr')).toEqual([0])
  })
})
