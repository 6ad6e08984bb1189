import type { ObjectType, ProvisioningStep } from './log-entry'
import type { RunSummary } from './run'

export const USER_ACTIONS = [
  'create',
  'update',
  'disable',
  'enable',
  'delete',
  'link',
  'unchanged',
  'skip',
  'conflict',
] as const
export type UserAction = (typeof USER_ACTIONS)[number]

/** One attribute change; secret values appear as "[Redact]". */
export interface PlannedChange {
  readonly path: string
  readonly from: unknown
  readonly to: unknown
  /** Which mapping option decided this value, when one did (e.g. the default value on create). */
  readonly note?: string
}

/** One decision of the planner, as `plan --json` prints it and a saved plan stores it. */
export interface PlannedOperation {
  readonly changeId: string
  readonly objectType: ObjectType
  readonly action: UserAction
  readonly sourceId: string | null
  readonly targetId: string | null
  readonly display: string
  readonly changes: ReadonlyArray<PlannedChange>
  readonly reason: string | null
  /** Entra-style code for skips and conflicts (`ImportSkipped`, `DuplicateTargetEntries`, …). */
  readonly errorCode: string | null
  /** Import, scoping, matching and processing steps, for logs and `--explain`. */
  readonly steps: ReadonlyArray<ProvisioningStep>
  /** Identifies exactly this change against this target state; a saved plan applies only matching rows. */
  readonly fingerprint: string
  /** What the admin should know that does not stop the operation (e.g. a manager left out, and why). */
  readonly warnings?: ReadonlyArray<string>
}

/**
 * The operation's own fields, read one by one (lazy ones computed now): copies start here rather
 * than from a spread, so nothing relies on how an operation stores its fields (a spread copies
 * own getters by running them, and would miss fields a class keeps on its prototype).
 */
export function plannedFields(operation: PlannedOperation): PlannedOperation {
  const fields: PlannedOperation = {
    changeId: operation.changeId,
    objectType: operation.objectType,
    action: operation.action,
    sourceId: operation.sourceId,
    targetId: operation.targetId,
    display: operation.display,
    changes: operation.changes,
    reason: operation.reason,
    errorCode: operation.errorCode,
    steps: operation.steps,
    fingerprint: operation.fingerprint,
  }
  return operation.warnings === undefined ? fields : { ...fields, warnings: operation.warnings }
}

/**
 * A reference attribute's value (the enterprise `manager`) as plans, logs and the journal show
 * it: the account id in the app with the person's name, so a change reads "Grace Hopper (3f2a…)"
 * rather than a bare id.
 */
export interface ReferenceValue {
  /** The referenced account's id; null while that account is being created by the same run. */
  readonly value: string | null
  readonly displayName: string | null
  /** The referenced person's source id, when the reference was resolved from the source. */
  readonly sourceId?: string
}

/** A whole plan, as written by `plan --out` and read by `apply --plan`. */
export interface SavedPlan {
  readonly format: 'provisioner-plan'
  readonly version: 1
  readonly jobId: string
  readonly jobName: string
  /** Hash of the job configuration the plan was made with. */
  readonly configHash: string
  readonly runId: string
  readonly createdAt: string
  readonly summary: RunSummary
  readonly operations: ReadonlyArray<PlannedOperation>
}

export const REDACTED = '[Redact]'
