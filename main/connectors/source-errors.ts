/** One problem in a source, located as precisely as the source allows. */
export interface SourceIssue {
  /** The file (or connection) the problem is in. */
  readonly file: string
  /** 1-based line number, when known. */
  readonly line?: number
  /** 1-based column number (CSV: field index, 1-based), when known. */
  readonly column?: number
  readonly message: string
}

export function formatSourceIssue(issue: SourceIssue): string {
  let place = issue.file
  if (issue.line !== undefined) {
    place += `:${issue.line}`
    if (issue.column !== undefined) {
      place += `:${issue.column}`
    }
  }
  return `${place}: ${issue.message}`
}

/**
 * The source cannot be read as configured.
 *
 * Carries every issue found (up to a cap) so the admin can fix a file in one pass.
 */
export class SourceFormatError extends Error {
  public readonly issues: ReadonlyArray<SourceIssue>

  public constructor(issues: ReadonlyArray<SourceIssue>) {
    const first = issues[0]
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''
    super(first === undefined ? 'Source could not be read' : `${formatSourceIssue(first)}${more}`)
    this.name = 'SourceFormatError'
    this.issues = issues
  }
}
