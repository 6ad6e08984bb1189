/** The target options that bound what a server can make Provisioner read and wait for. */
import { describe, expect, it } from 'vitest'
import { jobFileErrorOf, jobObject, loadJob, parseJob } from '../../helpers/job-fixtures'

describe('target limits in the job file', () => {
  it('default to 64 MiB per response, 2,000,000 listed resources and 120 s of throttling per request', () => {
    expect(loadJob().config.target).toMatchObject({
      maxResponseBytes: 64 * 1024 * 1024,
      maxResources: 2_000_000,
      retries: { maxAttempts: 5, maxWaitSeconds: 120 },
    })
  })

  it('take the values a job gives', () => {
    expect(
      loadJob({ target: { maxResponseBytes: 1_048_576, maxResources: 500 } }).config.target
    ).toMatchObject({ maxResponseBytes: 1_048_576, maxResources: 500 })
  })

  it.each([
    ['maxResponseBytes', 100],
    ['maxResponseBytes', 1024 ** 3],
    ['maxResources', 0],
    ['maxResources', 2.5],
  ])('refuse %s = %s, naming the field and its place', (field, value) => {
    const text = JSON.stringify(jobObject({ target: { [field]: value } }), null, 2)
    const issues = jobFileErrorOf(() => parseJob(text)).issues
    expect(issues).toEqual([expect.objectContaining({ field: `target.${field}`, file: 'jobs/job.json' })])
    expect(issues[0]?.line).toBeGreaterThan(1)
  })
})
