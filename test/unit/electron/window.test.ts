import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createMainWindow, isExternalLink } from '../../../main/electron/window'
import { BrowserWindow, resetFakeElectron, shell } from './fake-electron'

vi.mock('electron', () => import('./fake-electron'))

function makeWindow(): BrowserWindow {
  createMainWindow({ preloadPath: '/app/out/preload/index.cjs', startUrl: 'app://provisioner/index.html' })
  const window = BrowserWindow.created.at(-1)
  if (window === undefined) throw new Error('no window created')
  return window
}

beforeEach(() => resetFakeElectron())

describe('createMainWindow', () => {
  it('creates a sandboxed, isolated window without Node in the page', () => {
    const window = makeWindow()
    expect(window.options.webPreferences).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
    })
    // Nothing in webPreferences may switch a protection off.
    for (const key of ['experimentalFeatures', 'enableBlinkFeatures', 'additionalArguments']) {
      expect(window.options.webPreferences).not.toHaveProperty(key)
    }
  })

  it('loads the start URL and shows the window only once it is ready', () => {
    const window = makeWindow()
    expect(window.options['show']).toBe(false)
    expect(window.loadedUrl).toBe('app://provisioner/index.html')
    expect(window.show).not.toHaveBeenCalled()
    window.emit('ready-to-show')
    expect(window.show).toHaveBeenCalledOnce()
  })

  it('denies window.open for every URL, opening only https links in the browser', () => {
    const contents = makeWindow().webContents
    const open = contents.windowOpenHandler
    expect(open).not.toBeNull()
    for (const url of [
      'https://docs.example.com/help',
      'http://example.com',
      'file:///etc/passwd',
      'javascript:alert(1)',
    ]) {
      expect(open?.({ url })).toEqual({ action: 'deny' })
    }
    expect(shell.openExternal.mock.calls).toEqual([['https://docs.example.com/help']])
  })

  it('prevents every navigation, opening only https targets externally', () => {
    const contents = makeWindow().webContents
    expect(contents.fire('will-navigate', 'https://evil.example/phish')).toBe(true)
    expect(contents.fire('will-navigate', 'app://provisioner/other.html')).toBe(true)
    expect(contents.fire('will-navigate', 'file:///home/user/.ssh/id_rsa')).toBe(true)
    expect(shell.openExternal.mock.calls).toEqual([['https://evil.example/phish']])
  })

  it('refuses to attach webviews', () => {
    expect(makeWindow().webContents.fire('will-attach-webview', {}, {})).toBe(true)
  })
})

describe('isExternalLink', () => {
  it.each([
    ['https://example.com', true],
    ['HTTPS://EXAMPLE.COM/x', true],
    ['http://example.com', false],
    ['mailto:a@example.com', false],
    ['smb://server/share', false],
    ['not a url', false],
  ])('%s → %s', (url, expected) => {
    expect(isExternalLink(url)).toBe(expected)
  })
})

describe('hardenWebContents', () => {
  it('guards any WebContents once, however often it is called', async () => {
    const { hardenWebContents } = await import('../../../main/electron/window')
    const { FakeWebContents } = await import('./fake-electron')
    const contents = new FakeWebContents()
    hardenWebContents(contents as never)
    hardenWebContents(contents as never)
    expect(contents.listenerCount('will-navigate')).toBe(1)
    expect(contents.fire('will-navigate', 'https://example.com')).toBe(true)
    expect(shell.openExternal).toHaveBeenCalledOnce()
  })
})
