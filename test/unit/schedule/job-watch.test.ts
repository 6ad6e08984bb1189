import { describe, expect, it } from 'vitest'
import { type JobCondition, JobWatch } from '../../../main/schedule/job-watch'

const T = Date.parse('2026-03-02T09:00:00Z')
const MINUTE = 60_000

/** Times as minutes after T, so texts do not depend on the machine's time zone. */
const minutes = (ms: number) => `+${(ms - T) / MINUTE}m`

function job(parts: Partial<JobCondition> = {}): JobCondition {
  return { jobId: 'hr', jobName: 'HR to Slack', lastRun: null, quarantine: null, approval: null, ...parts }
}

function run(status: NonNullable<JobCondition['lastRun']>['status'], at: number, extra: object = {}) {
  return { runId: `run-${at}`, status, finishedAt: T + at * MINUTE, failed: 0, error: null, ...extra }
}

describe('JobWatch notifications', () => {
  it('tells a failure once per streak, and not for a failure from before the app started', () => {
    const watch = new JobWatch(minutes)
    expect(watch.update([job({ lastRun: run('failed', 0, { error: 'old' }) })])).toEqual([])
    // Still failing: the same streak.
    expect(watch.update([job({ lastRun: run('failed', 40, { error: 'again' }) })])).toEqual([])
    expect(watch.update([job({ lastRun: run('completed', 80) })])).toEqual([])
    const failed = job({ lastRun: run('completed-with-errors', 120, { failed: 3 }) })
    expect(watch.update([failed])).toEqual([
      {
        kind: 'failed',
        jobId: 'hr',
        title: 'HR to Slack: run failed',
        body: '3 operations failed in run run-120',
      },
    ])
    // The same run seen at the next look, and the next failed run: nothing new.
    expect(watch.update([failed])).toEqual([])
    expect(watch.update([job({ lastRun: run('failed', 160, { error: 'HTTP 500' }) })])).toEqual([])
  })

  it('tells a scheduled attempt that could not start (no run recorded), once', () => {
    const watch = new JobWatch(minutes)
    const condition = job({ lastRun: run('completed', 0) })
    watch.update([condition])
    watch.recordAttempt('hr', T + 40 * MINUTE, 'people.csv: no such file')
    expect(watch.update([condition])).toEqual([
      { kind: 'failed', jobId: 'hr', title: 'HR to Slack: run failed', body: 'people.csv: no such file' },
    ])
    watch.recordAttempt('hr', T + 80 * MINUTE, 'people.csv: no such file')
    expect(watch.update([condition])).toEqual([])
    // It runs again and works: the streak is over.
    watch.recordAttempt('hr', T + 120 * MINUTE, null)
    expect(watch.update([job({ lastRun: run('completed', 121) })])).toEqual([])
    watch.recordAttempt('hr', T + 160 * MINUTE, 'secret missing')
    expect(watch.update([job({ lastRun: run('completed', 121) })])).toHaveLength(1)
  })

  it('tells a quarantine once each time the job enters it, even one standing when the app starts', () => {
    const watch = new JobWatch(minutes)
    const quarantined = job({
      lastRun: run('quarantined', 0),
      quarantine: {
        since: '2026-03-02T09:00:00.000Z',
        reason: 'The target refused the credentials (HTTP 401)',
      },
    })
    expect(watch.update([quarantined])).toEqual([
      {
        kind: 'quarantined',
        jobId: 'hr',
        title: 'HR to Slack is quarantined',
        body: 'The target refused the credentials (HTTP 401). Scheduled runs back off; fix the cause, then restart the job.',
      },
    ])
    expect(watch.update([quarantined])).toEqual([])
    // A scheduled attempt that ends in quarantine is not also told as "failed".
    watch.recordAttempt('hr', T + 30 * MINUTE, 'The job is now quarantined')
    expect(watch.update([quarantined])).toEqual([])
    watch.update([job({ lastRun: run('completed', 60) })])
    const again = { ...quarantined, quarantine: { since: '2026-03-02T11:00:00.000Z', reason: 'HTTP 403' } }
    expect(watch.update([again]).map(notice => notice.kind)).toEqual(['quarantined'])
  })

  it('tells staged deletions once per set, not again when the next blocked run stages the same set', () => {
    const watch = new JobWatch(minutes)
    const waiting = (runId: string, key: string, count = 120) =>
      job({ lastRun: run('blocked', 0), approval: { runId, count, key } })
    expect(watch.update([waiting('run-1', 'set-a')])).toEqual([
      {
        kind: 'approval',
        jobId: 'hr',
        title: 'HR to Slack: 120 deprovisionings wait for approval',
        body: 'The deletion threshold stopped run run-1. Open Provisioner to approve or reject.',
      },
    ])
    expect(watch.update([waiting('run-2', 'set-a')])).toEqual([])
    expect(watch.update([waiting('run-3', 'set-b', 1)]).map(notice => notice.title)).toEqual([
      'HR to Slack: 1 deprovisioning wait for approval',
    ])
  })
})

describe('JobWatch tray status', () => {
  const schedules = [
    { jobId: 'hr', intervalMinutes: 40, nextRunAt: T + 80 * MINUTE, running: false },
    { jobId: 'lms', intervalMinutes: null, nextRunAt: null, running: false },
  ]

  it('shows the newest result, each job with its next run, and the worst state as the level', () => {
    const watch = new JobWatch(minutes)
    const conditions = [
      job({ lastRun: run('completed', 40) }),
      job({ jobId: 'lms', jobName: 'HR to LMS', lastRun: run('completed', 10) }),
    ]
    expect(watch.trayStatus(conditions, schedules)).toEqual({
      level: 'ok',
      tooltip: 'Provisioner — HR to Slack: completed at +40m',
      jobs: [
        { jobId: 'hr', label: 'HR to Slack: completed at +40m · next +80m' },
        { jobId: 'lms', label: 'HR to LMS: completed at +10m · not scheduled' },
      ],
    })
    const troubled = [
      job({ lastRun: run('completed', 40) }),
      job({
        jobId: 'lms',
        jobName: 'HR to LMS',
        lastRun: run('blocked', 10),
        approval: { runId: 'r', count: 2, key: 'k' },
      }),
    ]
    expect(watch.trayStatus(troubled, schedules)).toMatchObject({
      level: 'attention',
      tooltip: 'Provisioner — HR to Slack: completed at +40m (1 more needs attention)',
    })
    watch.recordAttempt('hr', T + 50 * MINUTE, 'no such file')
    expect(watch.trayStatus(troubled, [{ ...schedules[0]!, running: true }])).toMatchObject({
      level: 'error',
      jobs: [{ jobId: 'hr', label: 'HR to Slack: could not run at +50m · running' }, expect.anything()],
    })
  })

  it('is idle before any run, and keeps the tooltip within what Windows shows', () => {
    const watch = new JobWatch(minutes)
    expect(watch.trayStatus([job()], schedules)).toMatchObject({
      level: 'idle',
      tooltip: 'Provisioner — no run yet',
    })
    const long = job({ jobName: 'A'.repeat(200), lastRun: run('completed', 0) })
    expect(watch.trayStatus([long], schedules).tooltip).toHaveLength(127)
  })
})
