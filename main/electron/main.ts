/**
 * Electron entry: app lifecycle only. Everything that does the job lives in plain-Node modules
 * (store, engine, ipc). The admin API (engine, state database, keychain) runs in a utility
 * process, the API host, so a long dry run or scheduled run never freezes the window or the tray;
 * this process keeps what needs Electron (window, IPC, dialogs, PDF printing, tray,
 * notifications) and the scheduler's timing, which asks the host to do each run.
 */
import { fileURLToPath } from 'node:url'
import { app, type BrowserWindow, dialog, session } from 'electron'
import { type AppLog, NO_APP_LOG, openAppLog } from '../app-log/app-log'
import { databasePath } from '../config/app-paths'
import { EventHub } from '../ipc/api/event-hub'
import { type RemoteAdminApi, remoteAdminApi } from '../ipc/api-host/remote-admin-api'
import { openDatabase, type WritableDB } from '../store/database'
import { APP_ORIGIN, registerAppScheme, serveAppProtocol } from './app-protocol'
import { type Background, startBackground } from './background'
import { AppSettings } from './app-settings'
import { electronFileChooser } from './file-dialogs'
import { contentSecurityPolicy } from './content-security-policy'
import { chooseExportFile } from './export-dialog'
import { reviewReportPdf } from './review-pdf'
import { type IpcServer, registerIpcApi } from './ipc-server'
import { betterSqliteBinding } from './native-binding'
import { secureSession } from './session-security'
import { utilityApiHostLink } from './api-host-link'
import { createMainWindow, hardenWebContents } from './window'

interface Running {
  /** The scheduler's and the tray's reads (no writes: runs happen in the API host). */
  readonly db: WritableDB
  readonly api: RemoteAdminApi
  readonly ipc: IpcServer
  readonly settings: AppSettings
  readonly startUrl: string
  readonly log: AppLog
  /** Schedules, tray and notifications. */
  readonly background: Background
}

// Before `ready`: privileged schemes and the global sandbox must be declared first.
registerAppScheme()
app.enableSandbox()

if (app.requestSingleInstanceLock()) {
  start()
} else {
  // Another instance owns the state database; it is focused through 'second-instance'.
  app.quit()
}

function start(): void {
  let running: Running | null = null
  let window: BrowserWindow | null = null

  const openWindow = (startUrl: string) => {
    const settings = running?.settings
    window = createMainWindow({
      preloadPath: preloadPath(),
      startUrl,
      state: settings?.windowState(),
      onClose: state => settings?.saveWindowState(state),
    })
    running?.ipc.trust(window.webContents)
    window.on('closed', () => {
      window = null
    })
  }

  // Any WebContents, not only the main window's (DevTools, a future dialog), gets the same guards.
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents))
  app.on('second-instance', () => {
    if (window === null) return
    if (window.isMinimized()) window.restore()
    window.focus()
  })
  app.on('window-all-closed', () => {
    // Scheduled jobs run while the app runs: with any, the app stays in the tray.
    if (running?.background.keepsRunning === true) {
      running.background.tellStillRunning()
      return
    }
    if (process.platform !== 'darwin') app.quit()
  })
  let hostClosed = false
  app.on('before-quit', event => {
    let waiting = false
    running?.background.beforeQuit({
      preventDefault: () => {
        waiting = true
        event.preventDefault()
      },
    })
    // A scheduled run finishing first quits again; then the API host closes its database and
    // exits before the app does (no orphan process, no database closed under a write).
    const stopping = running
    if (waiting || hostClosed || stopping === null) return
    event.preventDefault()
    void stopping.api.close().finally(() => {
      hostClosed = true
      app.quit()
    })
  })
  app.on('activate', () => {
    if (window === null && running !== null) openWindow(running.startUrl)
  })
  app.on('will-quit', () => {
    const stopping = running
    running = null
    void stopping?.background.stop(0)
    stopping?.ipc.dispose()
    stopping?.db.close()
    // Closed already by before-quit unless the app ends some other way (the host ends with it).
    void stopping?.api.close()
    stopping?.log.info('app stopped')
    stopping?.log.close()
  })

  let log = NO_APP_LOG
  app
    .whenReady()
    .then(async () => {
      log = await openAppLog({ home: stateFolder(), program: 'app' })
      log.info('app started', { packaged: app.isPackaged })
      running = await boot(log, {
        currentWindow: () => window,
        openApp: () => {
          if (window === null) {
            if (running !== null) openWindow(running.startUrl)
            return
          }
          if (window.isMinimized()) window.restore()
          window.show()
          window.focus()
        },
      })
      openWindow(running.startUrl)
    })
    .catch((error: unknown) => {
      log.error('app could not start', error)
      log.close()
      dialog.showErrorBox('Provisioner cannot start', error instanceof Error ? error.message : String(error))
      app.exit(1)
    })
}

/** The CLI's default home is this same folder, so both see the same jobs, runs and logs. */
function stateFolder(): string {
  return process.env['PROVISIONER_HOME'] ?? app.getPath('userData')
}

async function boot(
  log: AppLog,
  windows: { readonly currentWindow: () => BrowserWindow | null; readonly openApp: () => void }
): Promise<Running> {
  // The Vite dev server only in an unpackaged run that electron-vite started.
  const devServer = app.isPackaged ? undefined : process.env['ELECTRON_RENDERER_URL']
  const dev = devServer !== undefined
  const appOrigin = dev ? new URL(devServer).origin : APP_ORIGIN
  const policy = contentSecurityPolicy({ dev })
  secureSession(session.defaultSession, policy)
  if (!dev) {
    serveAppProtocol(fileURLToPath(new URL('../renderer/', import.meta.url)), policy)
  }

  const home = stateFolder()
  const nativeBinding = betterSqliteBinding({
    isPackaged: app.isPackaged,
    appPath: app.getAppPath(),
    resourcesPath: process.resourcesPath,
  })
  const db = openDatabase(databasePath(home), { nativeBinding })
  let api: RemoteAdminApi | null = null
  try {
    const hub = new EventHub()
    const settings = new AppSettings()
    settings.applyTheme()
    const started = startApi({
      home,
      nativeBinding,
      hub,
      log,
      settings,
      windows,
      background: () => background,
    })
    api = started
    await started.start()
    const ipc = registerIpcApi(started, hub, appOrigin, {
      onInternalError: (method, error) => log.error('API call failed', error, { method }),
    })
    // Last: nothing after it can fail and leave a tray and timers behind. Its scheduled runs
    // happen in the API host; the host's state watcher announces them, as it does the CLI's.
    const background = startBackground({
      db,
      runJob: jobId => started.runScheduledJob(jobId),
      hub,
      log,
      openApp: windows.openApp,
      quit: () => app.quit(),
    })
    const startUrl = dev ? devServer : `${APP_ORIGIN}/index.html`
    return { db, api: started, ipc, settings, startUrl, log, background }
  } catch (error) {
    await api?.close()
    db.close()
    throw error
  }
}

/** The admin API in its utility process; what needs Electron is answered here when it asks. */
function startApi(options: {
  readonly home: string
  readonly nativeBinding: string
  readonly hub: EventHub
  readonly log: AppLog
  readonly settings: AppSettings
  readonly windows: { readonly currentWindow: () => BrowserWindow | null }
  readonly background: () => Background
}): RemoteAdminApi {
  const { settings } = options
  return remoteAdminApi({
    spawn: () => utilityApiHostLink(fileURLToPath(new URL('./api-host.js', import.meta.url))),
    init: { home: options.home, program: 'app', nativeBinding: options.nativeBinding },
    hub: options.hub,
    log: options.log,
    capabilities: {
      chooseFile: electronFileChooser(options.windows.currentWindow),
      chooseExportFile,
      renderPdf: async html => (await reviewReportPdf(html)).toString('base64'),
      schedules: async () => {
        // Looked at afresh, so a job-file edit shows at once.
        const { scheduler } = options.background()
        scheduler.check()
        return scheduler.schedules()
      },
    },
    // The app's preferences live beside the window's bounds (electron-store), in this process.
    local: {
      getUiSettings: async () => settings.read(),
      updateUiSettings: async input => settings.update(input),
    },
  })
}

function preloadPath(): string {
  return fileURLToPath(new URL('../preload/index.cjs', import.meta.url))
}
