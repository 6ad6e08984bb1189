/**
 * A webhook receiver for alert tests: a plain `node:http` server on 127.0.0.1 that records the
 * JSON bodies POSTed to it and answers 200 (or the status a test asks for). Closed after the test.
 */
import { startTestServer } from './http-test-server'

export interface WebhookReceiver {
  /** e.g. http://127.0.0.1:PORT/hooks/provisioner */
  readonly url: string
  /** Parsed JSON bodies, in arrival order. */
  readonly messages: Array<Record<string, unknown>>
  /** Requests that were not JSON POSTs (should stay empty). */
  readonly rejected: string[]
}

export async function startWebhookReceiver(status = 200): Promise<WebhookReceiver> {
  const messages: Array<Record<string, unknown>> = []
  const rejected: string[] = []
  const server = await startTestServer((request, response) => {
    let parsed: unknown
    try {
      parsed = JSON.parse(request.body)
    } catch {
      parsed = undefined
    }
    if (
      request.method !== 'POST' ||
      !/json/.test(String(request.headers['content-type'])) ||
      typeof parsed !== 'object' ||
      parsed === null
    ) {
      rejected.push(`${request.method} ${request.url} ${request.body.slice(0, 100)}`)
      response.writeHead(400)
      response.end()
      return
    }
    messages.push(parsed as Record<string, unknown>)
    response.writeHead(status, { 'content-type': 'application/json' })
    response.end('{"ok":true}')
  })
  return { url: `${server.origin}/hooks/provisioner`, messages, rejected }
}
