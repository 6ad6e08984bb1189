/**
 * The sandbox SCIM app in its own process, so a benchmark's client and server do not share
 * one event loop (as they would not in real life). Talks to its parent over IPC.
 */
import type { RequestHandler } from 'express'
import { startSandboxServer } from '../connectors/scim/sandbox/sandbox-server'
import { benchAccount } from './bench-data'

interface StartMessage {
  readonly type: 'start'
  readonly token: string
  /** Seed this many accounts: even indexes belong to source people, odd ones to no one. */
  readonly seed: number
  /** Answer every n-th write with 429 Too Many Requests (0: never). */
  readonly throttleEvery?: number
}

process.once('message', async (message: StartMessage) => {
  const seedUsers = Array.from({ length: message.seed }, (_, index) => benchAccount(index))
  let writes = 0
  const throttleEvery = message.throttleEvery ?? 0
  const throttle: RequestHandler = (req, res, next) => {
    if (throttleEvery > 0 && req.method !== 'GET' && ++writes % throttleEvery === 0) {
      res
        .status(429)
        .type('application/scim+json')
        .send(
          JSON.stringify({
            schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
            status: '429',
            detail: 'Too many requests',
          })
        )
      return
    }
    next()
  }
  const server = await startSandboxServer({
    auth: { type: 'bearer', token: message.token },
    seedUsers,
    middleware: [throttle],
  })
  process.send?.({ type: 'ready', baseUrl: server.baseUrl })
  process.once('disconnect', () => {
    void server.close().then(() => process.exit(0))
  })
})
