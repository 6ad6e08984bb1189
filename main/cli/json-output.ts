import { closeSync, ftruncateSync, lstatSync, openSync, renameSync, rmSync, writeSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import type { Writable } from 'node:stream'
import { restrictToOwner } from '../store/private-files'
import { terminalSafe } from './output'

/**
 * The JSON documents the CLI prints (`--json`) and saves (`plan --out`). The top-level members are
 * indented as `JSON.stringify(value, null, 2)` would, but each entry of a top-level list is one line
 * of compact JSON: a plan of 100,000 operations is 100,000 greppable lines, not millions of
 * indented ones (less than half the bytes, and no re-indenting). It is never one string either
 * (1,000,000 operations would pass V8's longest string): it is encoded into UTF-8 chunks as it is
 * produced, and each chunk is written as it fills.
 */

/**
 * A list the writers here take entry by entry, each entry made when it is written and dropped after:
 * no array of 100,000 output objects is held at once. JSON.stringify still sees an array.
 */
export class JsonList<T> implements Iterable<T> {
  constructor(private readonly entries: () => Iterable<T>) {}

  [Symbol.iterator](): Iterator<T> {
    return this.entries()[Symbol.iterator]()
  }

  toJSON(): T[] {
    return [...this.entries()]
  }
}

/** Bytes written at a time. */
const CHUNK_BYTES = 1 << 20
/** UTF-8 needs at most 3 bytes for each UTF-16 unit of a string. */
const MAX_BYTES_PER_UNIT = 3

/**
 * Writes `value` as JSON and a line feed. JSON.stringify escapes C0 controls; DEL and C1 (U+009B is
 * ESC [ for a terminal) are escaped here, still valid JSON that parses to the exact values.
 */
export function writeJson(stream: Writable, value: unknown): void {
  writeJsonChunks(value, chunk => stream.write(chunk))
}

/**
 * Saves `value` as JSON to a file only its owner can read (`plan --out`), the same layout as
 * `writeJson`. A value that cannot be written whole (JSON.stringify throws) leaves no half a file:
 * a new or regular file is written beside the path and renamed over it, so a plan saved there
 * before stays whole; anything else (a link such as /dev/stdout, a device such as /dev/null) is
 * written in place and emptied at most on failure, never deleted.
 */
export function writePrivateJsonFile(path: string, value: unknown): void {
  const before = lstatSync(path, { throwIfNoEntry: false })
  if (before === undefined || before.isFile()) replaceFile(path, value)
  else writeInPlace(path, value)
}

function replaceFile(path: string, value: unknown): void {
  const partial = join(dirname(path), `.${basename(path)}.${process.pid}.partial`)
  const fd = openSync(partial, 'wx', 0o600)
  try {
    writeJsonTo(fd, value)
    closeSync(fd)
  } catch (error) {
    closeQuietly(fd)
    rmSync(partial, { force: true })
    throw error
  }
  renameSync(partial, path)
  restrictToOwner(path)
}

function writeInPlace(path: string, value: unknown): void {
  const fd = openSync(path, 'w', 0o600)
  try {
    writeJsonTo(fd, value)
  } catch (error) {
    emptied(fd)
    closeSync(fd)
    throw error
  }
  closeSync(fd)
}

function writeJsonTo(fd: number, value: unknown): void {
  writeJsonChunks(value, chunk => {
    for (let done = 0; done < chunk.length;) done += writeSync(fd, chunk, done)
  })
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd)
  } catch {
    // Already closed: the failure was closing it.
  }
}

/** Truncates what `fd` writes to, where it can be (a device or a pipe cannot). */
function emptied(fd: number): void {
  try {
    ftruncateSync(fd, 0)
  } catch {
    // Nothing was kept there to begin with.
  }
}

function writeJsonChunks(value: unknown, sink: (chunk: Buffer) => void): void {
  const chunks = new Utf8Chunks(sink)
  emitJson(value, text => chunks.add(text))
  chunks.add('\n')
  chunks.flush()
}

/** Text encoded straight into buffers of about CHUNK_BYTES, handed to `sink` when full; never a piece of a character. */
class Utf8Chunks {
  private buffer = Buffer.allocUnsafe(CHUNK_BYTES)
  private used = 0

  constructor(private readonly sink: (chunk: Buffer) => void) {}

  add(text: string): void {
    if (this.used + text.length * MAX_BYTES_PER_UNIT > this.buffer.length) {
      this.flush()
      if (text.length * MAX_BYTES_PER_UNIT > this.buffer.length) {
        this.sink(controlsEscaped(Buffer.from(text, 'utf8')))
        return
      }
    }
    this.used += this.buffer.write(text, this.used, 'utf8')
  }

  flush(): void {
    if (this.used === 0) return
    // A fresh buffer each time: a stream may hold on to a chunk until it is written.
    this.sink(controlsEscaped(this.buffer.subarray(0, this.used)))
    this.buffer = Buffer.allocUnsafe(CHUNK_BYTES)
    this.used = 0
  }
}

const DEL = 0x7f
/** UTF-8 writes U+0080 to U+00BF as 0xC2 then the code point's low byte. */
const C1_LEAD = 0xc2
const C1_LAST = 0x9f

/** Whether UTF-8 `bytes` hold DEL or a C1 control (searched natively: the usual answer is no). */
function hasDelOrC1(bytes: Buffer): boolean {
  if (bytes.indexOf(DEL) !== -1) return true
  for (let at = bytes.indexOf(C1_LEAD); at !== -1; at = bytes.indexOf(C1_LEAD, at + 1)) {
    if ((bytes[at + 1] ?? 0) <= C1_LAST) return true
  }
  return false
}

/** JSON `bytes` (whole characters) with DEL and C1 written as `\u007f`-style escapes. */
function controlsEscaped(bytes: Buffer): Buffer {
  return hasDelOrC1(bytes) ? Buffer.from(terminalSafe(bytes.toString('utf8')), 'utf8') : bytes
}

/** Whether JSON.stringify would write `value` as an object or array of its own entries. */
function isPlainContainer(value: unknown): value is object {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { toJSON?: unknown }).toJSON !== 'function'
  )
}

/** Emits the document in pieces: top-level members indented, a top-level list one entry a line. */
function emitJson(value: unknown, emit: (text: string) => void): void {
  if (value instanceof JsonList) {
    emitList(value, '', emit)
  } else if (!isPlainContainer(value)) {
    emit(JSON.stringify(value, null, 2) ?? '')
  } else if (Array.isArray(value)) {
    emitList(value, '', emit)
  } else {
    emitMembers(value, emit)
  }
}

function emitMembers(value: object, emit: (text: string) => void): void {
  let first = true
  for (const [key, member] of Object.entries(value)) {
    const list = member instanceof JsonList || (Array.isArray(member) && isPlainContainer(member))
    const text = list ? '' : JSON.stringify(member, null, 2)
    // Members JSON leaves out: undefined, functions, symbols (and a toJSON that gives undefined).
    if (text === undefined) continue
    emit(`${first ? '{\n' : ',\n'}  ${JSON.stringify(key)}: `)
    first = false
    if (list) emitList(member as Iterable<unknown>, '  ', emit)
    else emit(text.includes('\n') ? text.replaceAll('\n', '\n  ') : text)
  }
  emit(first ? '{}' : '\n}')
}

/** `[`, each entry compact on a line of its own (indented one step past `indent`), `]`. */
function emitList(items: Iterable<unknown>, indent: string, emit: (text: string) => void): void {
  const separator = `,\n${indent}  `
  let first = true
  for (const item of items) {
    emit(first ? `[\n${indent}  ` : separator)
    first = false
    // Entries JSON writes as null: undefined, functions, symbols (and an array's holes).
    emit(JSON.stringify(item) ?? 'null')
  }
  emit(first ? '[]' : `\n${indent}]`)
}
