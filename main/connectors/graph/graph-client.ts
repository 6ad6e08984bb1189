import {
  classifyFailure,
  DEFAULT_RETRY_POLICY,
  delayBeforeRetry,
  type RetryPolicy,
} from '../scim/retry-policy'
import { ScimHttpError, ScimProtocolError } from '../scim/scim-errors'
import { ScimHttp } from '../scim/scim-http'
import type { ClientCredentialsToken } from './graph-token'

export interface GraphClientOptions {
  /** e.g. https://graph.microsoft.com/v1.0 */
  readonly graphUrl: string
  readonly timeoutMs: number
  readonly maxResponseBytes: number
  readonly connections: number
  readonly retry?: RetryPolicy
  readonly sleep?: (ms: number) => Promise<void>
  readonly random?: () => number
  readonly now?: () => number
}

/** One page of a Graph collection: its items, and the delta link on a delta round's last page. */
export interface GraphPage {
  readonly value: ReadonlyArray<Readonly<Record<string, unknown>>>
  readonly deltaLink: string | null
}

/**
 * GET requests to Microsoft Graph with the app's token: bounded bodies and scrubbed credentials
 * (ScimHttp), throttling (429, and 503 with `Retry-After`, decimal seconds included) waited out
 * within the retry policy's budget, 5xx (503/504 without it) and network failures retried with
 * backoff, and one new token when Graph refuses the current one (it expired).
 */
export class GraphClient {
  private readonly base: string
  private readonly retry: RetryPolicy
  private readonly sleep: (ms: number) => Promise<void>
  private http: { readonly token: string; readonly client: ScimHttp } | null = null

  public constructor(
    private readonly options: GraphClientOptions,
    private readonly tokens: ClientCredentialsToken
  ) {
    this.base = options.graphUrl.replace(/\/+$/, '')
    this.retry = options.retry ?? DEFAULT_RETRY_POLICY
    this.sleep = options.sleep ?? (ms => new Promise(resolve => setTimeout(resolve, ms)))
  }

  public get baseUrl(): string {
    return this.base
  }

  /** `target` is a path under the Graph URL (`/users?$top=1`) or a link Graph gave (nextLink, deltaLink). */
  public async get(target: string): Promise<Readonly<Record<string, unknown>>> {
    const path = this.relative(target)
    let state = { failures: 0, throttles: 0, throttledMs: 0 }
    let renewed = false
    for (;;) {
      const token = await this.tokens.get()
      try {
        const { body } = await this.client(token).send('GET', path)
        if (typeof body !== 'object' || body === null || Array.isArray(body)) {
          throw new ScimProtocolError('GET', `${this.base}${path}`, 200, 'expected a JSON object')
        }
        return body as Readonly<Record<string, unknown>>
      } catch (error) {
        if (error instanceof ScimHttpError && error.status === 401 && !renewed) {
          // The token expired (or was revoked) since it was cached: one new token, then give up.
          this.tokens.invalidate(token)
          renewed = true
          continue
        }
        const throttled = classifyFailure(error) === 'throttled'
        state = throttled
          ? { ...state, throttles: state.throttles + 1 }
          : { ...state, failures: state.failures + 1 }
        const delay = delayBeforeRetry(
          error,
          state,
          true,
          this.retry,
          this.options.random,
          this.options.now?.()
        )
        if (delay === null) throw error
        if (throttled) state = { ...state, throttledMs: state.throttledMs + delay }
        await this.sleep(delay)
      }
    }
  }

  /**
   * Every page of a collection, following `@odata.nextLink` until a page has none (a delta
   * round ends with `@odata.deltaLink` instead). A link that repeats is refused: it would never end.
   */
  public async *pages(path: string): AsyncIterable<GraphPage> {
    let next: string | null = path
    const seen = new Set<string>()
    while (next !== null) {
      if (seen.has(next)) {
        throw new ScimProtocolError(
          'GET',
          next,
          200,
          'Graph gave the same @odata.nextLink twice; the listing would never end'
        )
      }
      seen.add(next)
      const body = await this.get(next)
      const value = body['value']
      if (!Array.isArray(value)) {
        throw new ScimProtocolError(
          'GET',
          this.absolute(next),
          200,
          'expected a collection ("value" is not a list)'
        )
      }
      const nextLink = body['@odata.nextLink']
      const deltaLink = body['@odata.deltaLink']
      next = typeof nextLink === 'string' ? nextLink : null
      yield {
        value: value.filter(
          (item): item is Record<string, unknown> => typeof item === 'object' && item !== null
        ),
        deltaLink: typeof deltaLink === 'string' ? deltaLink : null,
      }
    }
  }

  public async close(): Promise<void> {
    await Promise.all([this.http?.client.close(), this.tokens.close()])
  }

  /** The HTTP client for this token: the token is in its Authorization header, scrubbed from answers. */
  private client(token: string): ScimHttp {
    if (this.http?.token !== token) {
      void this.http?.client.close()
      this.http = {
        token,
        client: new ScimHttp({
          baseUrl: this.base,
          authorization: `Bearer ${token}`,
          timeoutMs: this.options.timeoutMs,
          connections: this.options.connections,
          maxResponseBytes: this.options.maxResponseBytes,
        }),
      }
    }
    return this.http.client
  }

  /** A link Graph gave, as a path under the Graph URL; the token is never sent anywhere else. */
  private relative(target: string): string {
    if (target.startsWith('/')) return target
    const rest = target.startsWith(this.base) ? target.slice(this.base.length) : null
    if (rest === null || !(rest.startsWith('/') || rest.startsWith('?'))) {
      throw new ScimProtocolError(
        'GET',
        target,
        null,
        `the link leads outside source.graphUrl (${this.base}); the access token is not sent there`
      )
    }
    return rest
  }

  private absolute(target: string): string {
    return target.startsWith('/') ? `${this.base}${target}` : target
  }
}
