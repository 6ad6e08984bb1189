import { scimFailureInfo } from '../../connectors/scim/scim-failures'
import type { ApplyFailure, FailureInfo } from '../../model/failure'

export function describeFailure(error: unknown): FailureInfo {
  return scimFailureInfo(error) ?? ownFailureInfo(error)
}

/** Engine errors that carry their own code (e.g. a create that could not link an existing account). */
function ownFailureInfo(error: unknown): FailureInfo {
  if (
    error instanceof Error &&
    typeof (error as { code?: unknown }).code === 'string' &&
    'httpStatus' in error
  ) {
    const status = (error as { httpStatus?: unknown }).httpStatus
    return {
      code: (error as unknown as { code: string }).code,
      httpStatus: typeof status === 'number' ? status : null,
      scimType: null,
      detail: null,
      message: error.message,
    }
  }
  return {
    code: 'InternalError',
    httpStatus: null,
    scimType: null,
    detail: null,
    message: error instanceof Error ? error.message : String(error),
  }
}

/**
 * Decisions that leave a person or group unprovisioned for a reason the admin must fix (a
 * conflict, a missing required value, a refused plan row) fail the run, so a scheduled job
 * alerts on them; out-of-scope and "no matching value" skips are normal outcomes.
 */
const FAILED_DECISION_CODES: ReadonlySet<string> = new Set([
  'MandatoryFieldsMissing',
  'ExpressionEvaluationFailed',
  'PlanStale',
])

export function isFailedDecision(operation: {
  readonly action: string
  readonly errorCode: string | null
}): boolean {
  return operation.action === 'conflict' || FAILED_DECISION_CODES.has(operation.errorCode ?? '')
}

/** The `apply --json` failure record of a decision that left the object unprovisioned (see isFailedDecision). */
export function decisionFailure(operation: {
  readonly changeId: string
  readonly sourceId: string | null
  readonly targetId: string | null
  readonly display: string
  readonly action: string
  readonly refusedAction?: string
  readonly errorCode: string | null
  readonly reason: string | null
}): ApplyFailure {
  return {
    changeId: operation.changeId,
    sourceId: operation.sourceId,
    targetId: operation.targetId,
    display: operation.display,
    action: operation.refusedAction ?? operation.action,
    errorCode: operation.errorCode ?? 'Conflict',
    httpStatus: null,
    message: operation.reason ?? 'Not provisioned',
  }
}

/** The `apply --json` failure record of an operation that failed with `failure`. */
export function failureRecord(
  operation: {
    readonly changeId: string
    readonly sourceId: string | null
    readonly display: string
    readonly action: string
  },
  targetId: string | null,
  failure: FailureInfo
): ApplyFailure {
  return {
    changeId: operation.changeId,
    sourceId: operation.sourceId,
    targetId,
    display: operation.display,
    action: operation.action,
    errorCode: failure.code,
    httpStatus: failure.httpStatus,
    message: failure.message,
  }
}
