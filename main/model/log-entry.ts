/**
 * Provisioning log entry: one per object per run.
 *
 * The fields mirror Microsoft Entra's provisioningObjectSummary (cycle id, change id, action,
 * status, steps, modified properties, error information) so admins recognise them.
 */

export const OBJECT_TYPES = ['user', 'group'] as const
export type ObjectType = (typeof OBJECT_TYPES)[number]

export const LOG_ACTIONS = [
  'create',
  'update',
  'disable',
  'enable',
  'delete',
  'link',
  'skip',
  'stagedDelete',
  /** Several accounts match one person, or several people one account: nothing was done (DESIGN §3). */
  'conflict',
  'other',
] as const
export type LogAction = (typeof LOG_ACTIONS)[number]

export const LOG_STATUSES = ['success', 'failure', 'skipped', 'warning'] as const
export type LogStatus = (typeof LOG_STATUSES)[number]

export const STEP_TYPES = ['import', 'scoping', 'matching', 'processing', 'export'] as const
export type StepType = (typeof STEP_TYPES)[number]

export interface ProvisioningStep {
  readonly type: StepType
  readonly status: LogStatus
  readonly description: string
  readonly details?: Readonly<Record<string, string>>
}

/** One changed attribute; secret values are already replaced by "[Redact]". */
export interface ModifiedProperty {
  readonly path: string
  readonly from: unknown
  readonly to: unknown
}

export interface LogEntry {
  readonly id: number
  /** ISO 8601 UTC. */
  readonly time: string
  readonly jobId: string
  /** The run ("cycle") this entry belongs to. */
  readonly runId: string
  /** Unique per provisioning event; joins the entry to its journal rows. */
  readonly changeId: string
  readonly objectType: ObjectType
  readonly action: LogAction
  readonly status: LogStatus
  readonly sourceId: string | null
  readonly sourceDisplay: string | null
  readonly targetId: string | null
  readonly targetDisplay: string | null
  readonly steps: ReadonlyArray<ProvisioningStep>
  readonly modified: ReadonlyArray<ModifiedProperty>
  /** Why the object was skipped or failed, in words. */
  readonly reason: string | null
  /** Entra-style error code (e.g. `DuplicateTargetEntries`, `TooManyRequests`). */
  readonly errorCode: string | null
  readonly httpStatus: number | null
  readonly scimType: string | null
  readonly scimDetail: string | null
  readonly durationMs: number | null
  readonly attempts: number
}

export type NewLogEntry = Omit<LogEntry, 'id'>
