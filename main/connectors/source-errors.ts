import { ProvisionerError } from '../model/errors'
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
export class SourceFormatError extends ProvisionerError {
  public readonly kind = 'source-unreadable' as const

  public override get safeMessage(): string {
    return 'The source cannot be read (nothing was changed)'
  }

  public override get details(): ReadonlyArray<string> {
    return this.issues.map(formatSourceIssue)
  }

  public readonly issues: ReadonlyArray<SourceIssue>

  public constructor(issues: ReadonlyArray<SourceIssue>) {
    const first = issues[0]
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''
    super(first === undefined ? 'Source could not be read' : `${formatSourceIssue(first)}${more}`)
    this.name = 'SourceFormatError'
    this.issues = issues
  }
}

/**
 * A directory source (a SCIM app, Microsoft Entra ID) could not be read: unreachable, credentials
 * refused, permissions missing, or an answer that is not what the protocol promises. Nothing is
 * written when this happens: the whole source is read before any write.
 */
export class SourceConnectionError extends ProvisionerError {
  public readonly kind = 'source-unreachable' as const

  public constructor(
    /** The source as messages name it ("SCIM https://hr.example.com/scim/v2"). */
    public readonly source: string,
    public override readonly cause: unknown,
    /** Advice for the admin, when the failure says what to fix. */
    public readonly hint: string | null = null
  ) {
    const reason = cause instanceof Error ? cause.message : String(cause)
    super(`${source} could not be read: ${reason}${hint === null ? '' : ` (${hint})`}`)
    this.name = 'SourceConnectionError'
  }
}
