import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach } from 'vitest'

export interface RecordedRequest {
  readonly method: string
  /** Path and query as sent, e.g. `/scim/v2/Users?startIndex=1&count=10`. */
  readonly url: string
  readonly headers: IncomingHttpHeaders
  readonly body: string
}

export type Handler = (request: RecordedRequest, response: ServerResponse) => void

export interface TestServer {
  /** `http://127.0.0.1:PORT` */
  readonly origin: string
  readonly requests: RecordedRequest[]
  close(): Promise<void>
}

const running: TestServer[] = []

/**
 * A plain `node:http` server on 127.0.0.1 and a random port that records every request and
 * answers with `handler`. Closed (connections included) after the test.
 */
export async function startTestServer(handler: Handler): Promise<TestServer> {
  const requests: RecordedRequest[] = []
  const server = createServer((incoming: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = []
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk))
    incoming.on('end', () => {
      const request: RecordedRequest = {
        method: incoming.method ?? '',
        url: incoming.url ?? '',
        headers: incoming.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      }
      requests.push(request)
      handler(request, response)
    })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const testServer: TestServer = {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
  running.push(testServer)
  return testServer
}

/** A port nothing listens on (a server is bound to it, then closed). */
export async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>(resolve => server.close(() => resolve()))
  return port
}

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {}
): void {
  const text = JSON.stringify(body)
  response.writeHead(status, { 'content-type': 'application/scim+json', ...headers })
  response.end(text)
}

afterEach(async () => {
  await Promise.all(running.splice(0).map(server => server.close()))
})
