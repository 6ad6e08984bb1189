import type { ScimPath } from '../../mapping/scim-path'
import type {
  PatchOperation,
  ReadOptions,
  RequestMeter,
  ResourceKind,
  TargetConnector,
  TargetResource,
} from '../connector'
import { AdaptiveLimiter } from './adaptive-limiter'
import {
  classifyFailure,
  DEFAULT_RETRY_POLICY,
  delayBeforeRetry,
  parseRetryAfter,
  type RetryPolicy,
} from './retry-policy'
import { ScimHttpError, ScimProtocolError, ThrottledTooLongError } from './scim-errors'
import { equalityFilters } from './scim-filter'
import { choosePageSize, FALLBACK_PAGE_SIZE, fullPageSize, type PageSizeChoice } from './page-size'
import { getPathValue } from '../../mapping/scim-path'
import { LIST_RESPONSE_SCHEMA, PATCH_OP_SCHEMA } from '../../mapping/scim-schemas'
import { type HttpMethod, ScimHttp, type ScimHttpOptions, type ScimResponse } from './scim-http'
import { DEFAULT_DIALECT, type ScimDialect, spellOperations } from './scim-dialect'
import { SharedSchemaLists, shareUserNameInEmails } from './shared-schemas'

export type { ScimDialect } from './scim-dialect'

export interface ScimTargetOptions extends ScimHttpOptions {
  readonly dialect?: Partial<ScimDialect>
  /** Retries: throttled requests within a wait budget (honouring Retry-After), failed ones up to a count. */
  readonly retry?: RetryPolicy
  /** Most requests started per second (null: no limit beyond `connections`). */
  readonly requestsPerSecond?: number | null
  readonly random?: () => number
  readonly sleep?: (ms: number) => Promise<void>
  /** Clock for Retry-After dates and pauses (injectable so tests can run time forward). */
  readonly now?: () => number
  /** Most resources of one kind a listing may hold (default 2,000,000); more is refused. */
  readonly maxResources?: number
}

export const DEFAULT_MAX_RESOURCES = 2_000_000

const ENDPOINTS: Readonly<Record<ResourceKind, string>> = { user: '/Users', group: '/Groups' }

const isBadRequest = (error: unknown) => error instanceof ScimHttpError && error.status === 400

/** A SCIM 2.0 service provider as a provisioning target. */
export class ScimTarget implements TargetConnector {
  public readonly description: string
  private readonly http: ScimHttp
  private readonly dialect: ScimDialect

  private readonly limiter: AdaptiveLimiter
  private readonly retry: RetryPolicy
  private readonly random: () => number
  private readonly sleep: (ms: number) => Promise<void>
  private readonly now: () => number
  private readonly maxResources: number
  /** The page size listings ask for, decided once per connection (it may take a request). */
  private pageSizeChoice: Promise<PageSizeChoice> | null = null

  public constructor(options: ScimTargetOptions) {
    this.http = new ScimHttp(options)
    this.dialect = { ...DEFAULT_DIALECT, ...options.dialect }
    this.description = `SCIM ${this.http.baseUrl}`
    this.retry = options.retry ?? DEFAULT_RETRY_POLICY
    this.random = options.random ?? Math.random
    this.sleep = options.sleep ?? (ms => new Promise(resolve => setTimeout(resolve, ms)))
    this.now = options.now ?? Date.now
    this.maxResources = options.maxResources ?? DEFAULT_MAX_RESOURCES
    this.limiter = new AdaptiveLimiter({
      concurrency: options.connections,
      requestsPerSecond: options.requestsPerSecond ?? null,
      sleep: this.sleep,
      now: this.now,
    })
  }

  /** Current pacing (concurrency and rate after adapting to throttling). */
  public get pacing(): AdaptiveLimiter['limits'] {
    return this.limiter.limits
  }

  /**
   * One request with pacing and retries: throttled requests (429, 503 + Retry-After) wait as the
   * server asks and go again for as long as the request's wait budget lasts (however many answers
   * that takes), while the limiter slows the whole run; other failures are retried with backoff,
   * at most `maxAttempts` times, and only when `idempotent`. `meter.attempts` counts every
   * attempt, for the log.
   */
  private async send(
    method: HttpMethod,
    path: string,
    body: unknown,
    idempotent: boolean,
    meter?: RequestMeter,
    signal?: AbortSignal
  ): Promise<ScimResponse> {
    let state = { failures: 0, throttles: 0, throttledMs: 0 }
    for (;;) {
      signal?.throwIfAborted()
      if (meter !== undefined) meter.attempts++
      const release = await this.limiter.acquire()
      let delay: number | null
      let throttled = false
      try {
        const response = await this.http.send(method, path, body, signal)
        this.limiter.onSuccess()
        return response
      } catch (error) {
        // Cancelled: neither a failure of the server nor worth a retry.
        signal?.throwIfAborted()
        throttled = classifyFailure(error) === 'throttled'
        if (throttled) {
          const asked = error instanceof ScimHttpError ? parseRetryAfter(error.retryAfter, this.now()) : null
          // A wait longer than the policy allows fails this request (it is retried next run); it
          // must not pause every other request of the run for that long.
          this.limiter.onThrottled(asked === null ? null : Math.min(asked, this.retry.maxRetryAfterMs))
        }
        state = throttled
          ? { ...state, throttles: state.throttles + 1 }
          : { ...state, failures: state.failures + 1 }
        delay = delayBeforeRetry(error, state, idempotent, this.retry, this.random, this.now())
        if (delay === null) throw throttled ? this.throttledTooLong(error, state.throttledMs) : error
      } finally {
        release()
      }
      if (throttled) state = { ...state, throttledMs: state.throttledMs + delay }
      await this.sleep(delay)
    }
  }

  /** The error of a throttled request whose wait budget is spent, saying so. */
  private throttledTooLong(error: unknown, throttledMs: number): unknown {
    if (!(error instanceof ScimHttpError)) return error
    const budget = `target.retries.maxWaitSeconds (${seconds(this.retry.maxRetryAfterMs)} s)`
    const asked = parseRetryAfter(error.retryAfter, this.now())
    const why =
      asked !== null && asked > this.retry.maxRetryAfterMs
        ? `the server asked to wait ${seconds(asked)} s, more than ${budget} allows`
        : `still throttled after waiting ${seconds(throttledMs)} s, the most ${budget} allows`
    return new ThrottledTooLongError(error, why)
  }

  /**
   * Pages through a resource type (those matching `filter`, when given) until `totalResults` is reached.
   *
   * Robust to servers that ignore `count` (the next page starts after what was actually
   * returned), return short pages, or stop early (an empty page ends the listing), and refuses to
   * loop on a server that ignores `startIndex`, or one that pages on without end (see `boundsProblem`).
   */
  public async *list(
    kind: ResourceKind,
    options: ReadOptions & { readonly filter?: string } = {}
  ): AsyncIterable<TargetResource> {
    for await (const page of this.listPages(kind, options)) yield* page
  }

  /**
   * `list`, a page at a time (the resources not listed before): reading 100,000 accounts then
   * costs 100 steps of an async iterator, not 100,000.
   */
  public async *listPages(
    kind: ResourceKind,
    options: ReadOptions & { readonly filter?: string } = {}
  ): AsyncIterable<ReadonlyArray<TargetResource>> {
    const { filter, signal } = options
    const endpoint = ENDPOINTS[kind]
    const filtered = filter === undefined ? '' : `&filter=${encodeURIComponent(filter)}`
    const seen = new Set<string>()
    const schemaLists = new SharedSchemaLists()
    let { count, basis } = await this.pageSize(signal)
    let fullPage = count
    // A guessed size says nothing about the server's pages until one comes back with more to come.
    let fullPageKnown = basis !== 'guess'
    let startIndex = 1
    let total: number | null = null
    for (;;) {
      const path = `${endpoint}?startIndex=${startIndex}&count=${count}${filtered}`
      const url = `${this.http.baseUrl}${path}`
      let response: ScimResponse
      try {
        response = await this.send('GET', path, undefined, true, undefined, signal)
      } catch (error) {
        // A guessed page size the server refuses outright: ask as most servers allow.
        if (!(basis === 'guess' && startIndex === 1 && isBadRequest(error))) throw error
        count = FALLBACK_PAGE_SIZE
        basis = 'server'
        fullPage = count
        fullPageKnown = true
        this.pageSizeChoice = Promise.resolve({ count, basis })
        continue
      }
      const page = parseListResponse('GET', url, response.body)
      total = page.totalResults ?? total
      const fresh: TargetResource[] = []
      let refused: ScimProtocolError | null = null
      for (const resource of page.resources) {
        if (seen.has(resource.id)) continue
        refused = this.boundsProblem(kind, url, seen.size + 1, page, total, fullPage)
        if (refused !== null) break
        seen.add(resource.id)
        fresh.push(schemaLists.share(shareUserNameInEmails(resource)))
      }
      // What was listed before a refusal is handed over first, as one resource at a time would be.
      if (fresh.length > 0) yield fresh
      if (refused !== null) throw refused
      if (page.resources.length === 0) {
        return
      }
      if (fresh.length === 0) {
        throw new ScimProtocolError(
          'GET',
          `${this.http.baseUrl}${path}`,
          200,
          `the page at startIndex=${startIndex} repeats resources already listed; the server ignores startIndex`
        )
      }
      startIndex += page.resources.length
      const moreRemain = total !== null && startIndex <= total
      fullPage = fullPageSize(fullPage, page.resources.length, moreRemain)
      fullPageKnown ||= moreRemain
      // Done at totalResults, unless the page was full (or how full a page is is not known yet):
      // some servers report the page size as totalResults, and one more (empty) page costs less
      // than missing accounts and creating duplicates.
      if (fullPageKnown && total !== null && startIndex > total && page.resources.length < fullPage) {
        return
      }
    }
  }

  /** The page size to list with: the job's, else the largest the server's ServiceProviderConfig allows. */
  /** `signal` cancels the discovery request too (a cancelled read leaves the choice to the next). */
  private pageSize(signal?: AbortSignal): Promise<PageSizeChoice> {
    const setting = this.dialect.pageSize
    if (setting !== 'largest') return Promise.resolve(choosePageSize(setting, null))
    this.pageSizeChoice ??= this.serviceProviderConfig(signal).then(
      config => choosePageSize(setting, config),
      error => {
        // The server could not be reached: the next listing asks again.
        this.pageSizeChoice = null
        throw error
      }
    )
    return this.pageSizeChoice
  }

  /** GET /ServiceProviderConfig's body; null when the server has none or answers it badly (it is optional in practice). */
  private async serviceProviderConfig(signal?: AbortSignal): Promise<unknown> {
    try {
      return (await this.send('GET', '/ServiceProviderConfig', undefined, true, undefined, signal)).body
    } catch (error) {
      if (error instanceof ScimHttpError || error instanceof ScimProtocolError) return null
      throw error
    }
  }

  /**
   * A listing may hold at most `maxResources` (what the job can hold), and a server that reported
   * a real total — more than one page — may not list more than twice that: a listing still going
   * then is one that never ends (fresh ids on every page), not accounts added meanwhile.
   */
  private boundsProblem(
    kind: ResourceKind,
    url: string,
    listed: number,
    page: ListPage,
    total: number | null,
    fullPage: number
  ): ScimProtocolError | null {
    const problem = this.boundsBroken(kind, listed, page, total, fullPage)
    return problem === null ? null : new ScimProtocolError('GET', url, 200, problem)
  }

  private boundsBroken(
    kind: ResourceKind,
    listed: number,
    page: ListPage,
    total: number | null,
    fullPage: number
  ): string | null {
    if (total !== null && total > this.maxResources) {
      return `the target reports ${total} ${kind}s, more than target.maxResources (${this.maxResources}) allows; raise it if the app really holds that many`
    }
    if (listed > this.maxResources) {
      return `the target lists more than ${this.maxResources} ${kind}s, the most target.maxResources allows; raise it if the app really holds that many`
    }
    const realTotal = total !== null && total > Math.max(page.resources.length, fullPage)
    if (realTotal && listed > 2 * total) {
      return `the listing does not end: more than ${2 * total} ${kind}s listed though the server reported totalResults ${total}`
    }
    return null
  }

  public async find(
    kind: ResourceKind,
    path: ScimPath,
    value: string,
    meter?: RequestMeter
  ): Promise<ReadonlyArray<TargetResource>> {
    const filters = equalityFilters(path, value)
    for (let index = 0; ; index++) {
      const filter = filters[index] as string
      const query = `${ENDPOINTS[kind]}?filter=${encodeURIComponent(filter)}`
      try {
        const response = await this.send('GET', query, undefined, true, meter)
        const found = parseListResponse('GET', `${this.http.baseUrl}${query}`, response.body).resources
        // Servers that ignore or loosen a filter return accounts that do not hold the value:
        // only exact holders count (by SCIM's case rule), so a match is never guessed.
        return found.filter(resource => holdsValue(resource, path, value))
      } catch (error) {
        // Many apps filter on plain attributes only (eq on userName, externalId): try the
        // simpler forms before giving up.
        const unsupported = error instanceof ScimHttpError && (error.status === 400 || error.status === 501)
        if (!unsupported || index === filters.length - 1) throw error
      }
    }
  }

  public async get(kind: ResourceKind, id: string, meter?: RequestMeter): Promise<TargetResource | null> {
    const path = `${ENDPOINTS[kind]}/${encodeURIComponent(id)}`
    try {
      const response = await this.send('GET', path, undefined, true, meter)
      return parseResource('GET', `${this.http.baseUrl}${path}`, response.body)
    } catch (error) {
      if (error instanceof ScimHttpError && error.status === 404) {
        return null
      }
      throw error
    }
  }

  public async create(
    kind: ResourceKind,
    resource: Readonly<Record<string, unknown>>,
    meter?: RequestMeter
  ): Promise<TargetResource> {
    const path = ENDPOINTS[kind]
    // Not idempotent: only throttling (the server did not act) is retried here; the caller
    // checks by the matching attributes before trying again after any other failure.
    const response = await this.send('POST', path, resource, false, meter)
    const created = parseResource('POST', `${this.http.baseUrl}${path}`, response.body)
    if (created === null) {
      throw new ScimProtocolError(
        'POST',
        `${this.http.baseUrl}${path}`,
        response.status,
        'the created resource was not returned'
      )
    }
    return created
  }

  public async update(
    kind: ResourceKind,
    id: string,
    operations: ReadonlyArray<PatchOperation>,
    meter?: RequestMeter
  ): Promise<TargetResource | null> {
    const path = `${ENDPOINTS[kind]}/${encodeURIComponent(id)}`
    const body = {
      schemas: [PATCH_OP_SCHEMA],
      Operations: spellOperations(operations, this.dialect),
    }
    const response = await this.send('PATCH', path, body, isIdempotentPatch(operations), meter)
    return parseResource('PATCH', `${this.http.baseUrl}${path}`, response.body)
  }

  public async delete(kind: ResourceKind, id: string, meter?: RequestMeter): Promise<void> {
    try {
      await this.send('DELETE', `${ENDPOINTS[kind]}/${encodeURIComponent(id)}`, undefined, true, meter)
    } catch (error) {
      // Already gone (a retried DELETE whose first attempt succeeded) is the wanted outcome.
      if (error instanceof ScimHttpError && error.status === 404) return
      throw error
    }
  }

  public close(): Promise<void> {
    return this.http.close()
  }
}

/** Milliseconds as seconds with at most one decimal, for messages. */
function seconds(ms: number): number {
  return Math.round(ms / 100) / 10
}

/**
 * Whether repeating a PATCH after an unknown outcome is harmless: `replace` and `remove` set a
 * state; `add` to `members` is a set union. Adding a new element to another multi-valued
 * attribute could duplicate it, so such a PATCH is not repeated blindly (the next run re-plans).
 */
function isIdempotentPatch(operations: ReadonlyArray<PatchOperation>): boolean {
  return operations.every(operation => operation.op !== 'add' || operation.path === 'members')
}

/** Whether a resource holds `value` at `path` (case-insensitively, except `id`/`externalId`). */
function holdsValue(resource: TargetResource, path: ScimPath, value: string): boolean {
  const held = getPathValue(resource, path)
  const exact =
    path.schema === null &&
    path.filter === null &&
    (path.attribute === 'id' || path.attribute === 'externalId')
  const same = (candidate: unknown) =>
    (typeof candidate === 'string' || typeof candidate === 'number' || typeof candidate === 'boolean') &&
    (exact ? String(candidate) === value : String(candidate).toLowerCase() === value.toLowerCase())
  return Array.isArray(held) ? held.some(same) : same(held)
}

interface ListPage {
  readonly totalResults: number | null
  readonly resources: ReadonlyArray<TargetResource>
}

function parseListResponse(method: string, url: string, body: unknown): ListPage {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ScimProtocolError(method, url, 200, 'expected a SCIM ListResponse object')
  }
  const record = body as Record<string, unknown>
  const schemas = record['schemas']
  if (Array.isArray(schemas) && schemas.length > 0 && !schemas.includes(LIST_RESPONSE_SCHEMA)) {
    throw new ScimProtocolError(
      method,
      url,
      200,
      `expected a ListResponse but got schemas ${JSON.stringify(schemas)}`
    )
  }
  const total = record['totalResults']
  const totalResults =
    typeof total === 'number'
      ? total
      : typeof total === 'string' && /^\d+$/.test(total)
        ? Number(total)
        : null
  // RFC 7644 §3.4.2: "Resources" may be omitted when totalResults is 0; some servers spell it "resources".
  const raw = record['Resources'] ?? record['resources'] ?? []
  if (!Array.isArray(raw)) {
    throw new ScimProtocolError(method, url, 200, '"Resources" is not an array')
  }
  const resources = raw.map(item => {
    const resource = parseResource(method, url, item)
    if (resource === null) {
      throw new ScimProtocolError(method, url, 200, 'a listed resource is empty')
    }
    return resource
  })
  return { totalResults, resources }
}

function parseResource(method: string, url: string, body: unknown): TargetResource | null {
  if (body === null) {
    return null
  }
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw new ScimProtocolError(method, url, null, 'expected a SCIM resource object')
  }
  const id = (body as Record<string, unknown>)['id']
  if (typeof id !== 'string' || id === '') {
    throw new ScimProtocolError(method, url, null, 'a returned resource has no "id"')
  }
  return body as TargetResource
}
