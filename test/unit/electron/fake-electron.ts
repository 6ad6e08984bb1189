/**
 * A small stand-in for the `electron` module: just the APIs main/electron/ uses, recording what
 * they were asked to do. Tests install it with `vi.mock('electron', () => import('./fake-electron'))`
 * because the Electron binary cannot be downloaded here (and `electron`'s index.js needs it).
 */
import { EventEmitter } from 'node:events'
import { vi } from 'vitest'
import { resetFakeTray } from './fake-electron-tray'
import { resetFakeUtilityProcess } from './fake-electron-utility'

export * from './fake-electron-tray'
export * from './fake-electron-utility'

type Handler = (...args: never[]) => unknown

export class FakeWebFrame {
  public constructor(
    public readonly url: string,
    public readonly origin: string,
    public readonly parent: FakeWebFrame | null = null
  ) {}
}

let nextContentsId = 1

export class FakeWebContents extends EventEmitter {
  public readonly id = nextContentsId++
  public readonly sent: Array<{ readonly channel: string; readonly payload: unknown }> = []
  public readonly printToPDF = vi.fn(async (_options: Record<string, unknown>) =>
    Buffer.from('%PDF-1.7 fake')
  )
  public windowOpenHandler: ((details: { url: string }) => { action: 'allow' | 'deny' }) | null = null
  private destroyed = false

  public setWindowOpenHandler(handler: (details: { url: string }) => { action: 'allow' | 'deny' }): void {
    this.windowOpenHandler = handler
  }

  public isDestroyed(): boolean {
    return this.destroyed
  }

  public send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload })
  }

  public destroy(): void {
    this.destroyed = true
    this.emit('destroyed')
  }

  /** Fires a cancellable event the way Electron does; returns whether it was prevented. */
  public fire(event: string, ...args: unknown[]): boolean {
    let prevented = false
    this.emit(event, { preventDefault: () => (prevented = true) }, ...args)
    return prevented
  }
}

export class BrowserWindow extends EventEmitter {
  public static readonly created: BrowserWindow[] = []
  public static focused: BrowserWindow | null = null

  public static getFocusedWindow(): BrowserWindow | null {
    return BrowserWindow.focused
  }

  public readonly webContents = new FakeWebContents()
  public loadedUrl: string | null = null
  public readonly show = vi.fn()
  public readonly focus = vi.fn()
  public readonly restore = vi.fn()
  public readonly destroy = vi.fn()
  public readonly maximize = vi.fn()
  public maximized = false
  public normalBounds = { x: 10, y: 20, width: 1280, height: 860 }

  public getNormalBounds(): { x: number; y: number; width: number; height: number } {
    return this.normalBounds
  }

  public isMaximized(): boolean {
    return this.maximized
  }

  public constructor(
    public readonly options: Record<string, unknown> & { webPreferences?: Record<string, unknown> }
  ) {
    super()
    BrowserWindow.created.push(this)
  }

  public loadURL(url: string): Promise<void> {
    this.loadedUrl = url
    return Promise.resolve()
  }

  public isMinimized(): boolean {
    return false
  }
}

export const ipcMain = {
  handlers: new Map<string, Handler>(),
  listeners: new Map<string, Handler>(),
  /** electron-store registers one synchronous channel for renderers (unused by this app). */
  on(channel: string, listener: Handler): void {
    this.listeners.set(channel, listener)
  },
  handle(channel: string, handler: Handler): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`)
    this.handlers.set(channel, handler)
  },
  removeHandler(channel: string): void {
    this.handlers.delete(channel)
  },
}

export const protocol = {
  privileged: [] as unknown[],
  handlers: new Map<string, (request: Request) => Promise<Response> | Response>(),
  registerSchemesAsPrivileged(schemes: unknown[]): void {
    this.privileged.push(...schemes)
  },
  handle(scheme: string, handler: (request: Request) => Promise<Response> | Response): void {
    this.handlers.set(scheme, handler)
  },
}

export const shell = { openExternal: vi.fn(async (_url: string) => undefined) }

export const dialog = {
  showErrorBox: vi.fn(),
  showOpenDialog: vi.fn(async (..._args: unknown[]): Promise<{ canceled: boolean; filePaths: string[] }> => ({
    canceled: true,
    filePaths: [],
  })),
  showSaveDialog: vi.fn(async (..._args: unknown[]): Promise<{ canceled: boolean; filePath?: string }> => ({
    canceled: true,
  })),
}

export const nativeTheme = { themeSource: 'system' as 'system' | 'light' | 'dark' }

export const screen = {
  displays: [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }],
  getAllDisplays(): Array<{ workArea: { x: number; y: number; width: number; height: number } }> {
    return this.displays
  },
}

type HeadersListener = (
  details: { responseHeaders?: Record<string, string[]> },
  callback: (response: { responseHeaders?: Record<string, string | string[]> }) => void
) => void

class FakeSession {
  public headersListener: HeadersListener | null = null
  public permissionRequestHandler:
    ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void) | null = null
  public permissionCheckHandler: (() => boolean) | null = null
  public readonly webRequest = {
    onHeadersReceived: (listener: HeadersListener) => {
      this.headersListener = listener
    },
  }

  public setPermissionRequestHandler(handler: FakeSession['permissionRequestHandler']): void {
    this.permissionRequestHandler = handler
  }

  public setPermissionCheckHandler(handler: () => boolean): void {
    this.permissionCheckHandler = handler
  }
}

export const session = { defaultSession: new FakeSession() }

class FakeApp extends EventEmitter {
  public isPackaged = false
  public hasLock = true
  public readonly paths: Record<string, string> = {}
  public appPath = '/nonexistent'
  public readonly quit = vi.fn()
  public readonly exit = vi.fn()
  public readonly enableSandbox = vi.fn()
  public readonly requestSingleInstanceLock = vi.fn(() => this.hasLock)
  private ready: () => void = () => undefined
  private readyPromise = this.newReadyPromise()

  public whenReady(): Promise<void> {
    return this.readyPromise
  }

  /** Resolves `whenReady()`, as Electron does once it has initialised. */
  public becomeReady(): void {
    this.ready()
  }

  public getPath(name: string): string {
    const path = this.paths[name]
    if (path === undefined) throw new Error(`getPath(${name}) is not set in the fake`)
    return path
  }

  public getAppPath(): string {
    return this.appPath
  }

  public getVersion(): string {
    return '0.1.0'
  }

  public reset(): void {
    this.removeAllListeners()
    this.isPackaged = false
    this.hasLock = true
    this.appPath = '/nonexistent'
    for (const key of Object.keys(this.paths)) delete this.paths[key]
    this.readyPromise = this.newReadyPromise()
    vi.mocked(this.quit).mockClear()
    vi.mocked(this.exit).mockClear()
    vi.mocked(this.enableSandbox).mockClear()
    vi.mocked(this.requestSingleInstanceLock).mockClear()
  }

  private newReadyPromise(): Promise<void> {
    return new Promise(resolve => {
      this.ready = resolve
    })
  }
}

export const app = new FakeApp()

/** Forgets everything recorded, between tests. */
export function resetFakeElectron(): void {
  app.reset()
  BrowserWindow.created.length = 0
  ipcMain.handlers.clear()
  protocol.privileged.length = 0
  protocol.handlers.clear()
  shell.openExternal.mockClear()
  dialog.showErrorBox.mockClear()
  dialog.showOpenDialog.mockClear()
  dialog.showSaveDialog.mockReset()
  dialog.showSaveDialog.mockImplementation(async () => ({ canceled: true }))
  BrowserWindow.focused = null
  nativeTheme.themeSource = 'system'
  screen.displays = [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }]
  ipcMain.listeners.clear()
  session.defaultSession = new FakeSession()
  resetFakeTray()
  resetFakeUtilityProcess()
}

/** An `IpcMainInvokeEvent` as main sees it. */
export function invokeEvent(sender: FakeWebContents, frame: FakeWebFrame | null): unknown {
  return { sender, senderFrame: frame }
}

/** `import electron from 'electron'` (electron-store reads the module this way). */
export default {
  get app() {
    return app
  },
  ipcMain,
  shell,
  dialog,
  nativeTheme,
  screen,
}
