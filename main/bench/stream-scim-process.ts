/**
 * A read-only SCIM app for the plan curve, in its own process: it holds no accounts, it writes
 * each page of `benchAccount`s as it is asked for, so 1,000,000 accounts cost it no more memory
 * than 1,000. Answers what a dry run reads: ServiceProviderConfig, /Users and /Groups pages, and
 * a user by id. Talks to its parent over IPC, like sandbox-process.ts.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { benchAccount } from './bench-data'

interface StartMessage {
  readonly type: 'start'
  readonly token: string
  /** Accounts listed: index 0 … accounts − 1 (see benchAccount). */
  readonly accounts: number
}

const MAX_RESULTS = 1000
const LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse'

function account(index: number): Record<string, unknown> {
  return { ...benchAccount(index), id: `acct-${index}`, meta: { resourceType: 'User' } }
}

function page(url: URL, total: number): Record<string, unknown> {
  const start = Math.max(1, Number(url.searchParams.get('startIndex') ?? 1))
  const count = Math.min(MAX_RESULTS, Math.max(0, Number(url.searchParams.get('count') ?? MAX_RESULTS)))
  const end = Math.min(total, start - 1 + count)
  const resources: Record<string, unknown>[] = []
  for (let index = start - 1; index < end; index++) resources.push(account(index))
  return {
    schemas: [LIST],
    totalResults: total,
    startIndex: start,
    itemsPerPage: resources.length,
    Resources: resources,
  }
}

function answer(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/scim+json' })
  res.end(JSON.stringify(body))
}

function handle(message: StartMessage, req: IncomingMessage, res: ServerResponse): void {
  if (req.headers.authorization !== `Bearer ${message.token}`) return answer(res, 401, { status: '401' })
  const url = new URL(req.url ?? '/', 'http://127.0.0.1')
  const path = url.pathname.replace(/^\/scim\/v2/, '')
  if (req.method !== 'GET') return answer(res, 405, { status: '405', detail: 'read-only bench server' })
  if (path === '/ServiceProviderConfig') {
    return answer(res, 200, {
      filter: { supported: true, maxResults: MAX_RESULTS },
      patch: { supported: true },
    })
  }
  if (path === '/Users') return answer(res, 200, page(url, message.accounts))
  if (path === '/Groups') return answer(res, 200, page(url, 0))
  const byId = /^\/Users\/acct-(\d+)$/.exec(path)
  if (byId !== null && Number(byId[1]) < message.accounts) return answer(res, 200, account(Number(byId[1])))
  return answer(res, 404, { status: '404' })
}

process.once('message', (message: StartMessage) => {
  const server = createServer((req, res) => handle(message, req, res))
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as AddressInfo
    process.send?.({ type: 'ready', baseUrl: `http://127.0.0.1:${port}/scim/v2` })
  })
  process.once('disconnect', () => server.close(() => process.exit(0)))
})
