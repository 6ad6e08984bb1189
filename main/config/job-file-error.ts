import { ProvisionerError } from '../model/errors'
/** One problem in a job file, at a place the admin can jump to. */
export interface JobFileIssue {
  readonly file: string
  readonly line: number
  readonly column: number
  /** JSON path of the offending value, e.g. `users.mappings[2].expression`. */
  readonly field: string
  readonly message: string
}

export function formatJobFileIssue(issue: JobFileIssue): string {
  const field = issue.field === '' ? '' : ` ${issue.field}:`
  return `${issue.file}:${issue.line}:${issue.column}:${field} ${issue.message}`
}

/** A file the admin wrote (a job, a saved plan) cannot be used: each problem at its place. */
export abstract class FileIssuesError extends ProvisionerError {
  /** What the file is, in messages ("job", "plan"). */
  protected abstract readonly fileKind: string

  public constructor(public readonly issues: ReadonlyArray<JobFileIssue>) {
    super(issues.map(formatJobFileIssue).join('\n'))
  }

  public override get safeMessage(): string {
    return `The ${this.fileKind} file cannot be used (nothing was changed)`
  }

  public override get details(): ReadonlyArray<string> {
    return this.issues.map(formatJobFileIssue)
  }
}

/** The job file cannot be used as written. Nothing has been changed anywhere. */
export class JobFileError extends FileIssuesError {
  public readonly kind = 'invalid-job' as const
  protected readonly fileKind = 'job'
  public override readonly name = 'JobFileError'
}

export function formatJsonPath(path: ReadonlyArray<PropertyKey>): string {
  let result = ''
  for (const segment of path) {
    if (typeof segment === 'number') {
      result += `[${segment}]`
    } else {
      const name = String(segment)
      result += /^[A-Za-z_$][\w$]*$/.test(name)
        ? result === ''
          ? name
          : `.${name}`
        : `[${JSON.stringify(name)}]`
    }
  }
  return result
}
