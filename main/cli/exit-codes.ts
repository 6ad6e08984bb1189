/** Exit codes of every command (DESIGN §4). */
export const ExitCode = {
  Success: 0,
  /** The run finished, but some operations failed. */
  Failures: 1,
  /** Usage or configuration error; nothing was changed. */
  Usage: 2,
  /** Stopped by the deletion threshold; staged operations wait for approval. */
  Blocked: 3,
} as const
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode]

/** A mistake in how the command was called. */
export class UsageError extends Error {
  public constructor(message: string) {
    super(message)
    this.name = 'UsageError'
  }
}
