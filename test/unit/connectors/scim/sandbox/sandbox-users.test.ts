import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SandboxServer } from '../../../../../main/connectors/scim/sandbox/sandbox-server'
import { ENTERPRISE, ERROR_SCHEMA, type SandboxClient, USER_SCHEMA, startTestSandbox } from './sandbox-client'
import { SANDBOX_EXTENSION_SCHEMA } from '../../../../../main/connectors/scim/sandbox/sandbox-extension'

let server: SandboxServer
let client: SandboxClient

beforeAll(async () => {
  ;({ server, client } = await startTestSandbox())
})

afterAll(async () => {
  await server.close()
})

describe('sandbox users: create and read', () => {
  it('creates a user with id, meta, Location and the SCIM media type', async () => {
    const response = await client.call('POST', '/Users', {
      schemas: [USER_SCHEMA, ENTERPRISE],
      userName: 'create.me@example.com',
      externalId: 'EXT-1',
      name: { givenName: 'Create', familyName: 'Me' },
      active: true,
      emails: [{ value: 'create.me@example.com', type: 'work', primary: true }],
      [ENTERPRISE]: { department: 'Engineering' },
    })
    expect(response.status).toBe(201)
    expect(response.headers['content-type']).toMatch(/^application\/scim\+json/)
    const user = response.resource()
    expect(user.id).toMatch(/^[0-9a-f-]{36}$/)
    expect(user.schemas).toEqual([USER_SCHEMA, ENTERPRISE])
    expect(user.meta.resourceType).toBe('User')
    expect(user.meta.location).toBe(`${server.baseUrl}/Users/${user.id}`)
    expect(response.headers.location).toBe(user.meta.location)
    expect(Date.parse(user.meta.created)).not.toBeNaN()
    expect(user.meta.lastModified).toBe(user.meta.created)
    expect(user[ENTERPRISE]).toEqual({ department: 'Engineering' })
    expect(server.store.getUser(user.id)?.userName).toBe('create.me@example.com')
  })

  it('serves GET by id exactly as the list does', async () => {
    const created = await client.createUser({
      userName: 'same.shape@example.com',
      displayName: 'Same Shape',
      emails: [{ value: 'same.shape@example.com', type: 'work' }],
      [ENTERPRISE]: { employeeNumber: '42' },
    })
    const byId = await client.get(`/Users/${created.id}`)
    expect(byId.status).toBe(200)
    expect(byId.resource()).toEqual(created)
    const listed = await client.filter('/Users', `id eq "${created.id}"`)
    expect(listed.list().Resources).toEqual([created])
  })

  it('answers 404 with a SCIM error body for an unknown id', async () => {
    const response = await client.get('/Users/does-not-exist')
    expect(response.status).toBe(404)
    expect(response.headers['content-type']).toMatch(/^application\/scim\+json/)
    expect(response.error()).toMatchObject({ schemas: [ERROR_SCHEMA], status: '404' })
  })

  it('refuses a duplicate userName, ignoring case, with 409 uniqueness', async () => {
    await client.createUser({ userName: 'Unique.Person@example.com' })
    const before = server.store.userCount()
    const response = await client.call('POST', '/Users', {
      schemas: [USER_SCHEMA],
      userName: 'UNIQUE.PERSON@EXAMPLE.COM',
    })
    expect(response.status).toBe(409)
    expect(response.error()).toMatchObject({ schemas: [ERROR_SCHEMA], status: '409', scimType: 'uniqueness' })
    expect(server.store.userCount()).toBe(before)
  })

  it('refuses a user without userName and a body that is not JSON', async () => {
    const missing = await client.call('POST', '/Users', { schemas: [USER_SCHEMA], displayName: 'Nobody' })
    expect(missing.status).toBe(400)
    expect(missing.error().schemas).toEqual([ERROR_SCHEMA])
    const garbled = await client.call('POST', '/Users', '{"userName":')
    expect(garbled.status).toBe(400)
    expect(garbled.error()).toMatchObject({ status: '400', scimType: 'invalidSyntax' })
  })

  it('keeps active a boolean', async () => {
    const user = await client.createUser({ userName: 'boolean.active@example.com', active: false })
    expect(user.active).toBe(false)
    const refused = await client.call('POST', '/Users', {
      schemas: [USER_SCHEMA],
      userName: 'string.active@example.com',
      active: 'yes',
    })
    expect(refused.status).toBe(400)
  })
})

describe('sandbox users: replace and delete', () => {
  it('PUT replaces every attribute, keeps id and created, and moves lastModified', async () => {
    const user = await client.createUser({
      userName: 'put.me@example.com',
      displayName: 'Put Me',
      title: 'Engineer',
    })
    await new Promise(resolve => setTimeout(resolve, 5))
    const response = await client.call('PUT', `/Users/${user.id}`, {
      schemas: [USER_SCHEMA],
      userName: 'put.me@example.com',
      displayName: 'Put Me Again',
    })
    expect(response.status).toBe(200)
    const replaced = response.resource()
    expect(replaced.id).toBe(user.id)
    expect(replaced.displayName).toBe('Put Me Again')
    expect(replaced).not.toHaveProperty('title')
    expect(replaced.meta.created).toBe(user.meta.created)
    expect(Date.parse(replaced.meta.lastModified)).toBeGreaterThan(Date.parse(user.meta.lastModified))
  })

  it('PUT onto another user’s userName is a 409', async () => {
    await client.createUser({ userName: 'taken@example.com' })
    const user = await client.createUser({ userName: 'mover@example.com' })
    const response = await client.call('PUT', `/Users/${user.id}`, {
      schemas: [USER_SCHEMA],
      userName: 'TAKEN@example.com',
    })
    expect(response.status).toBe(409)
    expect(response.error().scimType).toBe('uniqueness')
    expect(server.store.getUser(user.id)?.userName).toBe('mover@example.com')
  })

  it('DELETE answers 204, then the user is gone (404)', async () => {
    const user = await client.createUser({ userName: 'delete.me@example.com' })
    const deleted = await client.call('DELETE', `/Users/${user.id}`)
    expect(deleted.status).toBe(204)
    expect(deleted.text).toBe('')
    expect((await client.get(`/Users/${user.id}`)).status).toBe(404)
    expect(server.store.getUser(user.id)).toBeUndefined()
    expect((await client.call('DELETE', `/Users/${user.id}`)).status).toBe(404)
    // The userName is free again.
    await client.createUser({ userName: 'delete.me@example.com' })
  })
})

describe('sandbox users: attributes and excludedAttributes', () => {
  let id: string

  beforeAll(async () => {
    id = (
      await client.createUser({
        userName: 'projected@example.com',
        displayName: 'Projected',
        name: { givenName: 'Pro', familyName: 'Jected' },
        emails: [{ value: 'projected@example.com', type: 'work', primary: true }],
        [ENTERPRISE]: { department: 'Sales', costCenter: 'CC1' },
      })
    ).id
  })

  it('returns only the requested attributes, plus id and schemas', async () => {
    const response = await client.get(
      `/Users/${id}?attributes=userName,name.givenName,emails.value,${ENTERPRISE}:department`
    )
    expect(response.status).toBe(200)
    expect(response.body).toEqual({
      schemas: [USER_SCHEMA, ENTERPRISE],
      id,
      userName: 'projected@example.com',
      name: { givenName: 'Pro' },
      emails: [{ value: 'projected@example.com' }],
      [ENTERPRISE]: { department: 'Sales' },
    })
  })

  it('drops excluded attributes but never id', async () => {
    const response = await client.filter('/Users', `id eq "${id}"`, '&excludedAttributes=emails,meta,name,id')
    const [user] = response.list().Resources
    expect(user?.id).toBe(id)
    expect(user).not.toHaveProperty('emails')
    expect(user).not.toHaveProperty('meta')
    expect(user).not.toHaveProperty('name')
    expect(user?.displayName).toBe('Projected')
  })

  it('applies attributes to a POST response without storing less', async () => {
    const response = await client.call('POST', '/Users?attributes=userName', {
      schemas: [USER_SCHEMA],
      userName: 'post.projected@example.com',
      displayName: 'Kept',
    })
    expect(response.status).toBe(201)
    expect(Object.keys(response.resource()).sort()).toEqual(['id', 'schemas', 'userName'])
    expect(server.store.getUser(response.resource().id)?.displayName).toBe('Kept')
  })
})

describe('sandbox discovery endpoints', () => {
  it('serves ServiceProviderConfig with this server’s settings', async () => {
    const response = await client.get('/ServiceProviderConfig')
    expect(response.status).toBe(200)
    expect(response.body).toMatchObject({
      patch: { supported: true },
      filter: { supported: true, maxResults: 1000 },
      authenticationSchemes: [{ type: 'oauthbearertoken' }],
      meta: { location: `${server.baseUrl}/ServiceProviderConfig` },
    })
  })

  it('lists the Users (with the enterprise and sandbox extensions) and Groups resource types and their schemas', async () => {
    const types = (await client.get('/ResourceTypes')).list()
    expect(types.Resources.map(type => type.id).sort()).toEqual(['Group', 'User'])
    expect(types.itemsPerPage).toBe(2)
    expect(types.Resources.find(type => type.id === 'User')).toMatchObject({
      endpoint: '/Users',
      schema: USER_SCHEMA,
      schemaExtensions: [
        { schema: ENTERPRISE, required: false },
        { schema: SANDBOX_EXTENSION_SCHEMA, required: false },
      ],
    })
    const schemas = (await client.get('/Schemas')).list()
    expect(schemas.Resources.map(schema => schema.id)).toEqual(
      expect.arrayContaining([
        USER_SCHEMA,
        ENTERPRISE,
        SANDBOX_EXTENSION_SCHEMA,
        'urn:ietf:params:scim:schemas:core:2.0:Group',
      ])
    )
    // A second reference attribute beside the manager (RFC 7643 §7: $ref naming User).
    const sandbox = schemas.Resources.find(schema => schema.id === SANDBOX_EXTENSION_SCHEMA)
    expect(sandbox?.['attributes']).toContainEqual(
      expect.objectContaining({
        name: 'sponsor',
        type: 'complex',
        subAttributes: expect.arrayContaining([
          expect.objectContaining({ name: '$ref', type: 'reference', referenceTypes: ['User'] }),
        ]),
      })
    )
  })

  it('answers unknown endpoints with a SCIM 404', async () => {
    const response = await client.get('/Nothing')
    expect(response.status).toBe(404)
    expect(response.error().schemas).toEqual([ERROR_SCHEMA])
  })
})
