/**
 * A parent of the API host, as `npm run web` is, for tests that kill the parent: it starts the
 * host over `child_process.fork`, prints `host <pid>` and waits.
 */
import { NO_APP_LOG } from '../../main/app-log/app-log'
import { EventHub } from '../../main/ipc/api/event-hub'
import { forkApiHost } from '../../main/ipc/api-host/node-link'
import { remoteAdminApi } from '../../main/ipc/api-host/remote-admin-api'

const home = process.argv[2]
if (home === undefined) throw new Error('usage: api-host-parent.ts STATE_FOLDER')
const api = remoteAdminApi({
  spawn: () => forkApiHost({ execArgv: ['--import', 'tsx'] }),
  init: { home, program: 'web' },
  hub: new EventHub(),
  log: NO_APP_LOG,
})
await api.start()
process.stdout.write(`host ${api.hostPid()}\n`)
setInterval(() => undefined, 60_000)
