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
