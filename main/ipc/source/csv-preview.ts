/**
 * The first rows of a CSV file as the source form shows them, read by the CSV connector's own
 * pieces (encoding sniffing, delimiter detection, the parser), so what the form says it detected
 * is what a run will use.
 */
import { open } from 'node:fs/promises'
import { decodeCsvFile } from '../../connectors/csv/csv-decode'
import { type CsvDelimiter, detectDelimiter, parseSeparatorHint } from '../../connectors/csv/csv-delimiter'
import { type CsvEncoding, SNIFF_BYTES, sniffEncoding } from '../../connectors/csv/csv-encoding-sniff'
import { describeFileError } from '../../connectors/csv/csv-file-errors'
import { peekFirstLine } from '../../connectors/csv/csv-peek'
import { parseCsvRecords } from '../../connectors/csv/csv-records'
import { formatSourceIssue, SourceFormatError } from '../../connectors/source-errors'

export interface RawCsvPreview {
  readonly detectedEncoding: string | null
  readonly detectedDelimiter: CsvDelimiter | null
  /** The header and up to `rows` records, as the parser split them. */
  readonly records: ReadonlyArray<ReadonlyArray<string>>
  readonly issues: ReadonlyArray<string>
}

export interface RawCsvOptions {
  readonly path: string
  readonly displayPath: string
  readonly encoding: CsvEncoding
  readonly delimiter?: CsvDelimiter
  /** Records after the header. */
  readonly rows: number
}

/** What the encoding sniffer makes of the file's first bytes (null when they cannot be read). */
async function detectEncoding(path: string, configured: CsvEncoding): Promise<string | null> {
  const handle = await open(path, 'r')
  try {
    const head = Buffer.alloc(SNIFF_BYTES)
    const { bytesRead } = await handle.read(head, 0, SNIFF_BYTES, 0)
    const sniffed = sniffEncoding(head.subarray(0, bytesRead), configured)
    return sniffed.ok ? sniffed.encoding : null
  } finally {
    await handle.close()
  }
}

export async function previewCsvRecords(options: RawCsvOptions): Promise<RawCsvPreview> {
  let detectedEncoding: string | null
  try {
    detectedEncoding = await detectEncoding(options.path, options.encoding)
  } catch (error) {
    const issue = formatSourceIssue({ file: options.displayPath, message: describeFileError(error) })
    return { detectedEncoding: null, detectedDelimiter: null, records: [], issues: [issue] }
  }
  const decode = () =>
    decodeCsvFile({ path: options.path, file: options.displayPath, encoding: options.encoding })
  const records: Array<ReadonlyArray<string>> = []
  let detectedDelimiter: CsvDelimiter | null = null
  try {
    const text = decode()
    const peek = await peekFirstLine(text)
    if (peek.firstLine === undefined) {
      await text.return()
      const issue = formatSourceIssue({ file: options.displayPath, message: 'the file is empty' })
      return { detectedEncoding, detectedDelimiter: null, records, issues: [issue] }
    }
    const hint = parseSeparatorHint(peek.firstLine.text)
    detectedDelimiter = hint ?? detectDelimiter(peek.firstLine.text)
    const skip = hint === undefined ? undefined : peek.firstLine.line
    for await (const record of parseCsvRecords({
      text: (async function* () {
        yield* peek.chunks
        yield* text
      })(),
      reopen: decode,
      delimiter: options.delimiter ?? detectedDelimiter,
      file: options.displayPath,
      onRecord: (fields, line) => (line === skip ? undefined : { fields }),
    })) {
      records.push(record.fields.map(field => field.trim()))
      if (records.length > options.rows) break
    }
  } catch (error) {
    if (!(error instanceof SourceFormatError)) throw error
    return { detectedEncoding, detectedDelimiter, records, issues: error.issues.map(formatSourceIssue) }
  }
  return { detectedEncoding, detectedDelimiter, records, issues: [] }
}
