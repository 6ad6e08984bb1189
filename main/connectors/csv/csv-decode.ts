/**
 * Reading a CSV file as a stream of text: picks the encoding (BOM, BOM-less UTF-16, configured
 * or strict UTF-8), strips the BOM, and refuses anything that does not decode cleanly with the
 * file:line:column of the first offending character.
 */
import fs from 'node:fs'
import { SourceFormatError } from '../source-errors'
import { createChunkDecoder, type DecodeStep } from './csv-chunk-decoders'
import { SNIFF_BYTES, sniffEncoding, type CsvEncoding } from './csv-encoding-sniff'
import { describeFileError } from './csv-file-errors'
import { afterLastLineBreak, codePointLength, TextPosition } from './csv-line-breaks'
import { MAX_RECORD_CHARS } from './csv-parse-errors'

/** Where to read and how to decode. */
export interface DecodeCsvOptions {
  readonly path: string
  /** Name of the file in messages. */
  readonly file: string
  readonly encoding: CsvEncoding
}

const NUL_MESSAGE =
  'NUL character in the text: the file is probably UTF-16 without a byte order mark; set "encoding": "utf-16le" (or "utf-16be")'

/**
 * Holds back the partial last line of each piece of text, so that what is passed on always ends
 * at a line break: when decoding fails, everything before the failing line can still be parsed
 * (and its problems reported) without the parser seeing a truncated row.
 *
 * The held line is kept in pieces and only the new text is searched for a break, so a line
 * without breaks costs linear time; the reader stops it once it passes `MAX_RECORD_CHARS`.
 */
class LineAligner {
  private held: string[] = []
  private heldChars = 0

  /** UTF-16 units of the partial line held. */
  public get heldLength(): number {
    return this.heldChars
  }

  /** The complete lines of what was held plus `text`. */
  public push(text: string): string {
    const end = afterLastLineBreak(text)
    if (end === -1) {
      this.held.push(text)
      this.heldChars += text.length
      return ''
    }
    const complete = this.held.join('') + text.slice(0, end)
    this.held = [text.slice(end)]
    this.heldChars = text.length - end
    return complete
  }

  /** The first `length` units of the partial line. */
  public heldStart(length: number): string {
    return this.held.join('').slice(0, length)
  }

  /** What is still held (the last line of the file). */
  public flush(): string {
    const rest = this.held.join('')
    this.held = []
    this.heldChars = 0
    return rest
  }
}

const LONG_LINE_MESSAGE =
  `this line runs on for more than ${MAX_RECORD_CHARS} characters without a line break (longer than any ` +
  'record may be); is this really a CSV file?'

/**
 * Decodes the file at `options.path` chunk by chunk, never holding the whole file.
 *
 * When the file does not decode, the complete lines before the failing one are yielded first and
 * then the `SourceFormatError` is thrown, so a caller can finish parsing them.
 *
 * @throws SourceFormatError when the file cannot be read or does not decode.
 */
export async function* decodeCsvFile(options: DecodeCsvOptions): AsyncGenerator<string, void, undefined> {
  const position = new TextPosition()
  const lines = new LineAligner()

  const refuse = (message: string, at?: TextPosition): SourceFormatError =>
    new SourceFormatError([
      at === undefined
        ? { file: options.file, message }
        : { file: options.file, line: at.line, column: at.column, message },
    ])

  /** The decoded text of one step (up to a problem) and the problem, if any. */
  const check = (step: DecodeStep): { readonly text: string; readonly failure?: SourceFormatError } => {
    // A NUL never belongs in a CSV; in practice it means UTF-16 read as 8-bit text.
    const nul = step.text.indexOf('\0')
    if (nul !== -1) {
      const text = step.text.slice(0, nul)
      position.advance(text)
      return { text, failure: refuse(NUL_MESSAGE, position) }
    }
    position.advance(step.text)
    if (step.problem !== undefined) return { text: step.text, failure: refuse(step.problem, position) }
    return { text: step.text }
  }

  const stream = fs.createReadStream(options.path)
  try {
    const chunks = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>
    const next = async (): Promise<Buffer | undefined> => {
      try {
        const result = await chunks.next()
        return result.done === true ? undefined : result.value
      } catch (error) {
        throw refuse(describeFileError(error))
      }
    }

    // The encoding is judged on the first bytes, so collect enough of them first.
    const headParts: Buffer[] = []
    let headLength = 0
    let exhausted = false
    while (headLength < SNIFF_BYTES) {
      const chunk = await next()
      if (chunk === undefined) {
        exhausted = true
        break
      }
      headParts.push(chunk)
      headLength += chunk.length
    }
    const head = Buffer.concat(headParts)
    const sniffed = sniffEncoding(head, options.encoding)
    if (!sniffed.ok) throw refuse(sniffed.message)
    const decoder = createChunkDecoder(sniffed.encoding, sniffed.skipBytes > 0)

    let chunk: Buffer | undefined = head.subarray(sniffed.skipBytes)
    while (chunk !== undefined) {
      const { text, failure } = check(decoder.write(chunk))
      const complete = lines.push(text)
      if (complete.length > 0) yield complete
      // The held-back text is the start of the failing line: it is dropped with it.
      if (failure !== undefined) throw failure
      if (lines.heldLength > MAX_RECORD_CHARS) {
        const at = { line: position.line, column: codePointLength(lines.heldStart(MAX_RECORD_CHARS)) + 1 }
        throw new SourceFormatError([{ file: options.file, ...at, message: LONG_LINE_MESSAGE }])
      }
      chunk = exhausted ? undefined : await next()
    }
    const { text, failure } = check(decoder.end())
    const complete = lines.push(text)
    if (complete.length > 0) yield complete
    if (failure !== undefined) throw failure
    const last = lines.flush()
    if (last.length > 0) yield last
  } finally {
    stream.destroy()
  }
}
