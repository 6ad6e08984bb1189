import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SandboxServer } from '../../../../../main/connectors/scim/sandbox/sandbox-server'
import { GROUP_SCHEMA, type SandboxClient, type ScimResource, startTestSandbox } from './sandbox-client'

let server: SandboxServer
let client: SandboxClient
let sequence = 0

beforeAll(async () => {
  ;({ server, client } = await startTestSandbox())
})

afterAll(async () => {
  await server.close()
})

async function user(displayName = 'Member'): Promise<ScimResource> {
  sequence += 1
  return client.createUser({ userName: `member${sequence}@example.com`, displayName })
}

async function group(members: ReadonlyArray<ScimResource> = []): Promise<ScimResource> {
  sequence += 1
  return client.createGroup({
    displayName: `Group ${sequence}`,
    ...(members.length > 0 ? { members: members.map(member => ({ value: member.id })) } : {}),
  })
}

const memberIds = (groupId: string): ReadonlyArray<unknown> =>
  ((server.store.getGroup(groupId)?.members as ReadonlyArray<{ value: string }> | undefined) ?? []).map(
    member => member.value
  )

describe('sandbox groups', () => {
  it('creates a group whose members gain display and type, and whose users list it', async () => {
    const alice = await user('Alice Member')
    const created = await group([alice])
    expect(created.schemas).toEqual([GROUP_SCHEMA])
    expect(created.meta.location).toBe(`${server.baseUrl}/Groups/${created.id}`)
    expect(created.members).toEqual([{ value: alice.id, display: 'Alice Member', type: 'User' }])
    const asUser = (await client.get(`/Users/${alice.id}`)).resource()
    expect(asUser.groups).toEqual([{ value: created.id, display: created.displayName, type: 'direct' }])
  })

  it('adds members with PATCH add on members, ignoring duplicates', async () => {
    const [first, second] = [await user(), await user()]
    const target = await group([first])
    const response = await client.patch(`/Groups/${target.id}`, {
      op: 'add',
      path: 'members',
      value: [{ value: second.id }, { value: first.id }],
    })
    expect(response.status).toBe(200)
    expect(memberIds(target.id)).toEqual([first.id, second.id])
  })

  it('removes a member by value filter, even when its display holds quotes', async () => {
    const quoted = await user('Quote "Q" Person')
    const other = await user()
    const target = await group([quoted, other])
    const response = await client.patch(`/Groups/${target.id}`, {
      op: 'remove',
      path: `members[value eq "${quoted.id}"]`,
    })
    expect(response.status).toBe(200)
    expect(memberIds(target.id)).toEqual([other.id])
  })

  it('removes members by the value-list form Entra sends', async () => {
    const [first, second, third] = [await user(), await user(), await user()]
    const target = await group([first, second, third])
    const response = await client.patch(`/Groups/${target.id}`, {
      op: 'Remove',
      path: 'members',
      value: [{ value: first.id }, { value: third.id }],
    })
    expect(response.status).toBe(200)
    expect(memberIds(target.id)).toEqual([second.id])
  })

  it('removes every member with a path-only remove', async () => {
    const target = await group([await user(), await user()])
    const response = await client.patch(`/Groups/${target.id}`, { op: 'remove', path: 'members' })
    expect(response.status).toBe(200)
    expect(server.store.getGroup(target.id)).not.toHaveProperty('members')
  })

  it('refuses a member that does not exist', async () => {
    const target = await group()
    const response = await client.patch(`/Groups/${target.id}`, {
      op: 'add',
      path: 'members',
      value: [{ value: 'no-such-user' }],
    })
    expect(response.status).toBe(400)
    expect(response.error().scimType).toBe('invalidValue')
    expect(memberIds(target.id)).toEqual([])
  })

  it('keeps displayName unique, ignoring case, on create and rename', async () => {
    await client.createGroup({ displayName: 'Finance Team' })
    const duplicate = await client.call('POST', '/Groups', {
      schemas: [GROUP_SCHEMA],
      displayName: 'FINANCE team',
    })
    expect(duplicate.status).toBe(409)
    expect(duplicate.error().scimType).toBe('uniqueness')
    const other = await client.createGroup({ displayName: 'Legal Team' })
    const rename = await client.patch(`/Groups/${other.id}`, {
      op: 'replace',
      path: 'displayName',
      value: 'finance TEAM',
    })
    expect(rename.status).toBe(409)
  })

  it('finds groups by displayName filter', async () => {
    const target = await client.createGroup({ displayName: 'Searchable Group' })
    const response = await client.filter('/Groups', 'displayName eq "searchable group"')
    expect(response.list().Resources.map(found => found.id)).toEqual([target.id])
  })

  it('drops a deleted user from its groups and a deleted group from its users', async () => {
    const [staying, leaving] = [await user(), await user()]
    const target = await group([staying, leaving])
    expect((await client.call('DELETE', `/Users/${leaving.id}`)).status).toBe(204)
    expect(memberIds(target.id)).toEqual([staying.id])
    expect((await client.call('DELETE', `/Groups/${target.id}`)).status).toBe(204)
    expect((await client.get(`/Groups/${target.id}`)).status).toBe(404)
    expect(server.store.getUser(staying.id)).not.toHaveProperty('groups')
  })

  it('replaces a group with PUT', async () => {
    const [first, second] = [await user(), await user()]
    const target = await group([first])
    const response = await client.call('PUT', `/Groups/${target.id}`, {
      schemas: [GROUP_SCHEMA],
      displayName: 'Replaced Group',
      members: [{ value: second.id }],
    })
    expect(response.status).toBe(200)
    expect(response.resource().displayName).toBe('Replaced Group')
    expect(memberIds(target.id)).toEqual([second.id])
    expect(server.store.listGroups().some(listed => listed.id === target.id)).toBe(true)
  })
})
