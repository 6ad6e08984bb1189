import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SandboxServer } from '../../../../../main/connectors/scim/sandbox/sandbox-server'
import { ENTERPRISE, type SandboxClient, type ScimResource, startTestSandbox } from './sandbox-client'

let server: SandboxServer
let client: SandboxClient
let sequence = 0

beforeAll(async () => {
  ;({ server, client } = await startTestSandbox())
})

afterAll(async () => {
  await server.close()
})

/** A fresh user with a work and a home email and an enterprise department. */
async function freshUser(): Promise<ScimResource> {
  sequence += 1
  return client.createUser({
    userName: `patch${sequence}@example.com`,
    displayName: `Patch ${sequence}`,
    active: true,
    emails: [
      { value: `patch${sequence}@example.com`, type: 'work', primary: true },
      { value: `patch${sequence}@home.example`, type: 'home' },
    ],
    [ENTERPRISE]: { department: 'Engineering' },
  })
}

const stored = (id: string) => server.store.getUser(id) ?? {}

describe('sandbox PATCH: operation names', () => {
  it('applies lower-case add, replace and remove', async () => {
    const user = await freshUser()
    const response = await client.patch(
      `/Users/${user.id}`,
      { op: 'replace', path: 'displayName', value: 'Lower Case' },
      { op: 'add', path: 'title', value: 'Engineer' },
      { op: 'remove', path: 'nickName' }
    )
    expect(response.status).toBe(200)
    expect(response.resource()).toMatchObject({ displayName: 'Lower Case', title: 'Engineer' })
    expect(stored(user.id)).toMatchObject({ displayName: 'Lower Case', title: 'Engineer' })
  })

  it('applies Entra’s capitalised Add, Replace and Remove', async () => {
    const user = await freshUser()
    const response = await client.patch(
      `/Users/${user.id}`,
      { op: 'Replace', path: 'displayName', value: 'Capitalised' },
      { op: 'Add', path: 'title', value: 'Manager' },
      { op: 'Remove', path: 'emails[type eq "home"]' }
    )
    expect(response.status).toBe(200)
    const patched = stored(user.id)
    expect(patched).toMatchObject({ displayName: 'Capitalised', title: 'Manager' })
    expect(patched.emails).toEqual([{ value: user.userName, type: 'work', primary: true }])
  })

  it('refuses an unknown op with 400', async () => {
    const user = await freshUser()
    const response = await client.patch(`/Users/${user.id}`, { op: 'merge', path: 'displayName', value: 'x' })
    expect(response.status).toBe(400)
    expect(stored(user.id).displayName).toBe(user.displayName)
  })
})

describe('sandbox PATCH: paths', () => {
  it('replaces through a filtered path, touching only the matching email', async () => {
    const user = await freshUser()
    const response = await client.patch(`/Users/${user.id}`, {
      op: 'replace',
      path: 'emails[type eq "work"].value',
      value: 'renamed@example.com',
    })
    expect(response.status).toBe(200)
    expect(stored(user.id).emails).toEqual([
      { value: 'renamed@example.com', type: 'work', primary: true },
      { value: String(user.userName).replace('@example.com', '@home.example'), type: 'home' },
    ])
  })

  it('adds through a value path nothing matches, as Entra expects, once per value', async () => {
    const user = await client.createUser({ userName: 'no.work.email@example.com' })
    const response = await client.patch(
      `/Users/${user.id}`,
      { op: 'Add', path: 'emails[type eq "work"].value', value: 'new.work@example.com' },
      { op: 'Add', path: 'emails[type eq "work"].primary', value: true }
    )
    expect(response.status).toBe(200)
    expect(stored(user.id).emails).toEqual([{ type: 'work', value: 'new.work@example.com', primary: true }])
  })

  it('answers 400 noTarget to a replace whose value path matches nothing (RFC 7644 §3.5.2.3)', async () => {
    const user = await client.createUser({ userName: 'still.no.work.email@example.com' })
    const response = await client.patch(`/Users/${user.id}`, {
      op: 'replace',
      path: 'emails[type eq "work"].value',
      value: 'x@example.com',
    })
    expect(response.status).toBe(400)
    expect(response.error().scimType).toBe('noTarget')
  })

  it('patches an enterprise extension attribute by its URN path', async () => {
    const user = await freshUser()
    const replaced = await client.patch(`/Users/${user.id}`, {
      op: 'replace',
      path: `${ENTERPRISE}:department`,
      value: 'Finance',
    })
    expect(replaced.status).toBe(200)
    const added = await client.patch(`/Users/${user.id}`, {
      op: 'Add',
      path: `${ENTERPRISE}:manager.value`,
      value: 'boss-id',
    })
    expect(added.status).toBe(200)
    expect(stored(user.id)[ENTERPRISE]).toEqual({ department: 'Finance', manager: { value: 'boss-id' } })
    expect(stored(user.id).schemas).toContain(ENTERPRISE)
    const removed = await client.patch(`/Users/${user.id}`, {
      op: 'remove',
      path: `${ENTERPRISE}:department`,
    })
    expect(removed.status).toBe(200)
    expect(stored(user.id)[ENTERPRISE]).toEqual({ manager: { value: 'boss-id' } })
  })

  it('replaces a complex extension sub-attribute and takes Entra’s bare manager id', async () => {
    const user = await client.createUser({ userName: 'managed@example.com' })
    const entra = await client.patch(`/Users/${user.id}`, {
      op: 'Add',
      path: `${ENTERPRISE}:manager`,
      value: 'first-boss',
    })
    expect(entra.status).toBe(200)
    expect(stored(user.id)[ENTERPRISE]).toEqual({ manager: { value: 'first-boss' } })
    const replaced = await client.patch(`/Users/${user.id}`, {
      op: 'replace',
      path: `${ENTERPRISE}:manager.value`,
      value: 'second-boss',
    })
    expect(replaced.status).toBe(200)
    expect(stored(user.id)[ENTERPRISE]).toEqual({ manager: { value: 'second-boss' } })
    const removed = await client.patch(`/Users/${user.id}`, { op: 'Remove', path: `${ENTERPRISE}:manager` })
    expect(removed.status).toBe(200)
    expect(stored(user.id)).not.toHaveProperty(ENTERPRISE)
    expect(stored(user.id).schemas).not.toContain(ENTERPRISE)
  })

  it('applies a path-less replace with an object value', async () => {
    const user = await freshUser()
    const response = await client.patch(`/Users/${user.id}`, {
      op: 'Replace',
      value: {
        displayName: 'Whole Object',
        'name.givenName': 'Whole',
        [`${ENTERPRISE}:department`]: 'Legal',
      },
    })
    expect(response.status).toBe(200)
    expect(stored(user.id)).toMatchObject({
      displayName: 'Whole Object',
      name: { givenName: 'Whole' },
      [ENTERPRISE]: { department: 'Legal' },
    })
  })

  it('refuses a path naming no attribute of the schema', async () => {
    const user = await freshUser()
    const response = await client.patch(`/Users/${user.id}`, {
      op: 'replace',
      path: 'favouriteColour',
      value: 'blue',
    })
    expect(response.status).toBe(400)
    expect(response.error().scimType).toBe('invalidPath')
  })
})

describe('sandbox PATCH: active', () => {
  it('deactivates and reactivates with booleans', async () => {
    const user = await freshUser()
    await client.patch(`/Users/${user.id}`, { op: 'replace', path: 'active', value: false })
    expect(stored(user.id).active).toBe(false)
    await client.patch(`/Users/${user.id}`, { op: 'replace', path: 'active', value: true })
    expect(stored(user.id).active).toBe(true)
  })

  it('stores Entra’s "False"/"True" strings as booleans', async () => {
    const user = await freshUser()
    const off = await client.patch(`/Users/${user.id}`, { op: 'Replace', path: 'active', value: 'False' })
    expect(off.status).toBe(200)
    expect(stored(user.id).active).toBe(false)
    await client.patch(`/Users/${user.id}`, { op: 'Replace', value: { active: 'True' } })
    expect(stored(user.id).active).toBe(true)
  })

  it('refuses a value that is no boolean', async () => {
    const user = await freshUser()
    const response = await client.patch(`/Users/${user.id}`, {
      op: 'replace',
      path: 'active',
      value: 'maybe',
    })
    expect(response.status).toBe(400)
    expect(stored(user.id).active).toBe(true)
  })
})

describe('sandbox PATCH: responses and conflicts', () => {
  it('answers 204 to a PATCH that changes nothing and leaves lastModified alone', async () => {
    const user = await freshUser()
    const response = await client.patch(`/Users/${user.id}`, {
      op: 'replace',
      path: 'displayName',
      value: user.displayName,
    })
    expect(response.status).toBe(204)
    expect((stored(user.id).meta as { lastModified: string }).lastModified).toBe(user.meta.lastModified)
  })

  it('answers 409 when a PATCH renames onto a taken userName', async () => {
    const first = await freshUser()
    const second = await freshUser()
    const response = await client.patch(`/Users/${second.id}`, {
      op: 'replace',
      path: 'userName',
      value: String(first.userName).toUpperCase(),
    })
    expect(response.status).toBe(409)
    expect(response.error().scimType).toBe('uniqueness')
    expect(stored(second.id).userName).toBe(second.userName)
  })

  it('answers 404 for an unknown user', async () => {
    const response = await client.patch('/Users/nobody', { op: 'replace', path: 'displayName', value: 'x' })
    expect(response.status).toBe(404)
  })

  it('keeps unlisted attributes when the PATCH asks for a projected response', async () => {
    const user = await freshUser()
    const response = await client.call('PATCH', `/Users/${user.id}?attributes=displayName`, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'replace', path: 'displayName', value: 'Projected Patch' }],
    })
    expect(response.status).toBe(200)
    expect(Object.keys(response.resource()).sort()).toEqual(['displayName', 'id', 'schemas'])
    expect(stored(user.id)).toMatchObject({ userName: user.userName, emails: user.emails, active: true })
  })
})
