import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { readJobConditions } from '../../../main/schedule/job-conditions'
import { openDatabase, type WritableDB } from '../../../main/store/database'
import { enterQuarantine } from '../../../main/store/job-state-store'
import { saveJob } from '../../../main/store/jobs-store'
import { createRun, finishRun } from '../../../main/store/runs-store'
import { stageOperations, supersedeStaged } from '../../../main/store/staged-store'
import { makeTempDir } from '../../helpers/temp-dir'

let db: WritableDB

beforeEach(() => {
  db = openDatabase(join(makeTempDir('provisioner-conditions-'), 'provisioner.db'))
  saveJob(db, { id: 'hr', name: 'HR to Slack', config: {}, configPath: null })
})

afterEach(() => {
  db.close()
})

function stage(runId: string, targets: string[]): void {
  createRun(db, { id: runId, jobId: 'hr', mode: 'apply' })
  finishRun(db, runId, { status: 'blocked', summary: null, failed: 0, error: null })
  supersedeStaged(db, 'hr', runId)
  stageOperations(
    db,
    targets.map(targetId => ({
      runId,
      changeId: `${runId}-${targetId}`,
      jobId: 'hr',
      objectType: 'user' as const,
      action: 'disable' as const,
      sourceId: targetId,
      targetId,
      display: null,
      operation: {},
    }))
  )
}

describe('readJobConditions', () => {
  it('reads the newest finished apply (not dry runs, not one still running) and the quarantine', () => {
    createRun(db, { id: 'applied', jobId: 'hr', mode: 'apply' }, 1_000)
    finishRun(
      db,
      'applied',
      { status: 'completed-with-errors', summary: null, failed: 2, error: null },
      2_000
    )
    createRun(db, { id: 'preview', jobId: 'hr', mode: 'dry-run' }, 3_000)
    finishRun(db, 'preview', { status: 'failed', summary: null, failed: 0, error: 'x' }, 3_500)
    createRun(db, { id: 'now', jobId: 'hr', mode: 'apply' }, 4_000)
    const state = enterQuarantine(db, 'hr', 'EncounteredQuarantineException', 'HTTP 401', 5_000)
    expect(readJobConditions(db)).toEqual([
      {
        jobId: 'hr',
        jobName: 'HR to Slack',
        lastRun: {
          runId: 'applied',
          status: 'completed-with-errors',
          finishedAt: 2_000,
          failed: 2,
          error: null,
        },
        quarantine: { since: state.quarantinedAt, reason: 'HTTP 401' },
        approval: null,
      },
    ])
  })

  it('keys staged deletions by what they are: the same set from a later run has the same key', () => {
    stage('blocked-1', ['u1', 'u2'])
    const first = readJobConditions(db)[0]?.approval
    expect(first).toMatchObject({ runId: 'blocked-1', count: 2 })
    stage('blocked-2', ['u2', 'u1'])
    const second = readJobConditions(db)[0]?.approval
    expect(second).toMatchObject({ runId: 'blocked-2', count: 2, key: first?.key })
    stage('blocked-3', ['u1', 'u2', 'u3'])
    expect(readJobConditions(db)[0]?.approval?.key).not.toBe(first?.key)
  })
})
