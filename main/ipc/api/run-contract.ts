/**
 * The admin API's part for running a job from the app: the matching workbench, applying a
 * reviewed plan, staged deletions and quarantine, provision on demand, and undo.
 *
 * Environment-neutral like `contract.ts` (which re-exports everything here): zod and types only.
 */
import { z } from 'zod'
import type { JobPause, JobStateCounts } from '../../model/job-state'
import type { ProvisioningStep } from '../../model/log-entry'
import { WORKBENCH_TABS, type WorkbenchRow, type WorkbenchTab } from '../../model/matching'
import type { PlannedOperation } from '../../model/plan'
import type { RunStatus, RunSummary } from '../../model/run'

export { WORKBENCH_TABS } from '../../model/matching'
export type { AccountView, WorkbenchDecision, WorkbenchRow, WorkbenchTab } from '../../model/matching'

const EntityId = z.string().trim().min(1).max(200)
/** Source ids are the source's own (HR numbers, GUIDs, DNs); only ever compared, never parsed. */
const SourceId = z.string().min(1).max(1024)

//#region Matching workbench

/** Most workbench rows one page may hold. */
export const MAX_WORKBENCH_PAGE = 500

export const WorkbenchQueryInput = z.strictObject({
  jobId: EntityId,
  tab: z.enum(WORKBENCH_TABS),
  /** Finds rows whose person, source id, account userName, display name or id contains it. */
  search: z.string().trim().max(256).optional(),
  offset: z.number().int().min(0),
  limit: z.number().int().min(1).max(MAX_WORKBENCH_PAGE),
  /** Read the source and the target again; otherwise the last reading (with the current decisions) is used. */
  refresh: z.boolean().optional(),
})
export type WorkbenchQueryInput = z.infer<typeof WorkbenchQueryInput>

export interface WorkbenchPage {
  readonly jobId: string
  /** When the source and the target were read. */
  readonly readAt: string
  readonly sourceCount: number
  readonly targetCount: number
  /** Every tab's row count (not filtered by the search). */
  readonly counts: Readonly<Record<WorkbenchTab, number>>
  readonly tab: WorkbenchTab
  /** Rows of this tab matching the search. */
  readonly total: number
  readonly rows: ReadonlyArray<WorkbenchRow>
}

export const WorkbenchExportInput = z.strictObject({
  jobId: EntityId,
  tab: z.enum(WORKBENCH_TABS),
  search: z.string().trim().max(256).optional(),
})
export type WorkbenchExportInput = z.infer<typeof WorkbenchExportInput>

export interface WorkbenchExport {
  /** e.g. `hr-demo-ambiguous.csv` */
  readonly fileName: string
  /** Spreadsheet-safe CSV (formulas neutralised), with a header row. */
  readonly csv: string
  readonly rows: number
}

export const MatchDecisionInput = z.discriminatedUnion('decision', [
  z.strictObject({ jobId: EntityId, sourceId: SourceId, decision: z.literal('link'), targetId: EntityId }),
  z.strictObject({ jobId: EntityId, sourceId: SourceId, decision: z.enum(['create', 'skip']) }),
])
export type MatchDecisionInput = z.infer<typeof MatchDecisionInput>

export const SourcePersonRef = z.strictObject({ jobId: EntityId, sourceId: SourceId })
export type SourcePersonRef = z.infer<typeof SourcePersonRef>

export interface DecisionResult {
  /** What changed, in words (the same text is logged). */
  readonly description: string
  /** Its log entry's run id (`provisioner logs --run`). */
  readonly logRunId: string
}

//#endregion

//#region Runs started from the app

/** The job and the dry run the admin reviewed. */
export const ApplyPlanInput = z.strictObject({ jobId: EntityId, runId: EntityId })
export type ApplyPlanInput = z.infer<typeof ApplyPlanInput>

/** The result of a run the app started (apply, approval, restart, undo, on demand). */
export interface RunResult {
  readonly runId: string
  readonly jobId: string
  readonly status: Exclude<RunStatus, 'running'>
  readonly summary: RunSummary
  readonly failed: number
  /** Disables/deletes held back for approval by the deletion threshold. */
  readonly staged: number
  /** The job's quarantine reason after the run, when it is quarantined. */
  readonly quarantine: string | null
  readonly notices: ReadonlyArray<string>
}

//#region Pause, resume, clear state (Entra's Stop/Start provisioning, "clear state and restart")

export type { JobPause, JobStateCounts } from '../../model/job-state'

export const PauseJobInput = z.strictObject({ jobId: EntityId, note: z.string().trim().max(500).optional() })
export type PauseJobInput = z.infer<typeof PauseJobInput>

/** What clearing a job's state forgets (or forgot), counted, and the next run's consequence in words. */
export interface ClearStateSummary {
  readonly jobId: string
  readonly counts: JobStateCounts
  readonly description: string
}

/** A pause as stored. */
export type JobPauseView = JobPause

//#endregion

export interface StagedItem {
  readonly changeId: string
  readonly objectType: 'user' | 'group'
  readonly action: 'disable' | 'delete'
  readonly sourceId: string | null
  readonly targetId: string
  readonly display: string | null
  readonly reason: string | null
}

export interface StagedDeletions {
  /** The blocked run they belong to; approve or reject by this id. */
  readonly runId: string
  /** The deletion threshold's verdict. */
  readonly reason: string | null
  readonly items: ReadonlyArray<StagedItem>
}

export interface RejectedDeletions {
  readonly rejected: number
  readonly logRunId: string
}

//#endregion

//#region Provision on demand

export const SearchSourceInput = z.strictObject({
  jobId: EntityId,
  /** Part of a display name, or of a source id; empty lists the first people. */
  query: z.string().trim().max(256),
  limit: z.number().int().min(1).max(100),
})
export type SearchSourceInput = z.infer<typeof SearchSourceInput>

export interface SourcePersonMatch {
  readonly sourceId: string
  readonly display: string
  readonly inScope: boolean
}

export interface OnDemandResult {
  readonly runId: string
  readonly status: 'completed' | 'completed-with-errors'
  readonly display: string
  readonly action: PlannedOperation['action']
  readonly targetId: string | null
  /** Import, scoping (with the deciding clause), matching (per attribute), action with its result. */
  readonly steps: ReadonlyArray<ProvisioningStep>
  /** The attribute changes sent (modified properties); secrets as "[Redact]". */
  readonly changes: PlannedOperation['changes']
  /** The person's attributes as read from the source. */
  readonly imported: Readonly<Record<string, string | ReadonlyArray<string>>> | null
  readonly failures: ReadonlyArray<string>
}

/** A group of the source to provision on demand: its source id (or its name). */
export const SourceGroupRef = z.strictObject({ jobId: EntityId, group: SourceId })
export type SourceGroupRef = z.infer<typeof SourceGroupRef>

export interface SourceGroupMatch {
  readonly sourceId: string
  readonly display: string
  readonly members: number
  /** More members than on demand takes (Entra's 5): the app says so instead of offering it. */
  readonly tooLarge: boolean
}

/** A group provisioned on demand: its steps, then each member's (members were provisioned first). */
export interface GroupOnDemandResult {
  readonly runId: string
  readonly status: OnDemandResult['status']
  readonly group: OnDemandResult
  readonly members: ReadonlyArray<OnDemandResult>
}

//#endregion

//#region Undo

export interface UndoPreview {
  readonly undoneRunId: string
  readonly jobId: string
  readonly summary: RunSummary
  /** The inverse operations; writes that cannot be undone are `skip` with the reason. */
  readonly operations: ReadonlyArray<Omit<PlannedOperation, 'changeId' | 'steps' | 'fingerprint'>>
  readonly notices: ReadonlyArray<string>
}

//#endregion
