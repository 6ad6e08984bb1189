import { utilityProcess } from 'electron'
import type { FromHost, MessageLink } from '../ipc/api-host/protocol'

/**
 * The API host as an Electron utility process (a Node.js child with Chromium's process model:
 * it ends with the app). `entry` is the built api-host.js beside main's index.js.
 */
export function utilityApiHostLink(entry: string): MessageLink {
  const child = utilityProcess.fork(entry, [], { serviceName: 'Provisioner engine', stdio: 'inherit' })
  let exited = false
  child.once('exit', () => {
    exited = true
  })
  return {
    get pid() {
      return child.pid ?? null
    },
    post(message) {
      // A host that just died cannot take it; its exit answers whoever waits.
      if (!exited) child.postMessage(message)
    },
    onMessage(listener) {
      child.on('message', (message: unknown) => listener(message as FromHost))
    },
    onExit(listener) {
      child.once('exit', code => listener({ code }))
    },
    kill() {
      child.kill()
    },
  }
}
