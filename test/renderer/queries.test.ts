import { QueryClient } from '@tanstack/react-query'
import { describe, expect, it } from 'vitest'
import { apiQueryKey, refreshAfterRun, stageChanged } from '../../renderer/lib/queries'

describe('refreshAfterRun', () => {
  it('marks stale exactly the answers a finished run changes', async () => {
    const client = new QueryClient()
    const keys = {
      overview: apiQueryKey('getOverview', undefined),
      jobs: apiQueryKey('listJobs', undefined),
      runsOfJob: apiQueryKey('listRuns', { jobId: 'hr-demo', limit: 50 }),
      runsOfOther: apiQueryKey('listRuns', { jobId: 'other', limit: 50 }),
      theRun: apiQueryKey('getRun', { runId: 'r1' }),
      anotherRun: apiQueryKey('getRun', { runId: 'r0' }),
      logs: apiQueryKey('queryLogs', { status: 'failure', limit: 100 }),
      // A blocked run stages deletions that the job page then shows for approval.
      stagedOfJob: apiQueryKey('getStagedDeletions', { jobId: 'hr-demo' }),
      stagedOfOther: apiQueryKey('getStagedDeletions', { jobId: 'other' }),
    }
    for (const key of Object.values(keys)) client.setQueryData(key, {})
    await refreshAfterRun(client, {
      runId: 'r1',
      jobId: 'hr-demo',
      mode: 'apply',
      status: 'completed',
      summary: null,
    })
    const stale = Object.entries(keys)
      .filter(([, key]) => client.getQueryState(key)?.isInvalidated === true)
      .map(([name]) => name)
    expect(stale).toEqual(['overview', 'jobs', 'runsOfJob', 'theRun', 'logs', 'stagedOfJob'])
  })
})

describe('stageChanged', () => {
  const event = (runId: string, phase: 'reading-source' | 'applying', done: number) => ({
    runId,
    jobId: 'hr-demo',
    phase,
    done,
    total: 100,
    ratePerSecond: 4,
    etaSeconds: 20,
    failures: 0,
  })

  it("reads the lists again at a run's first event and each stage change, not at each number", () => {
    const stages = new Map<string, string>()
    const seen = [
      event('r1', 'reading-source', 10),
      event('r1', 'reading-source', 20),
      event('r2', 'reading-source', 1),
      event('r1', 'applying', 0),
      event('r1', 'applying', 4),
    ].map(progress => stageChanged(stages, progress))
    expect(seen).toEqual([true, false, true, true, false])
  })

  it('forgets a run once it ends', () => {
    const stages = new Map<string, string>()
    stageChanged(stages, event('r1', 'applying', 1))
    stageChanged(stages, { runId: 'r1', jobId: 'hr-demo', mode: 'apply', status: 'completed', summary: null })
    expect(stages.size).toBe(0)
  })
})
