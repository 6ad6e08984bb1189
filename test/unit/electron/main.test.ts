import { existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { API_METHODS, channelForMethod } from '../../../main/ipc/api/contract'
import { openDatabase } from '../../../main/store/database'
import { saveJob } from '../../../main/store/jobs-store'
import { makeTempDir } from '../../helpers/temp-dir'
import {
  app,
  BrowserWindow,
  dialog,
  FakeWebFrame,
  invokeEvent,
  ipcMain,
  nativeTheme,
  protocol,
  resetFakeElectron,
  session,
  Tray,
  FakeUtilityProcess,
  utilityProcess,
} from './fake-electron'

// One fake for the whole file: `vi.resetModules()` (a fresh main.ts per test) must not give
// main a different fake from the one the test inspects.
const fake = await vi.hoisted(async () => import('./fake-electron'))
vi.mock('electron', () => fake)

/**
 * An app folder whose out/native holds better-sqlite3 — here the Node build, since these tests
 * run under Node; the path logic is the app's real one.
 */
function appFolderWithNativeBinding(): string {
  const root = makeTempDir('provisioner-app-')
  const target = join(root, 'out', 'native', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node')
  mkdirSync(dirname(target), { recursive: true })
  const nodeBuild = join(
    dirname(createRequire(import.meta.url).resolve('better-sqlite3/package.json')),
    'build',
    'Release',
    'better_sqlite3.node'
  )
  symlinkSync(nodeBuild, target)
  return root
}

/** The application log's lines in `home` (one file: these tests write little). */
function appLog(home: string): Array<Record<string, unknown>> {
  return readFileSync(join(home, 'logs', 'provisioner.1.log'), 'utf8')
    .split('\n')
    .filter(line => line !== '')
    .map(line => JSON.parse(line) as Record<string, unknown>)
}

/** Quits as Electron does: before-quit (which the app may defer), then will-quit. */
async function quitApp(): Promise<void> {
  const event = { preventDefault: vi.fn() }
  app.emit('before-quit', event)
  if (event.preventDefault.mock.calls.length > 0) {
    await expect.poll(() => app.quit.mock.calls.length).toBe(1)
  }
  app.emit('will-quit')
}

async function startMain(): Promise<void> {
  vi.resetModules()
  await import('../../../main/electron/main')
}

const savedEnv = { ...process.env }

beforeEach(() => {
  resetFakeElectron()
  delete process.env['PROVISIONER_HOME']
  delete process.env['ELECTRON_RENDERER_URL']
})

afterEach(() => {
  app.emit('will-quit')
  process.env = { ...savedEnv }
})

describe('Electron main', () => {
  it('quits at once when another instance holds the single-instance lock', async () => {
    app.hasLock = false
    await startMain()
    expect(app.quit).toHaveBeenCalledOnce()
    app.becomeReady()
    await new Promise(resolve => setTimeout(resolve, 20))
    expect(BrowserWindow.created).toHaveLength(0)
  })

  it('declares the app scheme and the global sandbox before ready', async () => {
    await startMain()
    expect(protocol.privileged).toHaveLength(1)
    expect(app.enableSandbox).toHaveBeenCalledOnce()
    expect(app.listenerCount('web-contents-created')).toBe(1)
    expect(BrowserWindow.created).toHaveLength(0)
  })

  it('remembers the window and the theme between starts (electron-store in userData), and opens native file dialogs', async () => {
    const userData = makeTempDir('provisioner-userdata-')
    app.paths['userData'] = userData
    app.appPath = appFolderWithNativeBinding()
    const call = (method: 'updateUiSettings' | 'chooseFile' | 'getUiSettings', input?: unknown) => {
      const handler = ipcMain.handlers.get(channelForMethod(method)) as (
        event: unknown,
        input: unknown
      ) => Promise<unknown>
      const window = BrowserWindow.created.at(-1)!
      return handler(
        invokeEvent(
          window.webContents,
          new FakeWebFrame('app://provisioner/index.html', 'app://provisioner')
        ),
        input
      )
    }
    await startMain()
    app.becomeReady()
    await expect.poll(() => BrowserWindow.created.length).toBe(1)
    const first = BrowserWindow.created[0]!
    expect(first.options).toMatchObject({ width: 1280, height: 860 })
    expect(await call('updateUiSettings', { theme: 'dark' })).toEqual({
      ok: true,
      value: { theme: 'dark', expressionSampleMany: false },
    })
    expect(nativeTheme.themeSource).toBe('dark')

    dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: ['/home/admin/people.csv'] })
    expect(await call('chooseFile', { purpose: 'source-csv' })).toEqual({
      ok: true,
      value: { path: '/home/admin/people.csv' },
    })
    expect(dialog.showOpenDialog).toHaveBeenCalledWith(
      first,
      expect.objectContaining({ properties: ['openFile'] })
    )

    first.normalBounds = { x: 200, y: 100, width: 1100, height: 700 }
    first.maximized = true
    first.emit('close')
    expect(existsSync(join(userData, 'app-settings.json'))).toBe(true)
    app.emit('will-quit')

    resetFakeElectron()
    app.paths['userData'] = userData
    app.appPath = appFolderWithNativeBinding()
    await startMain()
    app.becomeReady()
    await expect.poll(() => BrowserWindow.created.length).toBe(1)
    const second = BrowserWindow.created[0]!
    expect(second.options).toMatchObject({ x: 200, y: 100, width: 1100, height: 700 })
    second.emit('ready-to-show')
    expect(second.maximize).toHaveBeenCalled()
    expect(nativeTheme.themeSource).toBe('dark')
    expect(await call('getUiSettings')).toEqual({
      ok: true,
      value: { theme: 'dark', expressionSampleMany: false },
    })
  })

  it('opens the state database in userData, serves app:// and answers IPC from its window', async () => {
    const userData = makeTempDir('provisioner-userdata-')
    app.paths['userData'] = userData
    app.appPath = appFolderWithNativeBinding()
    await startMain()
    app.becomeReady()
    await expect.poll(() => BrowserWindow.created.length).toBe(1)

    const window = BrowserWindow.created[0]!
    expect(window.loadedUrl).toBe('app://provisioner/index.html')
    expect(window.options.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
    })
    expect(String(window.options.webPreferences?.['preload'])).toMatch(/preload[\\/]index\.cjs$/)
    expect(protocol.handlers.has('app')).toBe(true)
    expect(session.defaultSession.headersListener).not.toBeNull()
    expect(existsSync(join(userData, 'provisioner.db'))).toBe(true)
    expect([...ipcMain.handlers.keys()].sort()).toEqual(API_METHODS.map(channelForMethod).sort())

    const handler = ipcMain.handlers.get(channelForMethod('getOverview')) as (
      event: unknown
    ) => Promise<unknown>
    const frame = new FakeWebFrame('app://provisioner/index.html', 'app://provisioner')
    expect(await handler(invokeEvent(window.webContents, frame))).toEqual({
      ok: true,
      value: {
        stateFolder: userData,
        jobsFolder: join(userData, 'jobs'),
        nativeDialogs: true,
        sandbox: null,
        jobCount: 0,
        recentRuns: [],
      },
    })

    app.emit('will-quit')
    expect(ipcMain.handlers.size).toBe(0)
  })

  it('keeps an application log in the state folder: start, an API call failing inside, stop', async () => {
    const userData = makeTempDir('provisioner-userdata-')
    app.paths['userData'] = userData
    app.appPath = appFolderWithNativeBinding()
    await startMain()
    app.becomeReady()
    await expect.poll(() => BrowserWindow.created.length).toBe(1)
    // A table gone from under the app: SQLite's error is nothing the API foresees.
    const db = new Database(join(userData, 'provisioner.db'))
    db.exec('DROP TABLE jobs')
    db.close()

    const handler = ipcMain.handlers.get(channelForMethod('getOverview')) as (
      event: unknown
    ) => Promise<unknown>
    const frame = new FakeWebFrame('app://provisioner/index.html', 'app://provisioner')
    expect(await handler(invokeEvent(BrowserWindow.created[0]!.webContents, frame))).toMatchObject({
      ok: false,
      error: { code: 'internal' },
    })
    await quitApp()

    const lines = appLog(userData)
    expect(lines.map(line => line['msg'])).toEqual([
      'app started',
      'API host started',
      'API call failed',
      'API host stopped',
      'app stopped',
    ])
    // The API host logs what failed inside it, under the app's name.
    expect(lines[2]).toMatchObject({ level: 'error', program: 'app', method: 'getOverview' })
    expect((lines[2]?.['err'] as { stack: string }).stack).toMatch(/no such table: jobs\n\s+at /)
  })

  it('runs the admin API in a utility process (out/main/api-host.js), starts it again after a crash, and stops it before quitting', async () => {
    const userData = makeTempDir('provisioner-userdata-')
    app.paths['userData'] = userData
    app.appPath = appFolderWithNativeBinding()
    await startMain()
    app.becomeReady()
    await expect.poll(() => BrowserWindow.created.length).toBe(1)
    expect(utilityProcess.fork).toHaveBeenCalledOnce()
    const [entry, , options] = utilityProcess.fork.mock.calls[0]!
    expect(entry).toMatch(/[\\/]api-host\.js$/)
    expect(options).toMatchObject({ serviceName: 'Provisioner engine' })
    const listJobs = ipcMain.handlers.get(channelForMethod('listJobs')) as (
      event: unknown
    ) => Promise<unknown>
    const frame = new FakeWebFrame('app://provisioner/index.html', 'app://provisioner')
    const call = () => listJobs(invokeEvent(BrowserWindow.created[0]!.webContents, frame))
    expect(await call()).toEqual({ ok: true, value: [] })

    // The host dies (a native crash): the next call starts another, and the log says so.
    FakeUtilityProcess.forked[0]!.exited(139)
    expect(await call()).toEqual({ ok: true, value: [] })
    expect(utilityProcess.fork).toHaveBeenCalledTimes(2)
    expect(appLog(userData).find(line => line['level'] === 'error')).toMatchObject({
      msg: 'the engine process stopped unexpectedly; the next call starts it again',
      err: { message: 'exit code 139, signal none' },
    })

    await quitApp()
    const host = FakeUtilityProcess.forked[1]!
    expect(host.posted.at(-1)).toEqual({ kind: 'shutdown' })
    expect(host.kill).not.toHaveBeenCalled()
    expect(host.pid).toBeUndefined()
    expect(app.quit).toHaveBeenCalledOnce()
    expect(
      appLog(userData)
        .map(line => line['msg'])
        .slice(-2)
    ).toEqual(['API host stopped', 'app stopped'])
  })

  it('shows a tray icon, and stays in the tray when the window closes only while a job has a schedule', async () => {
    const userData = makeTempDir('provisioner-userdata-')
    app.paths['userData'] = userData
    app.appPath = appFolderWithNativeBinding()
    await startMain()
    app.becomeReady()
    await expect.poll(() => BrowserWindow.created.length).toBe(1)
    expect(Tray.created).toHaveLength(1)
    app.emit('window-all-closed')
    expect(app.quit).toHaveBeenCalledOnce()
    app.emit('will-quit')
    expect(Tray.created[0]?.destroyed).toBe(false)
    await expect.poll(() => Tray.created[0]?.destroyed).toBe(true)

    resetFakeElectron()
    app.paths['userData'] = userData
    app.appPath = appFolderWithNativeBinding()
    const db = openDatabase(join(userData, 'provisioner.db'))
    saveJob(db, { id: 'hr', name: 'HR', config: { schedule: { intervalMinutes: 40 } }, configPath: null })
    db.close()
    await startMain()
    app.becomeReady()
    await expect.poll(() => BrowserWindow.created.length).toBe(1)
    app.emit('window-all-closed')
    expect(app.quit).not.toHaveBeenCalled()
    // Opening the app from the tray makes a new window.
    BrowserWindow.created[0]!.emit('closed')
    Tray.created[0]!.emit('click')
    expect(BrowserWindow.created).toHaveLength(2)
    const schedules = ipcMain.handlers.get(channelForMethod('listSchedules')) as (
      event: unknown
    ) => Promise<unknown>
    const frame = new FakeWebFrame('app://provisioner/index.html', 'app://provisioner')
    expect(await schedules(invokeEvent(BrowserWindow.created[1]!.webContents, frame))).toMatchObject({
      ok: true,
      value: { active: true, jobs: [{ jobId: 'hr', intervalMinutes: 40 }] },
    })
  })

  it('saves a review as PDF: the save dialog, printed by a hidden window, written where chosen', async () => {
    const userData = makeTempDir('provisioner-userdata-')
    app.paths['userData'] = userData
    app.paths['downloads'] = userData
    app.appPath = appFolderWithNativeBinding()
    const db = openDatabase(join(userData, 'provisioner.db'))
    saveJob(db, { id: 'hr', name: 'HR', config: {}, configPath: null })
    db.close()
    await startMain()
    app.becomeReady()
    await expect.poll(() => BrowserWindow.created.length).toBe(1)
    const frame = new FakeWebFrame('app://provisioner/index.html', 'app://provisioner')
    const call = (method: 'startReview' | 'saveReviewPdf', input: unknown) =>
      (
        ipcMain.handlers.get(channelForMethod(method)) as (event: unknown, input: unknown) => Promise<unknown>
      )(invokeEvent(BrowserWindow.created[0]!.webContents, frame), input)
    const started = (await call('startReview', { jobIds: ['hr'], reviewer: 'Alice' })) as {
      value: { id: string }
    }
    const pdfPath = join(userData, 'review.pdf')
    dialog.showSaveDialog.mockImplementation(async () => ({ canceled: false, filePath: pdfPath }))
    expect(await call('saveReviewPdf', { reviewId: started.value.id })).toEqual({
      ok: true,
      value: { saved: true, path: pdfPath },
    })
    expect(dialog.showSaveDialog).toHaveBeenCalledWith(
      expect.objectContaining({ defaultPath: join(userData, `${started.value.id}.pdf`) })
    )
    expect(readFileSync(pdfPath, 'utf8')).toBe('%PDF-1.7 fake')
    const printer = BrowserWindow.created.at(-1)!
    expect(printer.options).toMatchObject({ show: false })
    expect(decodeURIComponent(printer.loadedUrl ?? '')).toContain('Alice')
    expect(printer.destroy).toHaveBeenCalledOnce()
  })

  it('in development loads the Vite dev server and trusts only its origin', async () => {
    process.env['ELECTRON_RENDERER_URL'] = 'http://localhost:5173'
    app.paths['userData'] = makeTempDir('provisioner-userdata-')
    app.appPath = appFolderWithNativeBinding()
    await startMain()
    app.becomeReady()
    await expect.poll(() => BrowserWindow.created.length).toBe(1)
    const window = BrowserWindow.created[0]!
    expect(window.loadedUrl).toBe('http://localhost:5173')
    expect(protocol.handlers.has('app')).toBe(false)
    const handler = ipcMain.handlers.get(channelForMethod('listJobs')) as (event: unknown) => Promise<unknown>
    const devFrame = new FakeWebFrame('http://localhost:5173/#/logs', 'http://localhost:5173')
    expect(await handler(invokeEvent(window.webContents, devFrame))).toEqual({ ok: true, value: [] })
    const appFrame = new FakeWebFrame('app://provisioner/index.html', 'app://provisioner')
    expect(await handler(invokeEvent(window.webContents, appFrame))).toMatchObject({ ok: false })
  })

  it('ignores the dev server variable in a packaged app', async () => {
    process.env['ELECTRON_RENDERER_URL'] = 'http://localhost:5173'
    app.isPackaged = true
    app.paths['userData'] = makeTempDir('provisioner-userdata-')
    await startMain()
    app.becomeReady()
    // Packaged, the binding is looked up in resources, which this test has none of: start fails safely.
    await expect.poll(() => dialog.showErrorBox.mock.calls.length).toBe(1)
    expect(BrowserWindow.created).toHaveLength(0)
  })

  it('explains a start-up failure and exits non-zero instead of opening a broken window', async () => {
    const userData = makeTempDir('provisioner-userdata-')
    app.paths['userData'] = userData
    app.appPath = makeTempDir('provisioner-app-')
    await startMain()
    app.becomeReady()
    await expect.poll(() => app.exit.mock.calls.length).toBe(1)
    expect(app.exit).toHaveBeenCalledWith(1)
    expect(dialog.showErrorBox).toHaveBeenCalledWith(
      'Provisioner cannot start',
      expect.stringContaining('prepare-native')
    )
    expect(BrowserWindow.created).toHaveLength(0)
    const failure = appLog(userData).find(line => line['level'] === 'error')
    expect(failure).toMatchObject({ msg: 'app could not start' })
    expect((failure?.['err'] as { stack: string }).stack).toContain('prepare-native')
  })
})
