/**
 * Active Directory's encoded values against vectors worked out from Microsoft's specifications
 * (MS-DTYP §2.3.4.2 GUID packet layout, §2.4.2.2 SID packet layout; the userAccountControl flags
 * of KB 305144; the FILETIME example of Entra's DateFromNum documentation).
 */
import { describe, expect, it } from 'vitest'
import {
  accountExpiryOf,
  guidFromBytes,
  isDisabledByAccountControl,
  sidFromBytes,
} from '../../../../main/connectors/ldap/ad-values'

const bytes = (hex: string) => Buffer.from(hex.replace(/\s/g, ''), 'hex')

describe('objectGUID', () => {
  it('reads the first three fields little-endian and the last eight bytes as they are', () => {
    // {3F2504E0-4F89-11D3-9A0C-0305E82C3301} as Windows stores it.
    expect(guidFromBytes(bytes('e004253f 894f d311 9a0c 0305e82c3301'))).toBe(
      '3f2504e0-4f89-11d3-9a0c-0305e82c3301'
    )
  })

  it('is not the bytes read in order (the RFC 4122 layout)', () => {
    expect(guidFromBytes(bytes('3f2504e0 4f89 11d3 9a0c 0305e82c3301'))).toBe(
      'e004253f-894f-d311-9a0c-0305e82c3301'
    )
  })

  it('refuses a value that is not 16 bytes', () => {
    expect(guidFromBytes(bytes('e004253f894fd3119a0c0305e82c33'))).toBeNull()
    expect(guidFromBytes(new Uint8Array(0))).toBeNull()
  })
})

describe('objectSid', () => {
  it('reads the well-known BUILTIN\\Administrators SID', () => {
    expect(sidFromBytes(bytes('01 02 000000000005 20000000 20020000'))).toBe('S-1-5-32-544')
  })

  it('reads a domain SID with 32-bit sub-authorities above 2^31', () => {
    expect(sidFromBytes(bytes('01 05 000000000005 15000000 dcf4dc3b 833d2b46 828ba628 00020000'))).toBe(
      'S-1-5-21-1004336348-1177238915-682003330-512'
    )
    expect(sidFromBytes(bytes('01 01 000000000005 ffffffff'))).toBe('S-1-5-4294967295')
  })

  it('refuses bytes whose length does not match the sub-authority count', () => {
    expect(sidFromBytes(bytes('01 02 000000000005 20000000'))).toBeNull()
    expect(sidFromBytes(bytes('0102'))).toBeNull()
  })
})

describe('userAccountControl', () => {
  it.each([
    ['512', false], // NORMAL_ACCOUNT
    ['514', true], // NORMAL_ACCOUNT | ACCOUNTDISABLE
    ['66048', false], // NORMAL_ACCOUNT | DONT_EXPIRE_PASSWORD
    ['66050', true], // … | ACCOUNTDISABLE
    ['-2147483646', true], // a signed 32-bit value with bit 0x2
  ])('%s → disabled %s', (value, disabled) => {
    expect(isDisabledByAccountControl(value)).toBe(disabled)
  })

  it('is unknown for a value that is not a number', () => {
    expect(isDisabledByAccountControl('disabled')).toBeNull()
  })
})

describe('accountExpires', () => {
  it('reads a FILETIME as an instant', () => {
    expect(accountExpiryOf('129699324000000000')).toBe(Date.parse('2012-01-01T23:00:00Z'))
  })

  it('treats 0 and 0x7FFFFFFFFFFFFFFF as never', () => {
    expect(accountExpiryOf('0')).toBeNull()
    expect(accountExpiryOf('9223372036854775807')).toBeNull()
  })

  it('is unknown for text that is not a FILETIME', () => {
    expect(accountExpiryOf('2012-01-01')).toBeUndefined()
    expect(accountExpiryOf('-1')).toBeUndefined()
  })
})
