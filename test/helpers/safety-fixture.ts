/**
 * Set-up shared by the resilience and safety tests: sandbox targets closed after each test, a
 * workspace whose job carries small retry settings (the CLI really sleeps between attempts), the
 * `status --json` and `apply --json` shapes they read, and small lookups.
 */
import { afterEach } from 'vitest'
import type { SandboxOptions, SandboxServer } from '../../main/connectors/scim/sandbox/sandbox-server'
import type { LogEntry } from '../../main/model/log-entry'
import type { FaultInjector } from './fault-injection'
import {
  type ApplyJson,
  baseJob,
  expectJson,
  type Person,
  person,
  staff,
  startTarget,
  usersByName,
  type Workspace as WorkspaceType,
  Workspace,
} from './provisioning-fixture'

const running: SandboxServer[] = []

afterEach(async () => {
  await Promise.all(running.splice(0).map(server => server.close()))
})

/** A sandbox (Bearer TOKEN) with `faults` in front of it, closed after the test. */
export async function startFaultyTarget(
  faults?: FaultInjector,
  options: Omit<SandboxOptions, 'auth' | 'port' | 'middleware'> = {}
): Promise<SandboxServer> {
  const server = await startTarget({ ...options, middleware: faults?.middleware ?? [] })
  running.push(server)
  return server
}

const EXTRA: ReadonlyArray<Person> = [
  person('1006', 'Dorothy', 'Vaughan', { title: 'Supervisor' }),
  person('1007', 'Mary', 'Jackson', { title: 'Aerospace Engineer' }),
  person('1008', 'Frances', 'Allen', { title: 'Fellow' }),
  person('1009', 'Barbara', 'Liskov', { title: 'Professor' }),
  person('1010', 'Hedy', 'Lamarr', { title: 'Inventor' }),
  person('1011', 'Radia', 'Perlman', { title: 'Fellow' }),
  person('1012', 'Karen', 'Sparck Jones', { title: 'Professor' }),
]

/** The usual five people followed by more, up to `count` (at most 12). */
export function people(count: number): Person[] {
  const all = [...staff(), ...EXTRA]
  if (count > all.length) throw new Error(`at most ${all.length} people`)
  return all.slice(0, count)
}

export interface JobOptions {
  /** Merged into `target` (default retries: 4 attempts, Retry-After up to 5 s). */
  readonly target?: Record<string, unknown>
  readonly safety?: Record<string, unknown>
  readonly alerts?: Record<string, unknown>
  readonly deprovision?: Record<string, unknown>
}

/** The job file for `baseUrl` with these options. */
export function jobFor(baseUrl: string, options: JobOptions = {}): Record<string, unknown> {
  const job = baseJob(baseUrl)
  Object.assign(job.target, { retries: { maxAttempts: 4, maxWaitSeconds: 5 }, ...options.target })
  if (options.safety !== undefined) job['safety'] = options.safety
  if (options.alerts !== undefined) job['alerts'] = options.alerts
  if (options.deprovision !== undefined) job.users['deprovision'] = options.deprovision
  return job
}

/** A workspace holding `rows` as people.csv and the job for `baseUrl`. */
export function workspaceFor(
  baseUrl: string,
  rows: ReadonlyArray<Person>,
  options: JobOptions = {},
  env?: Record<string, string>
): WorkspaceType {
  const ws = new Workspace(env === undefined ? {} : { env })
  ws.writePeople(rows)
  ws.writeJob(jobFor(baseUrl, options))
  return ws
}

/** `apply --json` as printed, with the optional parts. */
export interface FullApplyJson extends ApplyJson {
  readonly staged?: number
  readonly deletion?: {
    readonly deprovisions: number
    readonly linkedAccounts: number
    readonly limit: number
    readonly blocked: boolean
    readonly reason: string | null
  }
  readonly quarantine?: { readonly since: string; readonly code: string; readonly reason: string }
  readonly notices?: ReadonlyArray<string>
}

export interface StatusJson {
  readonly jobId: string
  readonly state: {
    readonly quarantinedAt: string | null
    readonly quarantineCode: string | null
    readonly quarantineReason: string | null
    readonly quarantineRuns: number
    readonly nextScheduledRunAt: string | null
    readonly lastSuccessAt: string | null
  }
  readonly linked: { readonly users: number; readonly groups: number }
  readonly escrow: ReadonlyArray<{
    readonly sourceId: string
    readonly action: string
    readonly attempts: number
    readonly firstFailedAt: number
    readonly lastFailedAt: number
    readonly nextAttemptAt: number
    readonly errorCode: string | null
    readonly message: string | null
  }>
  readonly runs: ReadonlyArray<{ readonly id: string; readonly kind: string; readonly status: string }>
}

/** `status --job job.json --json`. */
export async function statusOf(ws: WorkspaceType): Promise<StatusJson> {
  return expectJson<StatusJson>(await ws.cli(['status', '--job', 'job.json', '--json']), 0)
}

export function accountId(server: SandboxServer, userName: string): string {
  const account = usersByName(server).get(userName.toLowerCase())
  if (account === undefined) throw new Error(`no account ${userName}`)
  return String(account['id'])
}

export function entryOf(logged: ReadonlyMap<string, LogEntry>, sourceId: string): LogEntry {
  const entry = logged.get(sourceId)
  if (entry === undefined) throw new Error(`no log entry for ${sourceId}`)
  return entry
}

/** This run's user log entries by source id. */
export async function logBySource(ws: WorkspaceType, runId: string): Promise<Map<string, LogEntry>> {
  const entries = await ws.logs(['--run', runId])
  return new Map(
    entries
      .filter(entry => entry.objectType === 'user' && entry.sourceId !== null)
      .map(entry => [entry.sourceId as string, entry])
  )
}
