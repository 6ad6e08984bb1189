/**
 * Shared set-up for the CLI integration tests: a sandbox SCIM server on 127.0.0.1 with a known
 * bearer token, a temp workspace holding people.csv, job.json and a state folder, and readers
 * for what the tests assert on (the CLI's JSON, the provisioning log, the state database).
 */
import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { stringify } from 'csv-stringify/sync'
import express, { type RequestHandler } from 'express'
import { request } from 'undici'
import {
  type SandboxOptions,
  type SandboxServer,
  startSandboxServer,
} from '../../main/connectors/scim/sandbox/sandbox-server'
import type { LogEntry } from '../../main/model/log-entry'
import type { RunSummary } from '../../main/model/run'
import { type CliResult, runCli } from './cli-harness'
import { makeTempDir } from './temp-dir'

export const TOKEN = 'integration-test-token-0123456789abcdef'
export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User'
export const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'

/** One row of the HR export the tests write. */
export interface Person {
  readonly employeeId: string
  readonly givenName: string
  readonly surname: string
  readonly mail: string
  readonly department: string
  readonly title: string
  readonly status: string
}

export const PEOPLE_HEADER: ReadonlyArray<keyof Person> = [
  'employeeId',
  'givenName',
  'surname',
  'mail',
  'department',
  'title',
  'status',
]

export function person(
  employeeId: string,
  givenName: string,
  surname: string,
  overrides: Partial<Person> = {}
): Person {
  return {
    employeeId,
    givenName,
    surname,
    mail: `${givenName}.${surname}@example.com`.toLowerCase(),
    department: 'Engineering',
    title: 'Engineer',
    status: 'Active',
    ...overrides,
  }
}

/** A small staff list used by most tests. */
export function staff(): Person[] {
  return [
    person('1001', 'Ada', 'Lovelace', { title: 'Principal Engineer' }),
    person('1002', 'Grace', 'Hopper', { title: 'Rear Admiral' }),
    person('1003', 'Alan', 'Turing', { department: 'Research', title: 'Researcher' }),
    person('1004', 'Katherine', 'Johnson', { department: 'Research', title: 'Mathematician' }),
    person('1005', 'Margaret', 'Hamilton', { title: 'Director' }),
  ]
}

export type JobDocument = Record<string, unknown> & {
  source: Record<string, unknown>
  target: Record<string, unknown>
  users: Record<string, unknown> & { mappings: Array<Record<string, unknown>> }
}

/** The job every test starts from: people.csv → the sandbox, authoritative, bearer token from env. */
export function baseJob(baseUrl: string): JobDocument {
  return {
    id: 'it-job',
    name: 'Integration test job',
    source: { type: 'csv', path: 'people.csv', idColumn: 'employeeId', authoritative: true },
    target: { type: 'scim', baseUrl, auth: { type: 'bearer', secretRef: 'env:SCIM_TOKEN' } },
    users: {
      mappings: [
        { target: 'userName', expression: '[mail]', matchingPrecedence: 1 },
        { target: 'externalId', expression: '[employeeId]', matchingPrecedence: 2 },
        { target: 'name.givenName', expression: '[givenName]' },
        { target: 'name.familyName', expression: '[surname]' },
        { target: 'displayName', expression: 'Join(" ", [givenName], [surname])' },
        { target: 'emails[type eq "work"].value', expression: '[mail]' },
        { target: 'title', expression: '[title]' },
        { target: `${ENTERPRISE}:department`, expression: '[department]' },
        { target: 'active', expression: 'Switch([status], "True", "Terminated", "False")' },
      ],
    },
  }
}

/** Starts a sandbox on a free port that accepts `Bearer TOKEN`. */
export function startTarget(options: Omit<SandboxOptions, 'auth' | 'port'> = {}): Promise<SandboxServer> {
  return startSandboxServer({ ...options, port: 0, auth: { type: 'bearer', token: TOKEN } })
}

/** Write requests the server received (refused ones included). */
export function writeCounts(server: SandboxServer): {
  POST: number
  PATCH: number
  PUT: number
  DELETE: number
} {
  const counts = server.requestCounts
  return {
    POST: counts['POST'] ?? 0,
    PATCH: counts['PATCH'] ?? 0,
    PUT: counts['PUT'] ?? 0,
    DELETE: counts['DELETE'] ?? 0,
  }
}

export const NO_WRITES = { POST: 0, PATCH: 0, PUT: 0, DELETE: 0 } as const

/** The server's accounts by userName (lower-cased). */
export function usersByName(server: SandboxServer): Map<string, Readonly<Record<string, unknown>>> {
  return new Map(server.store.listUsers().map(user => [String(user['userName']).toLowerCase(), user]))
}

export function workEmail(user: Readonly<Record<string, unknown>> | undefined): unknown {
  const emails = user?.['emails']
  if (!Array.isArray(emails)) return undefined
  return (emails as Array<Record<string, unknown>>).find(email => email['type'] === 'work')?.['value']
}

export function enterprise(user: Readonly<Record<string, unknown>> | undefined, attribute: string): unknown {
  return (user?.[ENTERPRISE] as Record<string, unknown> | undefined)?.[attribute]
}

export interface OperationJson {
  readonly objectType: string
  readonly action: string
  readonly sourceId: string | null
  readonly targetId: string | null
  readonly display: string
  readonly changes: ReadonlyArray<{ readonly path: string; readonly from: unknown; readonly to: unknown }>
  readonly reason: string | null
  readonly errorCode: string | null
}

export interface PlanJson {
  readonly runId: string
  readonly summary: RunSummary
  readonly unmanagedAccounts: number
  readonly operations: ReadonlyArray<OperationJson>
}

export interface FailureJson {
  readonly changeId: string
  readonly sourceId: string | null
  readonly targetId: string | null
  readonly display: string
  readonly action: string
  readonly errorCode: string
  readonly httpStatus: number | null
  readonly message: string
}

export interface ApplyJson {
  readonly runId: string
  readonly status: string
  readonly summary: RunSummary
  readonly failures: ReadonlyArray<FailureJson>
}

/** A summary.users with every count zero except those given. */
export function userCounts(counts: Partial<RunSummary['users']>): RunSummary['users'] {
  return {
    create: 0,
    update: 0,
    disable: 0,
    enable: 0,
    delete: 0,
    link: 0,
    unchanged: 0,
    skipped: 0,
    conflict: 0,
    ...counts,
  }
}

/** A temp folder with the job's files and its own state folder, and the CLI run inside it. */
export class Workspace {
  readonly dir: string
  readonly home: string
  readonly env: Record<string, string>

  /**
   * `dir` defaults to a temp folder removed after the current test; pass one to keep the
   * workspace across the tests of a file (and remove it yourself).
   */
  constructor(options: { readonly dir?: string; readonly env?: Record<string, string> } = {}) {
    const env = options.env ?? { SCIM_TOKEN: TOKEN }
    this.dir = options.dir ?? makeTempDir('provisioner-it-')
    this.home = join(this.dir, 'state')
    this.env = env
  }

  path(name: string): string {
    return join(this.dir, name)
  }

  writePeople(people: ReadonlyArray<Person>, file = 'people.csv'): void {
    const rows = people.map(row => PEOPLE_HEADER.map(column => row[column]))
    writeFileSync(this.path(file), stringify([[...PEOPLE_HEADER], ...rows]))
  }

  writeText(file: string, text: string): void {
    writeFileSync(this.path(file), text)
  }

  writeJob(job: unknown, file = 'job.json'): void {
    writeFileSync(this.path(file), `${JSON.stringify(job, null, 2)}\n`)
  }

  cli(args: ReadonlyArray<string>, env: Record<string, string> = {}): Promise<CliResult> {
    return runCli(args, { cwd: this.dir, home: this.home, env: { ...this.env, ...env } })
  }

  /** `plan --job job.json --json`, which must succeed. */
  async plan(extra: ReadonlyArray<string> = []): Promise<PlanJson> {
    return expectJson<PlanJson>(await this.cli(['plan', '--job', 'job.json', '--json', ...extra]), 0)
  }

  /** `apply --job job.json --json`, expecting `code`. */
  async apply(extra: ReadonlyArray<string> = [], code = 0): Promise<ApplyJson> {
    return expectJson<ApplyJson>(await this.cli(['apply', '--job', 'job.json', '--json', ...extra]), code)
  }

  /** Every log entry (of one run, if given), oldest first, from `logs --format jsonl`. */
  async logs(filters: ReadonlyArray<string> = []): Promise<LogEntry[]> {
    const result = await this.cli(['logs', '--format', 'jsonl', ...filters])
    if (result.code !== 0) throw new Error(describeResult('logs', result))
    return result.stdout
      .split('\n')
      .filter(line => line.trim() !== '')
      .map(line => JSON.parse(line) as LogEntry)
  }

  /** Rows of the state database (empty when the command never created it). */
  query<T>(sql: string): T[] {
    const file = join(this.home, 'provisioner.db')
    if (!existsSync(file)) return []
    const db = new Database(file, { readonly: true, fileMustExist: true })
    try {
      return db.prepare(sql).all() as T[]
    } finally {
      db.close()
    }
  }

  /** What the state says was written: journal rows, log entries, finished apply runs. */
  recordedWrites(): { journal: number; logEntries: number; completedRuns: number } {
    const count = (sql: string) => this.query<{ n: number }>(sql)[0]?.n ?? 0
    const tables = this.query<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'").map(
      row => row.name
    )
    if (!tables.includes('runs')) return { journal: 0, logEntries: 0, completedRuns: 0 }
    return {
      journal: count('SELECT count(*) AS n FROM journal'),
      logEntries: count('SELECT count(*) AS n FROM logEntries'),
      completedRuns: count(
        "SELECT count(*) AS n FROM runs WHERE status IN ('completed', 'completed-with-errors')"
      ),
    }
  }
}

export function describeResult(what: string, result: CliResult): string {
  return `${what} exited ${result.code}\nstdout: ${result.stdout}\nstderr: ${result.stderr}`
}

/** Parses `--json` output, checking the exit code first (the output is in the error otherwise). */
export function expectJson<T>(result: CliResult, code: number): T {
  if (result.code !== code) throw new Error(describeResult(`expected exit ${code}, but the command`, result))
  try {
    return JSON.parse(result.stdout) as T
  } catch {
    throw new Error(describeResult('expected JSON on stdout, but the command', result))
  }
}

/** A client the tests use to change the target behind the CLI's back (these requests are counted). */
export class ScimAdmin {
  constructor(private readonly server: SandboxServer) {}

  async call(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<unknown> {
    const response = await request(`${this.server.baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${TOKEN}`,
        ...(body === undefined ? {} : { 'content-type': 'application/scim+json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    const text = await response.body.text()
    if (response.statusCode >= 300) {
      throw new Error(`${method} ${path} failed: ${response.statusCode} ${text}`)
    }
    return text === '' ? null : (JSON.parse(text) as unknown)
  }

  createUser(attributes: Record<string, unknown>): Promise<unknown> {
    return this.call('POST', '/Users', { schemas: [USER_SCHEMA], ...attributes })
  }

  replace(id: string, path: string, value: unknown): Promise<unknown> {
    return this.call('PATCH', `/Users/${encodeURIComponent(id)}`, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'replace', path, value }],
    })
  }
}

/** Parses SCIM JSON bodies ahead of a test's fault middleware (the sandbox then skips parsing). */
export const parseScimJson: RequestHandler = express.json({
  type: ['application/scim+json', 'application/json'],
  limit: '10mb',
})

/** True for `POST /scim/v2/Users` whose body has this userName (body parsed by `parseScimJson`). */
export function isCreateOf(req: express.Request, userName: string): boolean {
  const body = req.body as Record<string, unknown> | undefined
  return (
    req.method === 'POST' &&
    /\/Users$/.test(req.path) &&
    typeof body?.['userName'] === 'string' &&
    body['userName'].toLowerCase() === userName.toLowerCase()
  )
}
