/**
 * Alert messages go to chat channels: a server's words reach them only as a quoted, cut excerpt
 * without credentials, and chat markup in them (mentions, links) is shown as text, not acted on.
 */
import { describe, expect, it } from 'vitest'
import { type AlertMessage, alertText, sendAlert } from '../../../../main/engine/run/alerts'
import { quarantineForError } from '../../../../main/connectors/scim/scim-failures'
import { ScimHttpError } from '../../../../main/connectors/scim/scim-errors'
import { startWebhookReceiver } from '../../../helpers/webhook-receiver'

function message(reason: string, overrides: Partial<AlertMessage> = {}): AlertMessage {
  return {
    event: 'quarantined',
    jobId: 'hr',
    jobName: 'HR to app',
    runId: 'r1',
    status: 'quarantined',
    reason,
    time: '2024-03-01T10:00:00.000Z',
    details: 'provisioner logs --run r1',
    ...overrides,
  }
}

describe('alert text', () => {
  it('shows chat markup from a server or a job name as text: no mention, no link', () => {
    const text = alertText(
      message(
        'refused: "<!channel> <@U024BE7LH> <https://evil.example/login|Sign in again> & @here @everyone"',
        {
          jobName: 'HR <!here>',
        }
      )
    )
    expect(text).not.toMatch(/<[!@h]/)
    expect(text).toContain(
      '&lt;!channel&gt; &lt;@U024BE7LH&gt; &lt;https://evil.example/login|Sign in again&gt; &amp;'
    )
    expect(text).toContain('HR &lt;!here&gt;')
    expect(text).not.toMatch(/@here|@everyone/)
  })

  it('keeps a server detail of megabytes to a short quoted excerpt without the credential', () => {
    const error = new ScimHttpError(
      'GET',
      'https://app.example.com/scim/v2/Users',
      401,
      null,
      `Authorization: Bearer leaked-0123456789abcdef ${'x'.repeat(4000)}`
    )
    const decision = quarantineForError(error)
    expect(decision?.reason).toMatch(/^The target refused the credentials \(HTTP 401: "Authorization: Bearer/)
    expect(decision?.reason.length).toBeLessThan(500)
    const text = alertText(message(decision?.reason ?? ''))
    expect(text).not.toContain('leaked-0123456789abcdef')
    expect(text.length).toBeLessThan(700)
  })

  it('sends no credential in any field of the webhook body', async () => {
    const receiver = await startWebhookReceiver()
    const problem = await sendAlert(
      receiver.url,
      message(
        `The target refused the credentials (Authorization: Basic c3ZjOnB3LTEyMzQ1Ng== ${'y'.repeat(100_000)})`
      )
    )
    expect(problem).toBeNull()
    const body = JSON.stringify(receiver.messages)
    expect(body).not.toContain('c3ZjOnB3LTEyMzQ1Ng==')
    expect(body).toContain('Basic [redacted]')
    expect(body.length).toBeLessThan(10_000)
  })
})
