import type { Writable } from 'node:stream'
import { isReferenceValue, referenceText } from '../engine/reference-attributes'

/** Where a command writes: stdout for results, stderr for progress and errors. */
export interface CliIo {
  readonly stdout: Writable & { isTTY?: boolean }
  readonly stderr: Writable & { isTTY?: boolean }
  readonly stdin: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (mode: boolean) => void }
  readonly env: NodeJS.ProcessEnv
  readonly cwd: string
}

export function writeLine(stream: Writable, text = ''): void {
  stream.write(`${text}\n`)
}

export function writeJson(stream: Writable, value: unknown): void {
  stream.write(`${JSON.stringify(value, null, 2)}\n`)
}

/** A plain text table: header row, then rows, columns padded to their widest cell. */
export function formatTable(
  header: ReadonlyArray<string>,
  rows: ReadonlyArray<ReadonlyArray<string>>
): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map(row => (row[column] ?? '').length))
  )
  const line = (cells: ReadonlyArray<string>) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd()
  return [line(header), line(widths.map(width => '-'.repeat(width))), ...rows.map(line)].join('\n')
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
