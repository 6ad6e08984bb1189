/**
 * Physical line accounting shared by the decoder (positions of bad bytes) and the record reader
 * (origin lines), so both agree on what "line 12" means.
 *
 * A line break is CRLF, LF or a lone CR: Excel on Windows writes CRLF, Unix tools LF, and
 * classic Mac exports a bare CR; editors count all three as one break.
 */

const LF = 10
const CR = 13

/** Number of line breaks in `text` (CRLF counts once). */
export function countLineBreaks(text: string): number {
  let breaks = 0
  let from = 0
  for (;;) {
    const lf = text.indexOf('\n', from)
    if (lf === -1) break
    breaks++
    from = lf + 1
  }
  // CR only adds a line when it is not the first half of a CRLF pair.
  from = 0
  for (;;) {
    const cr = text.indexOf('\r', from)
    if (cr === -1) break
    if (text.charCodeAt(cr + 1) !== LF) breaks++
    from = cr + 1
  }
  return breaks
}

/** Whether `text` contains a line break at all (the common case for a cell is "no"). */
export function hasLineBreak(text: string): boolean {
  return text.includes('\n') || text.includes('\r')
}

/** Index just after the last line break in `text`, or -1 when it has none. */
export function afterLastLineBreak(text: string): number {
  const last = Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r'))
  return last === -1 ? -1 : last + 1
}

/** Number of Unicode code points in `text` (a surrogate pair is one character on screen). */
export function codePointLength(text: string): number {
  let length = text.length
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i)
    if (unit >= 0xdc00 && unit <= 0xdfff && i > 0) {
      const previous = text.charCodeAt(i - 1)
      if (previous >= 0xd800 && previous <= 0xdbff) length--
    }
  }
  return length
}

/**
 * Tracks the line and column reached in a text that arrives in chunks, so a problem found in
 * the middle of a chunk can be reported as file:line:column.
 */
export class TextPosition {
  /** 1-based line of the next character. */
  private currentLine = 1
  /** Characters (code points) already seen on the current line. */
  private charactersOnLine = 0
  /** The previous chunk ended with CR; a LF starting the next chunk completes that break. */
  private pendingCr = false

  /** 1-based line of the next character. */
  public get line(): number {
    return this.currentLine
  }

  /** 1-based column of the next character. */
  public get column(): number {
    return this.charactersOnLine + 1
  }

  /** Moves past `text`. */
  public advance(text: string): void {
    if (text.length === 0) return
    let breaks = countLineBreaks(text)
    if (this.pendingCr && text.charCodeAt(0) === LF) breaks--
    this.currentLine += breaks
    const tailStart = afterLastLineBreak(text)
    if (tailStart === -1) {
      this.charactersOnLine += codePointLength(text)
    } else {
      this.charactersOnLine = codePointLength(text.slice(tailStart))
    }
    this.pendingCr = text.charCodeAt(text.length - 1) === CR
  }
}
