/**
 * The sandbox SCIM app in its own process, so a benchmark's client and server do not share
 * one event loop (as they would not in real life). Talks to its parent over IPC.
 */
import { startSandboxServer } from '../connectors/scim/sandbox/sandbox-server'
import { benchAccount } from './bench-data'

interface StartMessage {
  readonly type: 'start'
  readonly token: string
  /** Seed this many accounts: even indexes belong to source people, odd ones to no one. */
  readonly seed: number
}

process.once('message', async (message: StartMessage) => {
  const seedUsers = Array.from({ length: message.seed }, (_, index) => benchAccount(index))
  const server = await startSandboxServer({ auth: { type: 'bearer', token: message.token }, seedUsers })
  process.send?.({ type: 'ready', baseUrl: server.baseUrl })
  process.once('disconnect', () => {
    void server.close().then(() => process.exit(0))
  })
})
