import { beforeEach, describe, expect, it, vi } from 'vitest'
import { secureSession } from '../../../main/electron/session-security'
import { resetFakeElectron, session } from './fake-electron'

vi.mock('electron', () => import('./fake-electron'))

beforeEach(() => resetFakeElectron())

describe('secureSession', () => {
  it('puts the CSP on every response, replacing any the server sent', () => {
    secureSession(session.defaultSession as never, "default-src 'none'")
    const listener = session.defaultSession.headersListener
    const callback = vi.fn()
    listener?.(
      { responseHeaders: { 'content-security-policy': ['default-src *'], 'Content-Type': ['text/html'] } },
      callback
    )
    expect(callback).toHaveBeenCalledWith({
      responseHeaders: { 'Content-Type': ['text/html'], 'Content-Security-Policy': ["default-src 'none'"] },
    })
  })

  it('denies every permission request and check', () => {
    secureSession(session.defaultSession as never, "default-src 'none'")
    const granted = vi.fn()
    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read', 'openExternal']) {
      session.defaultSession.permissionRequestHandler?.({}, permission, granted)
    }
    expect(granted.mock.calls.every(([value]) => value === false)).toBe(true)
    expect(granted).toHaveBeenCalledTimes(5)
    expect(session.defaultSession.permissionCheckHandler?.()).toBe(false)
  })
})
