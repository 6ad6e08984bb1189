/**
 * Electron entry: app lifecycle only. Everything that does the job lives in plain-Node modules
 * (store, engine, ipc); this file opens them, registers IPC and creates the window.
 */
import { fileURLToPath } from 'node:url'
import { app, type BrowserWindow, dialog, session } from 'electron'
import { type AppLog, NO_APP_LOG, openAppLog } from '../app-log/app-log'
import { databasePath } from '../config/app-paths'
import { EventHub } from '../ipc/api/event-hub'
import { ProvisionerAdminApi } from '../ipc/admin-api'
import { startStateWatcher, type StateWatcher } from '../ipc/state-watcher'
import { KeytarSecretStore } from '../secrets/keytar-secret-store'
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
import { createMainWindow, hardenWebContents } from './window'

interface Running {
  readonly db: WritableDB
  readonly api: ProvisionerAdminApi
  readonly ipc: IpcServer
  readonly watcher: StateWatcher
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
  app.on('before-quit', event => running?.background.beforeQuit(event))
  app.on('activate', () => {
    if (window === null && running !== null) openWindow(running.startUrl)
  })
  app.on('will-quit', () => {
    const stopping = running
    running = null
    void stopping?.background.stop(0)
    stopping?.ipc.dispose()
    stopping?.watcher.stop()
    stopping?.db.close()
    // File watches stop at once; the sandbox app (if started) ends with the process anyway.
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
      running = boot(log, {
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

function boot(
  log: AppLog,
  windows: { readonly currentWindow: () => BrowserWindow | null; readonly openApp: () => void }
): Running {
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
  const db = openDatabase(databasePath(home), {
    nativeBinding: betterSqliteBinding({
      isPackaged: app.isPackaged,
      appPath: app.getAppPath(),
      resourcesPath: process.resourcesPath,
    }),
  })
  try {
    const hub = new EventHub()
    hub.on('runFinished', run => log.info('run finished', run))
    const settings = new AppSettings()
    settings.applyTheme()
    const secrets = new KeytarSecretStore()
    const api = new ProvisionerAdminApi({
      db,
      stateFolder: home,
      secrets,
      hub,
      uiSettings: settings,
      chooseFile: electronFileChooser(windows.currentWindow),
      chooseExportFile,
      renderPdf: reviewReportPdf,
      scheduler: {
        // Looked at afresh, so a job-file edit shows at once.
        schedules: () => {
          background.scheduler.check()
          return background.scheduler.schedules()
        },
      },
    })
    const ipc = registerIpcApi(api, hub, appOrigin, {
      onInternalError: (method, error) => log.error('API call failed', error, { method }),
    })
    // Runs the CLI or a schedule makes in the same state folder appear while they run.
    const watcher = startStateWatcher(db, hub)
    // Last: nothing after it can fail and leave a tray and timers behind.
    const background = startBackground({
      db,
      secrets,
      hub,
      log,
      openApp: windows.openApp,
      quit: () => app.quit(),
    })
    const startUrl = dev ? devServer : `${APP_ORIGIN}/index.html`
    return { db, api, ipc, watcher, settings, startUrl, log, background }
  } catch (error) {
    db.close()
    throw error
  }
}

function preloadPath(): string {
  return fileURLToPath(new URL('../preload/index.cjs', import.meta.url))
}
