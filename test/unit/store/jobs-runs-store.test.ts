import { hostname } from 'node:os'
import { describe, expect, it } from 'vitest'
import { emptyRunSummary } from '../../../main/model/run'
import {
  deleteJobHistory,
  forgetJob,
  getJob,
  getListedJob,
  listJobs,
  saveJob,
} from '../../../main/store/jobs-store'
import { insertLogEntries, queryLogs } from '../../../main/store/logs-store'
import {
  createRun,
  finishRun,
  getRun,
  listRunningRuns,
  listRuns,
  recordRunProgress,
  requestRunCancel,
  runCancelRequested,
} from '../../../main/store/runs-store'
import { logEntry, openTempDatabase, seedJob } from '../../helpers/store-fixtures'

const iso = (ms: number) => new Date(ms).toISOString()

describe('jobs store', () => {
  it('inserts a job and reads it back with its config', () => {
    const { db } = openTempDatabase()
    const config = { name: 'HR to App', users: { mappings: [{ target: 'userName' }] } }
    saveJob(db, { id: 'hr-to-app', name: 'HR to App', config, configPath: '/jobs/hr.json' }, 1_000)
    expect(getJob(db, 'hr-to-app')).toEqual({
      id: 'hr-to-app',
      name: 'HR to App',
      config,
      configPath: '/jobs/hr.json',
      createdAt: iso(1_000),
      updatedAt: iso(1_000),
    })
  })

  it('upserts: a second save updates name, config and path but keeps createdAt', () => {
    const { db } = openTempDatabase()
    saveJob(db, { id: 'j', name: 'Old', config: { v: 1 }, configPath: '/a.json' }, 1_000)
    saveJob(db, { id: 'j', name: 'New', config: { v: 2 }, configPath: null }, 5_000)
    expect(getJob(db, 'j')).toEqual({
      id: 'j',
      name: 'New',
      config: { v: 2 },
      configPath: null,
      createdAt: iso(1_000),
      updatedAt: iso(5_000),
    })
    expect(listJobs(db)).toHaveLength(1)
  })

  it('returns null for an unknown job and lists jobs by name', () => {
    const { db } = openTempDatabase()
    expect(getJob(db, 'missing')).toBeNull()
    saveJob(db, { id: 'b', name: 'Zeta', config: {}, configPath: null })
    saveJob(db, { id: 'a', name: 'Alpha', config: {}, configPath: null })
    expect(listJobs(db).map(job => job.name)).toEqual(['Alpha', 'Zeta'])
  })
})

describe('removing a job from the app', () => {
  function seedHistory(db: ReturnType<typeof openTempDatabase>['db']) {
    seedJob(db, 'job-1')
    seedJob(db, 'job-2')
    createRun(db, { id: 'run-1', jobId: 'job-1', mode: 'apply' }, 2_000)
    createRun(db, { id: 'run-2', jobId: 'job-2', mode: 'apply' }, 2_000)
    db.prepare(
      `INSERT INTO links (jobId, objectType, sourceId, targetId, state, createdAt, updatedAt, stateChangedAt)
       VALUES ('job-1', 'user', 'E1', 'T1', 'active', 1, 1, 1), ('job-2', 'user', 'E1', 'T9', 'active', 1, 1, 1)`
    ).run()
    insertLogEntries(db, [
      logEntry({ jobId: 'job-1', runId: 'run-1' }),
      logEntry({ jobId: 'job-2', runId: 'run-2' }),
    ])
  }
  const count = (db: ReturnType<typeof openTempDatabase>['db'], table: string, jobId: string) =>
    (db.prepare(`SELECT count(*) AS n FROM ${table} WHERE jobId = ?`).get(jobId) as { n: number }).n

  it('forgets a job: unlisted, its links, runs and log kept, and listed again when its file is used again', () => {
    const { db } = openTempDatabase()
    seedHistory(db)
    forgetJob(db, 'job-1', 9_000)
    expect(listJobs(db).map(job => job.id)).toEqual(['job-2'])
    expect(getListedJob(db, 'job-1')).toBeNull()
    expect(getJob(db, 'job-1')?.id).toBe('job-1')
    expect([
      count(db, 'links', 'job-1'),
      count(db, 'runs', 'job-1'),
      count(db, 'logEntries', 'job-1'),
    ]).toEqual([1, 1, 1])
    saveJob(db, { id: 'job-1', name: 'Job job-1', config: {}, configPath: '/jobs/job-1.json' }, 10_000)
    expect(getListedJob(db, 'job-1')?.configPath).toBe('/jobs/job-1.json')
    expect(listJobs(db)).toHaveLength(2)
  })

  it('deletes a job with its links, runs and log entries, and nothing of another job', () => {
    const { db } = openTempDatabase()
    seedHistory(db)
    deleteJobHistory(db, 'job-1')
    expect(getJob(db, 'job-1')).toBeNull()
    expect([
      count(db, 'links', 'job-1'),
      count(db, 'runs', 'job-1'),
      count(db, 'logEntries', 'job-1'),
    ]).toEqual([0, 0, 0])
    expect([
      count(db, 'links', 'job-2'),
      count(db, 'runs', 'job-2'),
      count(db, 'logEntries', 'job-2'),
    ]).toEqual([1, 1, 1])
    expect(queryLogs(db, { jobId: 'job-2', limit: 10 })).toHaveLength(1)
  })
})

describe('runs store', () => {
  it('creates a running run with this process id, then finishes it with a summary', () => {
    const { db } = openTempDatabase()
    seedJob(db, 'job-1')
    createRun(db, { id: 'run-1', jobId: 'job-1', mode: 'dry-run' }, 10_000)
    expect(getRun(db, 'run-1')).toEqual({
      id: 'run-1',
      jobId: 'job-1',
      mode: 'dry-run',
      status: 'running',
      startedAt: iso(10_000),
      finishedAt: null,
      summary: null,
      failed: 0,
      error: null,
      kind: 'sync',
      relatedRunId: null,
      progress: null,
      counts: null,
    })
    expect(listRunningRuns(db, 'job-1')).toEqual([
      { run: getRun(db, 'run-1'), pid: process.pid, host: hostname() },
    ])

    const summary = { ...emptyRunSummary(), users: { ...emptyRunSummary().users, create: 3, conflict: 1 } }
    finishRun(db, 'run-1', { status: 'completed-with-errors', summary, failed: 2, error: null }, 12_000)
    expect(getRun(db, 'run-1')).toMatchObject({
      status: 'completed-with-errors',
      finishedAt: iso(12_000),
      summary,
      failed: 2,
      error: null,
    })
    expect(listRunningRuns(db, 'job-1')).toEqual([])
  })

  it('keeps what a run read and the unmanaged accounts it saw', () => {
    const { db } = openTempDatabase()
    seedJob(db, 'job-1')
    createRun(db, { id: 'run-1', jobId: 'job-1', mode: 'apply' })
    const counts = { source: 3_000, target: 3_120, unmanaged: 120 }
    finishRun(db, 'run-1', {
      status: 'completed',
      summary: emptyRunSummary(),
      failed: 0,
      error: null,
      counts,
    })
    expect(getRun(db, 'run-1')?.counts).toEqual(counts)
  })

  it('records a failed run with its error and no summary', () => {
    const { db } = openTempDatabase()
    seedJob(db, 'job-1')
    createRun(db, { id: 'run-1', jobId: 'job-1', mode: 'apply' })
    finishRun(db, 'run-1', { status: 'failed', summary: null, failed: 0, error: 'target unreachable' })
    expect(getRun(db, 'run-1')).toMatchObject({
      status: 'failed',
      summary: null,
      error: 'target unreachable',
    })
  })

  it('refuses to finish a run that does not exist', () => {
    const { db } = openTempDatabase()
    expect(() =>
      finishRun(db, 'no-such-run', { status: 'completed', summary: null, failed: 0, error: null })
    ).toThrow('finishRun: expected 1 change for run no-such-run, got 0')
  })

  it('refuses a run for an unknown job (foreign key) and an unknown status (check)', () => {
    const { db } = openTempDatabase()
    expect(() => createRun(db, { id: 'r', jobId: 'ghost', mode: 'apply' })).toThrow(/FOREIGN KEY/)
    seedJob(db, 'job-1')
    createRun(db, { id: 'r', jobId: 'job-1', mode: 'apply' })
    expect(() =>
      finishRun(db, 'r', { status: 'done' as 'completed', summary: null, failed: 0, error: null })
    ).toThrow(/CHECK constraint/)
    expect(getRun(db, 'r')?.status).toBe('running')
  })

  it('lists the runs of one job newest first, up to the limit', () => {
    const { db } = openTempDatabase()
    seedJob(db, 'job-1')
    seedJob(db, 'job-2')
    createRun(db, { id: 'old', jobId: 'job-1', mode: 'apply' }, 1_000)
    createRun(db, { id: 'new', jobId: 'job-1', mode: 'apply' }, 3_000)
    createRun(db, { id: 'mid', jobId: 'job-1', mode: 'dry-run' }, 2_000)
    createRun(db, { id: 'other', jobId: 'job-2', mode: 'apply' }, 4_000)
    expect(listRuns(db, 'job-1').map(run => run.id)).toEqual(['new', 'mid', 'old'])
    expect(listRuns(db, 'job-1', 2).map(run => run.id)).toEqual(['new', 'mid'])
  })
})

describe('cancel requests in the runs table', () => {
  it('records a request for a running run once, and refuses one for a finished run', () => {
    const { db } = openTempDatabase()
    seedJob(db, 'job-1')
    createRun(db, { id: 'run-1', jobId: 'job-1', mode: 'apply' })
    createRun(db, { id: 'run-2', jobId: 'job-1', mode: 'apply' })
    finishRun(db, 'run-2', { status: 'completed', summary: null, failed: 0, error: null })
    expect(runCancelRequested(db, 'run-1')).toBe(false)
    expect(requestRunCancel(db, 'run-1')).toBe(true)
    expect(runCancelRequested(db, 'run-1')).toBe(true)
    expect(requestRunCancel(db, 'run-2')).toBe(false)
    expect(runCancelRequested(db, 'run-2')).toBe(false)
    expect(requestRunCancel(db, 'no-such-run')).toBe(false)
  })

  it('reads every progress field back as recorded', () => {
    const { db } = openTempDatabase()
    seedJob(db, 'job-1')
    createRun(db, { id: 'run-1', jobId: 'job-1', mode: 'dry-run' })
    const progress = {
      phase: 'reading-source',
      done: 1200,
      total: null,
      ratePerSecond: 400,
      etaSeconds: null,
      failures: 0,
    } as const
    recordRunProgress(db, 'run-1', progress)
    expect(getRun(db, 'run-1')?.progress).toEqual(progress)
  })
})
