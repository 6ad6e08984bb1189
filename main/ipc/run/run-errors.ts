import { LinkDecisionError } from '../../engine/run/link-decisions'
import { ApprovalError, QuarantinedError } from '../../engine/run/run-job'
import { UnknownIdentityError } from '../../engine/run/run-on-demand'
import { StagedDecisionError } from '../../engine/run/staged-decisions'
import { UndoError } from '../../engine/recovery/undo-run'
import { ApiError } from '../api/dispatch'
import { toApiError } from '../engine-errors'

/**
 * `toApiError` plus the engine's refusals of the run commands (nothing to approve, an undo that
 * cannot be, a person the source does not hold): their messages are written for the admin.
 */
export function toRunApiError(error: unknown): unknown {
  if (
    error instanceof ApprovalError ||
    error instanceof UnknownIdentityError ||
    error instanceof UndoError ||
    error instanceof LinkDecisionError ||
    error instanceof StagedDecisionError
  ) {
    return new ApiError('refused', error.message)
  }
  if (error instanceof QuarantinedError) {
    return new ApiError('connector-failed', error.message)
  }
  return toApiError(error)
}

/** Runs `work`, turning the engine's admin-facing errors into `ApiError`s. */
export async function engineCall<T>(work: () => Promise<T> | T): Promise<T> {
  try {
    return await work()
  } catch (error) {
    throw toRunApiError(error)
  }
}
