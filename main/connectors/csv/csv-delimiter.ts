/** Choosing the field delimiter: comma, semicolon (Excel in most of Europe), TAB or pipe. */

/** A supported field delimiter. */
export type CsvDelimiter = ',' | ';' | '\t' | '|'

/** Candidates in order of preference when counts tie. */
export const CSV_DELIMITERS: ReadonlyArray<CsvDelimiter> = [',', ';', '\t', '|']

/** Whether `value` is a supported delimiter. */
export function isCsvDelimiter(value: unknown): value is CsvDelimiter {
  return CSV_DELIMITERS.some(delimiter => delimiter === value)
}

/** The delimiter as it reads in a message: TAB is invisible when quoted. */
export function describeDelimiter(delimiter: CsvDelimiter): string {
  return delimiter === '\t' ? 'TAB' : `"${delimiter}"`
}

/** How often each candidate occurs in `line` outside double-quoted parts. */
export function countDelimiters(line: string): ReadonlyMap<CsvDelimiter, number> {
  const counts = new Map<CsvDelimiter, number>(CSV_DELIMITERS.map(delimiter => [delimiter, 0]))
  let quoted = false
  for (const character of line) {
    // A doubled quote inside a quoted part toggles twice, which leaves the state unchanged.
    if (character === '"') {
      quoted = !quoted
    } else if (!quoted && isCsvDelimiter(character)) {
      counts.set(character, (counts.get(character) ?? 0) + 1)
    }
  }
  return counts
}

/**
 * The delimiter of a file judged from its header line: the candidate that occurs most often
 * outside quotes; ties go to the earlier candidate, and a header without any (a single column)
 * means comma.
 */
export function detectDelimiter(headerLine: string): CsvDelimiter {
  let best: CsvDelimiter = ','
  let bestCount = 0
  for (const [delimiter, count] of countDelimiters(headerLine)) {
    if (count > bestCount) {
      best = delimiter
      bestCount = count
    }
  }
  return best
}

/**
 * The delimiter named by an Excel "sep=" hint line (e.g. `sep=;`), which some exporters write
 * before the header so that Excel splits the columns regardless of locale.
 */
export function parseSeparatorHint(line: string): CsvDelimiter | undefined {
  const match = /^sep=(.)\s*$/i.exec(line.trimStart())
  const candidate = match?.[1]
  return isCsvDelimiter(candidate) ? candidate : undefined
}
