import { describe, expect, it } from 'vitest'
import { LdapSchema, parseAttributeType } from '../../../../main/connectors/ldap/ldap-schema'

// As OpenLDAP and Active Directory publish them in their subschema entries.
const CN =
  "( 2.5.4.3 NAME ( 'cn' 'commonName' ) DESC 'RFC4519: common name(s) for which the entity is known by' SUP name )"
const NAME =
  "( 2.5.4.41 NAME 'name' DESC 'RFC4519: common supertype of name attributes' EQUALITY caseIgnoreMatch SUBSTR caseIgnoreSubstringsMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15{32768} )"
const MAIL =
  "( 0.9.2342.19200300.100.1.3 NAME ( 'mail' 'rfc822Mailbox' ) DESC 'RFC1274: RFC822 Mailbox' EQUALITY caseIgnoreIA5Match SYNTAX 1.3.6.1.4.1.1466.115.121.1.26{256} )"
const JPEG =
  "( 0.9.2342.19200300.100.1.60 NAME 'jpegPhoto' DESC 'RFC2798: a JPEG image' SYNTAX 1.3.6.1.4.1.1466.115.121.1.28 )"
const GUID =
  "( 1.2.840.113556.1.4.2 NAME 'objectGUID' SYNTAX '1.3.6.1.4.1.1466.115.121.1.40' SINGLE-VALUE NO-USER-MODIFICATION )"
const TRICKY = "( 1.1.1 NAME 'tricky' DESC 'SYNTAX' SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 )"

describe('parseAttributeType', () => {
  it('reads names, syntax and superior', () => {
    expect(parseAttributeType(CN)).toEqual({ names: ['cn', 'commonName'], syntax: null, superior: 'name' })
    expect(parseAttributeType(MAIL)?.syntax).toBe('1.3.6.1.4.1.1466.115.121.1.26')
    expect(parseAttributeType(GUID)).toEqual({
      names: ['objectGUID'],
      syntax: '1.3.6.1.4.1.1466.115.121.1.40',
      superior: null,
    })
  })

  it('does not take a quoted description for a keyword', () => {
    expect(parseAttributeType(TRICKY)?.syntax).toBe('1.3.6.1.4.1.1466.115.121.1.15')
  })

  it('gives null for text that is not a definition', () => {
    expect(parseAttributeType("( 1.1 NAME 'unterminated )")).toBeNull()
    expect(parseAttributeType('cn')).toBeNull()
  })
})

describe('LdapSchema', () => {
  const schema = new LdapSchema([CN, NAME, MAIL, JPEG, GUID])

  it('lists every name and alias and spells a name as the schema does', () => {
    expect(schema.names).toEqual([
      'cn',
      'commonName',
      'name',
      'mail',
      'rfc822Mailbox',
      'jpegPhoto',
      'objectGUID',
    ])
    expect(schema.spelling('OBJECTguid')).toBe('objectGUID')
    expect(schema.spelling('commonname')).toBe('commonName')
    expect(schema.spelling('mial')).toBeUndefined()
  })

  it('knows binary attributes by their syntax, inherited through SUP', () => {
    expect(schema.isBinary('jpegPhoto')).toBe(true)
    expect(schema.isBinary('objectguid')).toBe(true)
    expect(schema.isBinary('mail')).toBe(false)
    expect(schema.isBinary('cn')).toBe(false)
    expect(schema.isBinary('unknown')).toBe(false)
  })
})
