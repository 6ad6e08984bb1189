/**
 * The quick path of the CSV parser (csv-records.ts): text without a quote character is split into
 * lines and fields directly, which costs a fraction of csv-parse's byte-by-byte work. Only the
 * text csv-parse would read exactly alike is split here: no quote (so no field holds a line break
 * or a delimiter), no line long enough to reach csv-parse's record size limit, and a CRLF split
 * across two pieces still one line break. Anything else goes to csv-parse, from there on.
 */
import { afterLastLineBreak } from './csv-line-breaks'
import { MAX_RECORD_CHARS } from './csv-parse-errors'

/** CRLF, LF or CR, as csv-parse is told (csv-records.ts). */
const LINE_BREAK = /\r\n|\n|\r/

/**
 * A line of up to this many UTF-16 units is at most MAX_RECORD_CHARS bytes in UTF-8, the unit of
 * csv-parse's limit: a longer one is left to csv-parse, which refuses it or not.
 */
const PLAIN_LINE_LIMIT = Math.floor(MAX_RECORD_CHARS / 3)

/** Splits pieces of text into their complete lines while they have no quote. */
export class PlainLines {
  /** The start of a line whose end is in a later piece. */
  private pending = ''
  /** The last piece ended with CR: a LF starting the next one belongs to that line break. */
  private afterCr = false

  /**
   * The complete lines of what was held plus `text` (`final`: the text ends after it; a blank
   * line is ""), or, when they cannot be split here, `undefined`: nothing was consumed, and
   * `unsplit` returns the text from where the lines returned so far ended.
   */
  public split(text: string, final: boolean): string[] | undefined {
    const whole = this.unsplit(text)
    if (whole.includes('"')) return undefined
    const end = final ? whole.length : afterLastLineBreak(whole)
    const pending = end === -1 ? whole : whole.slice(end)
    if (pending.length > PLAIN_LINE_LIMIT) return undefined
    const lines = end <= 0 ? [] : whole.slice(0, end).split(LINE_BREAK)
    // What follows the last line break is not a line.
    if (lines[lines.length - 1] === '') lines.pop()
    for (const line of lines) if (line.length > PLAIN_LINE_LIMIT) return undefined
    this.pending = pending
    this.afterCr = !final && end > 0 && whole.charCodeAt(end - 1) === 13
    return lines
  }

  /** What was held plus `text`, without a LF that ends a line break already counted. */
  public unsplit(text: string): string {
    const whole = this.pending + text
    return this.afterCr && whole.charCodeAt(0) === 10 ? whole.slice(1) : whole
  }
}
