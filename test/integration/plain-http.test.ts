/**
 * Credentials never cross a network in clear text: a bearer token or password goes over plain
 * http:// only to this machine unless the job says `"allowInsecureHttp": true`, and the same
 * holds for the alert webhook URL. The dry run says which secret goes to which host.
 *
 * 192.0.2.10 (TEST-NET-1) is never reached: a refused job must not even try.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { describeResult, expectJson, staff, TOKEN } from '../helpers/provisioning-fixture'
import { type FullApplyJson, startFaultyTarget, workspaceFor } from '../helpers/safety-fixture'

const REMOTE = 'http://192.0.2.10/scim/v2'

/** Line and column (1-based) of the first occurrence of `needle` in `text`. */
function positionOf(text: string, needle: string): string {
  const before = text.slice(0, text.indexOf(needle)).split('\n')
  return `${before.length}:${(before.at(-1)?.length ?? 0) + 1}`
}

describe('credentials over plain http', () => {
  it('a bearer token for another machine over http:// is refused with exit 2, at the URL, with the advice', async () => {
    const ws = workspaceFor(REMOTE, staff())
    const text = readFileSync(ws.path('job.json'), 'utf8')

    for (const command of [['plan'], ['apply', '--yes'], ['probe']]) {
      const result = await ws.cli([...command, '--job', 'job.json'])
      expect(result.code, describeResult(command[0] as string, result)).toBe(2)
      expect(result.stderr).toContain(
        `job.json:${positionOf(text, `"${REMOTE}"`)}: target.baseUrl: would send the bearer token over plain ` +
          'http:// to 192.0.2.10, where anyone on the network can read it. Use https://; only on a private ' +
          'network you trust, set "allowInsecureHttp": true'
      )
    }
    expect(ws.recordedWrites()).toEqual({ journal: 0, logEntries: 0, completedRuns: 0 })
  })

  it('a webhook URL from a secret that is plain http to another machine is not posted to, and the run says so', async () => {
    const target = await startFaultyTarget()
    const ws = workspaceFor(
      target.baseUrl,
      staff(),
      { safety: { deletionThreshold: 0 }, alerts: { webhookUrlRef: 'env:PROVISIONER_TEST_HOOK' } },
      { SCIM_TOKEN: TOKEN, PROVISIONER_TEST_HOOK: 'http://192.0.2.10/hooks/T0/B0/secret' }
    )
    expectJson<FullApplyJson>(await ws.cli(['apply', '--job', 'job.json', '--json']), 0)
    ws.writePeople(staff().filter(row => row.employeeId !== '1003'))

    const started = Date.now()
    const blocked = expectJson<FullApplyJson>(await ws.cli(['apply', '--job', 'job.json', '--json']), 3)

    expect(blocked.notices).toEqual([
      'Alert not sent: it would send the alert webhook URL over plain http:// to 192.0.2.10, where anyone ' +
        'on the network can read it. Use https://; only on a private network you trust, set ' +
        '"allowInsecureHttp": true beside it (localhost and 127.0.0.1 are always allowed)',
    ])
    // Refused before any connection (a connection attempt to TEST-NET-1 would take its 10 s timeout).
    expect(Date.now() - started).toBeLessThan(9_000)
  })

  it("the dry run's header names which secret reference goes to which host, and how", async () => {
    const target = await startFaultyTarget()
    const ws = workspaceFor(target.baseUrl, staff(), {
      alerts: { webhookUrlRef: 'env:PROVISIONER_TEST_HOOK' },
    })
    const host = new URL(target.baseUrl).host

    const plan = await ws.cli(['plan', '--job', 'job.json'])

    expect(plan.code, describeResult('plan', plan)).toBe(0)
    expect(plan.stdout).toContain(
      `Credentials: the bearer token in env:SCIM_TOKEN is sent to ${host} over http (this machine).`
    )
    expect(plan.stdout).toContain(
      'Alerts: the webhook URL in env:PROVISIONER_TEST_HOOK is posted to (its host is part of the secret).'
    )
  })
})
