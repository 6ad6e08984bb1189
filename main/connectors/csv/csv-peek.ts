/**
 * Looking at the first line of the decoded text before parsing starts: the delimiter has to be
 * chosen from the header line, but the parser needs the delimiter before it sees any text.
 */

/** The first line with content and the chunks consumed to find it. */
export interface TextPeek {
  /** Every chunk taken from the text so far, to be parsed before the rest. */
  readonly chunks: ReadonlyArray<string>
  /** The first line that is not blank, absent when the file has none. */
  readonly firstLine?: { readonly text: string; readonly line: number }
}

/** Past this much text without a complete line, the start of the line is taken as the line. */
const PEEK_LIMIT = 1 << 20

const LINE_BREAK = /\r\n|\r|\n/g

function findFirstContentLine(text: string, complete: boolean): TextPeek['firstLine'] {
  let line = 1
  let start = 0
  LINE_BREAK.lastIndex = 0
  for (let match = LINE_BREAK.exec(text); match !== null; match = LINE_BREAK.exec(text)) {
    const content = text.slice(start, match.index)
    if (content.trim() !== '') return { text: content, line }
    line++
    start = match.index + match[0].length
  }
  const rest = text.slice(start)
  return complete && rest.trim() !== '' ? { text: rest, line } : undefined
}

/** Reads chunks from `text` until the first non-blank line is complete (or the text ends). */
export async function peekFirstLine(text: AsyncIterator<string>): Promise<TextPeek> {
  const chunks: string[] = []
  let seen = ''
  for (;;) {
    const next = await text.next()
    if (next.done === true) return { chunks, firstLine: findFirstContentLine(seen, true) }
    chunks.push(next.value)
    seen += next.value
    const firstLine = findFirstContentLine(seen, seen.length > PEEK_LIMIT)
    if (firstLine !== undefined) return { chunks, firstLine }
  }
}
