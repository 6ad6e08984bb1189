import { describe, expect, it } from 'vitest'
import { toJobInfo } from '../../../main/ipc/job-view'

const record = (target: unknown) => ({
  id: 'job',
  name: 'Job',
  config: { source: { type: 'csv', path: 'people.csv' }, target },
  configPath: '/jobs/job.json',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
})

describe('a job in the overview', () => {
  it('names a SCIM target by its base URL and a CSV hand-off by its folder', () => {
    expect(toJobInfo(record({ type: 'scim', baseUrl: 'https://app.example.com/scim/v2' }), null).target).toBe(
      'https://app.example.com/scim/v2'
    )
    expect(toJobInfo(record({ type: 'csv-handoff', directory: 'handoff' }), null).target).toBe(
      'CSV hand-off to handoff'
    )
  })
})
