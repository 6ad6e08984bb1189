import type { Entry } from 'ldapts'
import { describe, expect, it } from 'vitest'
import { entryAttributes, entryId, type EntryReading } from '../../../../main/connectors/ldap/ldap-entry'
import { LdapSchema } from '../../../../main/connectors/ldap/ldap-schema'

const NOW = Date.parse('2024-03-01T10:00:00Z')
const GUID_BYTES = Buffer.from('e004253f894fd3119a0c0305e82c3301', 'hex')

function reading(overrides: Partial<EntryReading> = {}): EntryReading {
  return { spellings: new Map(), schema: null, now: NOW, idOfDn: null, ...overrides }
}

describe('entryId', () => {
  it("is AD's objectGUID as GUID text when present", () => {
    const entry: Entry = { dn: 'CN=Ada,DC=example', objectGUID: GUID_BYTES, entryUUID: 'ignored' }
    expect(entryId(entry)).toBe('3f2504e0-4f89-11d3-9a0c-0305e82c3301')
  })

  it("is OpenLDAP's entryUUID otherwise, never the DN", () => {
    expect(entryId({ dn: 'uid=ada,dc=example', entryUUID: 'E67DD366-84A5-1041-833C-9F7D647E4E99' })).toBe(
      'e67dd366-84a5-1041-833c-9f7d647e4e99'
    )
    expect(entryId({ dn: 'uid=ada,dc=example', entryUUID: [] })).toBeNull()
  })
})

describe('entryAttributes', () => {
  it('gives one value as text and several as a list, and leaves out empty attributes', () => {
    const entry: Entry = {
      dn: 'uid=ada,dc=example',
      mail: 'ada@example.com',
      cn: ['Ada', 'Ada Lovelace'],
      sn: [],
    }
    const attributes = entryAttributes(entry, reading())
    expect(attributes['mail']).toBe('ada@example.com')
    expect(attributes['cn']).toEqual(['Ada', 'Ada Lovelace'])
    expect('sn' in attributes).toBe(false)
  })

  it("names attributes the way the job spells them, else the schema's way", () => {
    const schema = new LdapSchema(["( 2.5.4.42 NAME ( 'givenName' 'gn' ) SUP name )"])
    const entry: Entry = { dn: 'uid=ada,dc=example', givenname: 'Ada', GN: 'Ada2', SN: 'Lovelace' }
    const attributes = entryAttributes(entry, reading({ schema, spellings: new Map([['sn', 'sn']]) }))
    expect(attributes).toMatchObject({ givenName: 'Ada', gn: 'Ada2', sn: 'Lovelace' })
  })

  it('keeps non-ASCII text as it is', () => {
    const attributes = entryAttributes({ dn: 'uid=x,dc=example', cn: 'Zoë Ångström', sn: '李' }, reading())
    expect(attributes).toMatchObject({ cn: 'Zoë Ångström', sn: '李' })
  })

  it('writes objectGUID and objectSid as text and other bytes as base64', () => {
    const sid = Buffer.from('010200000000000520000000' + '20020000', 'hex')
    const photo = Buffer.from([0xff, 0xd8, 0xff, 0xe0])
    const attributes = entryAttributes(
      { dn: 'cn=x,dc=example', objectGUID: GUID_BYTES, objectSid: sid, jpegPhoto: photo },
      reading()
    )
    expect(attributes).toMatchObject({
      objectGUID: '3f2504e0-4f89-11d3-9a0c-0305e82c3301',
      objectSid: 'S-1-5-32-544',
      jpegPhoto: '/9j/4A==',
    })
  })

  it("resolves manager DNs to the manager's source id, and keeps a DN no one has", () => {
    const ids = new Map([['cn=grace,dc=example', 'grace-id']])
    const idOfDn = (dn: string) => ids.get(dn.toLowerCase().replace(/\s/g, ''))
    const known = entryAttributes(
      { dn: 'cn=ada,dc=example', manager: 'CN=Grace, DC=example' },
      reading({ idOfDn })
    )
    expect(known['manager']).toBe('grace-id')
    const unknown = entryAttributes(
      { dn: 'cn=ada,dc=example', manager: 'cn=nobody,dc=example' },
      reading({ idOfDn })
    )
    expect(unknown['manager']).toBe('cn=nobody,dc=example')
  })

  it('adds the DN as [dn]', () => {
    expect(entryAttributes({ dn: 'uid=ada,ou=People,dc=example' }, reading())['dn']).toBe(
      'uid=ada,ou=People,dc=example'
    )
  })

  it('leaves out attributes read for the connector and AD range options', () => {
    const attributes = entryAttributes(
      { dn: 'cn=g,dc=example', cn: 'g', member: ['uid=a'], 'member;range=0-1499': ['uid=b'] },
      reading({ omit: new Set(['member']) })
    )
    expect(Object.keys(attributes).sort()).toEqual(['cn', 'dn'])
  })
})

describe('account state from AD attributes', () => {
  const FUTURE = String((BigInt(Date.parse('2025-01-01T00:00:00Z')) + 11644473600000n) * 10000n)
  const PAST = '129699324000000000' // 2012-01-01 23:00 UTC

  it.each([
    [{ userAccountControl: '512' }, { accountDisabled: 'False', accountEnabled: 'True' }],
    [{ userAccountControl: '514' }, { accountDisabled: 'True', accountEnabled: 'False' }],
    [{ accountExpires: '0' }, { accountExpired: 'False', accountEnabled: 'True' }],
    [{ accountExpires: '9223372036854775807' }, { accountExpired: 'False', accountEnabled: 'True' }],
    [{ accountExpires: PAST }, { accountExpired: 'True', accountEnabled: 'False' }],
    [{ accountExpires: FUTURE }, { accountExpired: 'False', accountEnabled: 'True' }],
    [
      { userAccountControl: '512', accountExpires: PAST },
      { accountDisabled: 'False', accountExpired: 'True', accountEnabled: 'False' },
    ],
  ])('%o → %o', (values, expected) => {
    const attributes = entryAttributes({ dn: 'cn=x,dc=example', ...values }, reading())
    expect(attributes).toMatchObject(expected)
  })

  it('is absent when the entry has neither attribute (OpenLDAP)', () => {
    const attributes = entryAttributes({ dn: 'uid=x,dc=example', mail: 'x@example.com' }, reading())
    expect(Object.keys(attributes).sort()).toEqual(['dn', 'mail'])
  })

  it("is spelt the job's way", () => {
    const spellings = new Map([['accountenabled', 'AccountEnabled']])
    expect(
      entryAttributes({ dn: 'cn=x', userAccountControl: '514' }, reading({ spellings }))['AccountEnabled']
    ).toBe('False')
  })
})
