/**
 * The API host as a Node child process, forked by `npm run web` (api-host/node-link.ts). It
 * serves until the parent says `shutdown`, and also when the parent is gone (the IPC channel
 * closed): no host outlives its parent.
 */
import { serveApiHost } from './host'
import type { FromHost, ToHost } from './protocol'

const send = process.send?.bind(process)
if (send === undefined) {
  console.error('The API host is started by the app or `npm run web`, not by hand.')
  process.exit(2)
}

const host = serveApiHost(
  {
    post(message: FromHost) {
      if (process.connected) send(message)
    },
    onMessage(listener) {
      process.on('message', message => listener(message as ToHost))
    },
  },
  { exit: code => process.exit(code) }
)

process.once('disconnect', () => {
  void host.close().finally(() => process.exit(0))
})
// Ctrl+C reaches the whole process group: the parent decides when the host stops.
process.on('SIGINT', () => undefined)
