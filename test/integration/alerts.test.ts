/**
 * Alerts (`alerts.webhookUrl` / `alerts.webhookUrlRef`): one JSON message per run that is blocked
 * by the deletion threshold, ends in quarantine or fails, with the event, job, run and reason. An
 * alert that cannot be delivered never changes the run's outcome or exit code; the output says it
 * was not sent.
 */
import { describe, expect, it } from 'vitest'
import { FaultInjector, isCreate, serverError } from '../helpers/fault-injection'
import { closedPort } from '../helpers/http-test-server'
import { describeResult, expectJson, staff, TOKEN } from '../helpers/provisioning-fixture'
import {
  type FullApplyJson,
  type JobOptions,
  startFaultyTarget,
  statusOf,
  workspaceFor,
} from '../helpers/safety-fixture'
import { startWebhookReceiver } from '../helpers/webhook-receiver'

/** Five people provisioned with these options; then Alan (1003) leaves the file. */
async function oneLeaves(options: JobOptions, env?: Record<string, string>) {
  const target = await startFaultyTarget(new FaultInjector())
  const rows = staff()
  const ws = workspaceFor(target.baseUrl, rows, options, env)
  expectJson<FullApplyJson>(await ws.cli(['apply', '--job', 'job.json', '--json']), 0)
  ws.writePeople(rows.filter(row => row.employeeId !== '1003'))
  return { target, ws }
}

/** Holds every disable for approval. */
const STRICT = { deletionThreshold: 0 }

describe('alerts', () => {
  it('a run blocked by the deletion threshold sends one message with event, job, run and reason', async () => {
    const receiver = await startWebhookReceiver()
    const { ws } = await oneLeaves({ safety: STRICT, alerts: { webhookUrl: receiver.url } })
    expect(receiver.messages).toEqual([])

    const blocked = expectJson<FullApplyJson>(await ws.cli(['apply', '--job', 'job.json', '--json']), 3)

    expect(receiver.messages).toEqual([
      expect.objectContaining({
        event: 'run-blocked',
        jobId: 'it-job',
        jobName: 'Integration test job',
        runId: blocked.runId,
        status: 'blocked',
        reason: expect.stringContaining('deletion threshold'),
        details: `provisioner logs --run ${blocked.runId}`,
        text: expect.stringContaining('was stopped by the deletion threshold'),
      }),
    ])
    expect(Number.isNaN(Date.parse(String(receiver.messages[0]?.['time'])))).toBe(false)
    expect(receiver.rejected).toEqual([])
    expect(blocked.notices).toBeUndefined()
  })

  it('quarantine (credentials refused) sends one message naming the code', async () => {
    const receiver = await startWebhookReceiver()
    const target = await startFaultyTarget()
    const ws = workspaceFor(
      target.baseUrl,
      staff(),
      { alerts: { webhookUrl: receiver.url } },
      { SCIM_TOKEN: 'revoked-token' }
    )

    const result = await ws.cli(['apply', '--job', 'job.json', '--json'])

    expect(result.code, describeResult('apply', result)).toBe(2)
    const runId = (await statusOf(ws)).runs[0]?.id
    expect(runId).toBeDefined()
    expect(receiver.messages).toEqual([
      expect.objectContaining({
        event: 'quarantined',
        jobId: 'it-job',
        runId,
        status: 'quarantined',
        reason: expect.stringMatching(/HTTP 401.*EncounteredQuarantineException/),
      }),
    ])
    expect(JSON.stringify(receiver.messages)).not.toContain('revoked-token')
  })

  it('a run that ends in quarantine (most writes failing) sends one message', async () => {
    const receiver = await startWebhookReceiver()
    const target = await startFaultyTarget(
      new FaultInjector().add({ name: 'outage', match: isCreate(), fault: serverError(500) })
    )
    const ws = workspaceFor(target.baseUrl, staff(), {
      target: { retries: { maxAttempts: 1, maxWaitSeconds: 5 } },
      safety: { quarantine: { failurePercent: 40, minimumFailures: 3 } },
      alerts: { webhookUrl: receiver.url },
    })

    const result = expectJson<FullApplyJson>(await ws.cli(['apply', '--job', 'job.json', '--json']), 1)

    expect(result.status).toBe('quarantined')
    expect(receiver.messages).toEqual([
      expect.objectContaining({
        event: 'quarantined',
        runId: result.runId,
        reason: expect.stringContaining('EncounteredEscrowProportionThreshold'),
      }),
    ])
  })

  it('a failed run (target unreachable) sends one message', async () => {
    const receiver = await startWebhookReceiver()
    const ws = workspaceFor(`http://127.0.0.1:${await closedPort()}/scim/v2`, staff(), {
      target: { retries: { maxAttempts: 1, maxWaitSeconds: 5 } },
      alerts: { webhookUrl: receiver.url },
    })

    const result = await ws.cli(['apply', '--job', 'job.json', '--json'])

    expect(result.code, describeResult('apply', result)).toBe(2)
    expect(result.stderr).toMatch(/could not be used/)
    const status = await statusOf(ws)
    expect(status.runs[0]).toMatchObject({ status: 'failed' })
    expect(receiver.messages).toEqual([
      expect.objectContaining({
        event: 'run-failed',
        jobId: 'it-job',
        runId: status.runs[0]?.id,
        status: 'failed',
        reason: expect.stringMatching(/ECONNREFUSED|network error/),
      }),
    ])
    // A network outage is not a quarantine cause.
    expect(status.state.quarantinedAt).toBeNull()
  })

  it('a run that completes sends nothing, even with failures (those are in the log and the exit code)', async () => {
    const receiver = await startWebhookReceiver()
    const target = await startFaultyTarget(
      new FaultInjector().add({
        name: 'one',
        match: isCreate('alan.turing@example.com'),
        fault: serverError(500),
      })
    )
    const ws = workspaceFor(target.baseUrl, staff(), {
      target: { retries: { maxAttempts: 1, maxWaitSeconds: 5 } },
      alerts: { webhookUrl: receiver.url },
    })
    expectJson<FullApplyJson>(await ws.cli(['apply', '--job', 'job.json', '--json']), 1)
    expect(receiver.messages).toEqual([])
  })

  it('webhookUrlRef: "env:VAR" reads the URL from the environment', async () => {
    const receiver = await startWebhookReceiver()
    const { ws } = await oneLeaves(
      { safety: STRICT, alerts: { webhookUrlRef: 'env:PROVISIONER_TEST_HOOK' } },
      { SCIM_TOKEN: TOKEN, PROVISIONER_TEST_HOOK: receiver.url }
    )
    const blocked = expectJson<FullApplyJson>(await ws.cli(['apply', '--job', 'job.json', '--json']), 3)
    expect(receiver.messages).toEqual([
      expect.objectContaining({ event: 'run-blocked', runId: blocked.runId }),
    ])
    expect(blocked.notices).toBeUndefined()
  })

  describe('that cannot be delivered', () => {
    it('leave the exit code alone and say so (receiver down)', async () => {
      const { ws } = await oneLeaves({
        safety: STRICT,
        alerts: { webhookUrl: `http://127.0.0.1:${await closedPort()}/hook` },
      })
      const blocked = expectJson<FullApplyJson>(await ws.cli(['apply', '--job', 'job.json', '--json']), 3)
      expect(blocked.status).toBe('blocked')
      expect(blocked.notices).toEqual([
        expect.stringMatching(/^Alert not sent: the webhook could not be reached/),
      ])
    })

    it('leave the exit code alone and say so in the text output (receiver answers 500)', async () => {
      const receiver = await startWebhookReceiver(500)
      const { ws } = await oneLeaves({ safety: STRICT, alerts: { webhookUrl: receiver.url } })
      const blocked = await ws.cli(['apply', '--job', 'job.json'])
      expect(blocked.code, describeResult('apply', blocked)).toBe(3)
      expect(blocked.stdout).toMatch(/Alert not sent: the webhook answered HTTP 500/)
      expect(receiver.messages).toHaveLength(1)
    })

    it('leave the exit code alone and say so (env variable not set)', async () => {
      const { ws } = await oneLeaves({
        safety: STRICT,
        alerts: { webhookUrlRef: 'env:PROVISIONER_UNSET_HOOK' },
      })
      const blocked = expectJson<FullApplyJson>(await ws.cli(['apply', '--job', 'job.json', '--json']), 3)
      expect(blocked.notices).toEqual([expect.stringMatching(/^Alert not sent: .*PROVISIONER_UNSET_HOOK/)])
    })

    it('leave the quarantine exit code alone', async () => {
      const target = await startFaultyTarget()
      const ws = workspaceFor(
        target.baseUrl,
        staff(),
        { alerts: { webhookUrl: `http://127.0.0.1:${await closedPort()}/hook` } },
        { SCIM_TOKEN: 'revoked-token' }
      )
      const result = await ws.cli(['apply', '--job', 'job.json', '--json'])
      expect(result.code, describeResult('apply', result)).toBe(2)
      expect(result.stderr).toMatch(/quarantined/)
    })

    // Known product bug (reported): when the run stops with an error (quarantine found while
    // reading the target, or a failed run), run-job.ts records the undelivered alert as a notice
    // on the outcome it never returns, so the CLI says nothing about it. Flip to `it` when fixed.
    it('say so when the run stops with an error (quarantine while reading the target)', async () => {
      const target = await startFaultyTarget()
      const ws = workspaceFor(
        target.baseUrl,
        staff(),
        { alerts: { webhookUrl: `http://127.0.0.1:${await closedPort()}/hook` } },
        { SCIM_TOKEN: 'revoked-token' }
      )
      const result = await ws.cli(['apply', '--job', 'job.json', '--json'])
      expect(result.code).toBe(2)
      expect(`${result.stdout}\n${result.stderr}`).toMatch(/Alert not sent/)
    })
  })
})
