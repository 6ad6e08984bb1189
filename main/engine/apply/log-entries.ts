import type { FailureInfo } from '../../model/failure'
import type { LogAction, LogStatus, NewLogEntry, ProvisioningStep } from '../../model/log-entry'
import type { PlannedOperation } from '../../model/plan'

/**
 * How an operation ended, for its log entry: its request went through (`sent`), failed
 * (`failed`), or it needed none (`local`: a link written, a skip, a conflict, a held write).
 */
export type Ending = 'sent' | 'failed' | 'local'

/**
 * The log's action for an operation, people and groups alike: what was written (a failed first
 * link is the update it tried), or for an operation that sent nothing, whether it was linked,
 * held for approval (`stagedDelete`), left to the admin (`conflict`) or skipped.
 */
export function logActionOf(
  operation: { readonly action: string; readonly errorCode: string | null },
  ending: Ending
): LogAction {
  if (ending === 'local') {
    if (operation.errorCode === 'StagedDelete') return 'stagedDelete'
    return operation.action === 'link' ? 'link' : operation.action === 'conflict' ? 'conflict' : 'skip'
  }
  switch (operation.action) {
    case 'create':
    case 'delete':
    case 'enable':
    case 'disable':
      return operation.action
    case 'link':
      return ending === 'sent' ? 'link' : 'update'
    default:
      return 'update'
  }
}

/** Everything a log entry says; the error columns come from `failure` when there is one. */
export type LogEntryParts = Omit<
  NewLogEntry,
  'time' | 'modified' | 'httpStatus' | 'scimType' | 'scimDetail' | 'attempts'
> & {
  readonly time: Date
  readonly modified?: NewLogEntry['modified']
  readonly failure?: FailureInfo
  /** Requests made for the object, earlier failed runs included (at least 1). */
  readonly attempts?: number
}

/** One provisioning log entry. */
export function logEntry(parts: LogEntryParts): NewLogEntry {
  const failure = parts.failure
  return {
    time: parts.time.toISOString(),
    jobId: parts.jobId,
    runId: parts.runId,
    changeId: parts.changeId,
    objectType: parts.objectType,
    action: parts.action,
    status: parts.status,
    sourceId: parts.sourceId,
    sourceDisplay: parts.sourceDisplay,
    targetId: parts.targetId,
    targetDisplay: parts.targetDisplay,
    steps: parts.steps,
    modified: parts.modified ?? [],
    reason: failure?.message ?? parts.reason,
    errorCode: failure?.code ?? parts.errorCode,
    httpStatus: failure?.httpStatus ?? null,
    scimType: failure?.scimType ?? null,
    scimDetail: failure?.detail ?? null,
    durationMs: parts.durationMs === null ? null : Math.round(parts.durationMs),
    attempts: Math.max(1, parts.attempts ?? 1),
  }
}

/** How a planned operation ended, as its log entry tells it. */
export interface OperationEnd {
  readonly action: LogAction
  readonly status: LogStatus
  readonly targetId: string | null
  /** The changes made, when they differ from the planned ones (an existing account linked after a 409). */
  readonly changes?: PlannedOperation['changes']
  readonly durationMs: number
  /** The export step: what the request did, or why it failed. */
  readonly exportStep?: ProvisioningStep
  readonly failure?: FailureInfo
  readonly attempts?: number
}

/** The log entry of a planned operation (person or group): its steps, its changes, how it ended. */
export function operationLogEntry(
  operation: Pick<
    PlannedOperation,
    | 'changeId'
    | 'objectType'
    | 'sourceId'
    | 'display'
    | 'steps'
    | 'changes'
    | 'reason'
    | 'errorCode'
    | 'warnings'
  >,
  run: { readonly jobId: string; readonly runId: string },
  end: OperationEnd
): NewLogEntry {
  return logEntry({
    time: new Date(),
    jobId: run.jobId,
    runId: run.runId,
    changeId: operation.changeId,
    objectType: operation.objectType,
    action: end.action,
    status: end.status,
    sourceId: operation.sourceId,
    sourceDisplay: operation.display,
    targetId: end.targetId,
    targetDisplay: end.targetId === null ? null : operation.display,
    steps: end.exportStep === undefined ? operation.steps : [...operation.steps, end.exportStep],
    modified: end.changes ?? operation.changes,
    reason: operation.reason ?? operation.warnings?.join('; ') ?? null,
    errorCode: operation.errorCode,
    failure: end.failure,
    durationMs: end.durationMs,
    attempts: end.attempts,
  })
}
