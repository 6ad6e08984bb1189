import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron'
import {
  type AdminApi,
  API_EVENTS,
  API_METHODS,
  type ApiResult,
  channelForEvent,
  channelForMethod,
} from '../ipc/api/contract'
import { dispatch, type DispatchOptions } from '../ipc/api/dispatch'
import type { EventHub } from '../ipc/api/event-hub'

export interface IpcServer {
  /** Lets this window call the API and receive its events, until the window is destroyed. */
  trust(webContents: WebContents): void
  /** Removes every handler and event forwarder. */
  dispose(): void
}

const REFUSED: ApiResult<never> = {
  ok: false,
  error: { code: 'untrusted-sender', message: 'Refused IPC from an untrusted frame' },
}

/**
 * Serves `AdminApi` over `ipcMain.handle`, one channel per method.
 *
 * A call is answered only when it comes from a window main trusted (sender id, GitHub
 * Desktop), from that window's top frame, and from the app's own origin (VS Code's
 * `validatedIpcMain`). Everything else gets `untrusted-sender` and never reaches `dispatch`.
 */
export function registerIpcApi(
  api: AdminApi,
  hub: EventHub,
  appOrigin: string,
  options: DispatchOptions = {}
): IpcServer {
  if (appOrigin === 'null' || appOrigin === '') {
    // An opaque origin would match every sandboxed or data: frame.
    throw new Error(`registerIpcApi needs a real origin, got "${appOrigin}"`)
  }
  const trusted = new Map<number, () => void>()

  function isTrustedSender(event: IpcMainInvokeEvent): boolean {
    const frame = event.senderFrame
    if (!trusted.has(event.sender.id) || frame === null || frame.parent !== null) {
      return false
    }
    return frame.origin === appOrigin && sameOrigin(frame.url, appOrigin)
  }

  for (const method of API_METHODS) {
    ipcMain.handle(channelForMethod(method), (event, rawInput: unknown) =>
      isTrustedSender(event) ? dispatch(api, method, rawInput, options) : REFUSED
    )
  }

  return {
    trust(webContents) {
      if (trusted.has(webContents.id)) return
      const offs = API_EVENTS.map(name =>
        hub.on(name, payload => {
          if (!webContents.isDestroyed()) webContents.send(channelForEvent(name), payload)
        })
      )
      trusted.set(webContents.id, () => offs.forEach(off => off()))
      webContents.once('destroyed', () => {
        trusted.get(webContents.id)?.()
        trusted.delete(webContents.id)
      })
    },
    dispose() {
      API_METHODS.forEach(method => ipcMain.removeHandler(channelForMethod(method)))
      trusted.forEach(stop => stop())
      trusted.clear()
    },
  }
}

/** The frame URL's own scheme://host[:port] must be the app's, as a second opinion on `frame.origin`. */
function sameOrigin(url: string, appOrigin: string): boolean {
  return url === appOrigin || url.startsWith(`${appOrigin}/`)
}
