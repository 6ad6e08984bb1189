import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseFilter } from '../../../../../main/connectors/scim/sandbox/sandbox-filter'
import type { SandboxServer } from '../../../../../main/connectors/scim/sandbox/sandbox-server'
import {
  ENTERPRISE,
  ERROR_SCHEMA,
  type SandboxClient,
  type ScimResponse,
  startTestSandbox,
} from './sandbox-client'

let server: SandboxServer
let client: SandboxClient

const people = {
  alice: {
    id: 'alice',
    userName: 'alice@example.com',
    externalId: 'EXT-Alice',
    displayName: 'Alice Smith',
    name: { givenName: 'Alice', familyName: 'Smith' },
    active: true,
    emails: [
      { value: 'alice@example.com', type: 'work', primary: true },
      { value: 'alice@home.example', type: 'home' },
    ],
    [ENTERPRISE]: { department: 'Engineering', employeeNumber: '1001' },
  },
  bob: {
    id: 'bob',
    userName: 'bob@example.com',
    externalId: 'ext-bob',
    displayName: 'Bob Jones',
    active: false,
    emails: [{ value: 'bob@home.example', type: 'home' }],
    [ENTERPRISE]: { department: 'Sales' },
  },
  obrien: { id: 'obrien', userName: 'o"brien', displayName: 'Conan (O) [Brien]' },
  backslash: { id: 'backslash', userName: 'back\\slash' },
}

beforeAll(async () => {
  ;({ server, client } = await startTestSandbox({ seedUsers: Object.values(people) }))
})

afterAll(async () => {
  await server.close()
})

async function matching(filter: string): Promise<ReadonlyArray<string>> {
  const response = await client.filter('/Users', filter)
  expect(response.status, response.text).toBe(200)
  const list = response.list()
  expect(list.totalResults).toBe(list.Resources.length)
  return list.Resources.map(user => user.id)
}

describe('sandbox filters: equality on indexed attributes', () => {
  it('matches userName case-insensitively (caseExact: false)', async () => {
    expect(await matching('userName eq "alice@example.com"')).toEqual(['alice'])
    expect(await matching('userName eq "ALICE@Example.COM"')).toEqual(['alice'])
    expect(await matching('UserName eq "bob@example.com"')).toEqual(['bob'])
    expect(await matching('userName eq "nobody@example.com"')).toEqual([])
  })

  it('matches externalId and id case-sensitively (caseExact: true)', async () => {
    expect(await matching('externalId eq "EXT-Alice"')).toEqual(['alice'])
    expect(await matching('externalId eq "ext-alice"')).toEqual([])
    expect(await matching('id eq "bob"')).toEqual(['bob'])
    expect(await matching('id eq "BOB"')).toEqual([])
  })

  it('matches displayName and fully qualified attribute names', async () => {
    expect(await matching('displayName eq "bob jones"')).toEqual(['bob'])
    expect(
      await matching('urn:ietf:params:scim:schemas:core:2.0:User:userName eq "bob@example.com"')
    ).toEqual(['bob'])
  })

  it('unescapes JSON string literals: quotes, backslashes, brackets and parentheses', async () => {
    expect(await matching('userName eq "o\\"brien"')).toEqual(['obrien'])
    expect(await matching('userName eq "back\\\\slash"')).toEqual(['backslash'])
    expect(await matching('displayName eq "Conan (O) [Brien]"')).toEqual(['obrien'])
    expect(await matching('userName eq "\\u006f\\"brien"')).toEqual(['obrien'])
  })

  it('combines equalities with or and and', async () => {
    expect([...(await matching('userName eq "alice@example.com" or id eq "bob"'))].sort()).toEqual([
      'alice',
      'bob',
    ])
    expect(await matching('userName eq "alice@example.com" and active eq true')).toEqual(['alice'])
    expect(await matching('userName eq "alice@example.com" and active eq false')).toEqual([])
  })
})

describe('sandbox filters: other operators and attributes', () => {
  it('supports co, sw, ew, pr and not', async () => {
    expect(await matching('displayName co "SMITH"')).toEqual(['alice'])
    expect(await matching('userName sw "Bob"')).toEqual(['bob'])
    expect(await matching('userName ew "@EXAMPLE.com"')).toEqual(['alice', 'bob'])
    expect(await matching('externalId pr')).toEqual(['alice', 'bob'])
    expect(await matching('not (externalId pr)')).toEqual(['obrien', 'backslash'])
  })

  it('filters on emails.value, a value path and the emails shorthand', async () => {
    expect(await matching('emails.value eq "ALICE@home.example"')).toEqual(['alice'])
    expect(await matching('emails[type eq "work"].value eq "alice@example.com"')).toEqual(['alice'])
    expect(await matching('emails[type eq "work" and value eq "alice@example.com"]')).toEqual(['alice'])
    expect(await matching('emails[type eq "work"].value eq "alice@home.example"')).toEqual([])
    expect(await matching('emails co "home.example"')).toEqual(['alice', 'bob'])
    expect(await matching('emails[type eq "home"]')).toEqual(['alice', 'bob'])
  })

  it('filters inside complex attributes some users lack', async () => {
    expect(await matching('name.familyName eq "SMITH"')).toEqual(['alice'])
    expect(await matching('name.familyName eq "Jones"')).toEqual([])
  })

  it('filters on enterprise extension attributes', async () => {
    expect(await matching(`${ENTERPRISE}:department eq "sales"`)).toEqual(['bob'])
    expect(await matching(`${ENTERPRISE}:employeeNumber pr`)).toEqual(['alice'])
  })

  it('filters on meta dates', async () => {
    expect((await matching('meta.created gt "2000-01-01T00:00:00Z"')).length).toBe(4)
    expect(await matching('meta.created lt "2000-01-01T00:00:00Z"')).toEqual([])
  })

  it('accepts filters in a POST .search body', async () => {
    const response = await client.call('POST', '/Users/.search', {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'],
      filter: 'userName eq "o\\"brien"',
      attributes: ['userName'],
    })
    expect(response.status).toBe(200)
    expect(response.list().Resources).toEqual([
      { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], id: 'obrien', userName: 'o"brien' },
    ])
  })
})

describe('sandbox filters: errors', () => {
  const expectInvalid = (response: ScimResponse): void => {
    expect(response.status).toBe(400)
    expect(response.error()).toMatchObject({ schemas: [ERROR_SCHEMA], scimType: 'invalidFilter' })
  }

  it('answers 400 invalidFilter for malformed filters', async () => {
    expectInvalid(await client.filter('/Users', 'userName eq "unterminated'))
    expectInvalid(await client.filter('/Users', 'userName eq "bad \\x escape"'))
    expectInvalid(await client.filter('/Users', '(userName eq "x"'))
  })

  it('checks credentials before parsing the filter', async () => {
    const response = await client.withAuthorization(undefined).filter('/Users', 'userName eq "unterminated')
    expect(response.status).toBe(401)
  })
})

describe('parseFilter', () => {
  it('decodes string literals into scimmy’s object form and keeps a lexable expression', () => {
    const parsed = parseFilter('userName eq "a\\"b" or emails[type eq "wo)rk"].value sw "x]"')
    expect(parsed.branches).toEqual([
      { userName: ['eq', 'a"b'] },
      { emails: { type: ['eq', 'wo)rk'], value: ['sw', 'x]'] } },
    ])
    expect(parsed.scimmyExpression).not.toContain('\\')
  })
})

describe('sandbox filters at benchmark scale', () => {
  it('answers equality lookups among 100,000 seeded users from the indexes', async () => {
    const size = 100_000
    const { server: big, client: bigClient } = await startTestSandbox({
      seedUsers: Array.from({ length: size }, (_, index) => ({
        userName: `scale${index}@example.com`,
        externalId: `scale-${index}`,
      })),
    })
    try {
      expect(big.store.userCount()).toBe(size)
      // A scan costs ~0.25 s per lookup at this size, so 1,000 of them only finish in time when
      // they come from the userName/externalId indexes.
      for (let lookup = 0; lookup < 500; lookup++) {
        const index = (lookup * 7919) % size
        const byName = await bigClient.filter('/Users', `userName eq "SCALE${index}@example.com"`)
        expect(byName.list().Resources.map(user => user.externalId)).toEqual([`scale-${index}`])
        const byExternalId = await bigClient.filter('/Users', `externalId eq "scale-${index}"`)
        expect(byExternalId.list().totalResults).toBe(1)
      }
    } finally {
      await big.close()
    }
  })
})
