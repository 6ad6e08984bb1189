import { request } from 'undici'
import type { LoadedJob } from '../../config/load-job'
import { plainHttpRefusal } from '../../config/plain-http'
import { resolveSecretRef } from '../../secrets/resolve-secret'
import type { SecretStore } from '../../secrets/secret-store'
import { flatten, redactCredentials, truncateText } from '../../secrets/redact-text'

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

/** Longest reason sent: room for our sentence and a quoted excerpt of the server's words. */
const MAX_REASON = 1000

/**
 * POSTs an alert to the job's webhook (Slack/Teams-style incoming webhooks, or any receiver).
 * Never throws: a failed alert must not change the run's outcome; the failure is returned so it
 * can be reported.
 *
 * The reason may quote a server: it is sent without credentials and capped, and `text` (what
 * chats show) has its chat markup escaped.
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
      body: JSON.stringify({
        ...message,
        reason: truncateText(redactCredentials(message.reason), MAX_REASON),
        text: alertText(message),
      }),
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
  const reason = flatten(redactCredentials(message.reason), MAX_REASON)
  return escapeChatMarkup(`Provisioner: job "${message.jobName}" ${what}: ${reason} (${message.details})`)
}

/**
 * Chat markup shown as text: `&`, `<`, `>` as entities (Slack's escaping, which also defuses
 * `<!channel>`, `<@U…>` and `<url|label>` links), and a word joiner (U+2060) after the `@` of
 * `@channel`, `@here`, `@all` and `@everyone` (which Mattermost and others expand).
 */
export function escapeChatMarkup(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/@(channel|here|all|everyone)\b/gi, '@\u2060$1')
}

/**
 * A run's alerts to the job's webhook (if it has one). Alerts never change a run's outcome: one
 * that cannot be delivered becomes a notice for the admin.
 */
export class JobAlerts {
  /** Whether the run has alerted already (a run that fails after alerting does not alert again). */
  public sent = false

  public constructor(
    private readonly job: LoadedJob,
    private readonly secrets: SecretStore,
    private readonly env: NodeJS.ProcessEnv | undefined,
    /** Where alerts that could not be delivered are noted. */
    private readonly notices: string[]
  ) {}

  public async send(event: AlertEvent, runId: string | null, status: string, reason: string): Promise<void> {
    this.sent = true
    const url = await this.webhookUrl()
    if (url === null) return
    const job = this.job
    const problem = await sendAlert(url, {
      event,
      jobId: job.id,
      jobName: job.config.name,
      runId,
      status,
      reason,
      time: new Date().toISOString(),
      details:
        runId === null ? `provisioner status --job ${job.displayFile}` : `provisioner logs --run ${runId}`,
    })
    if (problem !== null) this.notices.push(`Alert not sent: ${problem}`)
  }

  /** The webhook URL, read from the keychain or the environment when it is a secret; null: none (or unusable, noted). */
  private async webhookUrl(): Promise<string | null> {
    const alerts = this.job.config.alerts
    let url = alerts.webhookUrl ?? null
    if (url === null && alerts.webhookUrlRef !== undefined) {
      try {
        url = await resolveSecretRef(alerts.webhookUrlRef, this.secrets, this.env)
      } catch (error) {
        this.notices.push(`Alert not sent: ${error instanceof Error ? error.message : String(error)}`)
        return null
      }
    }
    if (url === null) return null
    const insecure = plainHttpRefusal(url, 'the alert webhook URL', alerts.allowInsecureHttp === true)
    if (insecure !== null) {
      this.notices.push(`Alert not sent: it ${insecure}`)
      return null
    }
    return url
  }
}
