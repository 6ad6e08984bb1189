import { Agent, type Dispatcher, errors as undiciErrors, request } from 'undici'
import {
  credentialForms,
  excerpt,
  flatten,
  redactCredentials,
  secretForms,
  truncateText,
} from '../../secrets/redact-text'
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
  /** Largest response body read (default 64 MiB); a larger answer is refused, not buffered. */
  readonly maxResponseBytes?: number
  /** Credentials sent other than in `authorization` (a client secret in a form body), scrubbed alike. */
  readonly secrets?: ReadonlyArray<string>
}

export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024

export interface ScimResponse {
  readonly status: number
  /** Parsed JSON body; null for an empty body (204). */
  readonly body: unknown
}

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'

const MAX_SNIPPET = 160
const MAX_SCIM_TYPE = 100

/**
 * One pooled HTTP client per target.
 *
 * Sends single attempts; retry and rate policy live above it so they can see the whole run.
 *
 * This is where server text enters the program, so it is cleaned here: the credential this client
 * sends is removed from every answer in every form it can be echoed in (an error body, or a
 * value in a successful one), error details are capped, and no body larger than
 * `maxResponseBytes` is read.
 */
export class ScimHttp {
  private readonly agent: Agent
  private readonly base: string
  private readonly secrets: ReadonlyArray<string>
  private readonly maxResponseBytes: number

  public constructor(private readonly options: ScimHttpOptions) {
    this.base = options.baseUrl.replace(/\/+$/, '')
    this.secrets = [...credentialForms(options.authorization), ...secretForms(options.secrets ?? [])].sort(
      (a, b) => b.length - a.length
    )
    this.maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES
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

  /**
   * `path` is relative to the base URL and may carry a query string. A `URLSearchParams` body is
   * sent as a form (an OAuth token request); any other as SCIM JSON.
   */
  public async send(
    method: HttpMethod,
    path: string,
    body?: unknown,
    signal?: AbortSignal
  ): Promise<ScimResponse> {
    const url = `${this.base}${path}`
    const headers: Record<string, string> = {
      accept: 'application/scim+json, application/json',
      'user-agent': this.options.userAgent ?? 'Provisioner',
    }
    if (this.options.authorization !== null) {
      headers['authorization'] = this.options.authorization
    }
    const form = body instanceof URLSearchParams
    if (body !== undefined) {
      headers['content-type'] = form ? 'application/x-www-form-urlencoded' : 'application/scim+json'
    }
    let response: Awaited<ReturnType<typeof request>>
    try {
      response = await request(url, {
        method,
        headers,
        body: body === undefined ? undefined : form ? body.toString() : JSON.stringify(body),
        dispatcher: this.agent,
        signal: withCancel(AbortSignal.timeout(this.options.timeoutMs * 2), signal),
      })
    } catch (error) {
      signal?.throwIfAborted()
      throw toNetworkError(method, url, error)
    }
    let read: BodyRead
    try {
      read = await readCapped(response, this.maxResponseBytes)
    } catch (error) {
      signal?.throwIfAborted()
      throw toNetworkError(method, url, error)
    }
    const status = response.statusCode
    const contentType = headerValue(response.headers['content-type'])
    if (status >= 400) {
      throw this.httpError(method, url, status, read, {
        contentType,
        retryAfter: headerValue(response.headers['retry-after']),
      })
    }
    if (read.cut) {
      throw new ScimProtocolError(method, url, status, this.tooLarge())
    }
    const text = read.text
    if (text.trim() === '') {
      return { status, body: null }
    }
    if (!looksLikeJson(contentType, text)) {
      throw new ScimProtocolError(
        method,
        url,
        status,
        `expected a SCIM JSON response but got ${contentType === null ? 'no content type' : excerpt(contentType)}: ${this.snippet(text)}`
      )
    }
    let parsed: unknown
    try {
      parsed = JSON.parse(text) as unknown
    } catch {
      throw new ScimProtocolError(method, url, status, `response is not valid JSON: ${this.snippet(text)}`)
    }
    // Rare (a server echoing the credential into a resource), so the text is searched first and
    // the parsed answer walked only when a form of the credential is in it.
    const echoed = this.secrets.some(secret => text.includes(secret))
    return { status, body: echoed ? redactValues(parsed, this.secrets) : parsed }
  }

  /** The error for an HTTP error status, with the server's words cleaned and capped. */
  private httpError(
    method: HttpMethod,
    url: string,
    status: number,
    read: BodyRead,
    headers: { readonly contentType: string | null; readonly retryAfter: string | null }
  ): ScimHttpError {
    const { scimType, detail } = parseErrorBody(read.text)
    const clean = (text: string, max?: number) => truncateText(redactCredentials(text, this.secrets), max)
    return new ScimHttpError(
      method,
      url,
      status,
      scimType === null ? null : clean(scimType, MAX_SCIM_TYPE),
      detail === null ? this.pageAsDetail(read, headers.contentType) : clean(detail),
      headers.retryAfter
    )
  }

  /** Without a SCIM detail, the beginning of a non-JSON page (an HTML error page) stands in for it. */
  private pageAsDetail(read: BodyRead, contentType: string | null): string | null {
    const page = flatten(redactCredentials(read.text, this.secrets), MAX_SNIPPET)
    if (read.cut) return `${this.tooLarge()}; it began: ${page}`
    return looksLikeJson(contentType, read.text) || page === '' ? null : page
  }

  private snippet(text: string): string {
    return excerpt(redactCredentials(text, this.secrets), MAX_SNIPPET)
  }

  private tooLarge(): string {
    return `the response is larger than ${formatBytes(this.maxResponseBytes)}, the most target.maxResponseBytes allows; it was not read`
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

interface BodyRead {
  readonly text: string
  /** The body was larger than the cap: `text` is only its beginning. */
  readonly cut: boolean
}

/**
 * Reads a body as a stream up to `limit` bytes, then stops (the connection is dropped): a body
 * of gigabytes never reaches memory. A declared `content-length` over the limit is not read at all.
 */
async function readCapped(response: Dispatcher.ResponseData<unknown>, limit: number): Promise<BodyRead> {
  const declared = Number(headerValue(response.headers['content-length']) ?? Number.NaN)
  if (declared > limit) {
    response.body.destroy()
    return { text: '', cut: true }
  }
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of response.body as AsyncIterable<Buffer>) {
    if (size + chunk.length > limit) {
      response.body.destroy()
      return { text: Buffer.concat(chunks, size).toString('utf8'), cut: true }
    }
    chunks.push(chunk)
    size += chunk.length
  }
  return { text: Buffer.concat(chunks, size).toString('utf8'), cut: false }
}

function formatBytes(bytes: number): string {
  const mib = bytes / (1024 * 1024)
  return mib >= 1 && Number.isInteger(mib) ? `${mib} MiB` : `${bytes} bytes`
}

/** `value` with every credential form removed from its strings (keys are left as they are). */
function redactValues(value: unknown, secrets: ReadonlyArray<string>): unknown {
  if (typeof value === 'string') return redactCredentials(value, secrets)
  if (Array.isArray(value)) return value.map(item => redactValues(item, secrets))
  if (typeof value !== 'object' || value === null) return value
  const copy: Record<string, unknown> = {}
  for (const [key, item] of Object.entries(value)) copy[key] = redactValues(item, secrets)
  return copy
}

/**
 * RFC 7644 §3.12: `status`, optional `scimType` and `detail`. Also reads the error bodies of the
 * directory sources' services: OAuth 2.0 (`error`, `error_description`, RFC 6749 §5.2) and
 * Microsoft Graph (`{ "error": { "code", "message" } }`). Tolerates any other body.
 */
function parseErrorBody(text: string): { scimType: string | null; detail: string | null } {
  let parsed: unknown
  try {
    parsed = JSON.parse(text) as unknown
  } catch {
    // Not JSON: the caller reports a snippet of the body instead.
    return { scimType: null, detail: null }
  }
  if (!isRecord(parsed)) return { scimType: null, detail: null }
  const nested = parsed['error']
  const record = isRecord(nested) ? nested : parsed
  return {
    scimType: firstString(record['scimType'], record['code'], nested),
    detail: firstString(record['detail'], record['error_description'], record['message']),
  }
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function firstString(...values: ReadonlyArray<unknown>): string | null {
  return (values.find(value => typeof value === 'string') as string | undefined) ?? null
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

/** The request's own timeout, and the caller's cancel when there is one (only reads pass one). */
function withCancel(timeout: AbortSignal, cancel: AbortSignal | undefined): AbortSignal {
  return cancel === undefined ? timeout : AbortSignal.any([timeout, cancel])
}
