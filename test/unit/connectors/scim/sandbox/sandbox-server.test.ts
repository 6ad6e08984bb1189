import type { RequestHandler } from 'express'
import { request } from 'undici'
import { afterEach, describe, expect, it } from 'vitest'
import {
  type SandboxServer,
  startSandboxServer,
} from '../../../../../main/connectors/scim/sandbox/sandbox-server'
import { ERROR_SCHEMA, SandboxClient, USER_SCHEMA, authorizationFor } from './sandbox-client'

const started: SandboxServer[] = []

async function start(options: Parameters<typeof startSandboxServer>[0] = {}): Promise<SandboxServer> {
  const server = await startSandboxServer(options)
  started.push(server)
  return server
}

afterEach(async () => {
  await Promise.all(started.splice(0).map(server => server.close()))
})

describe('sandbox authentication', () => {
  it('defaults to a random 32-byte bearer token on 127.0.0.1', async () => {
    const server = await start()
    expect(server.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/scim\/v2$/)
    expect(server.auth).toEqual({ type: 'bearer', token: expect.stringMatching(/^[0-9a-f]{64}$/) })
    const other = await start()
    expect(other.auth).not.toEqual(server.auth)
    expect((await SandboxClient.for(server).get('/Users')).status).toBe(200)
  })

  it('answers 401 with a SCIM error and a challenge without or with wrong credentials', async () => {
    const server = await start({ auth: { type: 'bearer', token: 'right-token' } })
    const client = SandboxClient.for(server)
    for (const authorization of [
      undefined,
      'Bearer wrong-token',
      'Basic cmlnaHQtdG9rZW46eA==',
      'right-token',
    ]) {
      const response = await client.withAuthorization(authorization).get('/Users')
      expect(response.status).toBe(401)
      expect(response.headers['www-authenticate']).toMatch(/^Bearer /)
      expect(response.error()).toMatchObject({ schemas: [ERROR_SCHEMA], status: '401' })
    }
    const writes = await client.withAuthorization('Bearer nope').call('POST', '/Users', {
      schemas: [USER_SCHEMA],
      userName: 'intruder',
    })
    expect(writes.status).toBe(401)
    expect(server.store.userCount()).toBe(0)
    expect((await client.withAuthorization('bearer right-token').get('/ServiceProviderConfig')).status).toBe(
      200
    )
  })

  it('supports HTTP Basic', async () => {
    const server = await start({ auth: { type: 'basic', username: 'admin', password: 'p:ss word' } })
    const client = SandboxClient.for(server)
    expect(authorizationFor(server.auth)).toMatch(/^Basic /)
    expect((await client.get('/Users')).status).toBe(200)
    const wrong = client.withAuthorization(`Basic ${Buffer.from('admin:wrong').toString('base64')}`)
    const refused = await wrong.get('/Users')
    expect(refused.status).toBe(401)
    expect(refused.headers['www-authenticate']).toMatch(/^Basic /)
    expect((await client.withAuthorization('Bearer p:ss word').get('/Users')).status).toBe(401)
    const config = await client.get('/ServiceProviderConfig')
    expect(config.body).toMatchObject({ authenticationSchemes: [{ type: 'httpbasic' }] })
  })
})

describe('sandbox middleware and request counts', () => {
  it('runs injected middleware first, before authentication and the SCIM routes', async () => {
    const seen: string[] = []
    const recorder: RequestHandler = (req, _res, next) => {
      seen.push(`${req.method} ${req.originalUrl}`)
      next()
    }
    const fault: RequestHandler = (req, res, next) => {
      if (req.header('x-fault') === 'throttle')
        res.status(429).set('Retry-After', '1').json({ detail: 'slow down' })
      else next()
    }
    const server = await start({ middleware: [recorder, fault] })
    const client = SandboxClient.for(server)
    const throttled = await client
      .withAuthorization(undefined)
      .call('POST', '/Users', { schemas: [USER_SCHEMA], userName: 'throttled' }, { 'x-fault': 'throttle' })
    expect(throttled.status).toBe(429)
    expect(throttled.headers['retry-after']).toBe('1')
    expect(server.store.userCount()).toBe(0)
    await client.createUser({ userName: 'through' })
    expect(seen).toEqual(['POST /scim/v2/Users', 'POST /scim/v2/Users'])
  })

  it('counts requests by method, refused ones included, until reset', async () => {
    const server = await start()
    const client = SandboxClient.for(server)
    const user = await client.createUser({ userName: 'counted' })
    await client.get(`/Users/${user.id}`)
    await client.get('/Users')
    await client.patch(`/Users/${user.id}`, { op: 'replace', path: 'displayName', value: 'Counted' })
    await client.withAuthorization(undefined).get('/Users')
    expect(server.requestCounts).toEqual({ POST: 1, GET: 3, PATCH: 1 })
    server.resetRequestCounts()
    expect(server.requestCounts).toEqual({})
    await client.call('DELETE', `/Users/${user.id}`)
    expect(server.requestCounts).toEqual({ DELETE: 1 })
  })
})

describe('sandbox seeding and lifecycle', () => {
  it('preloads users, assigning ids and meta where missing', async () => {
    const server = await start({
      seedUsers: [
        { id: 'fixed-id', userName: 'seeded.one@example.com', active: true },
        { userName: 'seeded.two@example.com', name: { givenName: 'Two' } },
      ],
    })
    expect(server.store.userCount()).toBe(2)
    const [first, second] = server.store.listUsers()
    expect(first).toMatchObject({ id: 'fixed-id', schemas: [USER_SCHEMA], meta: { resourceType: 'User' } })
    expect(second?.id).toMatch(/^[0-9a-f-]{36}$/)
    const client = SandboxClient.for(server)
    const fetched = (await client.get('/Users/fixed-id')).resource()
    expect(fetched).toMatchObject({ userName: 'seeded.one@example.com', active: true })
    expect(fetched.meta.location).toBe(`${server.baseUrl}/Users/fixed-id`)
    const duplicate = await client.call('POST', '/Users', {
      schemas: [USER_SCHEMA],
      userName: 'SEEDED.TWO@example.com',
    })
    expect(duplicate.status).toBe(409)
  })

  it('refuses seeds with duplicate userNames or ids', async () => {
    await expect(
      startSandboxServer({ seedUsers: [{ userName: 'same@example.com' }, { userName: 'SAME@example.com' }] })
    ).rejects.toThrow(/already in use/)
    await expect(
      startSandboxServer({
        seedUsers: [
          { id: 'x', userName: 'a@example.com' },
          { id: 'x', userName: 'b@example.com' },
        ],
      })
    ).rejects.toThrow(/not unique/)
  })

  it('refuses nonsensical paging options', async () => {
    await expect(startSandboxServer({ maxPageSize: 0 })).rejects.toThrow(RangeError)
    await expect(startSandboxServer({ ignoreCount: 2.5 })).rejects.toThrow(RangeError)
  })

  it('runs several independent sandboxes in one process', async () => {
    const [one, two] = [await start(), await start({ auth: { type: 'basic', username: 'u', password: 'p' } })]
    await SandboxClient.for(one).createUser({ userName: 'only.in.one@example.com' })
    await SandboxClient.for(two).createUser({ userName: 'only.in.two@example.com' })
    expect(one.store.listUsers().map(user => user.userName)).toEqual(['only.in.one@example.com'])
    expect(two.store.listUsers().map(user => user.userName)).toEqual(['only.in.two@example.com'])
    const listed = (await SandboxClient.for(two).get('/Users')).list()
    expect(listed.Resources.map(user => user.meta.location)).toEqual([
      `${two.baseUrl}/Users/${two.store.listUsers()[0]?.id}`,
    ])
    expect((await new SandboxClient(two.baseUrl, authorizationFor(one.auth)).get('/Users')).status).toBe(401)
  })

  it('closes idempotently and stops listening', async () => {
    const server = await start()
    await SandboxClient.for(server).get('/Users')
    await server.close()
    await server.close()
    await expect(request(`${server.baseUrl}/Users`)).rejects.toThrow()
  })
})
