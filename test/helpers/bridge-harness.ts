/**
 * The desktop UI without Electron: a temp state database, the real `ProvisionerAdminApi` over
 * it, the HTTP bridge, and (optionally) the renderer's Vite dev server, wired exactly as
 * `npm run web` wires them. Browser tests open `pageUrl()` in Chromium.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { databasePath } from '../../main/config/app-paths'
import { loadJobFile } from '../../main/config/load-job'
import { EventHub } from '../../main/ipc/api/event-hub'
import { ProvisionerAdminApi } from '../../main/ipc/admin-api'
import { type HttpBridge, startHttpBridge } from '../../main/ipc/http-bridge'
import { type RendererDevServer, startRendererDevServer } from '../../main/ipc/renderer-dev-server'
import { startStateWatcher, type StateWatcher } from '../../main/ipc/state-watcher'
import { MemorySecretStore } from '../../main/secrets/memory-secret-store'
import type { SecretStore } from '../../main/secrets/secret-store'
import type { LogStatus, NewLogEntry } from '../../main/model/log-entry'
import { emptyRunSummary } from '../../main/model/run'
import { inTransaction, openDatabase, type WritableDB } from '../../main/store/database'
import { saveJob } from '../../main/store/jobs-store'
import { insertLogEntries } from '../../main/store/logs-store'
import { createRun, finishRun } from '../../main/store/runs-store'

export interface BridgeHarnessOptions {
  /** Start the Vite dev server for renderer/ (browser tests); otherwise only the bridge runs. */
  readonly withRenderer?: boolean
  /** Environment for `env:` secret references (the test's own, never the machine's). */
  readonly env?: NodeJS.ProcessEnv
  /** The origin the bridge allows when no renderer runs (default `http://localhost:5173`). */
  readonly allowedOrigin?: string
  /** Watch the state database for runs other processes make, as `npm run web` does (interval in ms). */
  readonly watchIntervalMs?: number
  /** Where credentials go (default: in memory); the job-setup test passes the OS keychain. */
  readonly secrets?: SecretStore
}

export interface BridgeHarness {
  /** The state folder (PROVISIONER_HOME of this harness). */
  readonly home: string
  readonly db: WritableDB
  readonly hub: EventHub
  readonly api: ProvisionerAdminApi
  readonly bridge: HttpBridge
  readonly renderer: RendererDevServer | null
  /** The page URL with `?bridge=&token=`, plus a hash route such as `#/logs`. */
  pageUrl(hash?: string): string
  close(): Promise<void>
}

export async function startBridgeHarness(options: BridgeHarnessOptions = {}): Promise<BridgeHarness> {
  const home = mkdtempSync(join(tmpdir(), 'provisioner-ui-'))
  const db = openDatabase(databasePath(home))
  const hub = new EventHub()
  const api = new ProvisionerAdminApi({
    db,
    stateFolder: home,
    secrets: options.secrets ?? new MemorySecretStore(),
    hub,
    env: options.env ?? {},
  })
  let renderer: RendererDevServer | null = null
  let bridge: HttpBridge | null = null
  try {
    if (options.withRenderer === true) {
      renderer = await startRendererDevServer({ port: 0, logLevel: 'warn', watch: false })
    }
    bridge = await startHttpBridge(api, hub, {
      allowedOrigin: renderer?.origin ?? options.allowedOrigin ?? 'http://localhost:5173',
      onInternalError: (method, error) => console.error(`[bridge-harness] ${method} failed:`, error),
      exportLogs: input => api.logExport(input),
    })
  } catch (error) {
    await renderer?.close()
    db.close()
    rmSync(home, { recursive: true, force: true })
    throw error
  }
  const started = bridge
  const watcher: StateWatcher | null =
    options.watchIntervalMs === undefined
      ? null
      : startStateWatcher(db, hub, { intervalMs: options.watchIntervalMs })
  return {
    home,
    db,
    hub,
    api,
    bridge: started,
    renderer,
    pageUrl(hash = '') {
      if (renderer === null) throw new Error('pageUrl() needs withRenderer: true')
      const query = `bridge=${encodeURIComponent(started.url)}&token=${started.token}`
      return `${renderer.origin}/?${query}${hash}`
    },
    async close() {
      watcher?.stop()
      await Promise.allSettled([started.close(), renderer?.close(), api.close()])
      db.close()
      rmSync(home, { recursive: true, force: true })
    },
  }
}

//#region Seed data: a job on disk and a state database with runs and log entries

/** The `env:` variable the seeded job reads its bearer token from. */
export const UI_TOKEN_VARIABLE = 'UI_TEST_SCIM_TOKEN'
export const UI_JOB_ID = 'hr-demo'
export const UI_JOB_NAME = 'HR to Demo App'

const PEOPLE_CSV = [
  'employeeId,givenName,surname,mail,title,status',
  '1001,Ada,Lovelace,ada.lovelace@example.com,Principal Engineer,Active',
  '1002,Grace,Hopper,grace.hopper@example.com,Rear Admiral,Active',
  '1003,Alan,Turing,alan.turing@example.com,Researcher,Active',
  '1004,Katherine,Johnson,katherine.johnson@example.com,Mathematician,Active',
].join('\n')

/** Writes people.csv and job.json (target `baseUrl`, token from `env:UI_TEST_SCIM_TOKEN`); returns the job file. */
export function writeUiJobWorkspace(dir: string, baseUrl: string): string {
  writeFileSync(join(dir, 'people.csv'), `${PEOPLE_CSV}\n`)
  const job = {
    id: UI_JOB_ID,
    name: UI_JOB_NAME,
    source: { type: 'csv', path: 'people.csv', idColumn: 'employeeId', authoritative: true },
    target: { type: 'scim', baseUrl, auth: { type: 'bearer', secretRef: `env:${UI_TOKEN_VARIABLE}` } },
    users: {
      mappings: [
        { target: 'userName', expression: '[mail]', matchingPrecedence: 1 },
        { target: 'externalId', expression: '[employeeId]', matchingPrecedence: 2 },
        { target: 'name.givenName', expression: '[givenName]' },
        { target: 'name.familyName', expression: '[surname]' },
        { target: 'displayName', expression: 'Join(" ", [givenName], [surname])' },
        { target: 'emails[type eq "work"].value', expression: '[mail]' },
        { target: 'title', expression: '[title]' },
        { target: 'active', expression: 'Switch([status], "True", "Terminated", "False")' },
      ],
    },
    // The seeded log is dated 2024: a run the tests start must not prune it as too old.
    logs: { retentionDays: 3650 },
  }
  const file = join(dir, 'job.json')
  writeFileSync(file, `${JSON.stringify(job, null, 2)}\n`)
  return file
}

export interface UiSeed {
  readonly applyRunId: string
  readonly failedRunId: string
  readonly dryRunId: string
  /** Entries in the log, and how many of them failed. */
  readonly logCount: number
  readonly failureCount: number
}

const T0 = Date.parse('2024-03-01T09:00:00Z')
const HOUR = 3_600_000
/** Enough older entries that the log needs more than one page. */
const BULK_ENTRIES = 240

/**
 * Seeds through the real store functions: the job (from its file), a job without a file, three
 * runs, and log entries with Entra-style steps and modified properties.
 */
export function seedUiState(db: WritableDB, jobFile: string): UiSeed {
  const job = loadJobFile(jobFile)
  saveJob(db, { id: job.id, name: job.config.name, config: job.config, configPath: job.file }, T0)
  saveJob(
    db,
    { id: 'legacy-import', name: 'Legacy import', config: { name: 'Legacy import' }, configPath: null },
    T0
  )

  const applyRunId = '20240301-100000-first'
  const failedRunId = '20240301-110000-second'
  const dryRunId = '20240301-120000-preview'
  const summary = (create: number, update: number, unchanged: number) => ({
    users: { ...emptyRunSummary().users, create, update, unchanged },
    groups: emptyRunSummary().groups,
  })
  createRun(db, { id: applyRunId, jobId: job.id, mode: 'apply' }, T0 + HOUR)
  finishRun(
    db,
    applyRunId,
    { status: 'completed', summary: summary(BULK_ENTRIES, 0, 0), failed: 0, error: null },
    T0 + HOUR + 42_000
  )
  createRun(db, { id: failedRunId, jobId: job.id, mode: 'apply' }, T0 + 2 * HOUR)
  finishRun(
    db,
    failedRunId,
    { status: 'completed-with-errors', summary: summary(1, 1, 2), failed: 1, error: null },
    T0 + 2 * HOUR + 3_500
  )
  createRun(db, { id: dryRunId, jobId: job.id, mode: 'dry-run' }, T0 + 3 * HOUR)
  finishRun(
    db,
    dryRunId,
    { status: 'completed', summary: summary(0, 1, 3), failed: 0, error: null },
    T0 + 3 * HOUR + 900
  )

  const bulk: NewLogEntry[] = Array.from({ length: BULK_ENTRIES }, (_, index) =>
    entry(applyRunId, T0 + HOUR + index * 100, {
      changeId: `bulk-${index}`,
      sourceId: `9${String(index).padStart(3, '0')}`,
      sourceDisplay: `bulk.person${index}@example.com`,
      targetId: `t-bulk-${index}`,
      targetDisplay: `bulk.person${index}@example.com`,
    })
  )
  const second: NewLogEntry[] = [
    entry(failedRunId, T0 + 2 * HOUR + 100, {
      changeId: 'c-ada',
      sourceId: '1001',
      sourceDisplay: 'Ada Lovelace',
      targetId: 'a1b2c3',
      targetDisplay: 'ada.lovelace@example.com',
      modified: [
        { path: 'userName', from: null, to: 'ada.lovelace@example.com' },
        { path: 'title', from: null, to: 'Principal Engineer' },
        { path: 'active', from: null, to: true },
      ],
    }),
    entry(failedRunId, T0 + 2 * HOUR + 200, {
      changeId: 'c-grace',
      action: 'update',
      status: 'failure',
      sourceId: '1002',
      sourceDisplay: 'Grace Hopper',
      targetId: 'd4e5f6',
      targetDisplay: 'grace.hopper@example.com',
      steps: steps('failure', 'PATCH /Users/d4e5f6 failed: HTTP 400 (invalidValue)'),
      modified: [{ path: 'title', from: 'Commodore', to: 'Rear Admiral' }],
      reason: 'The target refused the new title',
      errorCode: 'BadRequest',
      httpStatus: 400,
      scimType: 'invalidValue',
      scimDetail: 'title is too long for this plan',
    }),
    entry(failedRunId, T0 + 2 * HOUR + 300, {
      changeId: 'c-alan',
      action: 'skip',
      status: 'skipped',
      sourceId: '1003',
      sourceDisplay: 'Alan Turing',
      targetId: null,
      targetDisplay: null,
      steps: [
        { type: 'import', status: 'success', description: 'Imported 1003 from people.csv line 4' },
        {
          type: 'scoping',
          status: 'skipped',
          description: 'Out of scope: no scoping filter matched',
          details: { Filter: 'Staff', Clause: 'type EQUALS staff', Value: 'contractor' },
        },
      ],
      modified: [],
      reason: 'Not in scope',
      errorCode: 'NotEffectivelyEntitled',
      httpStatus: null,
    }),
    groupEntry(failedRunId, T0 + 2 * HOUR + 400),
  ]
  inTransaction(db, () => insertLogEntries(db, [...bulk, ...second]))
  return { applyRunId, failedRunId, dryRunId, logCount: bulk.length + second.length, failureCount: 1 }
}

/** Member GUIDs as a real app assigns them: long, unbreakable ids. */
export const UI_GROUP_MEMBERS = {
  added: ['2819c223-7f76-453a-919d-413861904646', '9a7b8c6d-1e2f-4a3b-8c9d-0e1f2a3b4c5d'],
  removed: ['f0e1d2c3-b4a5-4697-8887-766554433221'],
} as const

/** A group whose members were both added and removed, with a member warning among its processing steps. */
function groupEntry(runId: string, time: number): NewLogEntry {
  return entry(runId, time, {
    changeId: 'c-engineering',
    objectType: 'group',
    action: 'update',
    status: 'warning',
    sourceId: 'engineering',
    sourceDisplay: 'Engineering',
    targetId: '5d6e7f80-91a2-4b3c-8d4e-5f60718293a4',
    targetDisplay: 'Engineering',
    steps: [
      ...steps('success', 'PATCH /Groups/5d6e7f80-91a2-4b3c-8d4e-5f60718293a4: 204 No Content'),
      {
        type: 'processing',
        status: 'warning',
        description: 'Member 1005 not added: not provisioned by this job',
      },
    ],
    modified: [
      { path: 'members', from: null, to: [...UI_GROUP_MEMBERS.added] },
      { path: 'members', from: [...UI_GROUP_MEMBERS.removed], to: null },
    ],
    httpStatus: 204,
  })
}

function steps(exportStatus: LogStatus, exportDescription: string): NewLogEntry['steps'] {
  return [
    {
      type: 'import',
      status: 'success',
      description: 'Imported the person from people.csv',
      details: { File: 'people.csv', Line: '2' },
    },
    { type: 'scoping', status: 'success', description: 'In scope: no scoping filters' },
    {
      type: 'matching',
      status: 'success',
      description: 'Matched on userName',
      details: { 'Matching attribute': 'userName', 'Matched account': 'by userName' },
    },
    {
      type: 'processing',
      status: 'success',
      description: 'Decided the action from the attribute differences',
    },
    { type: 'export', status: exportStatus, description: exportDescription },
  ]
}

function entry(runId: string, time: number, overrides: Partial<NewLogEntry>): NewLogEntry {
  return {
    time: new Date(time).toISOString(),
    jobId: UI_JOB_ID,
    runId,
    changeId: 'change',
    objectType: 'user',
    action: 'create',
    status: 'success',
    sourceId: null,
    sourceDisplay: null,
    targetId: null,
    targetDisplay: null,
    steps: steps('success', 'POST /Users: 201 Created'),
    modified: [{ path: 'userName', from: null, to: 'someone@example.com' }],
    reason: null,
    errorCode: null,
    httpStatus: 201,
    scimType: null,
    scimDetail: null,
    durationMs: 35,
    attempts: 1,
    ...overrides,
  }
}

//#endregion
