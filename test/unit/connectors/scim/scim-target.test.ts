import { DEFAULT_RETRY_POLICY } from '../../../../main/connectors/scim/retry-policy'
import { afterEach, describe, expect, it } from 'vitest'
import type { TargetResource } from '../../../../main/connectors/connector'
import {
  ScimHttpError,
  ScimNetworkError,
  ScimProtocolError,
} from '../../../../main/connectors/scim/scim-errors'
import { ScimTarget, type ScimTargetOptions } from '../../../../main/connectors/scim/scim-target'
import { parseScimPath } from '../../../../main/mapping/scim-path'
import { PATCH_OP_SCHEMA } from '../../../../main/mapping/scim-schemas'
import {
  closedPort,
  type Handler,
  type RecordedRequest,
  sendJson,
  startTestServer,
  type TestServer,
} from '../../../helpers/http-test-server'

const LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse'
const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error'
const TOKEN = 'tok-3f9a-very-secret'
const NO_RETRY = { ...DEFAULT_RETRY_POLICY, maxAttempts: 1, maxRetryAfterMs: 0 }

const targets: ScimTarget[] = []
afterEach(async () => {
  await Promise.all(targets.splice(0).map(target => target.close()))
})

async function serve(
  handler: Handler,
  options: Partial<ScimTargetOptions> = {}
): Promise<{ server: TestServer; target: ScimTarget }> {
  const server = await startTestServer(handler)
  const target = new ScimTarget({
    baseUrl: `${server.origin}/scim/v2/`,
    authorization: `Bearer ${TOKEN}`,
    timeoutMs: 5_000,
    connections: 2,
    // One attempt: these tests are about how each single answer is read (retries: scim-retry.test.ts).
    retry: NO_RETRY,
    ...options,
  })
  targets.push(target)
  return { server, target }
}

function users(count: number): TargetResource[] {
  return Array.from({ length: count }, (_, index) => ({
    id: `u${index + 1}`,
    userName: `user${index + 1}@example.com`,
  }))
}

function query(request: RecordedRequest): URLSearchParams {
  return new URL(request.url, 'http://x').searchParams
}

/** A /Users listing server; `page` decides what one request returns. */
function lister(
  page: (startIndex: number, count: number) => { total: number | undefined; resources: TargetResource[] }
): Handler {
  return (request, response) => {
    const params = query(request)
    const { total, resources } = page(Number(params.get('startIndex')), Number(params.get('count')))
    sendJson(response, 200, {
      schemas: [LIST],
      ...(total === undefined ? {} : { totalResults: total }),
      startIndex: Number(params.get('startIndex')),
      itemsPerPage: resources.length,
      Resources: resources,
    })
  }
}

async function collect(target: ScimTarget): Promise<string[]> {
  const ids: string[] = []
  for await (const resource of target.list('user')) ids.push(resource.id)
  return ids
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise
  } catch (error) {
    return error
  }
  throw new Error('expected the request to fail')
}

const startIndexes = (server: TestServer) =>
  server.requests.map(request => Number(query(request).get('startIndex')))

describe('ScimTarget.list (pagination)', () => {
  it('pages with startIndex/count and stops once totalResults is reached', async () => {
    const all = users(25)
    const { server, target } = await serve(
      lister((start, count) => ({ total: 25, resources: all.slice(start - 1, start - 1 + count) })),
      { dialect: { pageSize: 10 } }
    )
    expect(await collect(target)).toEqual(all.map(user => user.id))
    expect(server.requests.map(request => request.url)).toEqual([
      '/scim/v2/Users?startIndex=1&count=10',
      '/scim/v2/Users?startIndex=11&count=10',
      '/scim/v2/Users?startIndex=21&count=10',
    ])
  })

  it('reads on past a totalResults that only counts the page (a common server bug), to the empty page', async () => {
    const all = users(25)
    const { server, target } = await serve(
      lister((start, count) => {
        const resources = all.slice(start - 1, start - 1 + count)
        return { total: resources.length, resources }
      }),
      { dialect: { pageSize: 10 } }
    )
    expect(await collect(target)).toEqual(all.map(user => user.id))
    expect(server.requests).toHaveLength(3)
  })

  it('asks once more after a full last page, and stops on the empty answer', async () => {
    const all = users(20)
    const { server, target } = await serve(
      lister((start, count) => ({ total: 20, resources: all.slice(start - 1, start - 1 + count) })),
      { dialect: { pageSize: 10 } }
    )
    expect(await collect(target)).toHaveLength(20)
    expect(server.requests.map(request => request.url)).toEqual([
      '/scim/v2/Users?startIndex=1&count=10',
      '/scim/v2/Users?startIndex=11&count=10',
      '/scim/v2/Users?startIndex=21&count=10',
    ])
  })

  it('continues after what was actually returned when the server ignores count (pages of 7)', async () => {
    const all = users(20)
    const { server, target } = await serve(
      lister(start => ({ total: 20, resources: all.slice(start - 1, start - 1 + 7) })),
      { dialect: { pageSize: 10 } }
    )
    expect(await collect(target)).toEqual(all.map(user => user.id))
    expect(startIndexes(server)).toEqual([1, 8, 15])
  })

  it('ends on a short last page', async () => {
    const all = users(12)
    const { server, target } = await serve(
      lister((start, count) => ({ total: 12, resources: all.slice(start - 1, start - 1 + count) })),
      { dialect: { pageSize: 5 } }
    )
    expect(await collect(target)).toHaveLength(12)
    expect(startIndexes(server)).toEqual([1, 6, 11])
  })

  it('stops on the empty page when the server reports more than it has', async () => {
    const all = users(12)
    const { server, target } = await serve(
      lister((start, count) => ({ total: 50, resources: all.slice(start - 1, start - 1 + count) })),
      { dialect: { pageSize: 10 } }
    )
    expect(await collect(target)).toHaveLength(12)
    expect(startIndexes(server)).toEqual([1, 11, 13])
  })

  it('pages until an empty page when totalResults is missing', async () => {
    const all = users(4)
    const { server, target } = await serve(
      lister((start, count) => ({ total: undefined, resources: all.slice(start - 1, start - 1 + count) })),
      { dialect: { pageSize: 3 } }
    )
    expect(await collect(target)).toEqual(['u1', 'u2', 'u3', 'u4'])
    expect(startIndexes(server)).toEqual([1, 4, 5])
  })

  it('lists page by page (listPages) the same resources as one by one, without the repeats', async () => {
    const all = users(25)
    const { server, target } = await serve(
      // The second page repeats the first page's last account (an account added meanwhile shifts it).
      lister((start, count) => ({
        total: 25,
        resources: all.slice(Math.max(0, start - 2), start - 1 + count),
      })),
      { dialect: { pageSize: 10 } }
    )
    const pages: string[][] = []
    for await (const page of target.listPages('user')) pages.push(page.map(resource => resource.id))
    expect(pages.flat()).toEqual(all.map(user => user.id))
    expect(pages.map(page => page.length)).toEqual([10, 10, 5])
    expect(server.requests).toHaveLength(3)
    expect(await collect(target)).toEqual(pages.flat())
  })

  it('lists accounts alike with one shared, frozen schemas list (same URNs, same order), others with their own, the rest as served', async () => {
    const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'
    const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User'
    const all: TargetResource[] = [
      {
        id: 'u1',
        schemas: [CORE],
        userName: 'ada@example.com',
        emails: [{ value: 'ada@example.com' }, null, 'x', { value: 'other@example.com' }],
      },
      { id: 'u2', schemas: [CORE, ENTERPRISE], userName: 'ada@example.com', emails: 'not a list' },
      { id: 'u3', schemas: [CORE] },
      { id: 'u4', schemas: [CORE, ENTERPRISE] },
      { id: 'u5', schemas: 'not a list' },
      { id: 'u6' },
      { id: 'u7', schemas: [ENTERPRISE, CORE] },
    ]
    const { target } = await serve(
      lister((start, count) => ({ total: all.length, resources: all.slice(start - 1, start - 1 + count) })),
      { dialect: { pageSize: 2 } }
    )
    const listed: TargetResource[] = []
    for await (const resource of target.list('user')) listed.push(resource)
    expect(listed).toEqual(all)
    const schemas = listed.map(resource => resource['schemas'])
    expect(schemas[0]).toBe(schemas[2])
    expect(schemas[1]).toBe(schemas[3])
    expect(schemas[1]).not.toBe(schemas[6])
    expect(Object.isFrozen(schemas[0])).toBe(true)
  })

  it('hands over the accounts listed before a page is refused mid-way, then the refusal', async () => {
    const all = users(30)
    const { target } = await serve(
      lister((start, count) => ({ total: 30, resources: all.slice(start - 1, start - 1 + count) })),
      { dialect: { pageSize: 10 }, maxResources: 15 }
    )
    const seen: string[] = []
    const error = await rejection(
      (async () => {
        for await (const resource of target.list('user')) seen.push(resource.id)
      })()
    )
    expect(error).toBeInstanceOf(ScimProtocolError)
    expect((error as Error).message).toMatch(/reports 30 users, more than target\.maxResources \(15\)/)
    expect(seen).toEqual([])
    const { target: listing } = await serve(
      lister((start, count) => ({ total: undefined, resources: all.slice(start - 1, start - 1 + count) })),
      { dialect: { pageSize: 10 }, maxResources: 15 }
    )
    const listed: string[] = []
    const refused = await rejection(
      (async () => {
        for await (const resource of listing.list('user')) listed.push(resource.id)
      })()
    )
    expect((refused as Error).message).toMatch(/lists more than 15 users/)
    // The sixteenth account is the first refused: the fifteen before it were listed, as before.
    expect(listed).toEqual(all.slice(0, 15).map(user => user.id))
  })

  it('refuses a server that ignores startIndex instead of looping', async () => {
    const all = users(30)
    const { server, target } = await serve(
      lister((_start, count) => ({ total: 30, resources: all.slice(0, count) })),
      {
        dialect: { pageSize: 10 },
      }
    )
    const seen: string[] = []
    const error = await rejection(
      (async () => {
        for await (const resource of target.list('user')) seen.push(resource.id)
      })()
    )
    expect(error).toBeInstanceOf(ScimProtocolError)
    expect((error as ScimProtocolError).message).toMatch(
      /the page at startIndex=11 repeats resources already listed; the server ignores startIndex/
    )
    expect((error as ScimProtocolError).code).toBe(
      'SystemForCrossDomainIdentityManagementServiceIncompatible'
    )
    expect(seen).toEqual(all.slice(0, 10).map(user => user.id))
    expect(server.requests).toHaveLength(2)
  })

  it('accepts a ListResponse without Resources when totalResults is 0', async () => {
    const { server, target } = await serve((_request, response) =>
      sendJson(response, 200, { schemas: [LIST], totalResults: 0, startIndex: 1, itemsPerPage: 0 })
    )
    expect(await collect(target)).toEqual([])
    expect(server.requests).toHaveLength(1)
  })

  it('lists groups from /Groups', async () => {
    const { server, target } = await serve(lister(() => ({ total: 1, resources: [{ id: 'g1' }] })))
    const ids: string[] = []
    for await (const group of target.list('group')) ids.push(group.id)
    expect(ids).toEqual(['g1'])
    expect(server.requests[0]?.url).toBe('/scim/v2/Groups?startIndex=1&count=100')
  })

  it.each<[string, unknown, RegExp]>([
    [
      'a body that is not a ListResponse',
      { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], id: 'u1' },
      /expected a ListResponse/,
    ],
    [
      'Resources that are not an array',
      { schemas: [LIST], totalResults: 1, Resources: { id: 'u1' } },
      /"Resources" is not an array/,
    ],
    [
      'a listed resource without id',
      { schemas: [LIST], totalResults: 1, Resources: [{ userName: 'x' }] },
      /has no "id"/,
    ],
    ['an array instead of an object', [{ id: 'u1' }], /expected a SCIM ListResponse object/],
  ])('refuses %s', async (_label, body, message) => {
    const { target } = await serve((_request, response) => sendJson(response, 200, body))
    const error = await rejection(collect(target))
    expect(error).toBeInstanceOf(ScimProtocolError)
    expect((error as Error).message).toMatch(message)
  })
})

describe('ScimTarget requests', () => {
  it('sends the bearer token, SCIM accept header and a user agent', async () => {
    const { server, target } = await serve((_request, response) => sendJson(response, 200, { id: 'u1' }))
    await target.get('user', 'u1')
    expect(server.requests[0]?.headers).toMatchObject({
      authorization: `Bearer ${TOKEN}`,
      accept: 'application/scim+json, application/json',
      'user-agent': 'Provisioner',
    })
  })

  it('sends a basic Authorization header as given, and none without auth', async () => {
    const basic = `Basic ${Buffer.from('svc:pa55').toString('base64')}`
    const { server, target } = await serve((_request, response) => sendJson(response, 200, { id: 'u1' }), {
      authorization: basic,
    })
    await target.get('user', 'u1')
    expect(server.requests[0]?.headers['authorization']).toBe(basic)

    const anonymous = await serve((_request, response) => sendJson(response, 200, { id: 'u1' }), {
      authorization: null,
    })
    await anonymous.target.get('user', 'u1')
    expect(anonymous.server.requests[0]?.headers['authorization']).toBeUndefined()
  })

  it('gets a resource by its encoded id, and null on 404', async () => {
    const { server, target } = await serve((request, response) => {
      if (request.url.endsWith('/missing')) {
        sendJson(response, 404, { schemas: [ERROR], status: '404', detail: 'Resource missing not found' })
      } else {
        sendJson(response, 200, { id: 'a/b c', userName: 'x' })
      }
    })
    expect(await target.get('user', 'a/b c')).toEqual({ id: 'a/b c', userName: 'x' })
    expect(server.requests[0]?.url).toBe('/scim/v2/Users/a%2Fb%20c')
    expect(await target.get('user', 'missing')).toBeNull()
  })

  it('refuses a returned resource without id', async () => {
    const { target } = await serve((_request, response) => sendJson(response, 200, { userName: 'x' }))
    const error = await rejection(target.get('user', 'u1'))
    expect(error).toBeInstanceOf(ScimProtocolError)
    expect((error as Error).message).toMatch(
      /GET http:\/\/127\.0\.0\.1:\d+\/scim\/v2\/Users\/u1: a returned resource has no "id"/
    )
  })

  it('finds by an equality filter, URL-encoded', async () => {
    const holder = { id: 'u1', emails: [{ type: 'work', value: 'A"B@example.com' }] }
    const { server, target } = await serve((_request, response) =>
      sendJson(response, 200, { schemas: [LIST], totalResults: 1, Resources: [holder] })
    )
    const found = await target.find('user', parseScimPath('emails[type eq "work"].value'), 'a"b@example.com')
    expect(found).toEqual([holder])
    expect(server.requests[0]?.url).toMatch(/^\/scim\/v2\/Users\?filter=[^ "]+$/)
    expect(query(server.requests[0] as RecordedRequest).get('filter')).toBe(
      'emails[type eq "work" and value eq "a\\"b@example.com"]'
    )
  })

  it('keeps only accounts that really hold the value when a server ignores or loosens the filter', async () => {
    const { target } = await serve((_request, response) =>
      sendJson(response, 200, {
        schemas: [LIST],
        totalResults: 3,
        Resources: [
          { id: 'u1', userName: 'Ada@Example.com' },
          { id: 'u2', userName: 'grace@example.com' },
          { id: 'u3', externalId: 'E1' },
        ],
      })
    )
    expect((await target.find('user', parseScimPath('userName'), 'ada@example.com')).map(r => r.id)).toEqual([
      'u1',
    ])
    // externalId is case-exact.
    expect(await target.find('user', parseScimPath('externalId'), 'e1')).toEqual([])
  })

  it('falls back to the sub-attribute form on a server that refuses value-path filters', async () => {
    const { server, target } = await serve((request, response) => {
      const filter = query(request).get('filter') ?? ''
      if (filter.includes('[')) {
        sendJson(response, 400, { schemas: [ERROR], status: '400', scimType: 'invalidFilter' })
        return
      }
      sendJson(response, 200, {
        schemas: [LIST],
        totalResults: 1,
        Resources: [{ id: 'u9', emails: [{ type: 'work', value: 'ada@example.com' }] }],
      })
    })
    const found = await target.find('user', parseScimPath('emails[type eq "work"].value'), 'ada@example.com')
    expect(found.map(resource => resource.id)).toEqual(['u9'])
    expect(server.requests.map(request => query(request).get('filter'))).toEqual([
      'emails[type eq "work" and value eq "ada@example.com"]',
      'emails.value eq "ada@example.com"',
    ])
  })

  it('creates with a SCIM JSON body and returns the created resource', async () => {
    const { server, target } = await serve((request, response) =>
      sendJson(response, 201, { ...(JSON.parse(request.body) as object), id: 'new-1' })
    )
    const created = await target.create('user', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      userName: 'ada',
    })
    expect(created).toMatchObject({ id: 'new-1', userName: 'ada' })
    expect(server.requests[0]).toMatchObject({ method: 'POST', url: '/scim/v2/Users' })
    expect(server.requests[0]?.headers['content-type']).toBe('application/scim+json')
  })

  it('refuses a create answered without the resource', async () => {
    const { target } = await serve((_request, response) => {
      response.writeHead(201)
      response.end()
    })
    const error = await rejection(target.create('user', { userName: 'ada' }))
    expect(error).toBeInstanceOf(ScimProtocolError)
    expect((error as Error).message).toMatch(/the created resource was not returned/)
  })

  it('patches with RFC lower-case ops and returns null for 204', async () => {
    const { server, target } = await serve((_request, response) => {
      response.writeHead(204)
      response.end()
    })
    const result = await target.update('user', 'u1', [
      { op: 'replace', path: 'active', value: false },
      { op: 'add', path: 'emails', value: [{ type: 'work', value: 'a@example.com' }] },
      { op: 'remove', path: 'title' },
    ])
    expect(result).toBeNull()
    expect(server.requests[0]).toMatchObject({ method: 'PATCH', url: '/scim/v2/Users/u1' })
    expect(JSON.parse(server.requests[0]?.body ?? '')).toEqual({
      schemas: [PATCH_OP_SCHEMA],
      Operations: [
        { op: 'replace', path: 'active', value: false },
        { op: 'add', path: 'emails', value: [{ type: 'work', value: 'a@example.com' }] },
        { op: 'remove', path: 'title' },
      ],
    })
  })

  it('spells ops Add/Replace/Remove for an Entra-style target and returns a 200 resource', async () => {
    const { server, target } = await serve(
      (_request, response) => sendJson(response, 200, { id: 'u1', active: false }),
      { dialect: { patchOps: 'entra' } }
    )
    const result = await target.update('user', 'u1', [
      { op: 'replace', path: 'active', value: false },
      { op: 'add', path: 'nickName', value: 'Babs' },
      { op: 'remove', path: 'title' },
    ])
    expect(result).toEqual({ id: 'u1', active: false })
    expect(
      (JSON.parse(server.requests[0]?.body ?? '') as { Operations: { op: string }[] }).Operations.map(
        op => op.op
      )
    ).toEqual(['Replace', 'Add', 'Remove'])
  })

  it('deletes by id', async () => {
    const { server, target } = await serve((_request, response) => {
      response.writeHead(204)
      response.end()
    })
    await target.delete('group', 'g 1')
    expect(server.requests[0]).toMatchObject({ method: 'DELETE', url: '/scim/v2/Groups/g%201', body: '' })
  })
})

describe('ScimTarget errors', () => {
  it('turns a SCIM error body into ScimHttpError with status, scimType, detail and an Entra code', async () => {
    const { target } = await serve((_request, response) =>
      sendJson(response, 409, {
        schemas: [ERROR],
        status: '409',
        scimType: 'uniqueness',
        detail: 'userName taken',
      })
    )
    const error = await rejection(target.create('user', { userName: 'ada' }))
    expect(error).toBeInstanceOf(ScimHttpError)
    expect(error).toMatchObject({
      method: 'POST',
      status: 409,
      scimType: 'uniqueness',
      detail: 'userName taken',
      code: 'EntryConflict',
      retryAfter: null,
    })
    expect((error as Error).message).toMatch(
      /^POST http:\/\/127\.0\.0\.1:\d+\/scim\/v2\/Users failed: HTTP 409 \(uniqueness\): "userName taken"$/
    )
  })

  it.each<[number, string]>([
    [400, 'BadRequest'],
    [401, 'Unauthorized'],
    [403, 'InsufficientRights'],
    [412, 'PreconditionFailed'],
    [500, 'InternalServerError'],
    [502, 'ServiceUnavailable'],
    [503, 'ServiceUnavailable'],
    [504, 'Timeout'],
  ])('maps HTTP %i to %s', async (status, code) => {
    const { target } = await serve((_request, response) =>
      sendJson(response, status, { schemas: [ERROR], status: String(status) })
    )
    const error = await rejection(target.delete('user', 'u1'))
    expect(error).toMatchObject({ status, code, scimType: null, detail: null })
  })

  it('reports a snippet of a non-JSON error page as the detail', async () => {
    const { target } = await serve((_request, response) => {
      response.writeHead(502, { 'content-type': 'text/html' })
      response.end('<html><body><h1>Bad gateway</h1>\n\n<p>upstream down</p></body></html>')
    })
    const error = await rejection(target.get('user', 'u1'))
    expect(error).toMatchObject({
      status: 502,
      detail: '<html><body><h1>Bad gateway</h1> <p>upstream down</p></body></html>',
    })
  })

  it('captures Retry-After on 429', async () => {
    const { target } = await serve((_request, response) =>
      sendJson(
        response,
        429,
        { schemas: [ERROR], status: '429', detail: 'slow down' },
        { 'retry-after': '7' }
      )
    )
    const error = await rejection(target.update('user', 'u1', []))
    expect(error).toMatchObject({
      status: 429,
      code: 'TooManyRequests',
      retryAfter: '7',
      detail: 'slow down',
    })
  })

  it('refuses an HTML page answered with 200', async () => {
    const { target } = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      response.end('<!doctype html><html><title>Sign in</title></html>')
    })
    const error = await rejection(collect(target))
    expect(error).toBeInstanceOf(ScimProtocolError)
    expect(error).toMatchObject({
      status: 200,
      code: 'SystemForCrossDomainIdentityManagementServiceIncompatible',
    })
    expect((error as Error).message).toMatch(
      /expected a SCIM JSON response but got "text\/html; charset=utf-8": "<!doctype html><html><title>Sign in<\/title><\/html>"/
    )
  })

  it('refuses invalid JSON', async () => {
    const { target } = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/scim+json' })
      response.end('{"id": "u1",')
    })
    const error = await rejection(target.get('user', 'u1'))
    expect(error).toBeInstanceOf(ScimProtocolError)
    expect((error as Error).message).toContain('response is not valid JSON: "{\\"id\\": \\"u1\\","')
  })

  it('times out on a server that never answers', async () => {
    const { target } = await serve(() => undefined, { timeoutMs: 300 })
    const error = await rejection(target.get('user', 'u1'))
    expect(error).toBeInstanceOf(ScimNetworkError)
    expect(error).toMatchObject({ timedOut: true, code: 'Timeout', method: 'GET' })
    expect((error as Error).message).toMatch(/timed out/)
  })

  it('reports a refused connection as a network error', async () => {
    const port = await closedPort()
    const target = new ScimTarget({
      baseUrl: `http://127.0.0.1:${port}/scim/v2`,
      authorization: `Bearer ${TOKEN}`,
      timeoutMs: 5_000,
      connections: 1,
      retry: NO_RETRY,
    })
    targets.push(target)
    const error = await rejection(target.get('user', 'u1'))
    expect(error).toBeInstanceOf(ScimNetworkError)
    expect(error).toMatchObject({
      timedOut: false,
      code: 'WebExceptionProtocolError',
      reason: 'ECONNREFUSED',
    })
  })

  it('removes the credential a server echoes into a resource, and only from values', async () => {
    const { target } = await serve((request, response) =>
      sendJson(response, 200, {
        id: 'u1',
        userName: 'ada@example.com',
        title: `token ${String(request.headers.authorization)}`,
        [TOKEN]: 'kept as a key',
        emails: [{ value: TOKEN }],
      })
    )
    expect(await target.get('user', 'u1')).toEqual({
      id: 'u1',
      userName: 'ada@example.com',
      title: 'token Bearer [redacted]',
      [TOKEN]: 'kept as a key',
      emails: [{ value: '[redacted]' }],
    })
  })

  it('removes the credential a server echoes into a listed account, on a page of a thousand', async () => {
    const all = users(1000)
    const { target } = await serve(
      lister(start => ({
        total: 1000,
        resources: all
          .slice(start - 1)
          .map((user, index) => (index === 700 ? { ...user, title: `was ${TOKEN}` } : user)),
      })),
      { dialect: { pageSize: 1000 } }
    )
    const listed: TargetResource[] = []
    for await (const page of target.listPages('user')) listed.push(...page)
    expect(listed).toHaveLength(1000)
    expect(listed[700]).toEqual({ ...all[700], title: 'was [redacted]' })
    expect(JSON.stringify(listed)).not.toContain(TOKEN)
  })

  it('never puts the credentials in an error message', async () => {
    const { target } = await serve((request, response) =>
      sendJson(response, 401, { schemas: [ERROR], status: '401', detail: `bad token` })
    )
    const error = await rejection(target.get('user', 'u1'))
    expect(error).toBeInstanceOf(ScimHttpError)
    expect(JSON.stringify({ message: (error as Error).message, ...(error as object) })).not.toContain(TOKEN)
  })
})
