/**
 * The admin API on loopback HTTP + Server-Sent Events, for browser tests and `npm run web`.
 *
 * Never part of the desktop app: it refuses to start inside a packaged Electron build. It binds
 * 127.0.0.1 on a random port, requires a 256-bit bearer token (compared in constant time), allows
 * exactly one CORS origin, checks the Host header (DNS rebinding), caps request bodies, and ends
 * in the same `dispatch()` as Electron IPC.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { once } from 'node:events'
import { API_EVENTS, type AdminApi, type ApiErrorShape, LogExportInput } from './api/contract'
import { dispatch, type DispatchOptions } from './api/dispatch'
import type { EventHub } from './api/event-hub'

export interface HttpBridgeOptions {
  /** The one origin allowed to call (the Vite dev server's, e.g. `http://localhost:5173`). */
  readonly allowedOrigin: string
  /** 0 or absent = a free port. */
  readonly port?: number
  /** Largest request body accepted (default 1 MiB). */
  readonly maxBodyBytes?: number
  /** Inside Electron, pass `app.isPackaged`; outside Electron it is ignored. */
  readonly isPackaged?: boolean
  readonly onInternalError?: DispatchOptions['onInternalError']
  /** SSE comment interval that keeps idle connections open through proxies (default 15 s). */
  readonly heartbeatMs?: number
  /**
   * The log export as a download (`GET /export/logs`): the browser UI's stand-in for the desktop
   * app's save dialog.
   */
  readonly exportLogs?: (input: LogExportInput) => ExportDownload | Promise<ExportDownload>
}

/** A file to download, written chunk by chunk (read here, or pulled from the API host process). */
export interface ExportDownload {
  readonly fileName: string
  readonly contentType: string
  readonly chunks: Iterator<string> | AsyncIterator<string>
}

export interface HttpBridge {
  /** e.g. `http://127.0.0.1:49152` */
  readonly url: string
  readonly port: number
  /** 64 hex characters; give it to the page as `?token=`. */
  readonly token: string
  close(): Promise<void>
}

export class BridgeRefusedError extends Error {
  public constructor(message: string) {
    super(message)
    this.name = 'BridgeRefusedError'
  }
}

const DEFAULT_MAX_BODY = 1024 * 1024
const RPC_PATH = /^\/rpc\/([A-Za-z][A-Za-z0-9]{0,63})$/

/**
 * Refuses the bridge in a packaged app.
 *
 * Inside Electron the caller should pass `app.isPackaged`; when it does not, only a development
 * launch (`electron .`, where Electron sets `process.defaultApp`) is trusted.
 */
export function assertBridgeAllowed(isPackaged: boolean | undefined): void {
  if (process.versions['electron'] === undefined) {
    return
  }
  // `process.defaultApp` is Electron's; it is not in Node's typings.
  const packaged = isPackaged ?? Reflect.get(process, 'defaultApp') !== true
  if (packaged) {
    throw new BridgeRefusedError(
      'The HTTP bridge is for development and tests; it never runs in a packaged app'
    )
  }
}

/** Starts the bridge on 127.0.0.1 and resolves once it is listening. */
export async function startHttpBridge(
  api: AdminApi,
  hub: EventHub,
  options: HttpBridgeOptions
): Promise<HttpBridge> {
  assertBridgeAllowed(options.isPackaged)
  const allowedOrigin = normaliseOrigin(options.allowedOrigin)
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY
  const heartbeatMs = options.heartbeatMs ?? 15_000
  const token = randomBytes(32).toString('hex')
  const tokenDigest = digest(token)
  const streams = new Set<ServerResponse>()
  let expectedHost = ''

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) sendJson(res, 500, failure('internal', 'Internal error'))
      else res.end()
    })
  })

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.setHeader('Cache-Control', 'no-store')
    res.setHeader('X-Content-Type-Options', 'nosniff')
    res.setHeader('Vary', 'Origin')
    // A DNS-rebound name pointing at 127.0.0.1 arrives with a foreign Host header.
    if (req.headers.host !== expectedHost) {
      return sendJson(res, 421, failure('untrusted-sender', 'Unexpected Host header'))
    }
    const origin = req.headers.origin
    if (origin !== undefined && origin !== allowedOrigin) {
      return sendJson(res, 403, failure('untrusted-sender', 'Origin not allowed'))
    }
    res.setHeader('Access-Control-Allow-Origin', allowedOrigin)
    if (req.method === 'OPTIONS') {
      res.setHeader('Access-Control-Allow-Methods', 'GET, POST')
      res.setHeader('Access-Control-Allow-Headers', 'authorization, content-type')
      res.setHeader('Access-Control-Max-Age', '600')
      res.writeHead(204).end()
      return
    }

    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const call = RPC_PATH.exec(url.pathname)
    if (req.method === 'POST' && call !== null) {
      if (!authorised(bearer(req))) {
        return sendJson(res, 401, failure('untrusted-sender', 'Missing or wrong bearer token'))
      }
      const body = await readBody(req, maxBodyBytes)
      if (body.kind === 'too-large') {
        res.setHeader('Connection', 'close')
        return sendJson(res, 413, failure('invalid-input', `Request body over ${maxBodyBytes} bytes`))
      }
      let input: unknown
      if (body.text.trim() !== '') {
        if (!isJson(req)) {
          return sendJson(res, 415, failure('invalid-input', 'Send application/json'))
        }
        try {
          input = JSON.parse(body.text) as unknown
        } catch {
          return sendJson(res, 400, failure('invalid-input', 'Request body is not valid JSON'))
        }
      }
      return sendJson(
        res,
        200,
        await dispatch(api, call[1], input, { onInternalError: options.onInternalError })
      )
    }
    if (req.method === 'GET' && url.pathname === '/events') {
      // EventSource cannot set headers, so the event stream alone takes the token as a parameter.
      if (!authorised(url.searchParams.get('token') ?? bearer(req))) {
        return sendJson(res, 401, failure('untrusted-sender', 'Missing or wrong token'))
      }
      return openEventStream(req, res)
    }
    if (req.method === 'GET' && url.pathname === '/export/logs' && options.exportLogs !== undefined) {
      // A download is a navigation, which cannot set headers either.
      if (!authorised(url.searchParams.get('token') ?? bearer(req))) {
        return sendJson(res, 401, failure('untrusted-sender', 'Missing or wrong token'))
      }
      return sendDownload(res, url.searchParams.get('input'), options.exportLogs)
    }
    sendJson(res, 404, failure('unknown-method', 'Not found'))
  }

  function openEventStream(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', Connection: 'keep-alive' })
    res.write(': connected\n\n')
    streams.add(res)
    const offs = API_EVENTS.map(name =>
      hub.on(name, payload => {
        res.write(`event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`)
      })
    )
    const heartbeat = setInterval(() => res.write(': ping\n\n'), heartbeatMs)
    heartbeat.unref()
    req.on('close', () => {
      clearInterval(heartbeat)
      offs.forEach(off => off())
      streams.delete(res)
    })
  }

  function authorised(presented: string | null): boolean {
    // Hashing first makes the comparison constant-time even when the lengths differ.
    return presented !== null && timingSafeEqual(digest(presented), tokenDigest)
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  const { port } = server.address() as AddressInfo
  expectedHost = `127.0.0.1:${port}`

  let closing: Promise<void> | undefined
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    token,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        for (const stream of streams) stream.end()
        server.close(error => (error ? reject(error) : resolve()))
        server.closeAllConnections()
      })
      return closing
    },
  }
}

/** Validates the export's input as the API would, then streams the file with backpressure. */
async function sendDownload(
  res: ServerResponse,
  rawInput: string | null,
  exportLogs: (input: LogExportInput) => ExportDownload | Promise<ExportDownload>
): Promise<void> {
  let input: unknown
  try {
    input = JSON.parse(rawInput ?? '')
  } catch {
    return sendJson(res, 400, failure('invalid-input', 'input must be JSON'))
  }
  const parsed = LogExportInput.safeParse(input)
  if (!parsed.success) {
    return sendJson(res, 400, failure('invalid-input', 'Invalid input for exportLogs'))
  }
  const download = await exportLogs(parsed.data)
  res.writeHead(200, {
    'Content-Type': download.contentType,
    'Content-Disposition': `attachment; filename="${download.fileName}"`,
  })
  const { chunks } = download
  for (let next = await chunks.next(); next.done !== true; next = await chunks.next()) {
    if (res.destroyed) {
      // The download was cancelled: the source stops reading (the host frees its export).
      await chunks.return?.()
      return
    }
    if (!res.write(next.value)) await Promise.race([once(res, 'drain'), once(res, 'close')])
  }
  res.end()
}

function bearer(req: IncomingMessage): string | null {
  const header = req.headers.authorization
  if (header === undefined) return null
  const match = /^Bearer ([^\s]+)$/.exec(header)
  return match?.[1] ?? null
}

function isJson(req: IncomingMessage): boolean {
  return /^application\/json(\s*;|$)/i.test(req.headers['content-type'] ?? '')
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest()
}

type Body = { readonly kind: 'ok'; readonly text: string } | { readonly kind: 'too-large' }

function readBody(req: IncomingMessage, maxBytes: number): Promise<Body> {
  const declared = Number(req.headers['content-length'] ?? '0')
  if (Number.isFinite(declared) && declared > maxBytes) {
    return Promise.resolve({ kind: 'too-large' })
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size > maxBytes) {
        // Stop reading: a client that lied about its length gets no more of our memory. The
        // 413 goes out with `Connection: close`, which drops the rest.
        req.off('data', onData)
        req.pause()
        resolve({ kind: 'too-large' })
        return
      }
      chunks.push(chunk)
    }
    req.on('data', onData)
    req.once('end', () => resolve({ kind: 'ok', text: Buffer.concat(chunks).toString('utf8') }))
    req.once('error', reject)
  })
}

function failure(code: ApiErrorShape['code'], message: string): { ok: false; error: ApiErrorShape } {
  return { ok: false, error: { code, message } }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  })
  res.end(text)
}

function normaliseOrigin(origin: string): string {
  const parsed = new URL(origin)
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new BridgeRefusedError(`allowedOrigin must be an http(s) origin, got ${origin}`)
  }
  return parsed.origin
}
