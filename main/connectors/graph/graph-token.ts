import { ScimProtocolError } from '../scim/scim-errors'
import { ScimHttp } from '../scim/scim-http'

export interface ClientCredentialsOptions {
  /** The token endpoint, tenant already in it. */
  readonly tokenUrl: string
  readonly clientId: string
  readonly clientSecret: string
  /** `<resource>/.default`, e.g. https://graph.microsoft.com/.default. */
  readonly scope: string
  readonly timeoutMs: number
  readonly now?: () => number
}

/** A token is renewed this long before it expires (less for short-lived ones: half their life). */
const RENEW_BEFORE_MS = 5 * 60_000

/**
 * OAuth 2.0 client credentials (RFC 6749 §4.4) as the Microsoft identity platform documents them:
 * `client_id`, `client_secret`, `scope` and `grant_type=client_credentials` posted as a form; the
 * answer's `access_token` is kept until shortly before `expires_in` runs out (this flow has no
 * refresh token: a new one is asked for). The secret is scrubbed from every answer.
 */
export class ClientCredentialsToken {
  private readonly http: ScimHttp
  private readonly now: () => number
  private cached: { readonly value: string; readonly renewAt: number } | null = null
  private pending: Promise<string> | null = null

  public constructor(private readonly options: ClientCredentialsOptions) {
    this.now = options.now ?? Date.now
    this.http = new ScimHttp({
      baseUrl: options.tokenUrl,
      authorization: null,
      secrets: [options.clientSecret],
      timeoutMs: options.timeoutMs,
      connections: 1,
      maxResponseBytes: 1024 * 1024,
    })
  }

  /** A valid access token: the cached one, or a new one (one request even when asked for at once). */
  public async get(): Promise<string> {
    if (this.cached !== null && this.now() < this.cached.renewAt) return this.cached.value
    this.pending ??= this.request().finally(() => (this.pending = null))
    return this.pending
  }

  /** Forget the cached token (Graph refused it): the next `get` asks for a new one. */
  public invalidate(stale: string): void {
    if (this.cached?.value === stale) this.cached = null
  }

  public close(): Promise<void> {
    return this.http.close()
  }

  private async request(): Promise<string> {
    const form = new URLSearchParams({
      client_id: this.options.clientId,
      scope: this.options.scope,
      client_secret: this.options.clientSecret,
      grant_type: 'client_credentials',
    })
    const asked = this.now()
    const { status, body } = await this.http.send('POST', '', form)
    const record = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>
    const token = record['access_token']
    const lifetime = Number(record['expires_in'])
    const type = record['token_type']
    if (
      typeof token !== 'string' ||
      token === '' ||
      !(lifetime > 0) ||
      (typeof type === 'string' && !/^bearer$/i.test(type))
    ) {
      throw new ScimProtocolError(
        'POST',
        this.options.tokenUrl,
        status,
        'the token endpoint answered without a bearer access_token and expires_in'
      )
    }
    const lifetimeMs = lifetime * 1000
    this.cached = { value: token, renewAt: asked + lifetimeMs - Math.min(RENEW_BEFORE_MS, lifetimeMs / 2) }
    return token
  }
}
