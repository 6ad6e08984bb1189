/**
 * `npm run web`: the UI in any browser, over the real state database.
 *
 * Starts the HTTP bridge (127.0.0.1, random port, random token) and the renderer's Vite dev
 * server, then prints the URL to open. The admin API (engine, state database, keychain) runs in a
 * child process, the API host (api-host/), so a long dry run never stalls the bridge; secrets
 * resolve there, as in the desktop app's engine process, and the page never sees one.
 */
import { openAppLog } from '../app-log/app-log'
import { databasePath, resolveHome } from '../config/app-paths'
import { EventHub } from './api/event-hub'
import { forkApiHost } from './api-host/node-link'
import { remoteAdminApi } from './api-host/remote-admin-api'
import { startHttpBridge } from './http-bridge'
import { startRendererDevServer } from './renderer-dev-server'
import { startRendererStaticServer } from './renderer-static-server'

async function main(): Promise<void> {
  const home = resolveHome(undefined)
  const log = await openAppLog({ home, program: 'web' })
  log.info('web bridge started')
  const hub = new EventHub()
  // The host forks with this process's own Node options: under tsx, the same loader.
  const api = remoteAdminApi({ spawn: () => forkApiHost(), init: { home, program: 'web' }, hub, log })
  await api.start()
  const port = process.env['PROVISIONER_WEB_PORT']
  const rendererPort = port === undefined ? undefined : Number(port)
  // `npm run web -- --production`: the minified build the desktop app ships, under its CSP.
  // The renderer starts first (the bridge allows its origin); its CSP names the bridge once it runs.
  const started: { bridgeOrigin?: string } = {}
  const renderer = process.argv.includes('--production')
    ? await startRendererStaticServer({ port: rendererPort, bridgeOrigin: () => started.bridgeOrigin })
    : await startRendererDevServer({ port: rendererPort })
  const bridge = await startHttpBridge(api, hub, {
    allowedOrigin: renderer.origin,
    onInternalError: (method, error) => {
      log.error('API call failed', error, { method })
      console.error(`[bridge] ${method} failed; the stack trace is in ${log.file ?? 'no log file'}`)
    },
    exportLogs: input => api.logExport(input),
  })
  started.bridgeOrigin = bridge.url

  const url = `${renderer.origin}/?bridge=${encodeURIComponent(bridge.url)}&token=${bridge.token}`
  process.stdout.write(`\nProvisioner (browser UI) over ${databasePath(home)}\n\n  Open: ${url}\n\n`)
  process.stdout.write('The token in the URL is the only key to this session; press Ctrl+C to stop.\n')
  if (log.file !== null) process.stdout.write(`Application log: ${log.file}\n`)

  let stopping = false
  const stop = () => {
    if (stopping) return
    stopping = true
    // The host closes the state database and exits before this process does.
    Promise.allSettled([bridge.close(), renderer.close(), api.close()]).finally(() => {
      log.info('web bridge stopped')
      log.close()
      process.exit(0)
    })
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

main().catch((error: unknown) => {
  console.error(`provisioner web: ${error instanceof Error ? error.message : String(error)}`)
  process.exit(1)
})
