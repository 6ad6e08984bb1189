import { BrowserWindow, shell, type WebContents } from 'electron'
import type { WindowState } from './app-settings'

export interface MainWindowOptions {
  /** Absolute path of the bundled preload (out/preload/index.cjs). */
  readonly preloadPath: string
  /** `app://provisioner/index.html`, or the Vite dev server in development. */
  readonly startUrl: string
  /** Where the window was last time (default: 1280 × 860, centred). */
  readonly state?: WindowState
  /** Told the window's place and size when it closes, to open there next time. */
  readonly onClose?: (state: WindowState) => void
}

/**
 * The one BrowserWindow factory, so the security settings cannot drift (VS Code pattern).
 *
 * Every option that matters is written out even where it is Electron's default: a reader (and
 * the unit test) can see the window is sandboxed without knowing the defaults of this version.
 */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const state = options.state
  const window = new BrowserWindow({
    width: state?.width ?? 1280,
    height: state?.height ?? 860,
    ...(state?.x === undefined || state.y === undefined ? {} : { x: state.x, y: state.y }),
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Provisioner',
    webPreferences: {
      preload: options.preloadPath,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
    },
  })
  hardenWebContents(window.webContents)
  window.once('ready-to-show', () => {
    if (state?.maximized === true) window.maximize()
    window.show()
  })
  window.on('close', () => {
    const bounds = window.getNormalBounds()
    options.onClose?.({ ...bounds, maximized: window.isMaximized() })
  })
  void window.loadURL(options.startUrl)
  return window
}

const hardened = new WeakSet<WebContents>()

/**
 * Denies `window.open` and every navigation away from the loaded page; https links open in
 * the system browser instead. Applied to every WebContents the app creates.
 *
 * In-page (hash) navigation, which the renderer's router uses, never reaches these handlers.
 */
export function hardenWebContents(contents: WebContents): void {
  // Main also calls this for every WebContents created; handlers must not stack.
  if (hardened.has(contents)) return
  hardened.add(contents)
  contents.setWindowOpenHandler(({ url }) => {
    openExternally(url)
    return { action: 'deny' }
  })
  contents.on('will-navigate', (event, url) => {
    event.preventDefault()
    openExternally(url)
  })
  contents.on('will-attach-webview', event => event.preventDefault())
}

/** Only https leaves the app: never file:, javascript:, custom schemes or plain http. */
export function isExternalLink(url: string): boolean {
  try {
    return new URL(url).protocol === 'https:'
  } catch {
    return false
  }
}

function openExternally(url: string): void {
  if (isExternalLink(url)) {
    void shell.openExternal(url)
  }
}
