import type { ApiTransport } from '../../main/ipc/api/contract'

declare global {
  interface Window {
    /** Set by preload/index.ts in the desktop app; absent in a plain browser. */
    readonly adminTransport?: ApiTransport
  }
}
