import { afterEach, describe, expect, it } from 'vitest'
import type { SourceGroup } from '../../../../main/connectors/connector'
import { ScimSource } from '../../../../main/connectors/scim/scim-source'
import { SourceConnectionError } from '../../../../main/connectors/source-errors'
import { type RecordedRequest, startTestServer } from '../../../helpers/http-test-server'

const LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse'
const sources: ScimSource[] = []

afterEach(async () => {
  await Promise.all(sources.splice(0).map(source => source.close()))
})

function json(response: import('node:http').ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/scim+json' })
  response.end(JSON.stringify(body))
}

function list(resources: ReadonlyArray<Record<string, unknown>>) {
  return { schemas: [LIST], totalResults: resources.length, startIndex: 1, Resources: resources }
}

function open(origin: string, options: { filter?: string; groupFilter?: string } = {}): ScimSource {
  const source = new ScimSource({
    baseUrl: `${origin}/scim/v2`,
    authorization: 'Bearer source-token-0123456789',
    timeoutMs: 5_000,
    connections: 1,
    retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 1 },
    ...options,
  })
  sources.push(source)
  return source
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = []
  for await (const item of items) out.push(item)
  return out
}

function query(request: RecordedRequest): URLSearchParams {
  return new URL(request.url, 'http://x').searchParams
}

describe('ScimSource', () => {
  it('sends its filters and asks for a group the listing shows without members', async () => {
    const server = await startTestServer((request, response) => {
      const path = new URL(request.url, 'http://x').pathname
      if (path === '/scim/v2/Users') return json(response, 200, list([{ id: 'u1', userName: 'ada' }]))
      if (path === '/scim/v2/Groups')
        return json(
          response,
          200,
          list([
            { id: 'g1', displayName: 'Listed', members: [{ value: 'u1' }] },
            { id: 'g2', displayName: 'Bare' },
          ])
        )
      if (path === '/scim/v2/Groups/g2')
        return json(response, 200, { id: 'g2', displayName: 'Bare', members: [{ value: 'u1' }] })
      return json(response, 404, { detail: 'no' })
    })
    const source = open(server.origin, { filter: 'active eq true', groupFilter: 'displayName sw "B"' })
    const users = await collect(source.readUsers())
    expect(users).toEqual([
      {
        id: 'u1',
        attributes: { id: 'u1', userName: 'ada' },
        origin: `SCIM ${server.origin}/scim/v2/Users/u1`,
      },
    ])
    const groups: SourceGroup[] = await collect(source.readGroups())
    expect(groups.map(group => [group.id, group.members])).toEqual([
      ['g1', ['u1']],
      ['g2', ['u1']],
    ])
    const [usersRequest, groupsRequest, ...rest] = server.requests
    expect(query(usersRequest!).get('filter')).toBe('active eq true')
    expect(query(groupsRequest!).get('filter')).toBe('displayName sw "B"')
    expect(rest.map(request => request.url)).toEqual(['/scim/v2/Groups/g2'])
  })

  it('reports a failed read as the source failing, without the credential', async () => {
    const server = await startTestServer((_request, response) =>
      json(response, 403, { detail: 'token source-token-0123456789 may not read Users' })
    )
    const error = await collect(open(server.origin).readUsers()).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(SourceConnectionError)
    expect((error as Error).message).toMatch(
      /^SCIM http:\/\/127\.0\.0\.1:\d+\/scim\/v2 could not be read: .*HTTP 403/
    )
    expect((error as Error).message).toMatch(/needs read access to users and groups/)
    expect((error as Error).message).not.toContain('source-token-0123456789')
  })

  it('tests a connection by reading one user and one group, one page each, without throwing', async () => {
    const server = await startTestServer((request, response) => {
      if (request.url.startsWith('/scim/v2/Users'))
        return json(response, 200, { ...list([{ id: 'u1', userName: 'ada' }]), totalResults: 5000 })
      return json(response, 401, { detail: 'bad token' })
    })
    const checks = await open(server.origin).testConnection()
    expect(checks).toEqual([
      { step: 'Read one user', ok: true, detail: 'read "ada" (id u1)' },
      { step: 'Read one group', ok: false, detail: expect.stringMatching(/HTTP 401.*bad token/) },
    ])
    expect(server.requests).toHaveLength(2)
  })
})

describe('ScimSource cancelled by its run', () => {
  it("stops the request in flight with the run's reason, not as a source that failed", async () => {
    const server = await startTestServer(() => {
      // Never answers: only the cancel can end the read.
    })
    const cancel = new AbortController()
    const reason = new Error('cancelled by the admin')
    const reading = collect(open(server.origin).readUsers({ signal: cancel.signal }))
    await new Promise(resolve => setTimeout(resolve, 100))
    const started = Date.now()
    cancel.abort(reason)
    await expect(reading).rejects.toBe(reason)
    expect(Date.now() - started).toBeLessThan(500)
  })
})
