/**
 * How quickly the HTTP bridge answers while a large dry run plans (issue 9): the admin API in
 * the bridge's own process (as before the API host) and in the API host process (as now).
 *
 * `npx tsx main/bench/api-latency-bench.ts`; BENCH_API_PEOPLE (default 100,000), BENCH_API_MODES
 * (default `in-process,host`). The client polls from its own process, as a browser would;
 * `bridgeLoopMaxMs` is the bridge's longest stall during the run (how long a window would freeze).
 */
import { fork } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { stringify } from 'csv-stringify/sync'
import { NO_APP_LOG } from '../app-log/app-log'
import { databasePath } from '../config/app-paths'
import { loadJobFile } from '../config/load-job'
import { EventHub } from '../ipc/api/event-hub'
import type { AdminApi } from '../ipc/api/contract'
import { ProvisionerAdminApi } from '../ipc/admin-api'
import { forkApiHost } from '../ipc/api-host/node-link'
import { remoteAdminApi } from '../ipc/api-host/remote-admin-api'
import { startHttpBridge } from '../ipc/http-bridge'
import { MemorySecretStore } from '../secrets/memory-secret-store'
import { openDatabase } from '../store/database'
import { saveJob } from '../store/jobs-store'
import type { ClientReport } from './api-latency-client'
import { BENCH_HEADER, benchJob, benchPerson } from './bench-data'

export type ApiMode = 'in-process' | 'host'

export interface LatencyFigures {
  readonly mode: ApiMode
  readonly people: number
  readonly planMs: number
  readonly idle: Stats
  /** listJobs answered while the dry run was still running. */
  readonly duringRun: Stats
  /** The longest the bridge's own event loop was blocked during the run (the window, in the app). */
  readonly bridgeLoopMaxMs: number
}

interface Stats {
  readonly calls: number
  readonly medianMs: number
  readonly maxMs: number
}

/** A workspace with `people` people, a job over the sandbox SCIM app at `baseUrl`; returns the job file. */
export function writeLargeJob(dir: string, baseUrl: string, people: number): string {
  const rows = Array.from({ length: people }, (_, index) => benchPerson(index))
  writeFileSync(join(dir, 'people.csv'), stringify([BENCH_HEADER, ...rows]))
  const file = join(dir, 'job.json')
  writeFileSync(file, JSON.stringify(benchJob(baseUrl, join(dir, 'people.csv'), 4)))
  return file
}

/** Records the job in the state folder, as `provisioner plan --job FILE` would. */
export function registerJob(home: string, jobFile: string): string {
  const job = loadJobFile(jobFile)
  const db = openDatabase(databasePath(home))
  try {
    saveJob(db, { id: job.id, name: job.config.name, config: job.config, configPath: job.file })
  } finally {
    db.close()
  }
  return job.id
}

/** The API as `npm run web` served it before (in the bridge's process) or now (in the host). */
export function benchApi(
  mode: ApiMode,
  home: string,
  env: NodeJS.ProcessEnv
): { readonly api: AdminApi; readonly hub: EventHub; start(): Promise<void>; close(): Promise<void> } {
  const hub = new EventHub()
  if (mode === 'host') {
    const api = remoteAdminApi({
      spawn: () => forkApiHost({ execArgv: ['--import', 'tsx'] }),
      init: { home, program: 'web', env },
      hub,
      log: NO_APP_LOG,
    })
    return { api, hub, close: () => api.close(), start: () => api.start() }
  }
  const db = openDatabase(databasePath(home))
  const api = new ProvisionerAdminApi({ db, stateFolder: home, secrets: new MemorySecretStore(), hub, env })
  const close = async () => {
    await api.close()
    db.close()
  }
  return { api, hub, close, start: async () => undefined }
}

function startSandbox(token: string): Promise<{ baseUrl: string; stop(): void }> {
  const child = fork(fileURLToPath(new URL('./sandbox-process.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx'],
  })
  child.send({ type: 'start', token, seed: 0 })
  return new Promise(resolve =>
    child.once('message', (message: { baseUrl: string }) =>
      resolve({ baseUrl: message.baseUrl, stop: () => child.kill() })
    )
  )
}

export async function benchApiLatency(mode: ApiMode, people: number): Promise<LatencyFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'provisioner-api-bench-'))
  const token = randomBytes(16).toString('hex')
  const sandbox = await startSandbox(token)
  const jobId = registerJob(dir, writeLargeJob(dir, sandbox.baseUrl, people))
  const served = benchApi(mode, dir, { BENCH_TOKEN: token })
  const bridge = await startHttpBridge(served.api, served.hub, { allowedOrigin: 'http://localhost:5173' })
  try {
    await served.start()
    const loop = monitorEventLoopDelay({ resolution: 10 })
    const report = await runClient({ bridgeUrl: bridge.url, token: bridge.token, jobId }, () => loop.enable())
    loop.disable()
    if ((report.plan as { ok: boolean }).ok !== true) throw new Error(JSON.stringify(report.plan))
    return {
      mode,
      people,
      planMs: Math.round(report.planMs),
      idle: stats(report.idle),
      duringRun: stats(report.during),
      bridgeLoopMaxMs: Math.round(loop.max / 1e6),
    }
  } finally {
    await bridge.close()
    await served.close()
    sandbox.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}

/** The client in its own process, so its timings do not stall with the bridge's event loop. */
function runClient(
  start: { readonly bridgeUrl: string; readonly token: string; readonly jobId: string },
  onPlanning: () => void
): Promise<ClientReport> {
  const child = fork(fileURLToPath(new URL('./api-latency-client.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx'],
  })
  child.send(start)
  return new Promise((resolve, reject) => {
    child.on('message', (message: { type: string; report?: ClientReport }) => {
      if (message.type === 'planning') onPlanning()
      if (message.report !== undefined) resolve(message.report)
    })
    child.once('exit', code => reject(new Error(`the bench client exited with ${code}`)))
  })
}

function stats(values: ReadonlyArray<number>): Stats {
  const sorted = [...values].sort((a, b) => a - b)
  const round = (value: number | undefined) => Math.round((value ?? 0) * 10) / 10
  return {
    calls: values.length,
    medianMs: round(sorted[Math.floor(sorted.length / 2)]),
    maxMs: round(sorted.at(-1)),
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const people = Number(process.env['BENCH_API_PEOPLE'] ?? 100_000)
  const modes = (process.env['BENCH_API_MODES'] ?? 'in-process,host').split(',') as ApiMode[]
  for (const mode of modes) console.log(JSON.stringify(await benchApiLatency(mode, people)))
}
