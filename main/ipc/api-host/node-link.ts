import { fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { FromHost, LinkExit, MessageLink } from './protocol'

const NODE_ENTRY = fileURLToPath(new URL('./node-entry.ts', import.meta.url))

export interface ForkHostOptions {
  /**
   * Node's options for the child (default: this process's own, so `tsx main/ipc/web-server.ts`
   * forks the host under the same TypeScript loader).
   */
  readonly execArgv?: ReadonlyArray<string>
  readonly env?: NodeJS.ProcessEnv
}

/** The API host as a Node child process (`npm run web`, tests): `child_process.fork` over JSON IPC. */
export function forkApiHost(options: ForkHostOptions = {}): MessageLink {
  const child = fork(NODE_ENTRY, [], {
    execArgv: [...(options.execArgv ?? process.execArgv)],
    env: options.env ?? process.env,
    serialization: 'json',
    // stdout stays the parent's (it prints the page URL); the host's crashes show on stderr.
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  })
  return {
    pid: child.pid ?? null,
    post(message) {
      // A host that just died cannot take it; its exit answers whoever waits.
      if (child.connected) child.send(message, error => void error)
    },
    onMessage(listener) {
      child.on('message', message => listener(message as FromHost))
    },
    onExit(listener) {
      let told = false
      const tell = (exit: LinkExit) => {
        if (told) return
        told = true
        listener(exit)
      }
      child.once('exit', (code, signal) => tell({ code, signal }))
      // A child that could not even be started (no such file, no memory) never exits.
      child.once('error', () => {
        if (child.exitCode === null && child.pid === undefined) tell({ code: null, signal: 'spawn-failed' })
      })
    },
    kill() {
      child.kill('SIGKILL')
    },
  }
}
