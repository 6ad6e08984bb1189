/** Collecting problems across a file so the admin can fix them all in one pass. */
import { SourceFormatError, type SourceIssue } from '../source-errors'
import type { LocatedProblem } from './csv-parse-errors'

/** Issues collected before reading stops. */
export const MAX_ISSUES = 50

/** The issues of one file; throws once `MAX_ISSUES` are collected. */
export class IssueCollector {
  private readonly issues: SourceIssue[] = []
  private readonly thrown = new WeakSet<SourceFormatError>()

  public constructor(private readonly file: string) {}

  /** Whether any issue was found. */
  public get any(): boolean {
    return this.issues.length > 0
  }

  /**
   * Records a problem.
   *
   * @throws SourceFormatError with all issues when this one reaches the cap.
   */
  public add(problem: LocatedProblem): void {
    this.issues.push({ file: this.file, ...problem })
    if (this.issues.length >= MAX_ISSUES) throw this.fail()
  }

  /** The error carrying every issue so far plus `more`. */
  public fail(more: ReadonlyArray<SourceIssue> = []): SourceFormatError {
    const error = new SourceFormatError([...this.issues, ...more].slice(0, MAX_ISSUES))
    this.thrown.add(error)
    return error
  }

  /**
   * The error to throw for `error`, caught while reading: a `SourceFormatError` from decoding or
   * parsing is joined with the issues collected before it; anything else passes unchanged.
   */
  public combine(error: unknown): unknown {
    if (!(error instanceof SourceFormatError) || this.thrown.has(error)) return error
    return this.fail(error.issues)
  }

  /** @throws SourceFormatError when any issue was found. */
  public throwIfAny(): void {
    if (this.any) throw this.fail()
  }
}
