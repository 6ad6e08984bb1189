/**
 * The job lock (one run per job): the check and the new run are one BEGIN IMMEDIATE transaction,
 * so a second process can never slip its run in between; runs remember their host, and a run of
 * another machine is never judged dead by a local process id.
 */
import Database from 'better-sqlite3'
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import {
  assertNoRunInProgress,
  ForceUnlockError,
  forceUnlock,
  RunInProgressError,
  startRun,
} from '../../main/engine/run/run-lock'
import type { WritableDB } from '../../main/store/database'
import { finishRun, getRun, listRunningRuns } from '../../main/store/runs-store'
import { REPO_ROOT } from '../helpers/cli-harness'
import { baseJob, staff, userCounts, Workspace } from '../helpers/provisioning-fixture'
import { startFaultyTarget } from '../helpers/safety-fixture'
import { openTempDatabase, seedJob } from '../helpers/store-fixtures'

const children: ChildProcess[] = []

afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL')
})

/** A process id that no longer exists. */
function deadPid(): number {
  const done = spawnSync(process.execPath, ['-e', ''])
  return done.pid as number
}

function markRunning(db: WritableDB, id: string, pid: number, host: string | null): void {
  db.prepare(
    `INSERT INTO runs (id, jobId, mode, status, startedAt, pid, host) VALUES (?, 'job-1', 'apply', 'running', 1, ?, ?)`
  ).run(id, pid, host)
}

/**
 * Another process that opens the state, takes the write lock, inserts its running run, and only
 * commits 400 ms later (then stays alive). Resolves once it holds the lock.
 */
async function otherProcessInserting(file: string, runId: string): Promise<ChildProcess> {
  const script = `
    const Database = require('better-sqlite3')
    const db = new Database(${JSON.stringify(file)})
    db.pragma('busy_timeout = 5000')
    db.exec('BEGIN IMMEDIATE')
    db.prepare("INSERT INTO runs (id, jobId, mode, status, startedAt, pid, host) VALUES (?, 'job-1', 'apply', 'running', 1, ?, ?)")
      .run(${JSON.stringify(runId)}, process.pid, require('node:os').hostname())
    process.stdout.write('locked\\n')
    setTimeout(() => { db.exec('COMMIT'); setInterval(() => {}, 1000) }, 400)
  `
  const child = spawn(process.execPath, ['-e', script], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  children.push(child)
  await new Promise<void>((resolve, reject) => {
    child.on('error', reject)
    child.on('exit', code => reject(new Error(`the other process ended (${code}) before taking the lock`)))
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('locked')) resolve()
    })
  })
  return child
}

describe('the job lock', () => {
  it('sees a run another process is recording at the same moment: the check waits for its transaction', async () => {
    const { db, file } = openTempDatabase()
    seedJob(db, 'job-1')
    const other = await otherProcessInserting(file, 'other-run')

    // The other process holds the write lock with its run not yet committed.
    let refused: unknown = null
    try {
      startRun(db, { id: 'this-run', jobId: 'job-1', mode: 'apply' })
    } catch (error) {
      refused = error
    }

    expect(refused).toBeInstanceOf(RunInProgressError)
    expect((refused as RunInProgressError).runId).toBe('other-run')
    expect((refused as RunInProgressError).pid).toBe(other.pid)
    expect(getRun(db, 'this-run')).toBeNull()
    expect(listRunningRuns(db, 'job-1').map(entry => entry.run.id)).toEqual(['other-run'])
  })

  it('in one process (the app: previews, applies and schedules side by side) a run in flight holds the job', () => {
    const { db } = openTempDatabase()
    seedJob(db, 'job-1')
    startRun(db, { id: 'scheduled', jobId: 'job-1', mode: 'apply' })
    expect(() => startRun(db, { id: 'preview', jobId: 'job-1', mode: 'dry-run' })).toThrow(RunInProgressError)
    expect(() => assertNoRunInProgress(db, 'job-1', 'jobs/hr.json')).toThrow(RunInProgressError)
    expect(getRun(db, 'scheduled')?.status).toBe('running')
    // A run of this process id that this process did not start is an old one (the id was reused).
    markRunning(db, 'reused-pid', process.pid, hostname())
    finishRun(db, 'scheduled', { status: 'completed', summary: null, failed: 0, error: null })
    expect(startRun(db, { id: 'next', jobId: 'job-1', mode: 'apply' })).toEqual(['reused-pid'])
  })

  it('records the host with the process id of a new run', () => {
    const { db } = openTempDatabase()
    seedJob(db, 'job-1')
    startRun(db, { id: 'r1', jobId: 'job-1', mode: 'apply' })
    expect(listRunningRuns(db, 'job-1')).toEqual([
      { run: getRun(db, 'r1'), pid: process.pid, host: hostname() },
    ])
  })

  it('closes a run of this machine whose process ended, and reports it as interrupted', () => {
    const { db } = openTempDatabase()
    seedJob(db, 'job-1')
    markRunning(db, 'crashed', deadPid(), hostname())
    markRunning(db, 'before-hosts', deadPid(), null)

    expect(startRun(db, { id: 'r2', jobId: 'job-1', mode: 'apply' }).sort()).toEqual([
      'before-hosts',
      'crashed',
    ])
    expect(getRun(db, 'crashed')).toMatchObject({
      status: 'failed',
      error: 'Interrupted: the process ended before the run finished',
    })
    expect(getRun(db, 'r2')?.status).toBe('running')
  })

  it('never judges a run of another host by a local process id, and names that host and the way out', () => {
    const { db } = openTempDatabase()
    seedJob(db, 'job-1')
    markRunning(db, 'elsewhere', deadPid(), 'build-server-7')

    let refused: unknown = null
    try {
      startRun(db, { id: 'r3', jobId: 'job-1', mode: 'apply' }, { jobFile: 'jobs/hr.json' })
    } catch (error) {
      refused = error
    }
    expect(refused).toBeInstanceOf(RunInProgressError)
    expect((refused as Error).message).toContain('in progress on host "build-server-7"')
    expect((refused as Error).message).toContain('provisioner force-unlock --job jobs/hr.json elsewhere')
    expect(getRun(db, 'elsewhere')?.status).toBe('running')
    expect(getRun(db, 'r3')).toBeNull()

    forceUnlock(db, 'job-1', 'elsewhere', 'jobs/hr.json')
    expect(getRun(db, 'elsewhere')).toMatchObject({ status: 'failed' })
    expect(getRun(db, 'elsewhere')?.error).toContain('Released by force-unlock')
    expect(startRun(db, { id: 'r3', jobId: 'job-1', mode: 'apply' })).toEqual([])
  })

  it('force-unlock refuses a live run of this machine and a run that is not running', () => {
    const { db } = openTempDatabase()
    seedJob(db, 'job-1')
    markRunning(db, 'live', process.ppid, hostname())
    expect(() => forceUnlock(db, 'job-1', 'live', 'job.json')).toThrow(RunInProgressError)
    expect(getRun(db, 'live')?.status).toBe('running')
    expect(() => forceUnlock(db, 'job-1', 'nope', 'job.json')).toThrow(ForceUnlockError)
    expect(() => forceUnlock(db, 'job-1', 'nope', 'job.json')).toThrow('Run nope is not a run of this job')
  })
})

describe('the CLI and a run another machine holds', () => {
  it('is refused naming that host; force-unlock releases it and the next run goes ahead', async () => {
    const target = await startFaultyTarget()
    const ws = new Workspace()
    ws.writePeople(staff())
    ws.writeJob(baseJob(target.baseUrl))
    await ws.plan()
    const db = new Database(join(ws.home, 'provisioner.db'))
    db.prepare(
      `INSERT INTO runs (id, jobId, mode, status, startedAt, pid, host) VALUES ('held', 'it-job', 'apply', 'running', 1, ?, 'hr-box')`
    ).run(deadPid())
    db.close()

    const refused = await ws.cli(['apply', '--job', 'job.json', '--json'])
    expect(refused.code).toBe(2)
    expect(refused.stderr).toContain('Run held of this job is in progress on host "hr-box"')
    expect(refused.stderr).toContain('provisioner force-unlock --job job.json held')
    expect(target.store.userCount()).toBe(0)

    const released = await ws.cli(['force-unlock', '--job', 'job.json', 'held'])
    expect(released.code, released.stderr).toBe(0)
    expect(released.stdout).toContain('Released run held')
    const again = await ws.cli(['force-unlock', '--job', 'job.json', 'held'])
    expect(again.code).toBe(2)
    expect(again.stderr).toContain('Run held is not running (it ended failed); there is nothing to release')
    expect((await ws.apply()).summary.users).toEqual(userCounts({ create: 5 }))
  })
})
