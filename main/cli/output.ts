import type { Writable } from 'node:stream'
import type { AppLog } from '../app-log/app-log'
import { isReferenceValue, referenceText } from '../engine/plan/reference-attributes'

/** Where a command writes: stdout for results, stderr for progress and errors. */
export interface CliIo {
  readonly stdout: Writable & { isTTY?: boolean }
  readonly stderr: Writable & { isTTY?: boolean }
  readonly stdin: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (mode: boolean) => void }
  readonly env: NodeJS.ProcessEnv
  readonly cwd: string
  /** The application log, when the command writes one. */
  readonly log?: AppLog
}

/**
 * Control characters a terminal acts on instead of showing: C0 (ESC starts the sequences that
 * retitle a window, move the cursor or clear the screen; CR overwrites a line), DEL and C1 (CSI
 * U+009B is ESC [ in one character). The line feed is kept by `terminalSafe`, escaped by `oneLine`.
 */
const CONTROLS_BUT_LINE_FEED = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g
const CONTROLS = /[\u0000-\u001f\u007f-\u009f]/g
const SHORT_ESCAPES: Readonly<Record<string, string>> = {
  '\b': '\\b',
  '\t': '\\t',
  '\n': '\\n',
  '\f': '\\f',
  '\r': '\\r',
}

/** JSON's spelling of a control character, so escaped JSON text stays valid and exact. */
function escapeControl(character: string): string {
  return SHORT_ESCAPES[character] ?? `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`
}

/** Text with every control character but the line feed shown as an escape (`\u001b`). */
export function terminalSafe(text: string): string {
  return text.replace(CONTROLS_BUT_LINE_FEED, escapeControl)
}

/** Data shown on one line (a name, a server message): a line break in it cannot fake a line. */
export function oneLine(text: string): string {
  return text.replace(CONTROLS, escapeControl)
}

/** Writes text as it is, but never a raw control character other than the line feed. */
export function writeText(stream: Writable, text: string): void {
  stream.write(terminalSafe(text))
}

export function writeLine(stream: Writable, text = ''): void {
  writeText(stream, `${text}\n`)
}

/** Characters written at a time by `writeJson`. */
const JSON_CHUNK = 1 << 20

/**
 * Writes `JSON.stringify(value, null, 2)` and a line feed, in pieces: a plan of 1,000,000
 * operations is never one string (it would pass V8's longest string), and a large one is not
 * copied whole again to be written. JSON.stringify escapes C0 controls; `terminalSafe` adds DEL
 * and C1, still valid JSON.
 */
export function writeJson(stream: Writable, value: unknown): void {
  let pending = ''
  for (const piece of jsonPieces(value)) {
    pending += piece
    if (pending.length >= JSON_CHUNK) {
      writeText(stream, pending)
      pending = ''
    }
  }
  writeLine(stream, pending)
}

/** Whether JSON.stringify would write `value` as an object or array of its own entries. */
function isPlainContainer(value: unknown): value is object {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { toJSON?: unknown }).toJSON !== 'function'
  )
}

/** JSON.stringify(value, null, 2) in pieces: one per top-level member, one per element of a top-level member's array. */
function* jsonPieces(value: unknown): Generator<string> {
  if (!isPlainContainer(value) || Array.isArray(value)) {
    yield JSON.stringify(value, null, 2) ?? ''
    return
  }
  let first = true
  for (const [key, member] of Object.entries(value)) {
    const split = Array.isArray(member) && member.length > 0 && isPlainContainer(member)
    const text = split ? '' : JSON.stringify(member, null, 2)
    // Members JSON leaves out: undefined, functions, symbols (and a toJSON that gives undefined).
    if (text === undefined) continue
    yield `${first ? '{\n' : ',\n'}  ${JSON.stringify(key)}: `
    first = false
    if (!split) {
      yield indented(text, '  ')
      continue
    }
    const items = member as ReadonlyArray<unknown>
    for (let index = 0; index < items.length; index++) {
      yield `${index === 0 ? '[\n' : ',\n'}    ${indented(JSON.stringify(items[index], null, 2) ?? 'null', '    ')}`
    }
    yield '\n  ]'
  }
  yield first ? '{}' : '\n}'
}

function indented(text: string, indent: string): string {
  return text.includes('\n') ? text.replaceAll('\n', `\n${indent}`) : text
}

/** A plain text table: header row, then rows, columns padded to their widest cell. */
export function formatTable(
  header: ReadonlyArray<string>,
  rows: ReadonlyArray<ReadonlyArray<string>>
): string {
  const cells = rows.map(row => row.map(oneLine))
  const widths = header.map((title, column) =>
    Math.max(title.length, ...cells.map(row => (row[column] ?? '').length))
  )
  const line = (row: ReadonlyArray<string>) =>
    row
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd()
  return [line(header), line(widths.map(width => '-'.repeat(width))), ...cells.map(line)].join('\n')
}

/** A value as a short human string: strings quoted, lists joined, long text cut. */
export function showValue(value: unknown, max = 60): string {
  let text: string
  if (value === null || value === undefined) {
    text = '(none)'
  } else if (typeof value === 'string') {
    text = JSON.stringify(value)
  } else if (Array.isArray(value)) {
    text = `[${value.map(item => showValue(item, max)).join(', ')}]`
  } else if (isReferenceValue(value)) {
    text = referenceText(value)
  } else {
    text = JSON.stringify(value)
  }
  return text.length > max ? `${text.slice(0, max - 1)}…` : text
}
