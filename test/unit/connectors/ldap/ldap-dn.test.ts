import { describe, expect, it } from 'vitest'
import { dnKey, withoutOptionalUid } from '../../../../main/connectors/ldap/ldap-dn'

describe('dnKey', () => {
  it('is the same for spellings that differ in case and spaces around separators', () => {
    expect(dnKey('CN=Ada Lovelace, OU=People,DC=example,DC=com')).toBe(
      dnKey('cn=ada lovelace,ou=people,dc=example,dc=com')
    )
    expect(dnKey('uid=ada , ou = people')).toBe(dnKey('uid=ada,ou=people'))
  })

  it('differs for different entries, including a different RDN order', () => {
    expect(dnKey('cn=Ada,ou=People,dc=example')).not.toBe(dnKey('cn=Ada,ou=Staff,dc=example'))
    expect(dnKey('cn=Ada,ou=People')).not.toBe(dnKey('ou=People,cn=Ada'))
  })

  it('reads escaped separators and hex escapes (RFC 4514)', () => {
    expect(dnKey('cn=Lovelace\\, Ada,ou=People')).toBe(dnKey('CN=lovelace\\2c ada, ou=people'))
    expect(dnKey('cn=Lovelace\\, Ada,ou=People')).not.toBe(dnKey('cn=Lovelace,cn=Ada,ou=People'))
    // UTF-8 bytes escaped as hex pairs are the same name as the characters themselves.
    expect(dnKey('cn=Zo\\C3\\AB,ou=People')).toBe(dnKey('cn=Zoë,ou=people'))
    expect(dnKey('cn="Lovelace, Ada",ou=People')).toBe(dnKey('cn=Lovelace\\, Ada,ou=People'))
  })

  it('gives the same key whether or not the DN needs the escape-aware reading', () => {
    // The quotes send the first spelling down the RFC 4514 path; the second has nothing to unescape.
    expect(dnKey('cn="Ada  Lovelace" , OU=People')).toBe(dnKey('CN=Ada Lovelace,ou=people'))
    expect(dnKey('cn=Zo\\C3\\AB  X,ou=People')).toBe(dnKey('cn=ZOË X ,ou=people'))
  })

  it('compares non-ASCII names without regard to case', () => {
    expect(dnKey('cn=ÅSA ÖBERG,ou=People')).toBe(dnKey('cn=åsa öberg,ou=people'))
  })

  it('treats a multi-valued RDN in any order as the same', () => {
    expect(dnKey('cn=Ada+uid=ada,ou=People')).toBe(dnKey('uid=ada+cn=Ada,ou=People'))
  })

  it('keeps an escaped trailing space', () => {
    expect(dnKey('cn=Ada\\ ,ou=People')).not.toBe(dnKey('cn=Ada,ou=People'))
  })
})

describe('withoutOptionalUid', () => {
  it("drops a uniqueMember's optional UID", () => {
    expect(withoutOptionalUid("uid=ada,ou=People#'0101'B")).toBe('uid=ada,ou=People')
    expect(withoutOptionalUid('uid=ada,ou=People')).toBe('uid=ada,ou=People')
  })
})
