/**
 * The Microsoft Graph source against the local Graph stand-in (test/helpers/graph-server.ts),
 * which speaks the documented shapes: token, `$select`, paging, managers, members, throttling,
 * errors. Delta rounds are in graph-delta.test.ts.
 */
import { describe, expect, it } from 'vitest'
import type { SourceGroup, SourceObject } from '../../../../main/connectors/connector'
import { SourceConnectionError } from '../../../../main/connectors/source-errors'
import { collect, graphSource } from '../../../helpers/graph-fixtures'
import { type GraphServer, startGraphServer } from '../../../helpers/graph-server'

async function failureOf(promise: Promise<unknown>): Promise<SourceConnectionError> {
  const error = await promise.catch((caught: unknown) => caught)
  expect(error).toBeInstanceOf(SourceConnectionError)
  return error as SourceConnectionError
}

/** A small directory: Ada manages Grace; Alan is disabled; Research holds Ada and a nested Leads. */
function seed(server: GraphServer) {
  const d = server.directory
  const ada = d.addUser({
    userPrincipalName: 'ada@contoso.com',
    displayName: 'Ada Lovelace',
    mail: 'ada@contoso.com',
  })
  const grace = d.addUser(
    { userPrincipalName: 'grace@contoso.com', displayName: 'Grace Hopper', mail: null },
    ada.id
  )
  const alan = d.addUser({
    userPrincipalName: 'alan@contoso.com',
    displayName: 'Alan Turing',
    accountEnabled: false,
  })
  const leads = d.addGroup({ displayName: 'Leads' }, [grace.id])
  const research = d.addGroup({ displayName: 'Research' }, [ada.id, leads.id])
  return { ada, grace, alan, leads, research }
}

describe('GraphSource: users', () => {
  it('lists users with $select of the mapped attributes, the manager by $expand, page by page', async () => {
    const server = await startGraphServer()
    const { ada, grace, alan } = seed(server)
    const users: SourceObject[] = await collect(graphSource(server, { pageSize: 2 }).readUsers())
    expect(users.map(user => [user.id, user.attributes])).toEqual([
      [
        ada.id,
        {
          id: ada.id,
          accountEnabled: 'True',
          displayName: 'Ada Lovelace',
          mail: 'ada@contoso.com',
          userPrincipalName: 'ada@contoso.com',
        },
      ],
      [
        grace.id,
        {
          id: grace.id,
          accountEnabled: 'True',
          displayName: 'Grace Hopper',
          userPrincipalName: 'grace@contoso.com',
          manager: ada.id,
        },
      ],
      [
        alan.id,
        {
          id: alan.id,
          accountEnabled: 'False',
          displayName: 'Alan Turing',
          userPrincipalName: 'alan@contoso.com',
        },
      ],
    ])
    expect(users[0]?.origin).toBe(`${server.graphUrl}/users/${ada.id}`)
    const [first, second] = server.graphRequests()
    expect(first).toBe(
      'GET /v1.0/users?$select=accountEnabled,displayName,id,mail,userPrincipalName&$top=2&$expand=manager($select=id)'
    )
    expect(second).toMatch(/^GET \/v1\.0\/users\?.*\$skiptoken=/)
    expect(server.graphRequests()).toHaveLength(2)
  })

  it('asks for one token, with the documented client-credentials form, and reuses it', async () => {
    const server = await startGraphServer()
    seed(server)
    const source = graphSource(server)
    await collect(source.readUsers())
    await collect(source.readGroups())
    const [tokenRequest, ...more] = server.tokenRequests()
    expect(more).toEqual([])
    expect(tokenRequest?.url).toBe(`/${server.tenantId}/oauth2/v2.0/token`)
    expect(Object.fromEntries(new URLSearchParams(tokenRequest?.body))).toEqual({
      client_id: server.clientId,
      scope: `${server.origin}/.default`,
      client_secret: server.clientSecret,
      grant_type: 'client_credentials',
    })
    for (const request of server.requests.filter(candidate => candidate.method === 'GET')) {
      expect(request.headers.authorization).toMatch(/^Bearer eyJ/)
    }
  })

  it('asks for a new token when the cached one nears its expiry, and when Graph refuses it', async () => {
    const server = await startGraphServer({ tokenLifetimeSeconds: 3599 })
    seed(server)
    let now = Date.now()
    const source = graphSource(server, { now: () => now })
    await collect(source.readUsers())
    now += 3599_000 - 4 * 60_000 // within the last five minutes
    await collect(source.readUsers())
    expect(server.tokenRequests()).toHaveLength(2)
    server.revokeTokens()
    const users = await collect(source.readUsers())
    expect(users).toHaveLength(3)
    expect(server.tokenRequests()).toHaveLength(3)
  })

  it("applies the job's $filter", async () => {
    const server = await startGraphServer()
    const { alan } = seed(server)
    const users = await collect(graphSource(server, { filter: 'accountEnabled eq false' }).readUsers())
    expect(users.map(user => user.id)).toEqual([alan.id])
    expect(server.graphRequests()[0]).toContain('&$filter=accountEnabled eq false')
  })
})

describe('GraphSource: groups', () => {
  it('lists groups with their direct user members (nested groups are not people)', async () => {
    const server = await startGraphServer()
    const { ada, grace, leads, research } = seed(server)
    const groups: SourceGroup[] = await collect(graphSource(server).readGroups())
    expect(groups.map(group => [group.attributes['displayName'], group.members])).toEqual([
      ['Leads', [grace.id]],
      ['Research', [ada.id]],
    ])
    expect(server.graphRequests()).toEqual(
      expect.arrayContaining([
        'GET /v1.0/groups?$select=displayName,id&$top=999',
        `GET /v1.0/groups/${leads.id}/members?$select=id&$top=999`,
        `GET /v1.0/groups/${research.id}/members?$select=id&$top=999`,
      ])
    )
  })

  it('flattens nested groups when the job asks for transitive members', async () => {
    const server = await startGraphServer()
    const { ada, grace } = seed(server)
    const groups = await collect(graphSource(server, { groupMembers: 'transitive' }).readGroups())
    const research = groups.find(group => group.attributes['displayName'] === 'Research')
    expect([...(research?.members ?? [])].sort()).toEqual([ada.id, grace.id].sort())
  })
})

describe('GraphSource: throttling and failures', () => {
  it('waits out 429 with a decimal Retry-After, and retries 503 and 504', async () => {
    const server = await startGraphServer()
    seed(server)
    server.throttle({ match: /\/users/, status: 429, retryAfter: '0.25', times: 2 })
    server.throttle({ match: /\/users/, status: 503 })
    server.throttle({ match: /\/users/, status: 504 })
    const waits: number[] = []
    const source = graphSource(server, { sleep: ms => (waits.push(ms), Promise.resolve()) })
    expect(await collect(source.readUsers())).toHaveLength(3)
    expect(waits.slice(0, 2)).toEqual([300, 300])
    expect(waits).toHaveLength(4)
  })

  it('gives up once the throttling budget is spent, as a source failure', async () => {
    const server = await startGraphServer()
    seed(server)
    server.throttle({ status: 429, retryAfter: '30', times: 1 })
    const error = await failureOf(collect(graphSource(server).readUsers()))
    expect(error.message).toMatch(
      /could not be read: GET .*\/v1\.0\/users.* failed: HTTP 429 \(TooManyRequests\)/
    )
  })

  it.each([
    [
      'a wrong secret',
      { clientSecret: 'not-the-secret-0123456789' },
      /AADSTS7000215.*the client secret in env:GRAPH_SECRET is not a secret of the app registration/,
    ],
    ['an unknown tenant', { tenantId: 'contoso.example' }, /AADSTS90002.*no tenant source\.tenantId/],
    [
      'an unknown app',
      { clientId: '00000000-0000-0000-0000-000000000001' },
      /AADSTS700016.*no application with source\.clientId/,
    ],
  ])('says what to fix for %s, never showing the secret', async (_label, options, message) => {
    const server = await startGraphServer()
    const error = await failureOf(collect(graphSource(server, options).readUsers()))
    expect(error.message).toMatch(message)
    expect(error.message).not.toContain(server.clientSecret)
    expect(error.message).not.toContain('not-the-secret-0123456789')
  })

  it('names the permissions a 403 lacks', async () => {
    const server = await startGraphServer({ denied: ['groups'] })
    seed(server)
    const error = await failureOf(collect(graphSource(server).readGroups()))
    expect(error.message).toMatch(/HTTP 403 \(Authorization_RequestDenied\).*GroupMember\.Read\.All/)
  })

  it('never sends the token to a link outside graphUrl', async () => {
    const server = await startGraphServer()
    seed(server)
    const evil = await startGraphServer()
    const source = graphSource(server, { graphUrl: `${server.origin}/v1.0` })
    // A listing whose nextLink points elsewhere: the stand-in's own links are under its origin,
    // so a second stand-in plays the other host.
    const client = (source as unknown as { client: { pages(path: string): AsyncIterable<unknown> } }).client
    const error = await collect(client.pages(`${evil.graphUrl}/users`)).catch((caught: unknown) => caught)
    expect((error as Error).message).toMatch(/leads outside source\.graphUrl/)
    expect(evil.requests).toEqual([])
  })
})

describe('GraphSource: test connection', () => {
  it('reports the token, one user and one group', async () => {
    const server = await startGraphServer()
    seed(server)
    expect(await graphSource(server).testConnection()).toEqual([
      {
        step: 'Get an access token',
        ok: true,
        detail: `app ${server.clientId} signed in to tenant ${server.tenantId}`,
      },
      { step: 'Read one user', ok: true, detail: expect.stringMatching(/^read "ada@contoso\.com"/) },
      { step: 'Read one group', ok: true, detail: expect.stringMatching(/^read "Leads"/) },
    ])
  })

  it('stops at the first failing step, without throwing', async () => {
    const server = await startGraphServer()
    const checks = await graphSource(server, { clientSecret: 'wrong-secret-0123456789' }).testConnection()
    expect(checks.map(check => [check.step, check.ok])).toEqual([
      ['Get an access token', false],
      ['Read one user', false],
      ['Read one group', false],
    ])
    expect(checks[0]?.detail).toMatch(/AADSTS7000215/)
    expect(checks[1]?.detail).toBe('not tried: an earlier step failed')
  })
})
