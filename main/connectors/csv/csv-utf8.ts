/**
 * Byte-level UTF-8 helpers. Node's own decoders either replace bad bytes with U+FFFD or throw
 * without saying where, and an HR export with one mis-encoded name must be refused with the
 * exact place of the first bad byte.
 */

/**
 * Length of the prefix of `bytes` that ends on a character boundary: a multi-byte sequence cut
 * off by the end of a read chunk is left for the next chunk.
 */
export function completeUtf8Length(bytes: Uint8Array): number {
  const length = bytes.length
  // A sequence is at most 4 bytes long, so its lead byte is among the last 4.
  for (let back = 1; back <= Math.min(4, length); back++) {
    const byte = bytes[length - back] ?? 0
    if ((byte & 0xc0) === 0x80) continue // continuation byte: keep looking for the lead
    const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1
    return needed > back ? length - back : length
  }
  return length
}

/** `sequenceAt` found the bytes ending before the sequence is complete. */
const TRUNCATED = -1
/** `sequenceAt` found a byte that cannot appear there. */
const INVALID = 0

/**
 * Length of the well-formed sequence starting at `offset` (Unicode table 3-7: no overlongs, no
 * surrogates, nothing above U+10FFFF), `INVALID`, or `TRUNCATED` when `bytes` ends first.
 */
function sequenceAt(bytes: Uint8Array, offset: number): number {
  const lead = bytes[offset] ?? 0
  if (lead < 0x80) return 1
  let continuation: number
  let low = 0x80
  let high = 0xbf
  if (lead >= 0xc2 && lead <= 0xdf) {
    continuation = 1
  } else if (lead >= 0xe0 && lead <= 0xef) {
    continuation = 2
    if (lead === 0xe0) low = 0xa0
    if (lead === 0xed) high = 0x9f
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    continuation = 3
    if (lead === 0xf0) low = 0x90
    if (lead === 0xf4) high = 0x8f
  } else {
    return INVALID
  }
  for (let k = 1; k <= continuation; k++) {
    const next = bytes[offset + k]
    if (next === undefined) return TRUNCATED
    if (next < low || next > high) return INVALID
    low = 0x80
    high = 0xbf
  }
  return continuation + 1
}

/**
 * Offset of the first byte that does not start a well-formed UTF-8 sequence, or -1 when all of
 * `bytes` is valid. A sequence cut off by the end of `bytes` counts as invalid.
 */
export function findInvalidUtf8(bytes: Uint8Array): number {
  let offset = 0
  while (offset < bytes.length) {
    const length = sequenceAt(bytes, offset)
    if (length <= 0) return offset
    offset += length
  }
  return -1
}

/** Whether the bytes from `offset` to the end are the valid start of a sequence cut short. */
export function isTruncatedUtf8(bytes: Uint8Array, offset: number): boolean {
  return sequenceAt(bytes, offset) === TRUNCATED
}
