/**
 * The sandbox against what the SCIM compliance checker scim2-tester (python-scim) checks, one
 * test per family of its checks: discovery, error responses, create/read/list/search with
 * `attributes`, PUT, DELETE, and PATCH add/replace/remove of every writable attribute, each
 * compared exactly with what was sent. Values are shaped like the checker's: every writable
 * attribute filled, multi-valued `type` labels that are not RFC 7643's canonical suggestions,
 * group members whose `type` says anything.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SandboxServer } from '../../../../../main/connectors/scim/sandbox/sandbox-server'
import {
  ENTERPRISE,
  ERROR_SCHEMA,
  GROUP_SCHEMA,
  LIST_SCHEMA,
  type SandboxClient,
  type ScimResource,
  type ScimResponse,
  USER_SCHEMA,
  startTestSandbox,
} from './sandbox-client'

let server: SandboxServer
let client: SandboxClient
let sequence = 0

beforeAll(async () => {
  ;({ server, client } = await startTestSandbox())
})

afterAll(async () => {
  await server.close()
})

const next = (prefix: string): string => `${prefix}-${(sequence += 1)}`

/** A label no RFC 7643 canonical list holds. */
const LABEL = 'x-custom-label'

/** Every writable multi-valued User attribute, each with one value labelled `LABEL` (addresses have no `display`). */
function multiValued(): Record<string, unknown> {
  const common = { display: next('display'), type: LABEL, primary: true }
  return {
    emails: [{ value: `${next('mail')}@example.com`, ...common }],
    phoneNumbers: [{ value: '+1-201-555-0123', ...common }],
    ims: [{ value: next('im'), ...common }],
    photos: [{ value: `https://${next('photo')}.example/p.png`, ...common }],
    addresses: [
      {
        formatted: 'Main Street 1, Springfield',
        streetAddress: 'Main Street 1',
        locality: 'Springfield',
        region: 'State',
        postalCode: '12345',
        country: 'US',
        type: LABEL,
        primary: true,
      },
    ],
    entitlements: [{ value: next('entitlement'), ...common }],
    roles: [{ value: next('role'), ...common }],
    x509Certificates: [{ value: Buffer.from(next('certificate')).toString('base64'), ...common }],
  }
}

/** Every writable single-valued User attribute and the enterprise extension. */
function singleValued(manager: ScimResource): Record<string, unknown> {
  return {
    externalId: next('external'),
    name: {
      formatted: 'Ms. Barbara J Jensen, III',
      familyName: 'Jensen',
      givenName: 'Barbara',
      middleName: 'Jane',
      honorificPrefix: 'Ms.',
      honorificSuffix: 'III',
    },
    displayName: next('display'),
    nickName: next('nick'),
    profileUrl: `https://${next('profile')}.example/`,
    title: next('title'),
    userType: next('userType'),
    preferredLanguage: 'en-US',
    locale: 'en-US',
    timezone: 'America/Los_Angeles',
    active: false,
    [ENTERPRISE]: {
      employeeNumber: next('employee'),
      costCenter: next('costCenter'),
      organization: next('organization'),
      division: next('division'),
      department: next('department'),
      manager: { value: manager.id, $ref: manager.meta.location },
    },
  }
}

async function plainUser(): Promise<ScimResource> {
  return client.createUser({ userName: `${next('user')}@example.com` })
}

/** A User with every writable attribute filled, as the checker creates with `fill_all`. */
async function fullUser(): Promise<{ sent: Record<string, unknown>; created: ScimResource }> {
  const manager = await plainUser()
  const sent = {
    schemas: [USER_SCHEMA, ENTERPRISE],
    userName: `${next('full')}@example.com`,
    ...singleValued(manager),
    ...multiValued(),
  }
  const response = await client.call('POST', '/Users', sent)
  expect(response.status, response.text).toBe(201)
  return { sent, created: response.resource() }
}

/** Every attribute sent, back as sent (password is write-only). */
function expectRoundTrip(resource: unknown, sent: Record<string, unknown>): void {
  const { schemas: _schemas, id: _id, meta: _meta, password: _password, ...attributes } = sent
  expect(resource).toMatchObject(attributes)
  expect(resource).not.toHaveProperty('password')
}

const patched = (response: ScimResponse): ScimResource => {
  expect(response.status, response.text).toBe(200)
  return response.resource()
}

/** Engine messages a SCIM error must never carry (they say nothing about the request). */
const ENGINE_TEXT =
  /Cannot (read|set) properties|Cannot convert undefined|is not a function|is not iterable|on proxy|undefined or null|Unexpected token|reading '/

function expectScimError(response: ScimResponse, status: number): void {
  expect(response.status, response.text).toBe(status)
  expect(response.error().schemas).toEqual([ERROR_SCHEMA])
  expect(response.error().detail ?? '').not.toMatch(ENGINE_TEXT)
}

describe('scim2-tester discovery and error checks', () => {
  it('serves the discovery endpoints, each resource type and schema by id, and 404 SCIM errors for unknown ids and URLs', async () => {
    expect((await client.get('/ServiceProviderConfig')).status).toBe(200)
    const types = (await client.get('/ResourceTypes')).list()
    expect(types.Resources.map(type => type.id)).toEqual(['User', 'Group'])
    for (const type of types.Resources) {
      expect((await client.get(`/ResourceTypes/${String(type.id)}`)).status).toBe(200)
      expect((await client.get(`/Schemas/${String(type['schema'])}`)).status).toBe(200)
    }
    const schemas = (await client.get('/Schemas')).list()
    // Canonical values stay advertised as the suggestions they are.
    const user = schemas.Resources.find(schema => schema.id === USER_SCHEMA)
    const emails = (user?.['attributes'] as ReadonlyArray<Record<string, unknown>>).find(
      a => a['name'] === 'emails'
    )
    const type = (emails?.['subAttributes'] as ReadonlyArray<Record<string, unknown>>).find(
      a => a['name'] === 'type'
    )
    expect(type?.['canonicalValues']).toEqual(['work', 'home', 'other'])
    for (const schema of schemas.Resources) {
      expect((await client.get(`/Schemas/${schema.id}`)).status).toBe(200)
    }
    expectScimError(await client.get('/ResourceTypes/no-such-type'), 404)
    expectScimError(await client.get('/Schemas/urn:no:such:schema'), 404)
    expectScimError(await client.get('/f5c2d8a4-no-such-endpoint'), 404)
  })

  it('answers writes to the read-only discovery endpoints with 405 and the methods allowed', async () => {
    for (const endpoint of ['/ServiceProviderConfig', '/ResourceTypes', '/Schemas', '/Schemas/x']) {
      for (const method of ['POST', 'PUT', 'PATCH', 'DELETE'] as const) {
        const response = await client.call(method, endpoint, method === 'DELETE' ? undefined : {})
        expectScimError(response, 405)
        expect(response.headers['allow']).toBe('GET')
      }
    }
  })
})

describe('scim2-tester CRUD checks', () => {
  it('creates a User with every writable attribute, labels outside the canonical values included, and reads it back as sent', async () => {
    const { sent, created } = await fullUser()
    expectRoundTrip(created, sent)
    expectRoundTrip((await client.get(`/Users/${created.id}`)).resource(), sent)
  })

  it('honours attributes and excludedAttributes on GET by id, on the listing and on a root .search', async () => {
    const { created } = await fullUser()
    const byId = (await client.get(`/Users/${created.id}?attributes=externalId`)).resource()
    expect(byId).toEqual({ schemas: created.schemas, id: created.id, externalId: created['externalId'] })
    const without = (await client.get(`/Users/${created.id}?excludedAttributes=name`)).resource()
    expect(without).not.toHaveProperty('name')
    expect(without).toHaveProperty('externalId', created['externalId'])

    const listed = (await client.get('/Users?attributes=externalId')).list()
    expect(listed.Resources.find(user => user.id === created.id)).toHaveProperty(
      'externalId',
      created['externalId']
    )
    const search = await client.call('POST', '/.search', {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'],
      excludedAttributes: ['name'],
    })
    expect(search.list().schemas).toEqual([LIST_SCHEMA])
    const found = search.list().Resources.find(user => user.id === created.id)
    expect(found).toHaveProperty('externalId', created['externalId'])
    expect(found).not.toHaveProperty('name')
  })

  it('replaces a User with PUT carrying every writable attribute and the server’s own id and meta', async () => {
    const user = await plainUser()
    const manager = await plainUser()
    const body = {
      schemas: [USER_SCHEMA, ENTERPRISE],
      id: user.id,
      meta: user.meta,
      userName: `${next('put')}@example.com`,
      password: 'Secret-1',
      ...singleValued(manager),
      ...multiValued(),
    }
    const response = await client.call('PUT', `/Users/${user.id}`, body)
    expect(response.status, response.text).toBe(200)
    expectRoundTrip(response.resource(), body)
  })

  it('deletes a User and then answers 404 for it', async () => {
    const user = await plainUser()
    expect((await client.call('DELETE', `/Users/${user.id}`)).status).toBe(204)
    expectScimError(await client.get(`/Users/${user.id}`), 404)
  })
})

describe('scim2-tester PATCH checks on Users', () => {
  it('adds, then replaces, each writable attribute on a user that lacks it, and returns exactly what was sent', async () => {
    const manager = await plainUser()
    const values = { ...singleValued(manager), ...multiValued() }
    for (const op of ['add', 'replace'] as const) {
      for (const [path, value] of Object.entries(values)) {
        const user = await plainUser()
        const response = patched(await client.patch(`/Users/${user.id}`, { op, path, value }))
        expect(response[path], `${op} ${path}`).toEqual(value)
        expect((await client.get(`/Users/${user.id}`)).resource()[path], `${op} ${path}`).toEqual(value)
      }
    }
  })

  it('adds and replaces each enterprise attribute by its full path', async () => {
    const manager = await plainUser()
    const extension = singleValued(manager)[ENTERPRISE] as Record<string, unknown>
    for (const op of ['add', 'replace'] as const) {
      for (const [name, value] of Object.entries(extension)) {
        const user = await plainUser()
        const response = patched(
          await client.patch(`/Users/${user.id}`, { op, path: `${ENTERPRISE}:${name}`, value })
        )
        expect((response[ENTERPRISE] as Record<string, unknown>)[name], `${op} ${name}`).toEqual(value)
      }
    }
  })

  it('replaces the enterprise extension as a whole: attributes not sent are gone', async () => {
    const { created } = await fullUser()
    const response = patched(
      await client.patch(`/Users/${created.id}`, {
        op: 'replace',
        path: ENTERPRISE,
        value: { division: 'New' },
      })
    )
    expect(response[ENTERPRISE]).toEqual({ division: 'New' })
  })

  it('removes each writable attribute, the enterprise extension and its attributes included, in the checker’s order', async () => {
    const { sent, created } = await fullUser()
    const extension = sent[ENTERPRISE] as Record<string, unknown>
    const paths = [
      ...Object.keys(sent).filter(path => !['schemas', 'userName'].includes(path)),
      ...Object.keys(extension).map(name => `${ENTERPRISE}:${name}`),
    ]
    for (const path of paths) {
      const response = await client.patch(`/Users/${created.id}`, { op: 'remove', path })
      expect([200, 204], `remove ${path}: ${response.text}`).toContain(response.status)
      const after = (await client.get(`/Users/${created.id}`)).resource()
      const [urn, name] = path.startsWith(`${ENTERPRISE}:`)
        ? [ENTERPRISE, path.slice(ENTERPRISE.length + 1)]
        : [path]
      const left =
        name === undefined ? after[urn] : (after[urn] as Record<string, unknown> | undefined)?.[name]
      expect(left, `remove ${path}`).toBeUndefined()
    }
    expect(server.store.getUser(created.id)?.schemas).toEqual([USER_SCHEMA])
  })
})

describe('scim2-tester checks on Groups', () => {
  /** A member shaped like the checker's: value, $ref, display, and a type label. */
  const memberOf = (user: ScimResource, type: string) => ({
    value: user.id,
    $ref: user.meta.location,
    display: next('member'),
    type,
  })

  it('resolves members by id whatever their type says, and returns the member as sent', async () => {
    for (const type of ['Group', 'Person', 'user']) {
      const member = memberOf(await plainUser(), type)
      const response = await client.call('POST', '/Groups', {
        schemas: [GROUP_SCHEMA],
        displayName: next('group'),
        externalId: next('external'),
        members: [member],
      })
      expect(response.status, `${type}: ${response.text}`).toBe(201)
      expect(response.resource()['members']).toEqual([member])
      const asUser = (await client.get(`/Users/${member.value}`)).resource()
      expect(asUser['groups']).toEqual([expect.objectContaining({ value: response.resource().id })])
    }
  })

  it('fills in a missing member type from the resource the id names', async () => {
    const inner = await client.createGroup({ displayName: next('inner') })
    const user = await plainUser()
    const outer = await client.createGroup({
      displayName: next('outer'),
      members: [{ value: inner.id }, { value: user.id }],
    })
    expect(outer['members']).toEqual([
      expect.objectContaining({ value: inner.id, type: 'Group' }),
      expect.objectContaining({ value: user.id, type: 'User' }),
    ])
  })

  it('adds, replaces, removes members and replaces a group with PUT, whatever the member type label', async () => {
    const group = await client.createGroup({ displayName: next('group') })
    const path = `/Groups/${group.id}`
    const added = memberOf(await plainUser(), 'Group')
    expect(
      patched(await client.patch(path, { op: 'add', path: 'members', value: [added] }))['members']
    ).toEqual([added])
    const replaced = memberOf(await plainUser(), 'Group')
    const afterReplace = patched(
      await client.patch(path, { op: 'replace', path: 'members', value: [replaced] })
    )
    expect(afterReplace['members']).toEqual([replaced])
    const removed = await client.patch(path, { op: 'remove', path: 'members' })
    expect([200, 204]).toContain(removed.status)
    expect((await client.get(path)).resource()).not.toHaveProperty('members')

    const put = memberOf(await plainUser(), 'Group')
    const body = {
      schemas: [GROUP_SCHEMA],
      id: group.id,
      meta: group.meta,
      displayName: next('put'),
      members: [put],
    }
    const response = await client.call('PUT', path, body)
    expect(response.status, response.text).toBe(200)
    expect(response.resource()['members']).toEqual([put])
  })

  it('still refuses a member whose id names nothing', async () => {
    const response = await client.call('POST', '/Groups', {
      schemas: [GROUP_SCHEMA],
      displayName: next('dangling'),
      members: [{ value: 'no-such-id', type: 'User' }],
    })
    expectScimError(response, 400)
    expect(response.error().detail).toContain("'no-such-id' does not exist")
  })
})

describe('SCIM errors never carry JavaScript engine text', () => {
  it('answers malformed PATCH operations with a 400 that says what is wrong', async () => {
    const user = await plainUser()
    const group = await client.createGroup({ displayName: next('group') })
    const cases = [
      [`/Users/${user.id}`, { op: 'add', value: null }, /value/],
      [`/Users/${user.id}`, { op: 'add', path: 'emails', value: [null] }, /emails/],
      [`/Users/${user.id}`, { op: 'replace', path: 'name', value: [1] }, /name/],
      [`/Groups/${group.id}`, { op: 'add', path: 'members', value: [null] }, /members/],
    ] as const
    for (const [path, operation, mentions] of cases) {
      const response = await client.patch(path, operation)
      expectScimError(response, 400)
      expect(response.error().detail, JSON.stringify(operation)).toMatch(mentions)
    }
  })

  it('refuses a value that is not an object among a complex attribute’s values on POST and PUT', async () => {
    const user = await plainUser()
    const created = await client.call('POST', '/Users', {
      schemas: [USER_SCHEMA],
      userName: `${next('null')}@example.com`,
      emails: [null],
    })
    expectScimError(created, 400)
    expect(created.error().detail).toContain("'emails'")
    const replaced = await client.call('PUT', `/Users/${user.id}`, {
      schemas: [USER_SCHEMA],
      userName: user['userName'],
      phoneNumbers: [{ value: '1' }, 'x'],
    })
    expectScimError(replaced, 400)
    expect(server.store.getUser(user.id)).not.toHaveProperty('phoneNumbers')
  })

  it('answers an incomplete filter with 400 invalidFilter', async () => {
    const response = await client.filter('/Users', 'not')
    expectScimError(response, 400)
    expect(response.error().scimType).toBe('invalidFilter')
  })

  it('answers a malformed bulk request with a 400, and a malformed bulk PATCH in its own slot without engine text', async () => {
    const bulk = (operations: ReadonlyArray<unknown>) =>
      client.call('POST', '/Bulk', {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'],
        Operations: operations,
      })
    expectScimError(await bulk([null]), 400)
    const user = await plainUser()
    const patch = {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'add', value: null }],
    }
    const response = await bulk([{ method: 'PATCH', path: `/Users/${user.id}`, data: patch }])
    expect(response.status).toBe(200)
    const [answer] = (
      response.body as { Operations: ReadonlyArray<{ status: string; response: { detail: string } }> }
    ).Operations
    expect(answer?.status).toBe('400')
    expect(answer?.response.detail).not.toMatch(ENGINE_TEXT)
  })
})
