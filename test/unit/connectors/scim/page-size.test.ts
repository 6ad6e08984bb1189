import { describe, expect, it } from 'vitest'
import type { TargetResource } from '../../../../main/connectors/connector'
import {
  choosePageSize,
  FALLBACK_PAGE_SIZE,
  fullPageSize,
  MAX_PAGE_SIZE,
  UNKNOWN_LIMIT_PAGE_SIZE,
} from '../../../../main/connectors/scim/page-size'
import { DEFAULT_RETRY_POLICY } from '../../../../main/connectors/scim/retry-policy'
import { ScimHttpError } from '../../../../main/connectors/scim/scim-errors'
import { ScimTarget, type ScimDialect } from '../../../../main/connectors/scim/scim-target'
import { type Handler, sendJson, startTestServer, type TestServer } from '../../../helpers/http-test-server'

const LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse'
const config = (maxResults: unknown) => ({ filter: { supported: true, maxResults } })

describe('choosePageSize', () => {
  it('keeps a page size the job (or its app template) sets, whatever the server allows', () => {
    expect(choosePageSize(250, config(1000))).toEqual({ count: 250, basis: 'job' })
    expect(choosePageSize(5000, config(200))).toEqual({ count: 5000, basis: 'job' })
  })

  it("asks for the server's filter.maxResults when the job sets none", () => {
    expect(choosePageSize('largest', config(200))).toEqual({ count: 200, basis: 'server' })
    expect(choosePageSize('largest', config(1))).toEqual({ count: 1, basis: 'server' })
  })

  it('asks for at most MAX_PAGE_SIZE, however many the server allows', () => {
    expect(choosePageSize('largest', config(1_000_000))).toEqual({ count: MAX_PAGE_SIZE, basis: 'server' })
  })

  it('guesses when the server names no usable maximum (missing config, no filter, not a positive whole number)', () => {
    const guess = { count: UNKNOWN_LIMIT_PAGE_SIZE, basis: 'guess' }
    for (const body of [null, 'text', {}, { filter: null }, { filter: { supported: true } }]) {
      expect(choosePageSize('largest', body)).toEqual(guess)
    }
    for (const maxResults of [0, -5, 2.5, '500', Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(choosePageSize('largest', config(maxResults))).toEqual(guess)
    }
  })
})

describe('fullPageSize', () => {
  it('lowers the full page to what a server that caps count returned while more remain', () => {
    expect(fullPageSize(1000, 200, true)).toBe(200)
  })

  it('keeps it for a last short page, an empty page, or a server that returned more than asked', () => {
    expect(fullPageSize(1000, 37, false)).toBe(1000)
    expect(fullPageSize(1000, 0, true)).toBe(1000)
    expect(fullPageSize(100, 500, true)).toBe(100)
  })
})

function users(count: number): TargetResource[] {
  return Array.from({ length: count }, (_, index) => ({ id: `u${index + 1}`, userName: `user${index + 1}` }))
}

/**
 * A SCIM server of `all` users that returns at most `cap` per page, answers `count` above
 * `refuseAbove` with 400, and serves `spc` as its ServiceProviderConfig (404 when undefined).
 */
function server(
  all: TargetResource[],
  options: { cap?: number; refuseAbove?: number; spc?: unknown; totalIsPageSize?: boolean }
): Handler {
  return (request, response) => {
    const url = new URL(request.url, 'http://x')
    if (url.pathname.endsWith('/ServiceProviderConfig')) {
      if (options.spc === undefined) return sendJson(response, 404, { status: '404' })
      return sendJson(response, 200, options.spc)
    }
    const start = Number(url.searchParams.get('startIndex'))
    const count = Number(url.searchParams.get('count'))
    if (options.refuseAbove !== undefined && count > options.refuseAbove) {
      return sendJson(response, 400, { status: '400', scimType: 'invalidValue', detail: 'count too large' })
    }
    const resources = all.slice(start - 1, start - 1 + Math.min(count, options.cap ?? count))
    const total = options.totalIsPageSize === true ? resources.length : all.length
    sendJson(response, 200, { schemas: [LIST], totalResults: total, Resources: resources })
  }
}

async function listWith(
  handler: Handler,
  pageSize: ScimDialect['pageSize']
): Promise<{ ids: string[]; requests: string[]; server: TestServer }> {
  const testServer = await startTestServer(handler)
  const target = new ScimTarget({
    baseUrl: `${testServer.origin}/scim/v2`,
    authorization: null,
    timeoutMs: 5_000,
    connections: 1,
    retry: { ...DEFAULT_RETRY_POLICY, maxAttempts: 1, maxRetryAfterMs: 0 },
    dialect: { pageSize },
  })
  try {
    const ids: string[] = []
    for await (const resource of target.list('user')) ids.push(resource.id)
    return { ids, requests: testServer.requests.map(request => request.url), server: testServer }
  } finally {
    await target.close()
  }
}

describe('ScimTarget.list with the largest page', () => {
  it("asks for the ServiceProviderConfig's maxResults per page", async () => {
    const all = users(450)
    const { ids, requests } = await listWith(server(all, { spc: config(200) }), 'largest')
    expect(ids).toEqual(all.map(user => user.id))
    expect(requests).toEqual([
      '/scim/v2/ServiceProviderConfig',
      '/scim/v2/Users?startIndex=1&count=200',
      '/scim/v2/Users?startIndex=201&count=200',
      '/scim/v2/Users?startIndex=401&count=200',
    ])
  })

  it('reads the ServiceProviderConfig once for users and groups alike', async () => {
    const testServer = await startTestServer(server(users(3), { spc: config(50) }))
    const target = new ScimTarget({
      baseUrl: `${testServer.origin}/scim/v2`,
      authorization: null,
      timeoutMs: 5_000,
      connections: 1,
      dialect: { pageSize: 'largest' },
    })
    for (let round = 0; round < 2; round++) for await (const _ of target.list('user')) void _
    await target.close()
    expect(
      testServer.requests.filter(request => request.url.endsWith('/ServiceProviderConfig'))
    ).toHaveLength(1)
  })

  it('keeps the job page size without asking the server', async () => {
    const all = users(30)
    const { ids, requests } = await listWith(server(all, { spc: config(1000) }), 20)
    expect(ids).toHaveLength(30)
    expect(requests).toEqual([
      '/scim/v2/Users?startIndex=1&count=20',
      '/scim/v2/Users?startIndex=21&count=20',
    ])
  })

  it('without a ServiceProviderConfig asks for a large page and follows the pages a capping server returns', async () => {
    const all = users(250)
    const { ids, requests } = await listWith(server(all, { cap: 100 }), 'largest')
    expect(ids).toEqual(all.map(user => user.id))
    expect(requests).toEqual([
      '/scim/v2/ServiceProviderConfig',
      `/scim/v2/Users?startIndex=1&count=${UNKNOWN_LIMIT_PAGE_SIZE}`,
      `/scim/v2/Users?startIndex=101&count=${UNKNOWN_LIMIT_PAGE_SIZE}`,
      `/scim/v2/Users?startIndex=201&count=${UNKNOWN_LIMIT_PAGE_SIZE}`,
    ])
  })

  it('reads on past a short first page of a guessed size whose totalResults is only the page size', async () => {
    const all = users(250)
    const { ids, requests } = await listWith(server(all, { cap: 100, totalIsPageSize: true }), 'largest')
    expect(ids).toEqual(all.map(user => user.id))
    expect(requests.at(-1)).toBe(`/scim/v2/Users?startIndex=251&count=${UNKNOWN_LIMIT_PAGE_SIZE}`)
  })

  it('confirms the end of a small listing of a guessed size with one empty page', async () => {
    const all = users(53)
    const { ids, requests } = await listWith(server(all, {}), 'largest')
    expect(ids).toHaveLength(53)
    expect(requests).toEqual([
      '/scim/v2/ServiceProviderConfig',
      `/scim/v2/Users?startIndex=1&count=${UNKNOWN_LIMIT_PAGE_SIZE}`,
      `/scim/v2/Users?startIndex=54&count=${UNKNOWN_LIMIT_PAGE_SIZE}`,
    ])
  })

  it('asks again with the usual page size when the server refuses the guessed one (400)', async () => {
    const all = users(150)
    const { ids, requests } = await listWith(server(all, { refuseAbove: 500 }), 'largest')
    expect(ids).toEqual(all.map(user => user.id))
    expect(requests).toEqual([
      '/scim/v2/ServiceProviderConfig',
      `/scim/v2/Users?startIndex=1&count=${UNKNOWN_LIMIT_PAGE_SIZE}`,
      `/scim/v2/Users?startIndex=1&count=${FALLBACK_PAGE_SIZE}`,
      `/scim/v2/Users?startIndex=101&count=${FALLBACK_PAGE_SIZE}`,
    ])
  })

  it("does not lower a page size the job or the server's config set: their 400 is the error", async () => {
    const all = users(10)
    for (const [handler, pageSize] of [
      [server(all, { refuseAbove: 5 }), 20],
      [server(all, { refuseAbove: 5, spc: config(20) }), 'largest'],
    ] as const) {
      const error = await listWith(handler, pageSize).then(
        () => null,
        (failure: unknown) => failure
      )
      expect(error).toBeInstanceOf(ScimHttpError)
      expect((error as ScimHttpError).status).toBe(400)
    }
  })

  it('asks for the ServiceProviderConfig again after a connection failure cut the first listing short', async () => {
    let dropped = false
    const answer = server(users(3), { spc: config(50) })
    const testServer = await startTestServer((request, response) => {
      if (!dropped && request.url.endsWith('/ServiceProviderConfig')) {
        dropped = true
        response.socket?.destroy()
        return
      }
      answer(request, response)
    })
    const target = new ScimTarget({
      baseUrl: `${testServer.origin}/scim/v2`,
      authorization: null,
      timeoutMs: 5_000,
      connections: 1,
      retry: { ...DEFAULT_RETRY_POLICY, maxAttempts: 1, maxRetryAfterMs: 0 },
      dialect: { pageSize: 'largest' },
    })
    const listAll = async () => {
      const ids: string[] = []
      for await (const resource of target.list('user')) ids.push(resource.id)
      return ids
    }
    try {
      await expect(listAll()).rejects.toThrow()
      expect(await listAll()).toEqual(['u1', 'u2', 'u3'])
      expect(testServer.requests.map(request => request.url).slice(-2)).toEqual([
        '/scim/v2/ServiceProviderConfig',
        '/scim/v2/Users?startIndex=1&count=50',
      ])
    } finally {
      await target.close()
    }
  })
})
