/**
 * Deciding how to decode a file from its first bytes: byte order marks, the NUL-byte pattern of
 * BOM-less UTF-16, UTF-8 configured as Windows-1252, and binary formats saved with a .csv name.
 */
import iconv from 'iconv-lite'
import { completeUtf8Length, findInvalidUtf8 } from './csv-utf8'

/** The `encoding` option of a CSV source. */
export type CsvEncoding = 'auto' | 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252'

/** An encoding the decoder actually applies ('auto' resolved). */
export type ResolvedCsvEncoding = Exclude<CsvEncoding, 'auto'>

/** A byte order mark found at the start of the file. */
export interface ByteOrderMark {
  readonly encoding: 'utf-8' | 'utf-16le' | 'utf-16be'
  readonly length: number
}

/** How many leading bytes `sniffEncoding` wants to see when the file is that long. */
export const SNIFF_BYTES = 512

/** The BOM at the start of `head`, if any. */
export function findByteOrderMark(head: Uint8Array): ByteOrderMark | undefined {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', length: 3 }
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', length: 2 }
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', length: 2 }
  return undefined
}

/**
 * UTF-16 without a BOM, recognised from its NUL bytes: a CSV header is (nearly) all ASCII, which
 * in UTF-16 puts a zero in every other byte — odd offsets for little-endian, even for big-endian.
 * Text in any 8-bit encoding has no NUL bytes at all.
 */
export function detectBomlessUtf16(head: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  const pairs = Math.floor(Math.min(head.length, SNIFF_BYTES) / 2)
  if (pairs < 2) return undefined
  let zeroEven = 0
  let zeroOdd = 0
  for (let i = 0; i < pairs; i++) {
    if (head[2 * i] === 0) zeroEven++
    if (head[2 * i + 1] === 0) zeroOdd++
  }
  const mostly = pairs * 0.6
  const hardly = pairs * 0.1
  if (zeroOdd >= mostly && zeroEven <= hardly) return 'utf-16le'
  if (zeroEven >= mostly && zeroOdd <= hardly) return 'utf-16be'
  return undefined
}

/** A reason why the file is not a text file at all, judged from its magic number. */
export function describeBinaryFormat(head: Uint8Array): string | undefined {
  const startsWith = (...magic: number[]): boolean => magic.every((byte, i) => head[i] === byte)
  // XLSX is a ZIP archive; XLS is an OLE2 compound document. Both get picked by mistake when an
  // export is "saved" without choosing a CSV format.
  if (startsWith(0x50, 0x4b, 0x03, 0x04)) {
    return 'this is a ZIP archive (an Excel .xlsx workbook?), not a CSV file; in Excel use "Save As" › "CSV UTF-8 (Comma delimited)"'
  }
  if (startsWith(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1)) {
    return 'this is a legacy Excel .xls workbook, not a CSV file; in Excel use "Save As" › "CSV UTF-8 (Comma delimited)"'
  }
  return undefined
}

/**
 * For a file configured as Windows-1252: the first non-ASCII character when the first bytes are
 * in fact UTF-8 (non-ASCII, and every multi-byte sequence well-formed), which Windows-1252 would
 * silently turn into mojibake ("Ã¼" for "ü"). Real Windows-1252 text practically never forms
 * valid UTF-8 sequences.
 */
function utf8Sample(head: Uint8Array): string | undefined {
  const firstNonAscii = head.findIndex(byte => byte >= 0x80)
  if (firstNonAscii === -1) return undefined
  const complete = head.subarray(0, completeUtf8Length(head))
  if (findInvalidUtf8(complete) !== -1) return undefined
  const character = Buffer.from(complete.subarray(firstNonAscii)).toString('utf8').slice(0, 1)
  // A surrogate pair is one character: take the whole code point.
  return String.fromCodePoint(character.codePointAt(0) ?? 0x3f)
}

/** The outcome of looking at the first bytes. */
export type SniffResult =
  | { readonly ok: true; readonly encoding: ResolvedCsvEncoding; readonly skipBytes: number }
  | { readonly ok: false; readonly message: string }

/**
 * Picks the decoding for a file from its first bytes (up to `SNIFF_BYTES`) and the configured
 * encoding. A configured encoding that contradicts the file's BOM is refused rather than
 * obeyed: decoding UTF-16 as Windows-1252 would turn every name into garbage without an error.
 */
export function sniffEncoding(head: Uint8Array, configured: CsvEncoding): SniffResult {
  const binary = describeBinaryFormat(head)
  if (binary !== undefined) return { ok: false, message: binary }
  const bom = findByteOrderMark(head)
  if (configured === 'auto') {
    if (bom !== undefined) return { ok: true, encoding: bom.encoding, skipBytes: bom.length }
    return { ok: true, encoding: detectBomlessUtf16(head) ?? 'utf-8', skipBytes: 0 }
  }
  if (bom === undefined) {
    const sample = configured === 'windows-1252' ? utf8Sample(head) : undefined
    if (sample !== undefined) {
      const misread = iconv.decode(Buffer.from(sample, 'utf8'), 'windows-1252')
      return {
        ok: false,
        message: `"encoding" is set to "windows-1252" but the file is UTF-8 ("${sample}" would be read as "${misread}"); set "encoding": "utf-8" (or "auto")`,
      }
    }
    return { ok: true, encoding: configured, skipBytes: 0 }
  }
  if (bom.encoding === configured) return { ok: true, encoding: configured, skipBytes: bom.length }
  return {
    ok: false,
    message: `the file starts with a ${bom.encoding.toUpperCase()} byte order mark but "encoding" is set to "${configured}"; set "encoding": "${bom.encoding}" (or "auto")`,
  }
}
