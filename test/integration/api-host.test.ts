/**
 * The admin API in its own process (issue 9): the HTTP bridge of `npm run web` over the API host
 * (`child_process.fork`), a real state database, the sandbox SCIM app, 100,000 people.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { NO_APP_LOG } from '../../main/app-log/app-log'
import { registerJob, writeLargeJob } from '../../main/bench/api-latency-bench'
import { writeBenchLog } from '../../main/bench/log-bench'
import { databasePath } from '../../main/config/app-paths'
import { startSandboxServer, type SandboxServer } from '../../main/connectors/scim/sandbox/sandbox-server'
import type { ApiResult, JobInfo, PlanPreview, RunInfo } from '../../main/ipc/api/contract'
import { EventHub } from '../../main/ipc/api/event-hub'
import { forkApiHost } from '../../main/ipc/api-host/node-link'
import { type RemoteAdminApi, remoteAdminApi } from '../../main/ipc/api-host/remote-admin-api'
import { type HttpBridge, startHttpBridge } from '../../main/ipc/http-bridge'
import { logExportStream } from '../../main/ipc/log-api'
import { ScheduleReader } from '../../main/schedule/schedule-reader'
import { openDatabase } from '../../main/store/database'
import { listRuns } from '../../main/store/runs-store'
import { makeTempDir } from '../helpers/temp-dir'

const PEOPLE = 100_000
const PARENT = fileURLToPath(new URL('../helpers/api-host-parent.ts', import.meta.url))

interface Served {
  readonly home: string
  readonly jobId: string
  readonly api: RemoteAdminApi
  readonly bridge: HttpBridge
  call<T>(method: string, input?: unknown): Promise<ApiResult<T>>
}

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

/** A job of `people` over the sandbox app, served by the bridge over a forked API host. */
async function serve(people: number, schedule?: { intervalMinutes: number }): Promise<Served> {
  const home = makeTempDir('provisioner-api-host-')
  const token = randomBytes(16).toString('hex')
  const sandbox: SandboxServer = await startSandboxServer({ auth: { type: 'bearer', token } })
  cleanups.push(() => sandbox.close())
  const file = writeLargeJob(home, sandbox.baseUrl, people)
  if (schedule !== undefined) {
    writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), schedule }))
  }
  const jobId = registerJob(home, file)
  const hub = new EventHub()
  const api = remoteAdminApi({
    spawn: () => forkApiHost({ execArgv: ['--import', 'tsx'] }),
    init: { home, program: 'web', env: { BENCH_TOKEN: token } },
    hub,
    log: NO_APP_LOG,
  })
  cleanups.push(() => api.close())
  await api.start()
  const bridge = await startHttpBridge(api, hub, {
    allowedOrigin: 'http://localhost:5173',
    exportLogs: input => api.logExport(input),
  })
  cleanups.push(() => bridge.close())
  const call = async <T>(method: string, input?: unknown): Promise<ApiResult<T>> => {
    const response = await fetch(`${bridge.url}/rpc/${method}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${bridge.token}`, 'content-type': 'application/json' },
      body: input === undefined ? '' : JSON.stringify(input),
    })
    return (await response.json()) as ApiResult<T>
  }
  return { home, jobId, api, bridge, call }
}

function value<T>(result: ApiResult<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`)
  return result.value
}

/** The job's latest run while it is running, as listJobs reports it; null otherwise. */
async function runningRun(served: Served): Promise<string | null> {
  const jobs = value(await served.call<ReadonlyArray<JobInfo>>('listJobs'))
  const last = jobs.find(job => job.id === served.jobId)?.lastRun
  return last?.status === 'running' ? last.id : null
}

/** A generator's values without its return value. */
function* iterate(chunks: Iterator<string>): Generator<string> {
  for (let next = chunks.next(); next.done !== true; next = chunks.next()) yield next.value
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

describe('the admin API in the API host process', () => {
  it(`answers listJobs, the dashboard and the logs while a ${PEOPLE.toLocaleString('en')}-person dry run is still running`, async () => {
    const served = await serve(PEOPLE)
    const hostPid = served.api.hostPid()
    expect(hostPid).not.toBeNull()
    expect(hostPid).not.toBe(process.pid)
    const order: string[] = []
    let planned = false
    const plan = served.call<PlanPreview>('planJob', { jobId: served.jobId }).then(result => {
      planned = true
      order.push('planJob')
      return result
    })
    while (!planned) {
      const runId = await runningRun(served)
      if (runId === null) continue
      order.push('listJobs (run running)')
      value(await served.call('getDashboard'))
      value(await served.call('queryLogs', { jobId: served.jobId, limit: 50 }))
      // Both answered, and the run had still not finished when they were.
      const run = value(await served.call<RunInfo>('getRun', { runId }))
      if (run.status === 'running') order.push('dashboard and logs (run running)')
    }
    const preview = value(await plan)
    expect(preview.summary.users.create).toBe(PEOPLE)
    const planAt = order.indexOf('planJob')
    expect(order.indexOf('listJobs (run running)')).toBeGreaterThanOrEqual(0)
    expect(order.indexOf('listJobs (run running)')).toBeLessThan(planAt)
    expect(order.indexOf('dashboard and logs (run running)')).toBeGreaterThanOrEqual(0)
    expect(order.indexOf('dashboard and logs (run running)')).toBeLessThan(planAt)

    // Shutdown: the host closes the database (SQLite removes the WAL with the last connection) and exits.
    await served.api.close()
    expect(alive(hostPid ?? 0)).toBe(false)
    expect(existsSync(join(served.home, 'provisioner.db-wal'))).toBe(false)
  }, 240_000)

  it('a host killed during a dry run: the pending call answers internal, the next call starts a new host', async () => {
    const served = await serve(20_000)
    const firstPid = served.api.hostPid() ?? 0
    const plan = served.call('planJob', { jobId: served.jobId })
    await expect.poll(() => runningRun(served), { timeout: 60_000, interval: 20 }).not.toBeNull()
    process.kill(firstPid, 'SIGKILL')
    expect(await plan).toMatchObject({
      ok: false,
      error: { code: 'internal', message: expect.stringContaining('engine process stopped') },
    })
    const jobs = value(await served.call<ReadonlyArray<JobInfo>>('listJobs'))
    expect(jobs.map(job => job.id)).toEqual([served.jobId])
    expect(served.api.hostPid()).not.toBe(firstPid)
    expect(alive(firstPid)).toBe(false)
  }, 120_000)

  it('a host killed during a scheduled run: the run answers failed, does not hold the job, and the next scheduled run in a new host completes', async () => {
    const served = await serve(200, { intervalMinutes: 60 })
    const firstPid = served.api.hostPid() ?? 0
    const db = openDatabase(databasePath(served.home))
    cleanups.push(async () => void db.close())
    const first = served.api.runScheduledJob(served.jobId)
    await expect
      .poll(() => listRuns(db, served.jobId)[0]?.status, { timeout: 60_000, interval: 20 })
      .toBe('running')
    process.kill(firstPid, 'SIGKILL')
    expect(await first).toEqual({
      kind: 'failed',
      message: expect.stringContaining('engine process stopped before it answered'),
    })
    // Left "running" by a process that is gone: the scheduler sees it ended, so it runs again.
    expect(listRuns(db, served.jobId)[0]?.status).toBe('running')
    const [entry] = new ScheduleReader(db).entries()
    expect(entry?.lastRun?.finishedAt).not.toBeNull()

    const second = await served.api.runScheduledJob(served.jobId)
    expect(second).toMatchObject({ kind: 'ran', status: 'completed', failed: 0 })
    expect(served.api.hostPid()).not.toBe(firstPid)
    const runs = listRuns(db, served.jobId)
    expect(runs).toHaveLength(2)
    expect(runs.every(run => run.mode === 'apply' && run.status !== 'running')).toBe(true)
  }, 180_000)

  it('streams a log export through the bridge from the host, chunk by chunk, byte for byte as the in-process export', async () => {
    const served = await serve(10)
    const db = openDatabase(databasePath(served.home))
    writeBenchLog(db, 3_000)
    const input = { format: 'csv' as const }
    const expected = [...iterate(logExportStream(db, input).chunks)].join('')
    db.close()
    expect(expected.length).toBeGreaterThan(2 * 256 * 1024)
    const url = `${served.bridge.url}/export/logs?token=${served.bridge.token}&input=${encodeURIComponent(JSON.stringify(input))}`
    const response = await fetch(url)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-disposition')).toMatch(
      /attachment; filename="provisioner-logs-.*\.csv"/
    )
    expect(await response.text()).toBe(expected)
  })

  it('no host outlives its parent: killing the parent ends the host', async () => {
    const home = makeTempDir('provisioner-api-host-')
    const parent: ChildProcess = spawn(process.execPath, ['--import', 'tsx', PARENT, home], {
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    cleanups.push(async () => void parent.kill('SIGKILL'))
    const hostPid = await new Promise<number>((resolve, reject) => {
      let output = ''
      parent.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
        output += chunk
        const pid = /host (\d+)/.exec(output)?.[1]
        if (pid !== undefined) resolve(Number(pid))
      })
      parent.once('exit', code => reject(new Error(`parent exited with ${code}: ${output}`)))
    })
    expect(alive(hostPid)).toBe(true)
    parent.kill('SIGKILL')
    await expect.poll(() => alive(hostPid), { timeout: 30_000 }).toBe(false)
    expect(existsSync(join(home, 'provisioner.db-wal'))).toBe(false)
  }, 90_000)
})
