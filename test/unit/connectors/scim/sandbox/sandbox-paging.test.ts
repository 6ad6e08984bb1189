import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SandboxServer } from '../../../../../main/connectors/scim/sandbox/sandbox-server'
import { LIST_SCHEMA, type SandboxClient, type ScimList, startTestSandbox } from './sandbox-client'

const seedUsers = Array.from({ length: 25 }, (_, index) => ({
  id: `user-${String(index + 1).padStart(2, '0')}`,
  userName: `person${String(index + 1).padStart(2, '0')}@example.com`,
  title: index % 2 === 0 ? 'even' : 'odd',
}))

let server: SandboxServer
let client: SandboxClient

beforeAll(async () => {
  ;({ server, client } = await startTestSandbox({ seedUsers, maxPageSize: 10 }))
})

afterAll(async () => {
  await server.close()
})

async function page(query: string): Promise<ScimList> {
  const response = await client.get(`/Users?${query}`)
  expect(response.status).toBe(200)
  return response.list()
}

const ids = (list: ScimList): ReadonlyArray<string> => list.Resources.map(resource => resource.id)
const expectedIds = (from: number, to: number): ReadonlyArray<string> =>
  seedUsers.slice(from - 1, to).map(user => user.id)

describe('sandbox paging', () => {
  it('pages with startIndex/count, ending on a short last page', async () => {
    const first = await page('startIndex=1&count=10')
    expect(first).toMatchObject({ schemas: [LIST_SCHEMA], totalResults: 25, startIndex: 1, itemsPerPage: 10 })
    expect(ids(first)).toEqual(expectedIds(1, 10))
    const second = await page('startIndex=11&count=10')
    expect(ids(second)).toEqual(expectedIds(11, 20))
    const last = await page('startIndex=21&count=10')
    expect(last).toMatchObject({ totalResults: 25, startIndex: 21, itemsPerPage: 5 })
    expect(ids(last)).toEqual(expectedIds(21, 25))
  })

  it('serves a page starting inside the first page size (where scimmy re-slices)', async () => {
    const list = await page('startIndex=3&count=5')
    expect(list).toMatchObject({ totalResults: 25, startIndex: 3, itemsPerPage: 5 })
    expect(ids(list)).toEqual(expectedIds(3, 7))
  })

  it('clamps count to maxPageSize and uses it when count is absent', async () => {
    const clamped = await page('count=500')
    expect(clamped.itemsPerPage).toBe(10)
    expect(ids(clamped)).toEqual(expectedIds(1, 10))
    const unspecified = await page('startIndex=16')
    expect(ids(unspecified)).toEqual(expectedIds(16, 25))
  })

  it('returns only totalResults for count=0 and nothing past the end', async () => {
    const none = await page('count=0')
    expect(none).toMatchObject({ totalResults: 25, itemsPerPage: 0, Resources: [] })
    const beyond = await page('startIndex=26&count=10')
    expect(beyond).toMatchObject({ totalResults: 25, startIndex: 26, itemsPerPage: 0, Resources: [] })
  })

  it('pages a filtered result with the filter’s totalResults', async () => {
    const filter = encodeURIComponent('title eq "odd"')
    const first = await page(`filter=${filter}&startIndex=1&count=10`)
    expect(first.totalResults).toBe(12)
    const second = await page(`filter=${filter}&startIndex=11&count=10`)
    expect(second.itemsPerPage).toBe(2)
    expect([...ids(first), ...ids(second)]).toEqual(
      seedUsers.filter(user => user.title === 'odd').map(user => user.id)
    )
  })

  it('sorts before paging', async () => {
    const list = await page('sortBy=userName&sortOrder=descending&startIndex=2&count=3')
    expect(list.Resources.map(user => user.userName)).toEqual([
      'person24@example.com',
      'person23@example.com',
      'person22@example.com',
    ])
  })
})

describe('sandbox ignoreCount quirk', () => {
  let quirky: SandboxServer
  let quirkyClient: SandboxClient

  beforeAll(async () => {
    ;({ server: quirky, client: quirkyClient } = await startTestSandbox({ seedUsers, ignoreCount: 4 }))
  })

  afterAll(async () => {
    await quirky.close()
  })

  it('returns pages of its own size whatever count asks for, honouring startIndex', async () => {
    for (const count of [1, 10, 100]) {
      const list = (await quirkyClient.get(`/Users?startIndex=5&count=${count}`)).list()
      expect(list).toMatchObject({ totalResults: 25, startIndex: 5, itemsPerPage: 4 })
      expect(ids(list)).toEqual(expectedIds(5, 8))
    }
  })

  it('lets a client that follows returned page sizes read everything exactly once', async () => {
    const seen: string[] = []
    let startIndex = 1
    for (;;) {
      const list = (await quirkyClient.get(`/Users?startIndex=${startIndex}&count=10`)).list()
      seen.push(...ids(list))
      startIndex += list.Resources.length
      if (list.Resources.length === 0 || startIndex > list.totalResults) break
    }
    expect(seen).toEqual(seedUsers.map(user => user.id))
  })
})
