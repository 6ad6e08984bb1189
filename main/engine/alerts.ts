import { request } from 'undici'

export type AlertEvent = 'run-failed' | 'run-blocked' | 'quarantined'

/** The JSON a job's webhook receives. */
export interface AlertMessage {
  readonly event: AlertEvent
  readonly jobId: string
  readonly jobName: string
  readonly runId: string | null
  readonly status: string
  readonly reason: string
  readonly time: string
  /** `provisioner` command that shows the details. */
  readonly details: string
}

/**
 * POSTs an alert to the job's webhook (Slack/Teams-style incoming webhooks, or any receiver).
 * Never throws: a failed alert must not change the run's outcome; the failure is returned so it
 * can be reported.
 */
export async function sendAlert(
  url: string,
  message: AlertMessage,
  timeoutMs = 10_000
): Promise<string | null> {
  try {
    const response = await request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'Provisioner' },
      body: JSON.stringify({ ...message, text: alertText(message) }),
      signal: AbortSignal.timeout(timeoutMs),
    })
    await response.body.dump()
    return response.statusCode >= 400 ? `the webhook answered HTTP ${response.statusCode}` : null
  } catch (error) {
    return `the webhook could not be reached (${error instanceof Error ? error.message : String(error)})`
  }
}

/** One line for chat webhooks that show `text`. */
export function alertText(message: AlertMessage): string {
  const what =
    message.event === 'run-blocked'
      ? 'was stopped by the deletion threshold'
      : message.event === 'quarantined'
        ? 'is quarantined'
        : 'failed'
  return `Provisioner: job "${message.jobName}" ${what}: ${message.reason} (${message.details})`
}
