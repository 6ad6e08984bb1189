/**
 * Incremental decoders from file bytes to text. Each one refuses undecodable input instead of
 * producing U+FFFD, and reports how much valid text came before the problem so the caller can
 * name its line and column.
 */
import { isUtf8 } from 'node:buffer'
import iconv from 'iconv-lite'
import type { ResolvedCsvEncoding } from './csv-encoding-sniff'
import { completeUtf8Length, findInvalidUtf8, isTruncatedUtf8 } from './csv-utf8'

/** What one decoding step produced. */
export interface DecodeStep {
  /** Text decoded from the input; when `problem` is set, the valid text before it. */
  readonly text: string
  /** Why decoding stopped, when the input is not valid in the encoding. */
  readonly problem?: string
}

/** Decodes a byte stream chunk by chunk; characters split across chunks are carried over. */
export interface ChunkDecoder {
  write(bytes: Buffer): DecodeStep
  /** Flushes what is carried over at the end of the file. */
  end(): DecodeStep
}

/** A decoder for `encoding`; `hasByteOrderMark` tells whether the file declared it with a BOM. */
export function createChunkDecoder(encoding: ResolvedCsvEncoding, hasByteOrderMark: boolean): ChunkDecoder {
  switch (encoding) {
    case 'utf-8':
      return new Utf8Decoder(hasByteOrderMark)
    case 'utf-16le':
      return new Utf16Decoder(false)
    case 'utf-16be':
      return new Utf16Decoder(true)
    case 'windows-1252':
      return new Windows1252Decoder()
  }
}

function hex(byte: number): string {
  return `0x${byte.toString(16).toUpperCase().padStart(2, '0')}`
}

/** Bytes that Windows-1252 leaves undefined; iconv-lite turns them into U+FFFD. */
const UNDEFINED_IN_WINDOWS_1252 = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d])

function describeInvalidUtf8(
  bytes: Buffer,
  offset: number,
  atEnd: boolean,
  hasByteOrderMark: boolean
): string {
  const byte = bytes[offset] ?? 0
  if (atEnd && isTruncatedUtf8(bytes, offset)) {
    return `invalid UTF-8: the file ends in the middle of a character (byte ${hex(byte)})`
  }
  const base = `invalid UTF-8: byte ${hex(byte)} cannot appear here`
  if (byte < 0x80 || UNDEFINED_IN_WINDOWS_1252.has(byte)) return base
  const asWindows1252 = `"${iconv.decode(Buffer.from([byte]), 'windows-1252')}"`
  if (hasByteOrderMark) {
    // The BOM says UTF-8, so switching the whole file to Windows-1252 would be wrong too.
    return `${base}; the file is marked as UTF-8 (byte order mark) but this byte is Windows-1252 (${asWindows1252}): the file mixes encodings, fix this line and re-save it as "CSV UTF-8"`
  }
  // Excel's plain "CSV" format and most older HR systems write the Windows ANSI code page;
  // the bytes of accented names then fail UTF-8 exactly like this.
  return `${base}; it looks like Windows-1252 (${asWindows1252}): set "encoding": "windows-1252", or re-save the file as "CSV UTF-8"`
}

class Utf8Decoder implements ChunkDecoder {
  private carry: Buffer = Buffer.alloc(0)

  public constructor(private readonly hasByteOrderMark: boolean) {}

  public write(bytes: Buffer): DecodeStep {
    const input = this.carry.length === 0 ? bytes : Buffer.concat([this.carry, bytes])
    const complete = completeUtf8Length(input)
    // Copy: the carried bytes would otherwise pin the whole read buffer.
    this.carry = Buffer.from(input.subarray(complete))
    return this.decode(input.subarray(0, complete), false)
  }

  public end(): DecodeStep {
    const rest = this.carry
    this.carry = Buffer.alloc(0)
    return this.decode(rest, true)
  }

  private decode(bytes: Buffer, atEnd: boolean): DecodeStep {
    // isUtf8 is native and fast; the byte-by-byte scan only runs to locate a known problem.
    if (isUtf8(bytes)) return { text: bytes.toString('utf8') }
    const bad = findInvalidUtf8(bytes)
    return {
      text: bytes.toString('utf8', 0, bad),
      problem: describeInvalidUtf8(bytes, bad, atEnd, this.hasByteOrderMark),
    }
  }
}

/** A surrogate that is not part of a pair: valid UTF-16 never contains one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

class Utf16Decoder implements ChunkDecoder {
  private carry: Buffer = Buffer.alloc(0)

  public constructor(private readonly bigEndian: boolean) {}

  public write(bytes: Buffer): DecodeStep {
    const input = this.carry.length === 0 ? bytes : Buffer.concat([this.carry, bytes])
    let complete = input.length - (input.length % 2)
    // Keep a high surrogate for the next chunk, where its low half is.
    if (complete >= 2) {
      const lastUnit = this.bigEndian
        ? ((input[complete - 2] ?? 0) << 8) | (input[complete - 1] ?? 0)
        : ((input[complete - 1] ?? 0) << 8) | (input[complete - 2] ?? 0)
      if (lastUnit >= 0xd800 && lastUnit <= 0xdbff) complete -= 2
    }
    this.carry = Buffer.from(input.subarray(complete))
    return this.decode(input.subarray(0, complete))
  }

  public end(): DecodeStep {
    const rest = this.carry
    this.carry = Buffer.alloc(0)
    if (rest.length % 2 === 1) {
      const step = this.decode(rest.subarray(0, rest.length - 1))
      if (step.problem !== undefined) return step
      return { text: step.text, problem: 'invalid UTF-16: the file ends with an odd number of bytes' }
    }
    return this.decode(rest)
  }

  private decode(bytes: Buffer): DecodeStep {
    // swap16 works in place, so big-endian input is copied first.
    const littleEndian = this.bigEndian ? Buffer.from(bytes).swap16() : bytes
    const text = littleEndian.toString('utf16le')
    const lone = LONE_SURROGATE.exec(text)
    if (lone === null) return { text }
    const unit = text.charCodeAt(lone.index)
    return {
      text: text.slice(0, lone.index),
      problem: `invalid UTF-16: unpaired surrogate 0x${unit.toString(16).toUpperCase()}`,
    }
  }
}

class Windows1252Decoder implements ChunkDecoder {
  public write(bytes: Buffer): DecodeStep {
    const text = iconv.decode(bytes, 'windows-1252')
    const bad = text.indexOf('\uFFFD')
    if (bad === -1) return { text }
    // Single-byte encoding: the character index is the byte offset.
    return {
      text: text.slice(0, bad),
      problem: `byte ${hex(bytes[bad] ?? 0)} is not a character in Windows-1252; check the file's real encoding`,
    }
  }

  public end(): DecodeStep {
    return { text: '' }
  }
}
