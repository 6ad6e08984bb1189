import { describe, expect, it } from 'vitest'
import { buildDashboard, healthOf } from '../../../main/ipc/dashboard'
import { emptyRunSummary, type RunSummary } from '../../../main/model/run'
import { inTransaction, type WritableDB } from '../../../main/store/database'
import { enterQuarantine, getJobState } from '../../../main/store/job-state-store'
import { saveJob } from '../../../main/store/jobs-store'
import { upsertLink } from '../../../main/store/links-store'
import { createRun, finishRun, recordRunProgress } from '../../../main/store/runs-store'
import { stageOperations } from '../../../main/store/staged-store'
import { openTempDatabase } from '../../helpers/store-fixtures'

const T0 = Date.parse('2024-03-01T10:00:00Z')
const MINUTE = 60_000

function summary(create: number, update: number, disable: number): RunSummary {
  return { ...emptyRunSummary(), users: { ...emptyRunSummary().users, create, update, disable } }
}

function finished(
  db: WritableDB,
  id: string,
  at: number,
  result: Partial<Parameters<typeof finishRun>[2]> = {},
  mode: 'apply' | 'dry-run' = 'apply'
): void {
  createRun(db, { id, jobId: 'job-1', mode }, at)
  finishRun(
    db,
    id,
    { status: 'completed', summary: summary(0, 0, 0), failed: 0, error: null, ...result },
    at + 1_000
  )
}

function seededJob(config: Record<string, unknown> = {}): WritableDB {
  const { db } = openTempDatabase()
  saveJob(
    db,
    { id: 'job-1', name: 'HR to Demo App', config: { name: 'HR', ...config }, configPath: null },
    T0
  )
  return db
}

const job = (db: WritableDB, now = T0 + 60 * MINUTE) => buildDashboard(db, '/state', now).jobs[0]

describe('dashboard', () => {
  it('shows the last run, linked accounts and groups, the unmanaged accounts the newest run counted, and the chart', () => {
    const db = seededJob()
    finished(db, 'r1', T0, { summary: summary(40, 0, 0), counts: { source: 40, target: 45, unmanaged: 5 } })
    finished(db, 'r2', T0 + MINUTE, { summary: summary(1, 3, 2), failed: 1, status: 'completed-with-errors' })
    finished(db, 'r3', T0 + 2 * MINUTE, { counts: { source: 41, target: 46, unmanaged: 4 } }, 'dry-run')
    inTransaction(db, () => {
      for (const [sourceId, state] of [
        ['E1', 'active'],
        ['E2', 'disabled'],
        ['E3', 'deleted'],
      ] as const) {
        upsertLink(db, {
          jobId: 'job-1',
          objectType: 'user',
          sourceId,
          targetId: `T-${sourceId}`,
          state,
          exportedHash: null,
          display: null,
        })
      }
      upsertLink(db, {
        jobId: 'job-1',
        objectType: 'group',
        sourceId: 'g',
        targetId: 'TG',
        state: 'active',
        exportedHash: null,
        display: null,
      })
    })
    expect(job(db)).toMatchObject({
      id: 'job-1',
      name: 'HR to Demo App',
      health: 'healthy',
      lastRun: { id: 'r3', mode: 'dry-run' },
      running: null,
      nextRunAt: null,
      linked: { users: 2, groups: 1 },
      unmanaged: 4,
    })
    expect(job(db)?.history).toEqual([
      { runId: 'r1', startedAt: new Date(T0).toISOString(), created: 40, updated: 0, disabled: 0, failed: 0 },
      {
        runId: 'r2',
        startedAt: new Date(T0 + MINUTE).toISOString(),
        created: 1,
        updated: 3,
        disabled: 2,
        failed: 1,
      },
    ])
  })

  it('shows a run in progress with its progress, even one another process started', () => {
    const db = seededJob()
    createRun(db, { id: 'live', jobId: 'job-1', mode: 'apply' }, T0)
    recordRunProgress(db, 'live', {
      phase: 'applying',
      done: 30,
      total: 120,
      ratePerSecond: null,
      etaSeconds: null,
      failures: 0,
    })
    expect(job(db)).toMatchObject({
      health: 'running',
      running: { id: 'live', progress: { done: 30, total: 120 } },
    })
  })

  it('says a run whose process ended was interrupted, instead of running forever', () => {
    const db = seededJob()
    createRun(db, { id: 'dead', jobId: 'job-1', mode: 'apply' }, T0)
    db.prepare(`UPDATE runs SET pid = 2147483646 WHERE id = 'dead'`).run()
    expect(job(db)).toMatchObject({
      health: 'failed',
      running: null,
      healthReason: expect.stringContaining('interrupted'),
    })
  })

  it('puts quarantine before waiting approvals, and approvals before a failed run', () => {
    const db = seededJob()
    finished(db, 'r1', T0, { status: 'failed', error: 'The source file is missing' })
    expect(job(db)).toMatchObject({ health: 'failed', healthReason: 'The source file is missing' })
    createRun(db, { id: 'blocked', jobId: 'job-1', mode: 'apply' }, T0 + MINUTE)
    stageOperations(db, [
      {
        runId: 'blocked',
        changeId: 'c1',
        jobId: 'job-1',
        objectType: 'user',
        action: 'disable',
        sourceId: 'E1',
        targetId: 'T1',
        display: 'Ada',
        operation: {},
      },
    ])
    finishRun(db, 'blocked', { status: 'blocked', summary: summary(0, 0, 0), failed: 0, error: null })
    expect(job(db)).toMatchObject({
      health: 'blocked',
      healthReason: expect.stringContaining('1 disable or delete wait'),
    })
    enterQuarantine(
      db,
      'job-1',
      'EncounteredQuarantineException',
      'The target refused the credentials (HTTP 401)'
    )
    expect(job(db)).toMatchObject({
      health: 'quarantined',
      healthReason: 'The target refused the credentials (HTTP 401)',
    })
  })

  it('says "not run" for a job without runs', () => {
    expect(healthOf(null, null, null, getJobState(seededJob(), 'job-1'), 0)).toEqual({
      health: 'not-run',
      reason: null,
    })
  })

  it('shows when a scheduled job runs next: its interval after the last applied run, due now if it never ran', () => {
    const db = seededJob({ schedule: { intervalMinutes: 40 } })
    expect(job(db, T0)?.nextRunAt).toBe(new Date(T0).toISOString())
    finished(db, 'r1', T0)
    expect(job(db)?.nextRunAt).toBe(new Date(T0 + 40 * MINUTE).toISOString())
    const off = seededJob({ schedule: { intervalMinutes: 40, enabled: false } })
    expect(job(off)?.nextRunAt).toBeNull()
  })
})
