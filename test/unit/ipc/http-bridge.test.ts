import { request as httpRequest } from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { EventHub } from '../../../main/ipc/api/event-hub'
import {
  BridgeRefusedError,
  type HttpBridge,
  assertBridgeAllowed,
  startHttpBridge,
} from '../../../main/ipc/http-bridge'
import { fakeAdminApi, OVERVIEW } from './fake-admin-api'

const ORIGIN = 'http://localhost:5173'

interface Reply {
  readonly status: number
  readonly headers: Record<string, string | string[] | undefined>
  readonly body: string
}

/** A raw HTTP request: full control of Host, Origin and body framing (fetch forbids some of them). */
function send(
  bridge: HttpBridge,
  options: {
    readonly method?: string
    readonly path: string
    readonly headers?: Record<string, string>
    readonly body?: string | ReadonlyArray<string>
  }
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port: bridge.port,
        method: options.method ?? 'POST',
        path: options.path,
        headers: options.headers,
      },
      res => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', chunk => (body += chunk))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
      }
    )
    req.on('error', reject)
    const chunks = typeof options.body === 'string' ? [options.body] : (options.body ?? [])
    for (const chunk of chunks) req.write(chunk)
    req.end()
  })
}

function authorised(bridge: HttpBridge, extra: Record<string, string> = {}): Record<string, string> {
  return { authorization: `Bearer ${bridge.token}`, 'content-type': 'application/json', ...extra }
}

const started: HttpBridge[] = []

async function start(options: { maxBodyBytes?: number; hub?: EventHub } = {}): Promise<HttpBridge> {
  const bridge = await startHttpBridge(fakeAdminApi(), options.hub ?? new EventHub(), {
    allowedOrigin: ORIGIN,
    maxBodyBytes: options.maxBodyBytes,
  })
  started.push(bridge)
  return bridge
}

afterEach(async () => {
  await Promise.all(started.splice(0).map(bridge => bridge.close()))
})

describe('startHttpBridge', () => {
  it('listens on 127.0.0.1 only, on a random port, with a 256-bit token', async () => {
    const bridge = await start()
    expect(bridge.url).toBe(`http://127.0.0.1:${bridge.port}`)
    expect(bridge.port).toBeGreaterThan(0)
    expect(bridge.token).toMatch(/^[0-9a-f]{64}$/)
    const other = await start()
    expect(other.token).not.toBe(bridge.token)
  })

  it('answers a call with the right bearer token through dispatch', async () => {
    const bridge = await start()
    const reply = await send(bridge, { path: '/rpc/getOverview', headers: authorised(bridge) })
    expect(reply.status).toBe(200)
    expect(JSON.parse(reply.body)).toEqual({ ok: true, value: OVERVIEW })
    expect(reply.headers['cache-control']).toBe('no-store')
  })

  it.each([
    ['no token', {}],
    ['a wrong token', { authorization: `Bearer ${'0'.repeat(64)}` }],
    ['a short token', { authorization: 'Bearer x' }],
    ['a non-bearer scheme', { authorization: 'Basic dXNlcjpwYXNz' }],
  ])('answers 401 with %s', async (_label, headers) => {
    const bridge = await start()
    const reply = await send(bridge, { path: '/rpc/getOverview', headers })
    expect(reply.status).toBe(401)
    expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { code: 'untrusted-sender' } })
  })

  it('does not take the token from the query string for calls', async () => {
    const bridge = await start()
    const reply = await send(bridge, { path: `/rpc/getOverview?token=${bridge.token}` })
    expect(reply.status).toBe(401)
  })

  it('allows exactly one CORS origin', async () => {
    const bridge = await start()
    const allowed = await send(bridge, {
      path: '/rpc/getOverview',
      headers: authorised(bridge, { origin: ORIGIN }),
    })
    expect(allowed.status).toBe(200)
    expect(allowed.headers['access-control-allow-origin']).toBe(ORIGIN)

    const foreign = await send(bridge, {
      path: '/rpc/getOverview',
      headers: authorised(bridge, { origin: 'http://evil.example' }),
    })
    expect(foreign.status).toBe(403)
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined()
  })

  it('answers the CORS preflight of the allowed origin only', async () => {
    const bridge = await start()
    const preflight = await send(bridge, {
      method: 'OPTIONS',
      path: '/rpc/getOverview',
      headers: { origin: ORIGIN, 'access-control-request-method': 'POST' },
    })
    expect(preflight.status).toBe(204)
    expect(preflight.headers['access-control-allow-origin']).toBe(ORIGIN)
    expect(preflight.headers['access-control-allow-headers']).toBe('authorization, content-type')

    const foreign = await send(bridge, {
      method: 'OPTIONS',
      path: '/rpc/getOverview',
      headers: { origin: 'null' },
    })
    expect(foreign.status).toBe(403)
  })

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const bridge = await start()
    const reply = await send(bridge, {
      path: '/rpc/getOverview',
      headers: authorised(bridge, { host: `rebind.example:${bridge.port}` }),
    })
    expect(reply.status).toBe(421)
  })

  it('caps the body by Content-Length and by what actually arrives', async () => {
    const bridge = await start({ maxBodyBytes: 100 })
    const declared = await send(bridge, {
      path: '/rpc/listRuns',
      headers: authorised(bridge),
      body: JSON.stringify({ jobId: 'x'.repeat(200), limit: 1 }),
    })
    expect(declared.status).toBe(413)

    const chunked = await send(bridge, {
      path: '/rpc/listRuns',
      headers: authorised(bridge, { 'transfer-encoding': 'chunked' }),
      body: ['{"jobId":"', 'x'.repeat(80), 'y'.repeat(80), '","limit":1}'],
    })
    expect(chunked.status).toBe(413)
    expect(JSON.parse(chunked.body)).toMatchObject({ ok: false, error: { code: 'invalid-input' } })
  })

  it('refuses bodies that are not JSON', async () => {
    const bridge = await start()
    const broken = await send(bridge, {
      path: '/rpc/listRuns',
      headers: authorised(bridge),
      body: '{"jobId":',
    })
    expect(broken.status).toBe(400)
    const form = await send(bridge, {
      path: '/rpc/listRuns',
      headers: authorised(bridge, { 'content-type': 'application/x-www-form-urlencoded' }),
      body: 'jobId=a&limit=1',
    })
    expect(form.status).toBe(415)
  })

  it('validates input with the same dispatch as IPC', async () => {
    const bridge = await start()
    const reply = await send(bridge, {
      path: '/rpc/listRuns',
      headers: authorised(bridge),
      body: JSON.stringify({ jobId: 'a', limit: 'many' }),
    })
    expect(reply.status).toBe(200)
    expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { code: 'invalid-input' } })
    const unknown = await send(bridge, { path: '/rpc/dropTables', headers: authorised(bridge) })
    expect(JSON.parse(unknown.body)).toMatchObject({ ok: false, error: { code: 'unknown-method' } })
  })

  it('delivers hub events over SSE to a client holding the token', async () => {
    const hub = new EventHub()
    const bridge = await start({ hub })
    const response = await fetch(`${bridge.url}/events?token=${bridge.token}`, {
      headers: { origin: ORIGIN },
    })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/)
    expect(response.headers.get('access-control-allow-origin')).toBe(ORIGIN)
    const reader = response.body!.getReader()
    const decoder = new TextDecoder()
    let text = decoder.decode((await reader.read()).value)
    expect(text).toContain(': connected')
    await expect.poll(() => hub.listenerCount('runFinished')).toBe(1)

    const payload = { runId: 'r1', jobId: 'j1', mode: 'dry-run', status: 'completed', summary: null } as const
    hub.emit('runFinished', payload)
    const frame = /event: runFinished\ndata: (.*)\n\n/
    while (!frame.test(text)) text += decoder.decode((await reader.read()).value)
    expect(JSON.parse(frame.exec(text)![1]!)).toEqual(payload)

    await reader.cancel()
    await expect.poll(() => hub.listenerCount('runFinished')).toBe(0)
  })

  it('refuses the event stream without the token', async () => {
    const bridge = await start()
    const reply = await send(bridge, { method: 'GET', path: '/events' })
    expect(reply.status).toBe(401)
  })

  it('answers 404 for anything else', async () => {
    const bridge = await start()
    const reply = await send(bridge, { method: 'GET', path: '/rpc/getOverview', headers: authorised(bridge) })
    expect(reply.status).toBe(404)
  })
})

describe('assertBridgeAllowed', () => {
  function inElectron(run: () => void, defaultApp: boolean | undefined): void {
    Object.defineProperty(process.versions, 'electron', {
      value: '41.7.1',
      configurable: true,
      enumerable: true,
    })
    Object.defineProperty(process, 'defaultApp', { value: defaultApp, configurable: true })
    try {
      run()
    } finally {
      Reflect.deleteProperty(process.versions, 'electron')
      Reflect.deleteProperty(process, 'defaultApp')
    }
  }

  it('allows plain Node', () => {
    expect(() => assertBridgeAllowed(undefined)).not.toThrow()
  })

  it('refuses a packaged Electron app', () => {
    inElectron(() => expect(() => assertBridgeAllowed(true)).toThrow(BridgeRefusedError), true)
    // Without being told, only `electron .` (a development launch) is trusted.
    inElectron(() => expect(() => assertBridgeAllowed(undefined)).toThrow(BridgeRefusedError), undefined)
  })

  it('allows an unpackaged development launch', () => {
    inElectron(() => expect(() => assertBridgeAllowed(false)).not.toThrow(), undefined)
    inElectron(() => expect(() => assertBridgeAllowed(undefined)).not.toThrow(), true)
  })

  it('refuses to start the server at all when packaged', async () => {
    await new Promise<void>((resolve, reject) => {
      inElectron(() => {
        startHttpBridge(fakeAdminApi(), new EventHub(), { allowedOrigin: ORIGIN, isPackaged: true }).then(
          () => reject(new Error('started')),
          error => (error instanceof BridgeRefusedError ? resolve() : reject(error))
        )
      }, undefined)
    })
  })
})

describe('log export downloads pulled from another process', () => {
  it('streams an asynchronous export, and ends it when the download is abandoned', async () => {
    let pulled = 0
    let ended = false
    const chunk = 'x'.repeat(64 * 1024)
    const bridge = await startHttpBridge(fakeAdminApi(), new EventHub(), {
      allowedOrigin: ORIGIN,
      // As the API host's export: the head first (a promise), then chunks pulled one by one, endlessly.
      exportLogs: async () => ({
        fileName: 'logs.csv',
        contentType: 'text/csv; charset=utf-8',
        chunks: {
          next: async () => {
            pulled++
            return { done: false, value: chunk }
          },
          return: async () => {
            ended = true
            return { done: true, value: undefined }
          },
        },
      }),
    })
    started.push(bridge)
    const input = encodeURIComponent(JSON.stringify({ format: 'csv' }))
    const aborter = new AbortController()
    const response = await fetch(`${bridge.url}/export/logs?token=${bridge.token}&input=${input}`, {
      signal: aborter.signal,
    })
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="logs.csv"')
    const reader = response.body!.getReader()
    expect((await reader.read()).done).toBe(false)
    aborter.abort()
    await expect.poll(() => ended, { timeout: 10_000 }).toBe(true)
    const afterEnd = pulled
    await new Promise(resolve => setTimeout(resolve, 50))
    expect(pulled).toBe(afterEnd)
  })
})
