/**
 * A hostile SCIM server for the hardening tests: the sandbox behind a `FaultInjector` whose
 * answers are what an attacker or a badly broken service sends — error bodies that echo the
 * request's `Authorization` header, bodies of gigabytes (streamed from one small buffer, never
 * held in memory), listings that page forever with fresh ids, megabyte `detail` texts, and a
 * share of requests answered 429. Which requests are hit is decided by counting, never by
 * chance, so every test is deterministic.
 *
 * Each answer is a `Fault` (or a `FaultRule`) for `fault-injection.ts`, so the other faults
 * (throttle, serverError, drop …) combine with these in one server.
 */
import { once } from 'node:events'
import type { Request, Response } from 'express'
import type { SandboxServer } from '../../main/connectors/scim/sandbox/sandbox-server'
import { type Fault, FaultInjector, type FaultRule } from './fault-injection'
import { startFaultyTarget } from './safety-fixture'

const SCIM_ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error'
const LIST_RESPONSE = 'urn:ietf:params:scim:api:messages:2.0:ListResponse'
const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User'

export const GIB = 1024 ** 3
export const MIB = 1024 ** 2

export interface HostileTarget {
  /** The sandbox (Bearer TOKEN) that answers whatever no rule hits; closed after the test. */
  readonly server: SandboxServer
  readonly faults: FaultInjector
}

/** The sandbox with these hostile rules in front of it (first matching rule answers). */
export async function startHostileTarget(...rules: FaultRule[]): Promise<HostileTarget> {
  const faults = new FaultInjector().add(...rules)
  return { server: await startFaultyTarget(faults), faults }
}

// ---- secrets echoed back -------------------------------------------------------------------

/**
 * An error answer that repeats the request's `Authorization` header back: in a SCIM error's
 * `detail` (`as: 'detail'`, default), in a plain-text page (`'text'`), or in a JSON body's
 * `message` with the header value alone on a line (`'message'`).
 */
export function echoAuthorization(
  status = 400,
  as: 'detail' | 'text' | 'message' = 'detail',
  headers: Readonly<Record<string, string>> = {}
): Fault {
  return {
    kind: 'respond',
    respond: (req, res) => {
      const header = req.headers.authorization ?? '(none)'
      res.status(status)
      for (const [name, value] of Object.entries(headers)) res.setHeader(name, value)
      if (as === 'text') {
        res.type('text/plain').send(`Request refused.\nHeaders received:\nAuthorization: ${header}\n`)
        return
      }
      const body =
        as === 'detail'
          ? {
              schemas: [SCIM_ERROR],
              status: String(status),
              detail: `Request refused; Authorization: ${header}`,
            }
          : { error: 'refused', message: `Request refused. You sent\n${header}\nwhich is not allowed` }
      res.type('application/scim+json').send(JSON.stringify(body))
    },
  }
}

// ---- unbounded answers -----------------------------------------------------------------------

const FILLER = Buffer.alloc(64 * 1024, 'x')

/**
 * Sends `prefix`, then `bytes` of filler, then `suffix`, respecting backpressure and stopping as
 * soon as the client goes away: a 2 GiB answer costs the test one 64 KiB buffer.
 */
function streamAnswer(
  res: Response,
  status: number,
  parts: { readonly prefix: string; readonly bytes: number; readonly suffix: string },
  options: { readonly contentType: string; readonly declareLength: boolean }
): void {
  const headers: Record<string, string | number> = { 'content-type': options.contentType }
  if (options.declareLength) {
    headers['content-length'] =
      Buffer.byteLength(parts.prefix) + parts.bytes + Buffer.byteLength(parts.suffix)
  }
  res.writeHead(status, headers)
  const gone = () => res.destroyed || res.socket === null || res.socket.destroyed
  void (async () => {
    res.write(parts.prefix)
    for (let left = parts.bytes; left > 0 && !gone(); left -= FILLER.length) {
      if (!res.write(left >= FILLER.length ? FILLER : FILLER.subarray(0, left))) {
        await drainOrClose(res)
      }
    }
    if (!gone()) res.end(parts.suffix)
  })()
}

/** Waits for room in the socket or its end, removing the listener of whichever did not happen. */
async function drainOrClose(res: Response): Promise<void> {
  const settled = new AbortController()
  const { signal } = settled
  await Promise.race([once(res, 'drain', { signal }), once(res, 'close', { signal })])
  settled.abort()
}

/**
 * A successful answer of `bytes` bytes (a ListResponse whose one account has an enormous
 * userName), chunked, or with a `content-length` that says so up front when `declareLength`.
 */
export function hugeBody(bytes: number, options: { readonly declareLength?: boolean } = {}): Fault {
  return {
    kind: 'respond',
    respond: (_req, res) =>
      streamAnswer(
        res,
        200,
        {
          prefix: `{"schemas":["${LIST_RESPONSE}"],"totalResults":1,"Resources":[{"id":"huge","userName":"`,
          bytes,
          suffix: '"}]}',
        },
        { contentType: 'application/scim+json', declareLength: options.declareLength ?? false }
      ),
  }
}

/** A SCIM error answer whose `detail` is `bytes` long (valid JSON, streamed). */
export function hugeDetail(bytes: number, status = 400, lead = 'Validation failed: '): Fault {
  return {
    kind: 'respond',
    respond: (_req, res) =>
      streamAnswer(
        res,
        status,
        {
          prefix: `{"schemas":["${SCIM_ERROR}"],"status":"${status}","detail":"${lead}`,
          bytes,
          suffix: '"}',
        },
        { contentType: 'application/scim+json', declareLength: true }
      ),
  }
}

/**
 * A listing that never ends: every page is full (`count` accounts) of ids never seen before.
 * `totalResults` is reported as given, or as always a page or two ahead (`'ahead'`), or left out.
 */
export function endlessListing(totalResults: number | 'ahead' | null = 'ahead'): Fault {
  return {
    kind: 'respond',
    respond: (req: Request, res: Response) => {
      const startIndex = Math.max(1, Number(req.query['startIndex'] ?? 1))
      const count = Math.max(1, Math.min(1000, Number(req.query['count'] ?? 100)))
      const Resources = Array.from({ length: count }, (_, i) => {
        const n = startIndex + i
        return {
          schemas: [USER_SCHEMA],
          id: `endless-${n}`,
          userName: `endless-${n}@example.com`,
          active: true,
        }
      })
      const total = totalResults === 'ahead' ? startIndex + 2 * count : totalResults
      res
        .status(200)
        .type('application/scim+json')
        .send(
          JSON.stringify({
            schemas: [LIST_RESPONSE],
            ...(total === null ? {} : { totalResults: total }),
            startIndex,
            itemsPerPage: count,
            Resources,
          })
        )
    },
  }
}

// ---- throttling ------------------------------------------------------------------------------

/**
 * Answers `percent` % of the requests `match` selects with 429 — exactly, spread evenly by
 * counting (request n is hit when ⌊n·p/100⌋ grows), so a run meets the same storm every time.
 * `retryAfter` in seconds, or null for a 429 without `Retry-After`.
 */
export function throttleShare(
  percent: number,
  options: {
    readonly retryAfter?: number | null
    readonly match?: (req: Request) => boolean
    readonly name?: string
  } = {}
): FaultRule {
  let seen = 0
  const retryAfter = options.retryAfter ?? null
  return {
    name: options.name ?? `throttle ${percent}%`,
    match: req => {
      if (options.match !== undefined && !options.match(req)) return false
      seen++
      return Math.floor((seen * percent) / 100) > Math.floor(((seen - 1) * percent) / 100)
    },
    fault: {
      kind: 'status',
      status: 429,
      headers: retryAfter === null ? {} : { 'retry-after': String(retryAfter) },
    },
  }
}
