/**
 * The API host's entry in the desktop app: an Electron utility process started by main
 * (api-host-link.ts), built as out/main/api-host.js. It talks over `process.parentPort`; it
 * imports no `electron` module (a utility process has none of the main process's APIs).
 */
import { serveApiHost } from '../ipc/api-host/host'
import type { ToHost } from '../ipc/api-host/protocol'

const port = process.parentPort

serveApiHost(
  {
    post: message => port.postMessage(message),
    onMessage: listener => port.on('message', event => listener(event.data as ToHost)),
  },
  { exit: code => process.exit(code) }
)
