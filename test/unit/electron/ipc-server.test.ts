import { beforeEach, describe, expect, it, vi } from 'vitest'
import { API_METHODS, channelForEvent, channelForMethod } from '../../../main/ipc/api/contract'
import { EventHub } from '../../../main/ipc/api/event-hub'
import { registerIpcApi } from '../../../main/electron/ipc-server'
import { fakeAdminApi, OVERVIEW } from '../ipc/fake-admin-api'
import { FakeWebContents, FakeWebFrame, invokeEvent, ipcMain, resetFakeElectron } from './fake-electron'

vi.mock('electron', () => import('./fake-electron'))

const APP = 'app://provisioner'

function call(method: string, event: unknown, input?: unknown): Promise<unknown> {
  const handler = ipcMain.handlers.get(method)
  if (handler === undefined) throw new Error(`no handler for ${method}`)
  return Promise.resolve((handler as (event: unknown, input: unknown) => unknown)(event, input))
}

const topFrame = () => new FakeWebFrame(`${APP}/index.html`, APP)

beforeEach(() => resetFakeElectron())

describe('registerIpcApi', () => {
  it('registers one handle channel per API method', () => {
    registerIpcApi(fakeAdminApi(), new EventHub(), APP)
    expect([...ipcMain.handlers.keys()].sort()).toEqual(API_METHODS.map(channelForMethod).sort())
  })

  it('answers the trusted window top frame on the app origin through dispatch', async () => {
    const api = fakeAdminApi()
    const server = registerIpcApi(api, new EventHub(), APP)
    const contents = new FakeWebContents()
    server.trust(contents as never)
    const channel = channelForMethod('getOverview')
    expect(await call(channel, invokeEvent(contents, topFrame()))).toEqual({ ok: true, value: OVERVIEW })
    // Validation is dispatch's: a bad input never reaches the API.
    const runs = channelForMethod('listRuns')
    expect(await call(runs, invokeEvent(contents, topFrame()), { jobId: 1 })).toMatchObject({
      ok: false,
      error: { code: 'invalid-input' },
    })
    expect(api.listRuns).not.toHaveBeenCalled()
  })

  it.each([
    ['a sender it never trusted', () => ({ trusted: false, frame: topFrame() })],
    ['a subframe', () => ({ trusted: true, frame: new FakeWebFrame(`${APP}/frame.html`, APP, topFrame()) })],
    [
      'a frame on another origin',
      () => ({ trusted: true, frame: new FakeWebFrame('https://evil.example/', 'https://evil.example') }),
    ],
    [
      'an opaque-origin frame',
      () => ({ trusted: true, frame: new FakeWebFrame('data:text/html,hi', 'null') }),
    ],
    [
      'a frame whose URL disagrees with its origin',
      () => ({ trusted: true, frame: new FakeWebFrame('https://evil.example/', APP) }),
    ],
    [
      'a look-alike origin',
      () => ({
        trusted: true,
        frame: new FakeWebFrame('app://provisioner.evil/x', 'app://provisioner.evil'),
      }),
    ],
    ['no frame (navigated away)', () => ({ trusted: true, frame: null })],
  ])('refuses %s without calling the API', async (_label, setup) => {
    const api = fakeAdminApi()
    const server = registerIpcApi(api, new EventHub(), APP)
    const contents = new FakeWebContents()
    const { trusted, frame } = setup()
    if (trusted) server.trust(contents as never)
    const result = await call(channelForMethod('getOverview'), invokeEvent(contents, frame))
    expect(result).toEqual({
      ok: false,
      error: { code: 'untrusted-sender', message: 'Refused IPC from an untrusted frame' },
    })
    expect(api.getOverview).not.toHaveBeenCalled()
  })

  it('stops trusting a window once it is destroyed', async () => {
    const server = registerIpcApi(fakeAdminApi(), new EventHub(), APP)
    const contents = new FakeWebContents()
    server.trust(contents as never)
    contents.destroy()
    expect(await call(channelForMethod('getOverview'), invokeEvent(contents, topFrame()))).toMatchObject({
      ok: false,
      error: { code: 'untrusted-sender' },
    })
  })

  it('forwards events to trusted windows only, and stops when they are destroyed', () => {
    const hub = new EventHub()
    const server = registerIpcApi(fakeAdminApi(), hub, APP)
    const trusted = new FakeWebContents()
    const stranger = new FakeWebContents()
    server.trust(trusted as never)
    const payload = { runId: 'r', jobId: 'j', mode: 'dry-run', status: 'completed', summary: null } as const
    hub.emit('runFinished', payload)
    expect(trusted.sent).toEqual([{ channel: channelForEvent('runFinished'), payload }])
    expect(stranger.sent).toEqual([])
    trusted.destroy()
    hub.emit('runFinished', payload)
    expect(trusted.sent).toHaveLength(1)
    expect(hub.listenerCount('runFinished')).toBe(0)
  })

  it('removes its handlers and forwarders on dispose', () => {
    const hub = new EventHub()
    const server = registerIpcApi(fakeAdminApi(), hub, APP)
    server.trust(new FakeWebContents() as never)
    server.dispose()
    expect(ipcMain.handlers.size).toBe(0)
    expect(hub.listenerCount('runFinished')).toBe(0)
  })

  it('refuses an opaque app origin, which would match any sandboxed frame', () => {
    expect(() => registerIpcApi(fakeAdminApi(), new EventHub(), 'null')).toThrow(/real origin/)
  })

  it('hides internal errors but reports them to main', async () => {
    const onInternalError = vi.fn()
    const api = fakeAdminApi({ listJobs: () => Promise.reject(new Error('/secret/path exploded')) })
    const server = registerIpcApi(api, new EventHub(), APP, { onInternalError })
    const contents = new FakeWebContents()
    server.trust(contents as never)
    const result = await call(channelForMethod('listJobs'), invokeEvent(contents, topFrame()))
    expect(JSON.stringify(result)).not.toContain('/secret/path')
    expect(onInternalError).toHaveBeenCalledOnce()
  })
})
