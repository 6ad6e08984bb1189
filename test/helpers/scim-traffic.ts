/**
 * Sees every request the sandbox SCIM server receives: method, path and parsed body, in order,
 * with optional per-request latency, a hook that runs as each request arrives (to kill the
 * client at an exact point), and a count of requests still being handled.
 */
import type { Socket } from 'node:net'
import type { RequestHandler } from 'express'
import { parseScimJson } from './provisioning-fixture'

export interface RecordedRequest {
  /** 1-based arrival order. */
  readonly seq: number
  readonly method: string
  /** Path below the server root, e.g. `/scim/v2/Users/ID` (query string excluded). */
  readonly path: string
  readonly query: Readonly<Record<string, unknown>>
  readonly body: unknown
  /** Which phase of the test sent it (set `phase` before each CLI run). */
  readonly phase: string
}

export interface PatchBody {
  readonly schemas: ReadonlyArray<string>
  readonly Operations: ReadonlyArray<{
    readonly op: string
    readonly path?: string
    readonly value?: unknown
  }>
}

export class ScimTraffic {
  readonly requests: RecordedRequest[] = []
  /** Delay before each request is handled, in ms (uniform in [min, max]); null: none. */
  latency: { readonly min: number; readonly max: number } | null = null
  /** Runs synchronously as each request arrives, before the latency. */
  onRequest: ((request: RecordedRequest) => void) | null = null
  /** Label stored with each request. */
  phase = ''
  private inFlight = 0
  /** Client connections by the phase that used them. */
  private readonly sockets = new Map<string, Set<Socket>>()

  /** Pass to the sandbox's `middleware` option. */
  readonly middleware: ReadonlyArray<RequestHandler> = [
    parseScimJson,
    (req, res, next) => {
      const request: RecordedRequest = {
        seq: this.requests.length + 1,
        method: req.method,
        path: req.path,
        query: { ...req.query },
        body: req.body as unknown,
        phase: this.phase,
      }
      this.requests.push(request)
      const sockets = this.sockets.get(this.phase) ?? new Set<Socket>()
      sockets.add(req.socket)
      this.sockets.set(this.phase, sockets)
      this.inFlight++
      // Counted as handled once the route answered, even if the client has gone (killed): the
      // server still performs the write.
      const end = res.end.bind(res) as (...args: unknown[]) => typeof res
      let ended = false
      res.end = ((...args: unknown[]) => {
        if (!ended) {
          ended = true
          this.inFlight--
        }
        return end(...args)
      }) as typeof res.end
      this.onRequest?.(request)
      const latency = this.latency
      if (latency === null) {
        next()
        return
      }
      setTimeout(next, latency.min + Math.floor(Math.random() * (latency.max - latency.min + 1)))
    },
  ]

  /** Requests received but not yet answered. */
  get pending(): number {
    return this.inFlight
  }

  /**
   * Waits until a phase's client has gone and the server has handled everything it sent: every
   * connection it used is closed (bytes written before a kill arrive before the close) and no
   * request is still being handled.
   */
  async settled(phase: string, timeoutMs = 30_000): Promise<void> {
    const sockets = [...(this.sockets.get(phase) ?? [])]
    await waitFor(
      () => this.inFlight === 0 && sockets.every(socket => socket.destroyed),
      `the connections of "${phase}" to close and its requests to be handled`,
      timeoutMs
    )
    // A request parsed just before its connection closed may still be on its way to the handlers.
    await new Promise(resolve => setImmediate(resolve))
    await waitFor(() => this.inFlight === 0, `the last requests of "${phase}" to be handled`, timeoutMs)
  }

  clear(): void {
    this.requests.length = 0
  }

  /** Requests of one method (and phase, if given) whose path matches. */
  select(method: string, path: RegExp, phase?: string): RecordedRequest[] {
    return this.requests.filter(
      request =>
        request.method === method &&
        path.test(request.path) &&
        (phase === undefined || request.phase === phase)
    )
  }

  /** `POST /Users` bodies' userNames, lower-cased, in arrival order. */
  userCreates(phase?: string): string[] {
    return this.select('POST', /\/Users$/, phase).map(request =>
      String((request.body as Record<string, unknown>)['userName']).toLowerCase()
    )
  }

  /** Account ids that received a `PATCH /Users/ID`, in arrival order. */
  userPatches(phase?: string): string[] {
    return this.select('PATCH', /\/Users\/[^/]+$/, phase).map(request => lastSegment(request.path))
  }

  /** `PATCH /Groups/ID` requests with their group id and body. */
  groupPatches(phase?: string): Array<{ readonly groupId: string; readonly body: PatchBody }> {
    return this.select('PATCH', /\/Groups\/[^/]+$/, phase).map(request => ({
      groupId: lastSegment(request.path),
      body: request.body as PatchBody,
    }))
  }

  /** Writes (POST, PATCH, PUT, DELETE) of a phase. */
  writes(phase?: string): RecordedRequest[] {
    return this.requests.filter(
      request => request.method !== 'GET' && (phase === undefined || request.phase === phase)
    )
  }
}

function lastSegment(path: string): string {
  return decodeURIComponent(path.split('/').pop() ?? '')
}

/** How many times each value occurs. */
export function tally(values: ReadonlyArray<string>): Map<string, number> {
  const counts = new Map<string, number>()
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1)
  return counts
}

/** Polls until `condition` holds; fails with `what` after `timeoutMs` (generous: loaded machines). */
export async function waitFor(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise(resolve => setTimeout(resolve, 10))
  }
}
