/**
 * The LDAP source against a real OpenLDAP slapd: paged streaming, ids that survive renames,
 * UTF-8 names, manager and group member DNs resolved to source ids, nested groups, verified TLS
 * (ldaps:// and StartTLS, a wrong CA refused), clear errors, and an unbind after every read —
 * also when the reader stops early or the server refuses.
 */
import { Client } from 'ldapts'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { readFileSync } from 'node:fs'
import type { SourceGroup, SourceObject } from '../../main/connectors/connector'
import { LdapSource, type LdapSourceOptions } from '../../main/connectors/ldap/ldap-source'
import { ANY_GROUP_FILTER } from '../../main/connectors/ldap/ldap-groups'
import { SourceFormatError } from '../../main/connectors/source-errors'
import {
  adGroupLdif,
  adUserLdif,
  groupDn,
  groupLdif,
  ldif,
  type LdapPerson,
  personDn,
  personLdif,
} from '../helpers/ldap-fixtures'
import {
  GROUPS,
  PEOPLE,
  SERVICE_DN,
  SERVICE_PASSWORD,
  type Slapd,
  startSlapd,
  SUFFIX,
} from '../helpers/slapd'

const PERSON_FILTER = '(objectClass=inetOrgPerson)'
const ATTRIBUTES = ['uid', 'givenName', 'sn', 'mail', 'cn', 'manager', 'employeeType']

function sourceFor(slapd: Slapd, overrides: Partial<LdapSourceOptions> = {}): LdapSource {
  return new LdapSource({
    connection: {
      url: slapd.url,
      bindDn: SERVICE_DN,
      password: SERVICE_PASSWORD,
      startTls: false,
      ca: null,
      timeoutMs: 10_000,
    },
    users: { baseDn: PEOPLE, filter: PERSON_FILTER, scope: 'sub' },
    groups: { baseDn: GROUPS, filter: ANY_GROUP_FILTER, scope: 'sub', flattenNested: false },
    pageSize: 50,
    userAttributes: ATTRIBUTES,
    groupAttributes: ['cn', 'description'],
    ...overrides,
  })
}

async function readAll<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = []
  for await (const item of iterable) items.push(item)
  return items
}

async function failureOf(promise: Promise<unknown>): Promise<SourceFormatError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught
  )
  if (!(error instanceof SourceFormatError))
    throw new Error(`expected a SourceFormatError, got ${String(error)}`)
  return error
}

const byUid = (people: ReadonlyArray<SourceObject>) =>
  new Map(people.map(person => [String(person.attributes['uid']), person]))

const TEAM: LdapPerson[] = [
  { uid: 'ada', givenName: 'Ada', sn: 'Lovelace', manager: 'grace' },
  { uid: 'zoe', givenName: 'Zoë', sn: 'Ångström', mail: 'zoë@exämple.com', manager: 'ada' },
  { uid: 'li', givenName: '小龙', sn: '李', manager: 'outsider' },
  { uid: 'grace', givenName: 'Grace', sn: 'Hopper', employeeType: 'staff' },
]

describe('reading people', () => {
  let slapd: Slapd
  beforeAll(async () => {
    slapd = await startSlapd({ ldif: ldif(...TEAM.map(personLdif)) })
  })
  afterAll(() => slapd.stop())

  it("keys each person by entryUUID and keeps LDAP's attribute names and UTF-8 text", async () => {
    const people = byUid(await readAll(sourceFor(slapd).readUsers()))
    expect([...people.keys()].sort()).toEqual(['ada', 'grace', 'li', 'zoe'])
    const zoe = people.get('zoe')
    expect(zoe?.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
    expect(zoe?.origin).toBe(personDn('zoe'))
    expect(zoe?.attributes).toMatchObject({
      givenName: 'Zoë',
      sn: 'Ångström',
      cn: 'Zoë Ångström',
      mail: 'zoë@exämple.com',
      dn: personDn('zoe'),
    })
    expect(people.get('li')?.attributes).toMatchObject({ givenName: '小龙', sn: '李' })
    expect(new Set([...people.values()].map(person => person.id)).size).toBe(4)
  })

  it("gives manager as the manager's source id, also for a manager listed after the report", async () => {
    const people = byUid(await readAll(sourceFor(slapd).readUsers()))
    expect(people.get('ada')?.attributes['manager']).toBe(people.get('grace')?.id)
    expect(people.get('zoe')?.attributes['manager']).toBe(people.get('ada')?.id)
    // A manager who is not among the people read stays a DN (the plan warns about it by name).
    expect(people.get('li')?.attributes['manager']).toBe(personDn('outsider'))
  })

  it('reads only the people the filter and scope select', async () => {
    const staff = await readAll(
      sourceFor(slapd, {
        users: { baseDn: PEOPLE, filter: '(employeeType=staff)', scope: 'sub' },
      }).readUsers()
    )
    expect(staff.map(person => person.attributes['uid'])).toEqual(['grace'])
    const base = await readAll(
      sourceFor(slapd, { users: { baseDn: SUFFIX, filter: PERSON_FILTER, scope: 'one' } }).readUsers()
    )
    expect(base).toEqual([])
  })

  it('reports what "Test connection" shows', async () => {
    const report = await sourceFor(slapd).describeConnection()
    expect(report).toMatchObject({
      server: slapd.url,
      security: 'none',
      boundAs: SERVICE_DN,
      person: { dn: expect.stringContaining(PEOPLE) },
      group: null,
      schemaRead: true,
    })
  })

  it('knows the schema: names for the unknown-attribute check, binary values as base64', async () => {
    const source = sourceFor(slapd, { userAttributes: ['uid', 'GIVENNAME', 'jpegPhoto'] })
    await source.connect()
    const known = source.knownAttributes(['uid', 'GIVENNAME', 'mial', 'AccountEnabled']) ?? []
    expect(known).toEqual(
      expect.arrayContaining(['mail', 'givenName', 'GIVENNAME', 'accountEnabled', 'AccountEnabled', 'dn'])
    )
    expect(known).not.toContain('mial')
    await slapd.modify(
      `dn: ${personDn('grace')}\nchangetype: modify\nadd: jpegPhoto\njpegPhoto:: /9j/4AAQSkZJRgABAQ==\n`
    )
    const grace = byUid(await readAll(source.readUsers())).get('grace')
    expect(grace?.attributes).toMatchObject({ GIVENNAME: 'Grace', jpegPhoto: '/9j/4AAQSkZJRgABAQ==' })
  })
})

describe('paging', () => {
  const many = Array.from({ length: 230 }, (_, index) =>
    personLdif({ uid: `p${index}`, givenName: `Person`, sn: `Number ${index}` })
  )

  it('streams more people than a page holds, page by page', async () => {
    const slapd = await startSlapd({ ldif: ldif(...many) })
    try {
      const search = vi.spyOn(Client.prototype, 'searchPaginated')
      const people = await readAll(sourceFor(slapd, { pageSize: 20 }).readUsers())
      expect(people).toHaveLength(230)
      expect(new Set(people.map(person => person.id)).size).toBe(230)
      expect(search.mock.calls[0]?.[1]?.paged).toEqual({ pageSize: 20 })
      search.mockRestore()
    } finally {
      await slapd.stop()
    }
  })

  it("refuses a search the server's size limit cuts short instead of returning fewer people", async () => {
    const slapd = await startSlapd({ ldif: ldif(...many), sizeLimit: 50 })
    try {
      const error = await failureOf(readAll(sourceFor(slapd, { pageSize: 20 }).readUsers()))
      expect(error.issues[0]?.file).toBe(slapd.url)
      expect(error.message).toContain(
        "the directory's size limit stopped the search after 40 entries of people"
      )
    } finally {
      await slapd.stop()
    }
  })
})

describe('renames and group changes', () => {
  let slapd: Slapd
  beforeAll(async () => {
    slapd = await startSlapd({
      ldif: ldif(
        ...TEAM.map(personLdif),
        groupLdif('engineers', { people: ['ada', 'zoe'] }, { description: 'Builds things' }),
        groupLdif('research', { people: ['li'], groups: ['engineers'] }, { unique: true }),
        groupLdif('everyone', { groups: ['research'], people: ['grace'] })
      ),
    })
  })
  afterAll(() => slapd.stop())

  it('keeps the source id when an entry is renamed or moved (modrdn)', async () => {
    const before = byUid(await readAll(sourceFor(slapd).readUsers())).get('ada')
    await slapd.add(`dn: ou=alumni,${PEOPLE}\nobjectClass: organizationalUnit\nou: alumni\n`)
    await slapd.modify(
      `dn: ${personDn('ada')}\nchangetype: modrdn\nnewrdn: uid=ada.king\ndeleteoldrdn: 1\nnewsuperior: ou=alumni,${PEOPLE}\n`
    )
    await slapd.waitFor(`(manager=uid=ada.king,ou=alumni,${PEOPLE})`)
    await slapd.waitFor(`(member=uid=ada.king,ou=alumni,${PEOPLE})`)
    const after = byUid(await readAll(sourceFor(slapd).readUsers())).get('ada.king')
    expect(after?.id).toBe(before?.id)
    expect(after?.origin).toBe(`uid=ada.king,ou=alumni,${PEOPLE}`)
    // refint rewrote Zoë's manager DN; it still resolves to the same person.
    const zoe = byUid(await readAll(sourceFor(slapd).readUsers())).get('zoe')
    expect(zoe?.attributes['manager']).toBe(before?.id)
  })

  it('reads groupOfNames and groupOfUniqueNames with members as source ids, nested groups left out', async () => {
    const people = byUid(await readAll(sourceFor(slapd).readUsers()))
    const idOf = (uid: string) => people.get(uid)?.id
    const groups = new Map(
      (await readAll(sourceFor(slapd).readGroups())).map(group => [group.attributes['cn'], group])
    )
    expect(groups.get('engineers')?.attributes).toMatchObject({
      cn: 'engineers',
      description: 'Builds things',
      dn: groupDn('engineers'),
    })
    // refint rewrote Ada's member value when she was renamed, so the order is the server's.
    expect(groups.get('engineers')?.members.slice().sort()).toEqual([idOf('ada.king'), idOf('zoe')].sort())
    expect(groups.get('research')?.members).toEqual([idOf('li')])
    expect(groups.get('everyone')?.members).toEqual([idOf('grace')])
    expect(groups.get('engineers')?.attributes).not.toHaveProperty('member')
  })

  it('flattens nested groups when asked, through every level', async () => {
    const source = sourceFor(slapd, {
      groups: { baseDn: GROUPS, filter: '(cn=everyone)', scope: 'sub', flattenNested: true },
    })
    const people = byUid(await readAll(source.readUsers()))
    const [everyone] = await readAll(source.readGroups())
    // Everyone is in "everyone" through research and engineers (Ada by either name: renamed above).
    const expected = [...people.values()].map(person => person.id)
    expect(expected).toHaveLength(4)
    expect(everyone?.members.slice().sort()).toEqual(expected.slice().sort())
  })

  it('sees members added and removed, and people deleted from the directory', async () => {
    await slapd.modify(
      [
        `dn: ${groupDn('engineers')}\nchangetype: modify\nadd: member\nmember: ${personDn('grace')}\n-\ndelete: member\nmember: ${personDn('zoe')}\n`,
        `dn: ${personDn('li')}\nchangetype: delete\n`,
      ].join('\n')
    )
    const source = sourceFor(slapd)
    const people = byUid(await readAll(source.readUsers()))
    const groups = new Map<unknown, SourceGroup>(
      (await readAll(source.readGroups())).map(group => [group.attributes['cn'], group])
    )
    expect(groups.get('engineers')?.members.slice().sort()).toEqual(
      [people.get('ada.king')?.id, people.get('grace')?.id].sort()
    )
    expect(groups.get('research')?.members).toEqual([])
  })
})

describe('an Active Directory-shaped directory (msuser.schema)', () => {
  // Expiry dates as FILETIMEs; the source reads with its clock at 2024-03-01.
  const NOW = new Date('2024-03-01T10:00:00Z')
  const PAST = '129699324000000000' // 2012-01-01
  const FUTURE = '133800000000000000' // 2025-01-02
  let slapd: Slapd
  beforeAll(async () => {
    slapd = await startSlapd({
      adSchema: true,
      ldif: ldif(
        adUserLdif({
          cn: 'Ada Lovelace',
          userPrincipalName: 'ada@example.com',
          givenName: 'Ada',
          sn: 'Lovelace',
          objectGUID: 'e004253f894fd3119a0c0305e82c3301',
          objectSid: '010500000000000515000000dcf4dc3b833d2b46828ba628e8030000',
          userAccountControl: '512',
          accountExpires: '9223372036854775807',
          manager: 'Grace Hopper',
        }),
        adUserLdif({
          cn: 'Grace Hopper',
          userPrincipalName: 'grace@example.com',
          givenName: 'Grace',
          sn: 'Hopper',
          objectGUID: '00112233445566778899aabbccddeeff',
          objectSid: '010500000000000515000000dcf4dc3b833d2b46828ba628e9030000',
          userAccountControl: '514',
          accountExpires: FUTURE,
        }),
        adUserLdif({
          cn: 'Alan Turing',
          userPrincipalName: 'alan@example.com',
          givenName: 'Alan',
          sn: 'Turing',
          objectGUID: 'ffeeddccbbaa99887766554433221100',
          objectSid: '010500000000000515000000dcf4dc3b833d2b46828ba628ea030000',
          userAccountControl: '66048',
          accountExpires: PAST,
        }),
        adGroupLdif('Engineers', '0102030405060708090a0b0c0d0e0f10', ['Ada Lovelace', 'Alan Turing'])
      ),
    })
  })
  afterAll(() => slapd.stop())

  const adSource = () =>
    sourceFor(slapd, {
      users: { baseDn: PEOPLE, filter: '(objectClass=user)', scope: 'sub' },
      groups: { baseDn: GROUPS, filter: '(objectClass=group)', scope: 'sub', flattenNested: false },
      userAttributes: [
        'userPrincipalName',
        'objectSid',
        'manager',
        'accountEnabled',
        'accountDisabled',
        'accountExpired',
      ],
      now: () => NOW,
    })

  it('keys people and groups by objectGUID in AD byte order, and writes SIDs as text', async () => {
    const source = adSource()
    const people = new Map(
      (await readAll(source.readUsers())).map(person => [
        String(person.attributes['userPrincipalName']).split('@')[0],
        person,
      ])
    )
    expect(people.get('ada')?.id).toBe('3f2504e0-4f89-11d3-9a0c-0305e82c3301')
    expect(people.get('ada')?.attributes['objectSid']).toBe('S-1-5-21-1004336348-1177238915-682003330-1000')
    expect(people.get('ada')?.attributes['manager']).toBe(people.get('grace')?.id)
    const [group] = await readAll(source.readGroups())
    expect(group?.id).toBe('04030201-0605-0807-090a-0b0c0d0e0f10')
    expect(group?.members).toEqual([people.get('ada')?.id, people.get('alan')?.id])
  })

  it('says who is disabled (userAccountControl) or expired (accountExpires)', async () => {
    const people = new Map(
      (await readAll(adSource().readUsers())).map(person => [
        String(person.attributes['userPrincipalName']).split('@')[0],
        person,
      ])
    )
    const state = (name: string) => {
      const attributes = people.get(name)?.attributes ?? {}
      return [attributes['accountDisabled'], attributes['accountExpired'], attributes['accountEnabled']]
    }
    expect(state('ada')).toEqual(['False', 'False', 'True'])
    expect(state('grace')).toEqual(['True', 'False', 'False'])
    expect(state('alan')).toEqual(['False', 'True', 'False'])
  })
})

describe('TLS', () => {
  let slapd: Slapd
  beforeAll(async () => {
    slapd = await startSlapd({ tls: true, ldif: personLdif(TEAM[0] as LdapPerson) })
  })
  afterAll(() => slapd.stop())

  const secure = (url: string, startTls: boolean, caFile: string | null) =>
    sourceFor(slapd, {
      connection: {
        url,
        bindDn: SERVICE_DN,
        password: SERVICE_PASSWORD,
        startTls,
        ca: caFile === null ? null : readFileSync(caFile),
        timeoutMs: 10_000,
      },
    })

  it('reads over ldaps:// and over StartTLS when the CA file signed the certificate', async () => {
    expect(await readAll(secure(slapd.ldapsUrl, false, slapd.caFile).readUsers())).toHaveLength(1)
    expect(await readAll(secure(slapd.url, true, slapd.caFile).readUsers())).toHaveLength(1)
    expect((await secure(slapd.url, true, slapd.caFile).describeConnection()).security).toBe('starttls')
  })

  it.each([
    ['ldaps:// without a CA file', true, false, null],
    ['ldaps:// with another CA', true, false, 'other'],
    ['StartTLS with another CA', false, true, 'other'],
  ])('refuses the certificate: %s', async (_label, ldaps, startTls, ca) => {
    const source = secure(
      ldaps ? slapd.ldapsUrl : slapd.url,
      startTls,
      ca === null ? null : slapd.otherCaFile
    )
    const error = await failureOf(source.connect())
    expect(error.message).toContain("the server's TLS certificate is not trusted")
    expect(error.message).toContain('"caFile"')
  })
})

describe('errors', () => {
  let slapd: Slapd
  beforeAll(async () => {
    slapd = await startSlapd({ ldif: ldif(...TEAM.map(personLdif)) })
  })
  afterAll(() => slapd.stop())
  afterEach(() => {
    vi.restoreAllMocks()
  })

  it('says the password was refused, naming the bind DN and never the password', async () => {
    const source = sourceFor(slapd, {
      connection: {
        url: slapd.url,
        bindDn: SERVICE_DN,
        password: 'wrong-pw',
        startTls: false,
        ca: null,
        timeoutMs: 10_000,
      },
    })
    const error = await failureOf(source.connect())
    expect(error.message).toBe(
      `${slapd.url}: the directory refused the bind as ${SERVICE_DN}: invalid credentials. Check "bindDn" and the password its secretRef holds`
    )
  })

  it('says a server that does not answer cannot be reached', async () => {
    const stopped = await startSlapd()
    await stopped.stop()
    const error = await failureOf(sourceFor(stopped).connect())
    expect(error.message).toContain('cannot connect: the connection was refused')
  })

  it('says a base DN does not exist', async () => {
    const source = sourceFor(slapd, {
      users: { baseDn: `ou=nobody,${SUFFIX}`, filter: PERSON_FILTER, scope: 'sub' },
    })
    const error = await failureOf(readAll(source.readUsers()))
    expect(error.message).toContain(`ou=nobody,${SUFFIX} does not exist in the directory`)
  })

  it('unbinds after every read: complete, stopped early, or failed', async () => {
    const bind = vi.spyOn(Client.prototype, 'bind')
    const unbind = vi.spyOn(Client.prototype, 'unbind')
    await readAll(sourceFor(slapd).readUsers())
    for await (const _person of sourceFor(slapd, { pageSize: 1 }).readUsers()) break
    await failureOf(
      readAll(
        sourceFor(slapd, {
          users: { baseDn: `ou=nobody,${SUFFIX}`, filter: PERSON_FILTER, scope: 'sub' },
        }).readUsers()
      )
    )
    await readAll(sourceFor(slapd).readGroups())
    await sourceFor(slapd).describeConnection()
    expect(bind.mock.calls.length).toBeGreaterThanOrEqual(5)
    expect(unbind.mock.calls.length).toBe(bind.mock.calls.length)
    // A refused bind is closed too.
    await failureOf(
      sourceFor(slapd, {
        connection: {
          url: slapd.url,
          bindDn: SERVICE_DN,
          password: 'x',
          startTls: false,
          ca: null,
          timeoutMs: 10_000,
        },
      }).connect()
    )
    expect(unbind.mock.calls.length).toBe(bind.mock.calls.length)
  })
})
