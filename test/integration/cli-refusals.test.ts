/**
 * Bad input is refused before any write: exit code 2, a message naming the place (file, line,
 * column), nothing sent to the target and nothing recorded as written.
 *
 * One server for the whole file: every test checks it is still untouched.
 */
import { createServer } from 'node:net'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { SandboxServer } from '../../main/connectors/scim/sandbox/sandbox-server'
import type { CliResult } from '../helpers/cli-harness'
import {
  baseJob,
  type JobDocument,
  NO_WRITES,
  PEOPLE_HEADER,
  staff,
  startTarget,
  USER_SCHEMA,
  Workspace,
  writeCounts,
} from '../helpers/provisioning-fixture'

let server: SandboxServer
let seeded: ReadonlyArray<unknown>
let ws: Workspace

beforeAll(async () => {
  // One existing account that a valid run would update (it has an old title): any write would show.
  server = await startTarget({
    seedUsers: [
      {
        schemas: [USER_SCHEMA],
        userName: 'ada.lovelace@example.com',
        name: { givenName: 'Ada', familyName: 'Lovelace' },
        title: 'Old title',
        active: true,
      },
    ],
  })
  seeded = server.store.listUsers()
})

afterAll(async () => {
  await server.close()
})

beforeEach(() => {
  server.resetRequestCounts()
  ws = new Workspace()
  ws.writePeople(staff())
  ws.writeJob(baseJob(server.baseUrl))
})

afterEach(() => {
  // Nothing changed on the target, and the state records no write.
  expect(writeCounts(server)).toEqual(NO_WRITES)
  expect(server.store.listUsers()).toEqual(seeded)
  expect(ws.recordedWrites()).toEqual({ journal: 0, logEntries: 0, completedRuns: 0 })
})

/** Runs both plan and apply: each must refuse the same way. */
async function refused(): Promise<{ plan: CliResult; apply: CliResult }> {
  const plan = await ws.cli(['plan', '--job', 'job.json', '--json'])
  const apply = await ws.cli(['apply', '--job', 'job.json', '--json', '--yes'])
  for (const result of [plan, apply]) {
    expect(result.code, result.stderr).toBe(2)
    expect(result.stdout).toBe('')
  }
  expect(apply.stderr).toBe(plan.stderr)
  return { plan, apply }
}

/** Line and column (1-based) of the first occurrence of `needle` in `text`. */
function positionOf(text: string, needle: string): { line: number; column: number } {
  const offset = text.indexOf(needle)
  if (offset < 0) throw new Error(`${needle} not in the text`)
  const before = text.slice(0, offset).split('\n')
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 }
}

function jobText(job: JobDocument): string {
  return `${JSON.stringify(job, null, 2)}\n`
}

describe('a malformed source file', () => {
  it('with a ragged row is refused naming people.csv and the line', async () => {
    const rows = staff().map(row => PEOPLE_HEADER.map(column => row[column]).join(','))
    // Line 4 (header is line 1) lacks its last two fields.
    rows[2] = '1003,Alan,Turing,alan.turing@example.com,Research'
    ws.writeText('people.csv', `${PEOPLE_HEADER.join(',')}\n${rows.join('\n')}\n`)

    const { plan } = await refused()

    expect(plan.stderr).toContain('people.csv:4')
    expect(plan.stderr).toMatch(/nothing was changed/)
  })

  it('with duplicate ids is refused naming both lines', async () => {
    const people = staff()
    people[3] = { ...people[3]!, employeeId: '1002' }
    ws.writePeople(people)

    const { plan } = await refused()

    expect(plan.stderr).toContain('people.csv:5')
    expect(plan.stderr).toContain('1002')
    expect(plan.stderr).toContain('first on line 3')
  })

  it('without the id column is refused naming the column', async () => {
    const job = baseJob(server.baseUrl)
    job.source['idColumn'] = 'personnelNumber'
    ws.writeJob(job)

    const { plan } = await refused()

    expect(plan.stderr).toContain('people.csv')
    expect(plan.stderr).toContain('personnelNumber')
  })
})

describe('a job file', () => {
  it('with a secret inline is refused at its line and column, saying how to store it', async () => {
    const job = baseJob(server.baseUrl)
    job.target['auth'] = { type: 'bearer', token: 'abc' }
    const text = jobText(job)
    ws.writeText('job.json', text)

    const { plan } = await refused()

    const at = positionOf(text, '"abc"')
    expect(plan.stderr).toContain(`job.json:${at.line}:${at.column}`)
    expect(plan.stderr).toContain('target.auth.token')
    expect(plan.stderr).toContain('provisioner secrets set')
    // The secret itself is not repeated back.
    expect(plan.stderr).not.toContain('abc')
  })

  it('with a password in the base URL or a token as a secret name is refused at its place', async () => {
    const job = baseJob(server.baseUrl.replace('http://', 'http://admin:hunter2@'))
    job.target['auth'] = {
      type: 'bearer',
      secretRef: `env:${'ghp' + '_'}0123456789abcdefABCDEF0123456789abcd`,
    }
    const text = jobText(job)
    ws.writeText('job.json', text)

    const { plan } = await refused()

    const url = positionOf(text, 'admin:')
    const ref = positionOf(text, '"env:ghp_')
    expect(plan.stderr).toContain(`job.json:${url.line}:${url.column}: target.baseUrl: holds a user name`)
    expect(plan.stderr).toContain(
      `job.json:${ref.line}:${ref.column}: target.auth.secretRef: looks like a token`
    )
    expect(plan.stderr).toContain('provisioner secrets set')
    expect(plan.stderr).not.toContain('hunter2')
    expect(plan.stderr).not.toContain('0123456789abcdef')
  })

  it('with an unknown function in an expression is refused at the position in the file', async () => {
    const job = baseJob(server.baseUrl)
    job.users.mappings[4] = { target: 'displayName', expression: 'Jion(" ", [givenName], [surname])' }
    const text = jobText(job)
    ws.writeText('job.json', text)

    const { plan } = await refused()

    const at = positionOf(text, 'Jion(')
    expect(plan.stderr).toContain(`job.json:${at.line}:${at.column}`)
    expect(plan.stderr).toContain('users.mappings[4].expression')
    expect(plan.stderr).toContain('Jion')
  })

  it('mapping a column the source does not have is refused naming the mapping and the column', async () => {
    const job = baseJob(server.baseUrl)
    job.users.mappings[6] = { target: 'title', expression: '[jobTitle]' }
    const text = jobText(job)
    ws.writeText('job.json', text)

    const { plan } = await refused()

    const at = positionOf(text, '"[jobTitle]"')
    expect(plan.stderr).toContain(`job.json:${at.line}:${at.column}`)
    expect(plan.stderr).toContain('[jobTitle]')
    expect(plan.stderr).toContain('people.csv')
  })

  it('with an unknown option is refused naming the option and its place', async () => {
    const job = baseJob(server.baseUrl)
    job.target['pagesize'] = 50
    const text = jobText(job)
    ws.writeText('job.json', text)

    const { plan } = await refused()

    // Located at the misspelt key itself.
    const at = positionOf(text, '"pagesize": 50')
    expect(plan.stderr).toContain(`job.json:${at.line}:${at.column}: target: unknown option "pagesize"`)
  })
})

describe('credentials and target', () => {
  it('a missing environment secret is refused naming the variable', async () => {
    const plan = await ws.cli(['plan', '--job', 'job.json', '--json'], { SCIM_TOKEN: '' })
    const apply = await ws.cli(['apply', '--job', 'job.json', '--json'], { SCIM_TOKEN: '' })

    for (const result of [plan, apply]) {
      expect(result.code, result.stderr).toBe(2)
      expect(result.stderr).toContain('env:SCIM_TOKEN')
      expect(result.stderr).toContain('nothing was changed')
    }
    // Refused before even reading the target.
    expect(server.requestCounts).toEqual({})
  })

  it('an unreachable target (closed port) is a configuration error: exit 2 before any write', async () => {
    const port = await closedPort()
    const job = baseJob(`http://127.0.0.1:${port}/scim/v2`)
    ws.writeJob(job)

    const { plan, apply } = await refused()

    expect(plan.stderr).toContain('the target could not be used')
    expect(plan.stderr).toContain(`127.0.0.1:${port}`)
    expect(apply.stderr).toContain('ECONNREFUSED')
    // The attempted runs are on record as failed, with the reason.
    const runs = ws.query<{ mode: string; status: string; error: string }>(
      'SELECT mode, status, error FROM runs'
    )
    expect(runs.map(run => [run.mode, run.status])).toEqual([
      ['dry-run', 'failed'],
      ['apply', 'failed'],
    ])
  })
})

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const probe = createServer()
  await new Promise<void>(resolve => probe.listen(0, '127.0.0.1', resolve))
  const address = probe.address()
  await new Promise<void>(resolve => probe.close(() => resolve()))
  if (address === null || typeof address === 'string') throw new Error('no port')
  return address.port
}
