/**
 * A SCIM server that echoes the request's `Authorization` header back in its error answers must
 * not get the credential into anything Provisioner keeps or shows: the state database (log
 * entries, journal, escrow, runs, quarantine), `logs --format csv|jsonl`, `apply --json`,
 * `status`, stdout/stderr, or the alert webhook (a chat channel).
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { isCreate, isUserListing } from '../helpers/fault-injection'
import { echoAuthorization, startHostileTarget } from '../helpers/hostile-server'
import type { CliResult } from '../helpers/cli-harness'
import { describeResult, staff, TOKEN, type Workspace } from '../helpers/provisioning-fixture'
import { workspaceFor } from '../helpers/safety-fixture'
import { startWebhookReceiver } from '../helpers/webhook-receiver'

/** Every byte of every file in the state folder, and every row of every table, as text. */
function everythingStored(ws: Workspace): string {
  const files = readdirSync(ws.home, { recursive: true, withFileTypes: true })
    .filter(entry => entry.isFile())
    .map(entry => readFileSync(join(entry.parentPath, entry.name)).toString('latin1'))
  const tables = ws
    .query<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'")
    .map(row => JSON.stringify(ws.query(`SELECT * FROM "${row.name}"`)))
  return [...files, ...tables].join('\n')
}

/** What the CLI shows about the job afterwards: exports, status, the log table. */
async function everythingShown(ws: Workspace): Promise<CliResult[]> {
  return Promise.all([
    ws.cli(['logs', '--format', 'csv']),
    ws.cli(['logs', '--format', 'jsonl']),
    ws.cli(['logs']),
    ws.cli(['status', '--job', 'job.json', '--json']),
    ws.cli(['status', '--job', 'job.json']),
  ])
}

function expectNoneContain(texts: ReadonlyArray<string>, secrets: ReadonlyArray<string>): void {
  for (const secret of secrets) {
    for (const text of texts) {
      const at = text.indexOf(secret)
      expect(at, `"${secret}" found in …${text.slice(Math.max(0, at - 80), at + 80)}…`).toBe(-1)
    }
  }
}

const everyOutput = (results: ReadonlyArray<CliResult>) => results.flatMap(r => [r.stdout, r.stderr])

describe('a server that echoes the Authorization header', () => {
  it('never gets the bearer token stored, exported, printed or sent to the webhook', async () => {
    const people = staff()
    const [, grace, alan, katherine] = people.map(row => row.mail) as string[]
    const receiver = await startWebhookReceiver()
    const { server, faults } = await startHostileTarget(
      { name: 'echo 400', match: isCreate(grace as string), fault: echoAuthorization(400, 'detail') },
      { name: 'echo 500', match: isCreate(alan as string), fault: echoAuthorization(500, 'text') },
      { name: 'echo 401', match: isCreate(katherine as string), fault: echoAuthorization(401, 'message') }
    )
    const ws = workspaceFor(server.baseUrl, people, {
      target: { retries: { maxAttempts: 1, maxWaitSeconds: 5 } },
      alerts: { webhookUrl: receiver.url },
    })

    const apply = await ws.cli(['apply', '--job', 'job.json', '--json'])

    expect(apply.code, describeResult('apply', apply)).toBe(1)
    expect(
      faults.hits('echo 400') + faults.hits('echo 500') + faults.hits('echo 401')
    ).toBeGreaterThanOrEqual(3)
    // The failures are reported, with the server's words around the removed credential.
    const failures = (JSON.parse(apply.stdout) as { failures: Array<{ sourceId: string; message: string }> })
      .failures
    expect(failures.map(failure => failure.sourceId).sort()).toEqual(['1002', '1003', '1004'])
    for (const failure of failures) expect(failure.message).toMatch(/Bearer \[redacted\]/)
    expect(receiver.messages).toHaveLength(1)
    const shown = await everythingShown(ws)
    for (const result of shown) expect(result.code, describeResult('show', result)).toBe(0)
    const logged = shown[1]?.stdout ?? ''
    expect(logged).toContain('Request refused')
    // The 500 was escrowed, with its message cleaned.
    const status = JSON.parse(shown[3]?.stdout ?? '{}') as {
      escrow: Array<{ sourceId: string; message: string }>
    }
    expect(status.escrow).toEqual([
      expect.objectContaining({ sourceId: '1003', message: expect.stringContaining('Bearer [redacted]') }),
    ])
    expectNoneContain(
      [
        everythingStored(ws),
        apply.stdout,
        apply.stderr,
        ...everyOutput(shown),
        JSON.stringify(receiver.messages),
      ],
      [TOKEN]
    )
  })

  it('never gets a basic-auth password, in clear or base64, stored, printed or sent, when the listing is refused', async () => {
    const password = 'pw-Sup3r-secret-basic'
    const encoded = Buffer.from(`svc-provisioner:${password}`).toString('base64')
    const receiver = await startWebhookReceiver()
    const { server } = await startHostileTarget({
      name: 'echo 401',
      match: isUserListing,
      fault: echoAuthorization(401, 'text'),
    })
    const ws = workspaceFor(
      server.baseUrl,
      staff(),
      { alerts: { webhookUrl: receiver.url } },
      { SCIM_PASSWORD: password }
    )
    const job = JSON.parse(readFileSync(ws.path('job.json'), 'utf8')) as { target: Record<string, unknown> }
    job.target['auth'] = { type: 'basic', username: 'svc-provisioner', secretRef: 'env:SCIM_PASSWORD' }
    ws.writeJob(job)

    const apply = await ws.cli(['apply', '--job', 'job.json', '--json'])

    expect(apply.code, describeResult('apply', apply)).toBe(2)
    expect(apply.stderr).toMatch(/HTTP 401/)
    expect(apply.stderr).toMatch(/Basic \[redacted\]/)
    // The refusal, server text and all, is in the application log too (checked below with the rest).
    const appLog = readdirSync(join(ws.home, 'logs')).map(name =>
      readFileSync(join(ws.home, 'logs', name), 'utf8')
    )
    expect(appLog.join('')).toMatch(/HTTP 401.*Basic \[redacted\].*"command refused"/)
    expect(receiver.messages).toEqual([expect.objectContaining({ event: 'quarantined' })])
    const shown = await everythingShown(ws)
    expectNoneContain(
      [
        everythingStored(ws),
        apply.stdout,
        apply.stderr,
        ...everyOutput(shown),
        JSON.stringify(receiver.messages),
      ],
      [password, encoded]
    )
  })
})
