/**
 * The fake `electron` module's `utilityProcess` (re-exported by fake-electron.ts). A forked child
 * runs the real API host (main/ipc/api-host/host.ts) in this process, over a structured-clone
 * copy of each message as Electron's port would deliver it; `runsHost = false` leaves it inert,
 * for tests that play the child themselves.
 */
import { EventEmitter } from 'node:events'
import { vi } from 'vitest'
import { serveApiHost } from '../../../main/ipc/api-host/host'
import type { FromHost, ToHost } from '../../../main/ipc/api-host/protocol'

let nextPid = 90_000

export class FakeUtilityProcess extends EventEmitter {
  public static readonly forked: FakeUtilityProcess[] = []
  public pid: number | undefined = nextPid++
  public readonly posted: unknown[] = []
  public readonly kill = vi.fn(() => this.exited(null))
  /** The host's side of the port, when the child runs one. */
  public readonly toChild: Array<(message: ToHost) => void> = []
  /** The in-process host's own close (a real child's database closes with its process). */
  public closeHost: () => Promise<void> = async () => undefined
  private done = false

  public constructor(
    public readonly modulePath: string,
    public readonly options: Record<string, unknown> | undefined
  ) {
    super()
    FakeUtilityProcess.forked.push(this)
  }

  public postMessage(message: unknown): void {
    if (this.done) throw new Error('postMessage after the utility process exited')
    this.posted.push(message)
    const copy = structuredClone(message) as ToHost
    setImmediate(() => this.toChild.forEach(listener => listener(copy)))
  }

  /** The child posting to the parent, as `process.parentPort.postMessage` would. */
  public fromChild(message: FromHost): void {
    const copy = structuredClone(message)
    setImmediate(() => this.emit('message', copy))
  }

  /** Ends the child as the OS would: `exit` once, the pid gone. */
  public exited(code: number | null): void {
    if (this.done) return
    this.done = true
    this.pid = undefined
    void this.closeHost()
    this.emit('exit', code)
  }
}

export const utilityProcess = {
  runsHost: true,
  fork: vi.fn((modulePath: string, _args?: string[], options?: Record<string, unknown>) => {
    const child = new FakeUtilityProcess(modulePath, options)
    if (utilityProcess.runsHost) {
      const host = serveApiHost(
        { post: message => child.fromChild(message), onMessage: listener => child.toChild.push(listener) },
        { exit: code => setImmediate(() => child.exited(code)) }
      )
      child.closeHost = () => host.close()
    }
    return child
  }),
}

export function resetFakeUtilityProcess(): void {
  FakeUtilityProcess.forked.length = 0
  utilityProcess.runsHost = true
  utilityProcess.fork.mockClear()
}
