import type { AppLog } from '../../app-log/app-log'
import type { ApiResult } from '../api/contract'
import type { EventHub } from '../api/event-hub'
import type { Capabilities, FromHost, HostInit, LinkExit, MessageLink, ToHost } from './protocol'

/** An answer the connection waits for, by id; `null` = the host is gone. */
type Waiter = (message: FromHost | null) => void

export interface ConnectionOptions {
  readonly link: MessageLink
  readonly init: HostInit
  readonly hub: EventHub
  readonly log: AppLog
  readonly capabilities: Partial<Capabilities>
  /** Told once the process ended; `expected` when the parent asked it to stop. */
  readonly onExit: (exit: LinkExit, expected: boolean) => void
}

/** One running host process: its start, the answers it owes, the questions it asks back. */
export class HostConnection {
  /** Resolves once the host opened the store; rejects with why it could not. */
  public readonly ready: Promise<void>
  private nextId = 1
  private readonly waiters = new Map<number, Waiter>()
  private stopping = false
  private exited = false
  private readonly exitWaiters: Array<() => void> = []

  public constructor(private readonly options: ConnectionOptions) {
    this.ready = new Promise((resolve, reject) => {
      options.link.onMessage(message => {
        if (message.kind === 'ready') resolve()
        else if (message.kind === 'failed') reject(new Error(message.message))
        else this.receive(message)
      })
      options.link.onExit(exit => {
        reject(new Error(`The engine process ended while starting (exit code ${exit.code ?? exit.signal})`))
        this.ended(exit)
      })
    })
    // A start failure is reported to whoever awaits `ready`; it must not also be unhandled.
    this.ready.catch(() => undefined)
    options.link.post({ kind: 'init', init: options.init })
  }

  /** Sends a message that expects one answer with the same id (a call, an export's chunk, a scheduled run). */
  public request(build: (id: number) => ToHost): {
    readonly id: number
    readonly answer: Promise<FromHost | null>
  } {
    const id = this.nextId++
    const answer = new Promise<FromHost | null>(resolve => this.waiters.set(id, resolve))
    this.options.link.post(build(id))
    return { id, answer }
  }

  /** Stops waiting for an answer (a timeout); a late answer is dropped. */
  public forget(id: number): void {
    this.waiters.delete(id)
  }

  public post(message: ToHost): void {
    if (!this.exited) this.options.link.post(message)
  }

  /** Asks the host to close the store and exit; kills it when it has not within `timeoutMs`. */
  public async stop(timeoutMs: number): Promise<void> {
    if (this.exited) return
    this.stopping = true
    const exited = new Promise<void>(resolve => this.exitWaiters.push(resolve))
    this.options.link.post({ kind: 'shutdown' })
    let timer: ReturnType<typeof setTimeout> | undefined
    const late = new Promise<'late'>(resolve => (timer = setTimeout(() => resolve('late'), timeoutMs)))
    if ((await Promise.race([exited, late])) === 'late') {
      this.options.log.warn('the engine process did not stop in time; ending it', { timeoutMs })
      this.options.link.kill()
      await exited
    }
    clearTimeout(timer)
  }

  private receive(message: FromHost): void {
    switch (message.kind) {
      case 'event':
        this.options.hub.emit(message.event, message.payload)
        return
      case 'ask':
        void this.answer(message.id, message.capability, message.args)
        return
      case 'result':
      case 'export-head':
      case 'chunk':
      case 'scheduled-result': {
        const waiter = this.waiters.get(message.id)
        this.waiters.delete(message.id)
        waiter?.(message)
        return
      }
      default:
        return
    }
  }

  /** Does what the host asked the parent for (a dialog, a PDF) and replies. */
  private async answer(id: number, capability: keyof Capabilities, args: unknown[]): Promise<void> {
    const run = this.options.capabilities[capability] as
      ((...args: unknown[]) => Promise<unknown>) | undefined
    let result: ApiResult<unknown>
    if (run === undefined) {
      result = { ok: false, error: { code: 'unsupported', message: `Not available here: ${capability}` } }
    } else {
      try {
        result = { ok: true, value: await run(...args) }
      } catch (error) {
        this.options.log.error('the engine process asked for something that failed', error, { capability })
        result = {
          ok: false,
          error: { code: 'internal', message: 'Internal error; see the application log' },
        }
      }
    }
    this.post({ kind: 'reply', id, result })
  }

  private ended(exit: LinkExit): void {
    if (this.exited) return
    this.exited = true
    const waiting = [...this.waiters.values()]
    this.waiters.clear()
    waiting.forEach(waiter => waiter(null))
    this.exitWaiters.forEach(resolve => resolve())
    this.options.onExit(exit, this.stopping)
  }
}
