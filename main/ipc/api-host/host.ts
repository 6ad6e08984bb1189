/**
 * The API host: the child process that holds `ProvisionerAdminApi` (engine, state database,
 * keychain), its event hub and the state watcher. The parent (Electron's main process, or
 * `npm run web`) keeps the window or the HTTP bridge responsive while a dry run plans here.
 *
 * Transport-free: the entry files (api-host/node-entry.ts for `child_process.fork`,
 * electron/api-host-entry.ts for `utilityProcess.fork`) give it a `HostPort` and a way to exit.
 */
import { type AppLog, openAppLog } from '../../app-log/app-log'
import { databasePath } from '../../config/app-paths'
import { KeytarSecretStore } from '../../secrets/keytar-secret-store'
import { openDatabase, type WritableDB } from '../../store/database'
import { API_EVENTS, LogExportInput } from '../api/contract'
import { dispatch } from '../api/dispatch'
import { EventHub } from '../api/event-hub'
import { ProvisionerAdminApi } from '../admin-api'
import { startStateWatcher, type StateWatcher } from '../state-watcher'
import { capabilityDependencies, ParentAsks } from './parent-asks'
import { ExportPump } from './export-pump'
import { ScheduledRuns } from './scheduled-runs'
import type { HostInit, HostPort, ToHost } from './protocol'

export interface HostRuntime {
  /** Ends the process (after the host closed everything it opened). */
  exit(code: number): void
}

interface OpenHost {
  readonly log: AppLog
  readonly db: WritableDB
  readonly api: ProvisionerAdminApi
  readonly watcher: StateWatcher
  readonly exports: ExportPump
  readonly scheduled: ScheduledRuns
}

/** Serves the API over `port` until the parent says `shutdown` (or the runtime ends it). */
export function serveApiHost(port: HostPort, runtime: HostRuntime): { close(): Promise<void> } {
  const asks = new ParentAsks(port)
  let host: Promise<OpenHost> | null = null
  let closing: Promise<void> | null = null

  const close = (): Promise<void> => {
    closing ??= (host ?? Promise.resolve(null))
      .then(
        open => (open === null ? undefined : closeHost(open)),
        () => undefined
      )
      .then(() => port.post({ kind: 'closed' }))
    return closing
  }

  port.onMessage((message: ToHost) => {
    if (message.kind === 'init') {
      host ??= openHost(message.init, port, asks)
      host.then(
        () => port.post({ kind: 'ready' }),
        (error: unknown) => {
          port.post({ kind: 'failed', message: error instanceof Error ? error.message : String(error) })
          runtime.exit(1)
        }
      )
      return
    }
    if (message.kind === 'shutdown') {
      void close().finally(() => runtime.exit(0))
      return
    }
    if (message.kind === 'reply') {
      asks.settle(message.id, message.result)
      return
    }
    if (host === null || closing !== null) return
    void host.then(open => serve(open, port, message))
  })
  return { close }
}

async function openHost(init: HostInit, port: HostPort, asks: ParentAsks): Promise<OpenHost> {
  const log = await openAppLog({ home: init.home, program: init.program })
  try {
    const db = openDatabase(databasePath(init.home), { nativeBinding: init.nativeBinding })
    const secrets = new KeytarSecretStore()
    const hub = new EventHub()
    hub.on('runFinished', run => log.info('run finished', run))
    for (const event of API_EVENTS) hub.on(event, payload => port.post({ kind: 'event', event, payload }))
    const api = new ProvisionerAdminApi({
      db,
      stateFolder: init.home,
      secrets,
      hub,
      ...(init.env === undefined ? {} : { env: init.env }),
      ...capabilityDependencies(init.capabilities, asks),
    })
    // Runs the CLI or a schedule makes in the same state folder appear while they run.
    const watcher = startStateWatcher(db, hub, { intervalMs: init.watchIntervalMs })
    log.info('API host started')
    return {
      log,
      db,
      api,
      watcher,
      exports: new ExportPump(api, port, error => log.error('a log export failed', error)),
      scheduled: new ScheduledRuns(init, secrets),
    }
  } catch (error) {
    log.error('the API host could not start', error)
    log.close()
    throw error
  }
}

async function serve(open: OpenHost, port: HostPort, message: ToHost): Promise<void> {
  switch (message.kind) {
    case 'call': {
      const result = await dispatch(open.api, message.method, message.input, {
        onInternalError: (method, error) => open.log.error('API call failed', error, { method }),
      })
      port.post({ kind: 'result', id: message.id, result })
      return
    }
    case 'export': {
      const input = LogExportInput.safeParse(message.input)
      if (input.success) open.exports.open(message.id, input.data)
      else open.exports.refuse(message.id)
      return
    }
    case 'pull':
      open.exports.pull(message.id, message.export)
      return
    case 'end-export':
      open.exports.end(message.export)
      return
    case 'scheduled-run': {
      // The parent's scheduler logs and notifies how it ended.
      const result = await open.scheduled.run(message.jobId)
      port.post({ kind: 'scheduled-result', id: message.id, result })
      return
    }
    default:
      return
  }
}

async function closeHost(open: OpenHost): Promise<void> {
  open.watcher.stop()
  open.exports.endAll()
  // A scheduled run finishes its writes first (the parent stops waiting after its close timeout).
  await open.scheduled.close()
  await open.api.close().catch((error: unknown) => open.log.error('closing the API failed', error))
  open.db.close()
  open.log.info('API host stopped')
  open.log.close()
}
