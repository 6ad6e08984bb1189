/**
 * The application log (`logs/provisioner.N.log` in the state folder) as the real CLI writes it:
 * each command's start and end, the provisioning runs it made, refusals, and an internal error
 * with its stack trace, which the CLI's message points to.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import type { SandboxServer } from '../../main/connectors/scim/sandbox/sandbox-server'
import { baseJob, describeResult, staff, startTarget, Workspace } from '../helpers/provisioning-fixture'

let server: SandboxServer | undefined

afterEach(async () => {
  await server?.close()
  server = undefined
})

type Line = Record<string, unknown> & { readonly msg: string; readonly level: string }

function appLog(ws: Workspace): Line[] {
  const folder = join(ws.home, 'logs')
  return readdirSync(folder)
    .sort()
    .flatMap(name => readFileSync(join(folder, name), 'utf8').split('\n'))
    .filter(line => line !== '')
    .map(line => JSON.parse(line) as Line)
}

describe('the application log of the CLI', () => {
  it("records each command's start and end and the run it made, in a file only its owner reads", async () => {
    server = await startTarget()
    const ws = new Workspace()
    ws.writePeople(staff().slice(0, 2))
    ws.writeJob(baseJob(server.baseUrl))

    const plan = await ws.plan()

    const lines = appLog(ws)
    expect(lines.map(line => [line.level, line.msg])).toEqual([
      ['info', 'command started'],
      ['info', 'run finished'],
      ['info', 'command finished'],
    ])
    expect(lines[0]).toMatchObject({
      program: 'cli',
      command: 'plan',
      options: ['--job', '--json'],
      job: 'job.json',
    })
    expect(lines[1]).toMatchObject({
      kind: 'dry-run',
      jobId: 'it-job',
      runId: plan.runId,
      status: 'completed',
    })
    expect(lines[2]).toMatchObject({ command: 'plan', exitCode: 0, durationMs: expect.any(Number) })
    if (process.platform !== 'win32') {
      expect(statSync(join(ws.home, 'logs', 'provisioner.1.log')).mode & 0o777).toBe(0o600)
    }
  })

  it('records a refusal with its reason', async () => {
    const ws = new Workspace()
    const result = await ws.cli(['plan', '--job', 'missing.json'])
    expect(result.code, describeResult('plan', result)).toBe(2)
    expect(appLog(ws).slice(1)).toEqual([
      expect.objectContaining({
        level: 'warn',
        msg: 'command refused',
        error: expect.stringContaining('file not found'),
      }),
      expect.objectContaining({ msg: 'command finished', exitCode: 2 }),
    ])
  })

  it('records an internal error with its stack trace, and the CLI says which file holds it', async () => {
    const ws = new Workspace()
    expect((await ws.cli(['logs'])).code).toBe(0)
    // A state database someone edited by hand: SQLite's own error, which nothing in Provisioner expects.
    const db = new Database(join(ws.home, 'provisioner.db'))
    db.exec('DROP TABLE logEntries')
    db.close()

    const result = await ws.cli(['logs'])

    expect(result.code, describeResult('logs', result)).toBe(70)
    const file = join(ws.home, 'logs', 'provisioner.1.log')
    expect(result.stderr).toBe(
      `provisioner: internal error: no such table: logEntries\nThe stack trace is in the application log: ${file}\n`
    )
    const failure = appLog(ws).find(line => line.level === 'error')
    expect(failure).toMatchObject({
      msg: 'internal error',
      err: { type: 'SqliteError', code: 'SQLITE_ERROR' },
    })
    expect((failure?.['err'] as { stack: string }).stack).toMatch(/no such table: logEntries\n\s+at /)
    expect(appLog(ws).at(-1)).toMatchObject({ msg: 'command finished', command: 'logs', exitCode: 70 })
  })

  it('is not written by a command that does not use the state folder', async () => {
    const ws = new Workspace()
    const result = await ws.cli(['eval', 'Join(" ", [a], [b])', '--source', '{"a":"x","b":"y"}'])
    expect(result.code, describeResult('eval', result)).toBe(0)
    expect(existsSync(ws.home)).toBe(false)
  })
})
