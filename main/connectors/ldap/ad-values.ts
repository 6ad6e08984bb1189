import { fromFileTime } from '../../mapping/values/date-time'

/**
 * Active Directory's binary and encoded values, as text a mapping can use.
 *
 * - `objectGUID` is 16 bytes in Microsoft's GUID layout (MS-DTYP §2.3.4.2): the first three
 *   fields little-endian, the last 8 bytes as they are. It is written the way AD's own tools
 *   show it, `3f2504e0-4f89-11d3-9a0c-0305e82c3301`.
 * - `objectSid` is a SID in its packet form (MS-DTYP §2.4.2.2): revision, count, a 48-bit
 *   big-endian authority, then 32-bit little-endian sub-authorities; written `S-1-5-21-…`.
 * - `userAccountControl` carries ACCOUNTDISABLE in bit 0x2.
 * - `accountExpires` is a FILETIME (100-ns ticks since 1601-01-01 UTC); 0 and
 *   0x7FFFFFFFFFFFFFFF both mean "never".
 */

/** The GUID text of an `objectGUID` value; null when it is not 16 bytes. */
export function guidFromBytes(bytes: Uint8Array): string | null {
  if (bytes.length !== 16) return null
  const hex = (from: number, to: number, reverse: boolean) => {
    const part = Array.from(bytes.subarray(from, to), byte => byte.toString(16).padStart(2, '0'))
    return (reverse ? part.reverse() : part).join('')
  }
  return [hex(0, 4, true), hex(4, 6, true), hex(6, 8, true), hex(8, 10, false), hex(10, 16, false)].join('-')
}

/** The `S-R-A-S1-S2…` text of an `objectSid` value; null when the bytes are not a SID. */
export function sidFromBytes(bytes: Uint8Array): string | null {
  if (bytes.length < 8) return null
  const revision = bytes[0] as number
  const count = bytes[1] as number
  if (bytes.length !== 8 + 4 * count) return null
  let authority = 0
  for (let index = 2; index < 8; index++) authority = authority * 256 + (bytes[index] as number)
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const parts = [`S-${revision}-${authority}`]
  for (let index = 0; index < count; index++) parts.push(String(view.getUint32(8 + 4 * index, true)))
  return parts.join('-')
}

const ACCOUNTDISABLE = 0x2

/** Whether a `userAccountControl` value has the disabled bit; null when it is not a number. */
export function isDisabledByAccountControl(value: string): boolean | null {
  if (!/^\s*-?\d+\s*$/.test(value)) return null
  // AD sends the flags as a signed 32-bit integer; the bit is the same either way.
  return (Number(value) & ACCOUNTDISABLE) !== 0
}

const NEVER = 0x7fffffffffffffffn

/**
 * The instant (ms since 1970) an `accountExpires` value stands for: null for "never" (0 or
 * 0x7FFFFFFFFFFFFFFF), undefined when the value is not a FILETIME.
 */
export function accountExpiryOf(value: string): number | null | undefined {
  if (!/^\s*\d+\s*$/.test(value)) return undefined
  const fileTime = BigInt(value.trim())
  if (fileTime === 0n || fileTime === NEVER) return null
  return fromFileTime(fileTime)?.epochMs
}
