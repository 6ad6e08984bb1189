import { describe, expect, it } from 'vitest'
import { jobFileErrorOf, jobObject, loadJob, parseJob } from '../../helpers/job-fixtures'

describe('the job file’s schedule', () => {
  it('is optional, in whole minutes from 5 to a week', () => {
    expect(loadJob().config.schedule).toBeUndefined()
    expect(loadJob({ extra: { schedule: { intervalMinutes: 40 } } }).config.schedule).toEqual({
      intervalMinutes: 40,
    })
    expect(
      loadJob({ extra: { schedule: { intervalMinutes: 10_080 } } }).config.schedule?.intervalMinutes
    ).toBe(10_080)
  })

  it('refuses other values and unknown options at their field', () => {
    for (const schedule of [
      { intervalMinutes: 4 },
      { intervalMinutes: 10_081 },
      { intervalMinutes: 7.5 },
      'hourly',
    ]) {
      const error = jobFileErrorOf(() =>
        parseJob(JSON.stringify(jobObject({ extra: { schedule } }), null, 2))
      )
      expect(error.issues.map(issue => issue.field)).toEqual([
        typeof schedule === 'string' ? 'schedule' : 'schedule.intervalMinutes',
      ])
    }
    const unknown = jobFileErrorOf(() =>
      parseJob(
        JSON.stringify(jobObject({ extra: { schedule: { intervalMinutes: 40, at: '02:00' } } }), null, 2)
      )
    )
    expect(unknown.issues).toEqual([
      expect.objectContaining({ field: 'schedule', message: 'unknown option "at"' }),
    ])
  })
})
