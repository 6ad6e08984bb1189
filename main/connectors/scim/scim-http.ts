import { Agent, errors as undiciErrors, request } from 'undici'
import { ScimHttpError, ScimNetworkError, ScimProtocolError } from './scim-errors'

export interface ScimHttpOptions {
  /** Service provider base URL, e.g. https://app.example.com/scim/v2 (no trailing slash needed). */
  readonly baseUrl: string
  /** Full `Authorization` header value; resolved from the keychain by the caller, never logged. */
  readonly authorization: string | null
  /** Per-request time limit for headers and for the body, in ms. */
  readonly timeoutMs: number
  /** Pooled connections to the origin (≥ the run's concurrency). */
  readonly connections: number
  readonly userAgent?: string
}

export interface ScimResponse {
  readonly status: number
  /** Parsed JSON body; null for an empty body (204). */
  readonly body: unknown
}

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'

const MAX_SNIPPET = 160

/**
 * One pooled HTTP client per target.
 *
 * Sends single attempts; retry and rate policy live above it so they can see the whole run.
 */
export class ScimHttp {
  private readonly agent: Agent
  private readonly base: string

  public constructor(private readonly options: ScimHttpOptions) {
    this.base = options.baseUrl.replace(/\/+$/, '')
    this.agent = new Agent({
      connections: options.connections,
      pipelining: 1,
      keepAliveTimeout: 30_000,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      connectTimeout: Math.min(options.timeoutMs, 10_000),
    })
  }

  public get baseUrl(): string {
    return this.base
  }

  /** `path` is relative to the base URL and may carry a query string. */
  public async send(method: HttpMethod, path: string, body?: unknown): Promise<ScimResponse> {
    const url = `${this.base}${path}`
    const headers: Record<string, string> = {
      accept: 'application/scim+json, application/json',
      'user-agent': this.options.userAgent ?? 'Provisioner',
    }
    if (this.options.authorization !== null) {
      headers['authorization'] = this.options.authorization
    }
    if (body !== undefined) {
      headers['content-type'] = 'application/scim+json'
    }
    let response: Awaited<ReturnType<typeof request>>
    try {
      response = await request(url, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        dispatcher: this.agent,
        signal: AbortSignal.timeout(this.options.timeoutMs * 2),
      })
    } catch (error) {
      throw toNetworkError(method, url, error)
    }
    let text: string
    try {
      text = await response.body.text()
    } catch (error) {
      throw toNetworkError(method, url, error)
    }
    const status = response.statusCode
    const contentType = headerValue(response.headers['content-type'])
    if (status >= 400) {
      const { scimType, detail } = parseErrorBody(text)
      throw new ScimHttpError(
        method,
        url,
        status,
        scimType,
        detail ?? (looksLikeJson(contentType, text) ? null : snippet(text)),
        headerValue(response.headers['retry-after'])
      )
    }
    if (text.trim() === '') {
      return { status, body: null }
    }
    if (!looksLikeJson(contentType, text)) {
      throw new ScimProtocolError(
        method,
        url,
        status,
        `expected a SCIM JSON response but got ${contentType ?? 'no content type'}: ${snippet(text)}`
      )
    }
    try {
      return { status, body: JSON.parse(text) as unknown }
    } catch {
      throw new ScimProtocolError(method, url, status, `response is not valid JSON: ${snippet(text)}`)
    }
  }

  public async close(): Promise<void> {
    await this.agent.close()
  }
}

function headerValue(value: string | string[] | undefined): string | null {
  if (value === undefined) return null
  return Array.isArray(value) ? (value[0] ?? null) : value
}

function looksLikeJson(contentType: string | null, text: string): boolean {
  if (contentType !== null && /json/i.test(contentType)) {
    return true
  }
  const first = text.trimStart()[0]
  return contentType === null && (first === '{' || first === '[')
}

function snippet(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length > MAX_SNIPPET ? `${flat.slice(0, MAX_SNIPPET)}…` : flat
}

/** RFC 7644 §3.12: `status`, optional `scimType` and `detail`. Tolerates non-SCIM bodies. */
function parseErrorBody(text: string): { scimType: string | null; detail: string | null } {
  try {
    const parsed = JSON.parse(text) as unknown
    if (typeof parsed === 'object' && parsed !== null) {
      const record = parsed as Record<string, unknown>
      const scimType = typeof record['scimType'] === 'string' ? record['scimType'] : null
      const detail =
        typeof record['detail'] === 'string'
          ? record['detail']
          : typeof record['message'] === 'string'
            ? record['message']
            : null
      return { scimType, detail }
    }
  } catch {
    // Not JSON: the caller reports a snippet of the body instead.
  }
  return { scimType: null, detail: null }
}

function toNetworkError(method: string, url: string, error: unknown): ScimNetworkError {
  const timedOut =
    error instanceof undiciErrors.HeadersTimeoutError ||
    error instanceof undiciErrors.BodyTimeoutError ||
    error instanceof undiciErrors.ConnectTimeoutError ||
    (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError'))
  const reason =
    error instanceof Error
      ? ((error as Error & { code?: string }).code ??
        (error.cause as { code?: string } | undefined)?.code ??
        error.message)
      : String(error)
  return new ScimNetworkError(method, url, reason, timedOut)
}
