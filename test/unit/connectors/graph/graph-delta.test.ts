/**
 * Incremental reads of Entra ID: the first read fills the local copy (a full listing, with a
 * delta link taken just before it), later reads apply only the delta round's changes, and the
 * copy always equals what a full read would see now — leavers included, so "missing from the
 * source = left" holds for the engine. Against the Graph stand-in and a real state database.
 */
import { describe, expect, it } from 'vitest'
import type { GraphSourceOptions } from '../../../../main/connectors/graph/graph-source'
import { sourceMirror } from '../../../../main/store/source-mirror-store'
import { type GraphServer, startGraphServer, type GraphServerOptions } from '../../../helpers/graph-server'
import { openTempDatabase, seedJob } from '../../../helpers/store-fixtures'
import { collect, graphSource } from '../../../helpers/graph-fixtures'

interface Seen {
  readonly users: ReadonlyArray<readonly [string, unknown]>
  readonly groups: ReadonlyArray<readonly [string, unknown, ReadonlyArray<string>]>
}

/** Everything a run would see, in a stable order. */
async function seen(server: GraphServer, options: Partial<GraphSourceOptions> = {}): Promise<Seen> {
  const source = graphSource(server, options)
  const users = await collect(source.readUsers())
  const groups = await collect(source.readGroups())
  return {
    users: users.map(user => [user.id, user.attributes] as const).sort(([a], [b]) => a.localeCompare(b)),
    groups: groups
      .map(group => [group.id, group.attributes, [...group.members].sort()] as const)
      .sort(([a], [b]) => a.localeCompare(b)),
  }
}

async function setUp(options: GraphServerOptions = {}) {
  const server = await startGraphServer({ deltaPageSize: 2, ...options })
  const d = server.directory
  const ada = d.addUser({ userPrincipalName: 'ada@contoso.com', displayName: 'Ada', mail: 'ada@contoso.com' })
  const grace = d.addUser({ userPrincipalName: 'grace@contoso.com', displayName: 'Grace' }, ada.id)
  const alan = d.addUser({ userPrincipalName: 'alan@contoso.com', displayName: 'Alan' })
  const kat = d.addUser({ userPrincipalName: 'kat@contoso.com', displayName: 'Katherine' }, ada.id)
  const research = d.addGroup({ displayName: 'Research' }, [ada.id, alan.id, kat.id])
  const old = d.addGroup({ displayName: 'Old' }, [grace.id])
  const { db } = openTempDatabase()
  seedJob(db, 'graph-job')
  const mirror = sourceMirror(db, 'graph-job')
  return { server, d, ada, grace, alan, kat, research, old, db, mirror }
}

describe('GraphSource with a delta mirror', () => {
  it('reads everything once, then only the changes, and sees what a full read sees', async () => {
    const { server, d, ada, grace, alan, kat, research, old, mirror } = await setUp({
      membersPerDeltaItem: 2,
    })
    const first = await seen(server, { mirror })
    expect(first).toEqual(await seen(server))
    expect(server.graphRequests().filter(request => request.includes('/delta'))).toEqual([
      'GET /v1.0/users/delta?$select=accountEnabled,displayName,id,mail,userPrincipalName,manager&$deltatoken=latest',
      'GET /v1.0/groups/delta?$select=displayName,id,members&$deltatoken=latest',
    ])
    expect(mirror.watermark('user')?.deltaLink).toMatch(/\/v1\.0\/users\/delta\?\$deltatoken=/)

    // Changes of every kind: attributes, a hire, a soft delete, a permanent delete, managers
    // set and removed, members added and removed, a group created and one deleted.
    d.updateUser(ada.id, { mail: 'ada.lovelace@contoso.com', displayName: 'Ada Lovelace' })
    const linus = d.addUser({ userPrincipalName: 'linus@contoso.com', displayName: 'Linus' }, alan.id)
    d.deleteUser(grace.id, 'changed')
    d.setManager(alan.id, ada.id)
    d.setManager(kat.id, null)
    d.addMember(research.id, linus.id)
    d.removeMember(research.id, alan.id)
    const leads = d.addGroup({ displayName: 'Leads' }, [ada.id, kat.id, linus.id])
    d.deleteGroup(old.id)
    d.deleteUser(kat.id, 'deleted')

    server.requests.length = 0
    const second = await seen(server, { mirror })
    const full = await seen(server)
    expect(second).toEqual(full)
    expect(second.users.map(([id]) => id).sort()).toEqual([ada.id, alan.id, linus.id].sort())
    expect(second.groups.map(([id, , members]) => [id, members])).toEqual(
      [
        [research.id, [ada.id, linus.id].sort()],
        [leads.id, [ada.id, linus.id].sort()],
      ].sort(([a], [b]) => String(a).localeCompare(String(b)))
    )
    // The incremental read followed the delta links only (several pages of them).
    const incremental = server.graphRequests().slice(0, server.graphRequests().length / 2)
    expect(
      incremental.every(request => /\/(users|groups)\/delta\?\$(deltatoken|skiptoken)=/.test(request))
    ).toBe(true)
    expect(incremental.length).toBeGreaterThan(2)
  })

  it('sends nothing but the delta links when nothing changed, and keeps the copy as it is', async () => {
    const { server, mirror } = await setUp()
    const first = await seen(server, { mirror })
    server.requests.length = 0
    expect(await seen(server, { mirror })).toEqual(first)
    expect(server.graphRequests().map(request => request.replace(/=.*/, ''))).toEqual([
      'GET /v1.0/users/delta?$deltatoken',
      'GET /v1.0/groups/delta?$deltatoken',
    ])
  })

  it.each([400, 410] as const)(
    'reads everything again when Graph no longer knows the delta link (%i)',
    async status => {
      const { server, d, ada, mirror } = await setUp()
      await seen(server, { mirror })
      d.updateUser(ada.id, { displayName: 'Countess Lovelace' })
      server.expireDeltaTokens(status)
      server.requests.length = 0
      const after = await seen(server, { mirror })
      expect(after.users.find(([id]) => id === ada.id)?.[1]).toMatchObject({
        displayName: 'Countess Lovelace',
      })
      expect(server.graphRequests()).toContain(
        'GET /v1.0/users?$select=accountEnabled,displayName,id,mail,userPrincipalName&$top=999&$expand=manager($select=id)'
      )
    }
  )

  it('reads everything again when the job reads other attributes (the link answers only for the old ones)', async () => {
    const { server, d, ada, mirror } = await setUp()
    await seen(server, { mirror })
    d.updateUser(ada.id, { jobTitle: 'Countess' })
    const wider = { mirror, userSelect: ['displayName', 'id', 'jobTitle', 'userPrincipalName'] }
    const after = await seen(server, wider)
    expect(after).toEqual(await seen(server, { ...wider, mirror: undefined }))
    expect(after.users.find(([id]) => id === ada.id)?.[1]).toMatchObject({ jobTitle: 'Countess' })
  })

  it('keeps the copy and its link when a round fails half-way, and repeats the round next time', async () => {
    const { server, d, ada, grace, alan, kat, mirror } = await setUp()
    await seen(server, { mirror })
    const link = mirror.watermark('user')?.deltaLink
    d.updateUser(ada.id, { displayName: 'Ada L.' })
    d.updateUser(grace.id, { displayName: 'Grace H.' })
    d.updateUser(kat.id, { displayName: 'Kat J.' })
    d.deleteUser(alan.id)
    server.throttle({ match: /users\/delta\?\$skiptoken/, status: 504, times: 3 })
    const failed = await seen(server, { mirror }).catch((error: unknown) => error)
    expect((failed as Error).message).toMatch(/HTTP 504/)
    expect(mirror.watermark('user')?.deltaLink).toBe(link)
    expect(mirror.get('user', alan.id)).toBeDefined()
    expect(await seen(server, { mirror })).toEqual(await seen(server))
  })

  it('reads users in full every run while the job filters them ($filter does not apply to delta)', async () => {
    const { server, mirror } = await setUp()
    await seen(server, { mirror, filter: "startswith(userPrincipalName,'a')" })
    expect(mirror.watermark('user')).toBeNull()
    expect(server.graphRequests().some(request => request.startsWith('GET /v1.0/users/delta'))).toBe(false)
  })
})
