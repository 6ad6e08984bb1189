import { ProvisionerError } from '../model/errors'

/** Exit codes of every command: the error table's (model/errors.ts). */
export { ExitCode } from '../model/errors'

/** A mistake in how the command was called. */
export class UsageError extends ProvisionerError {
  public readonly kind = 'usage' as const

  public constructor(message: string) {
    super(message)
    this.name = 'UsageError'
  }
}
