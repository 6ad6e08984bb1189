/**
 * The whole preload: two functions on one global, nothing else.
 *
 * Runs sandboxed (bundled to one CommonJS file by electron-vite); page code never sees
 * `ipcRenderer`, an `IpcRendererEvent` or a channel name it chose itself.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import {
  type AdminEvents,
  type ApiEvent,
  type ApiResult,
  type ApiTransport,
  channelForEvent,
  channelForMethod,
  isApiEvent,
  isApiMethod,
} from '../main/ipc/api/contract'

const transport: ApiTransport = {
  invoke(method, input): Promise<ApiResult<unknown>> {
    if (!isApiMethod(method)) {
      return Promise.resolve({ ok: false, error: { code: 'unknown-method', message: String(method) } })
    }
    return ipcRenderer.invoke(channelForMethod(method), input) as Promise<ApiResult<unknown>>
  },
  subscribe<E extends ApiEvent>(event: E, listener: (payload: AdminEvents[E]) => void): () => void {
    if (!isApiEvent(event)) {
      throw new Error(`Unknown event: ${String(event)}`)
    }
    const channel = channelForEvent(event)
    // Never hand the IpcRendererEvent (and its `sender`) to page code.
    const wrapped = (_event: IpcRendererEvent, payload: AdminEvents[E]) => listener(payload)
    ipcRenderer.on(channel, wrapped)
    return () => {
      ipcRenderer.removeListener(channel, wrapped)
    }
  },
}

// Without context isolation the page would share this world; refuse rather than expose.
if (process.contextIsolated) {
  contextBridge.exposeInMainWorld('adminTransport', transport)
}
