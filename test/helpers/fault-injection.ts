/**
 * Fault injection for the sandbox SCIM server: express middleware (run before authentication and
 * the SCIM routes, via `startTarget({ middleware: faults.middleware })`) that answers chosen
 * requests the way misbehaving services and proxies do — throttling, 5xx bursts, HTML pages,
 * silence, dropped connections — or lets the server act and then spoils the answer (the account
 * is created but the client never learns it), or rewrites successful bodies (quirky dialects).
 *
 * Rules are deterministic: a rule hits a request when its `match` says so, at most `times` times
 * per request key (by default: method, path and the person the request is about), so a test knows
 * exactly which attempts fail and can assert exact outcomes.
 */
import type { Request, RequestHandler, Response } from 'express'
import { parseScimJson } from './provisioning-fixture'

const SCIM_ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error'

export type Fault =
  /** Answer with this status (a SCIM error body unless `body` is given), without the server acting. */
  | {
      readonly kind: 'status'
      readonly status: number
      readonly body?: string
      readonly contentType?: string
      readonly headers?: Readonly<Record<string, string>>
    }
  /** Never answer (the client's timeout has to end it). */
  | { readonly kind: 'hang' }
  /** Close the connection without answering, before the server acts. */
  | { readonly kind: 'drop' }
  /** Let the server act, then close the connection instead of sending its answer. */
  | { readonly kind: 'drop-after' }
  /** Let the server act, then never answer. */
  | { readonly kind: 'hang-after' }
  /** Let the server act, then answer with this status and a SCIM error body instead. */
  | { readonly kind: 'status-after'; readonly status: number; readonly detail?: string }
  /** Let the server act and rewrite its successful JSON answer. */
  | { readonly kind: 'rewrite'; readonly rewrite: (body: unknown) => unknown }
  /** Answer however `respond` does, without the server acting (see hostile-server.ts). */
  | { readonly kind: 'respond'; readonly respond: (req: Request, res: Response) => void }
  /** Change the request (its `url` or parsed `body`) before the server sees it; optionally rewrite the successful answer. */
  | {
      readonly kind: 'rewrite-request'
      readonly rewrite: (req: Request) => void
      readonly answer?: (body: unknown) => unknown
    }
  /** Let the server act, then answer 204 with no body instead of its answer. */
  | { readonly kind: 'no-content-after' }

export interface FaultRule {
  /** Shown in `hits()`; defaults to the fault kind. */
  readonly name?: string
  readonly match: (req: Request) => boolean
  readonly fault: Fault
  /** Most hits per request key (default: unlimited). */
  readonly times?: number
  /** What counts as "the same request" for `times` (default: `requestKey`). */
  readonly key?: (req: Request) => string
}

/** One request the server received, as the tests assert on it. */
export interface SeenRequest {
  readonly method: string
  readonly path: string
  /** userName of a POST body, or the decoded filter of a lookup. */
  readonly subject: string | null
  /** Name of the rule that spoiled it, or null when the server answered normally. */
  readonly fault: string | null
  /** Status sent, once the answer is finished (null: no answer, e.g. a dropped connection). */
  status: number | null
}

export class FaultInjector {
  private readonly rules: FaultRule[] = []
  private readonly counts = new Map<string, number>()
  private readonly hitCounts = new Map<string, number>()
  /** Every request that reached the middleware, in order. */
  readonly requests: SeenRequest[] = []

  /** Put in `startTarget({ middleware })`: parses SCIM JSON bodies, records, then injects faults. */
  readonly middleware: ReadonlyArray<RequestHandler> = [
    parseScimJson,
    (req, res, next) => this.handle(req, res, next),
  ]

  add(...rules: FaultRule[]): this {
    this.rules.push(...rules)
    return this
  }

  /** Removes every rule (the "outage" is over); the request record is kept. */
  clear(): void {
    this.rules.length = 0
    this.counts.clear()
  }

  /** How often each rule hit. */
  hits(name: string): number {
    return this.hitCounts.get(name) ?? 0
  }

  /** POSTs to /Users for this userName. */
  postsFor(userName: string): number {
    return this.requests.filter(
      request =>
        request.method === 'POST' &&
        /\/Users$/.test(request.path) &&
        request.subject?.toLowerCase() === userName.toLowerCase()
    ).length
  }

  private handle(req: Request, res: Response, next: (error?: unknown) => void): void {
    const rule = this.rules.find(candidate => candidate.match(req) && this.take(candidate, req))
    const name = rule === undefined ? null : (rule.name ?? rule.fault.kind)
    const seen: SeenRequest = {
      method: req.method,
      path: req.path,
      subject: subjectOf(req),
      fault: name,
      status: null,
    }
    this.requests.push(seen)
    res.on('finish', () => {
      seen.status = res.statusCode
    })
    if (rule === undefined || name === null) {
      next()
      return
    }
    this.hitCounts.set(name, (this.hitCounts.get(name) ?? 0) + 1)
    const fault = rule.fault
    switch (fault.kind) {
      case 'status':
        res.status(fault.status)
        for (const [header, value] of Object.entries(fault.headers ?? {})) res.setHeader(header, value)
        res
          .type(fault.contentType ?? 'application/scim+json')
          .send(fault.body ?? JSON.stringify({ schemas: [SCIM_ERROR], status: String(fault.status) }))
        return
      case 'respond':
        fault.respond(req, res)
        return
      case 'hang':
        return
      case 'drop':
        req.socket.destroy()
        return
      case 'rewrite-request':
        fault.rewrite(req)
        if (fault.answer !== undefined) interceptAnswer(res, { kind: 'rewrite', rewrite: fault.answer })
        next()
        return
      case 'drop-after':
      case 'hang-after':
      case 'status-after':
      case 'rewrite':
      case 'no-content-after':
        interceptAnswer(res, fault)
        next()
        return
    }
  }

  private take(rule: FaultRule, req: Request): boolean {
    if (rule.times === undefined) return true
    const key = `${this.rules.indexOf(rule)}\u0000${(rule.key ?? requestKey)(req)}`
    const used = this.counts.get(key) ?? 0
    if (used >= rule.times) return false
    this.counts.set(key, used + 1)
    return true
  }
}

/** Replaces what the server would answer (the server has acted by the time `res.json` is called). */
function interceptAnswer(
  res: Response,
  fault: Extract<
    Fault,
    { kind: 'drop-after' | 'hang-after' | 'status-after' | 'rewrite' | 'no-content-after' }
  >
): void {
  const json = res.json.bind(res)
  res.json = (body?: unknown) => {
    if (fault.kind === 'rewrite') {
      return json(res.statusCode < 400 ? fault.rewrite(body) : body)
    }
    if (fault.kind === 'no-content-after') {
      if (res.statusCode >= 400) return json(body)
      res.status(204).end()
      return res
    }
    if (fault.kind === 'drop-after') {
      res.socket?.destroy()
      return res
    }
    if (fault.kind === 'hang-after') {
      return res
    }
    res.status(fault.status)
    return json({
      schemas: [SCIM_ERROR],
      status: String(fault.status),
      detail: fault.detail ?? 'Internal error',
    })
  }
}

/** Method, path, and the person a create or lookup is about. */
export function requestKey(req: Request): string {
  return `${req.method} ${req.path} ${subjectOf(req) ?? ''}`
}

function subjectOf(req: Request): string | null {
  const body = req.body as Record<string, unknown> | undefined
  if (req.method === 'POST' && typeof body?.['userName'] === 'string') return body['userName']
  const filter = req.query['filter']
  return typeof filter === 'string' ? filter : null
}

// ---- request predicates -------------------------------------------------------------------

/** `GET /Users?startIndex=…` (a page of the listing, not a lookup by filter). */
export function isUserListing(req: Request): boolean {
  return req.method === 'GET' && /\/Users$/.test(req.path) && req.query['filter'] === undefined
}

/** `GET /Users?filter=…` (the lookup before re-trying a create). */
export function isUserLookup(req: Request): boolean {
  return req.method === 'GET' && /\/Users$/.test(req.path) && typeof req.query['filter'] === 'string'
}

/** `POST /Users` for one of these userNames (any, when none given). */
export function isCreate(...userNames: string[]): (req: Request) => boolean {
  const wanted = new Set(userNames.map(name => name.toLowerCase()))
  return req => {
    if (req.method !== 'POST' || !/\/Users$/.test(req.path)) return false
    if (wanted.size === 0) return true
    const userName = (req.body as Record<string, unknown> | undefined)?.['userName']
    return typeof userName === 'string' && wanted.has(userName.toLowerCase())
  }
}

/** `PATCH /Users/{id}` for one of these ids (any, when none given). */
export function isUserPatch(...ids: string[]): (req: Request) => boolean {
  return req => {
    if (req.method !== 'PATCH' || !/\/Users\/[^/]+$/.test(req.path)) return false
    return ids.length === 0 || ids.includes(decodeURIComponent(req.path.split('/').pop() ?? ''))
  }
}

/** Any request under /Users. */
export function isUsers(req: Request): boolean {
  return /\/Users(\/|$)/.test(req.path)
}

// ---- answers --------------------------------------------------------------------------------

/** 429 Too Many Requests with `Retry-After: seconds`. */
export function throttle(seconds = 1): Fault {
  return { kind: 'status', status: 429, headers: { 'retry-after': String(seconds) } }
}

/** A 5xx with a SCIM error body and no Retry-After. */
export function serverError(status = 500, detail = 'Backend unavailable'): Fault {
  return {
    kind: 'status',
    status,
    body: JSON.stringify({ schemas: [SCIM_ERROR], status: String(status), detail }),
  }
}

/** A "502 Bad Gateway" HTML page, as a reverse proxy in front of the app sends. */
export function proxyError(status = 502): Fault {
  return {
    kind: 'status',
    status,
    contentType: 'text/html',
    body: `<html><head><title>${status} Bad Gateway</title></head><body><center><h1>${status} Bad Gateway</h1></center><hr><center>nginx</center></body></html>`,
  }
}

/** A login/maintenance page with 200 OK. */
export function htmlPage(title = 'Scheduled maintenance'): Fault {
  return {
    kind: 'status',
    status: 200,
    contentType: 'text/html',
    body: `<!doctype html><html><body><h1>${title}</h1><p>We will be back shortly.</p></body></html>`,
  }
}

/** Rewrites every `active` boolean in an answer to the strings "True"/"False" (some .NET apps do). */
export function activeAsString(body: unknown): unknown {
  if (Array.isArray(body)) return body.map(activeAsString)
  if (typeof body !== 'object' || body === null) return body
  const copy: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    copy[key] =
      key === 'active' && typeof value === 'boolean' ? (value ? 'True' : 'False') : activeAsString(value)
  }
  return copy
}
