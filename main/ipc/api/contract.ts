/**
 * The admin API contract shared by main, preload and renderer.
 *
 * Environment-neutral on purpose: no `electron`, `node:*` or DOM imports. The preload and
 * renderer projects compile this file with neither Node nor Electron types, which enforces it.
 */
import { z } from 'zod'
import { LOG_ACTIONS, LOG_STATUSES, type LogEntry } from '../../model/log-entry'
import type { PlannedOperation, UserAction } from '../../model/plan'
import type { Run, RunMode, RunStatus, RunSummary } from '../../model/run'
import type { ApiErrorCode } from '../../model/errors'
import type { AccessMap, LeaverChecklist, Review, ReviewItem } from '../../model/access'

// The renderer imports from this file only, never from main/model directly.
export { LOG_ACTIONS, LOG_STATUSES } from '../../model/log-entry'
export type {
  LogAction,
  LogEntry,
  LogStatus,
  ModifiedProperty,
  ObjectType,
  ProvisioningStep,
  StepType,
} from '../../model/log-entry'
export type { PlannedChange, UserAction } from '../../model/plan'
export type {
  GroupSummary,
  RunCounts,
  RunMode,
  RunProgress,
  RunStatus,
  RunSummary,
  UserSummary,
} from '../../model/run'
export type {
  AccessAccount,
  AccessApp,
  AccessMap,
  AccessPerson,
  AccessState,
  LeaverChecklist,
  LeaverItem,
  Review,
  ReviewCounts,
  ReviewDecision,
  ReviewItem,
  UnmanagedAccount,
} from '../../model/access'

//#region Input schemas

/** Ids are opaque strings (job slugs, run ids); they only ever reach SQL as parameters. */
const EntityId = z.string().trim().min(1).max(200)

/** An ISO 8601 instant with an offset or `Z`, e.g. `2024-03-01T10:00:00Z`. */
const Instant = z.iso.datetime({ offset: true })

export const JobRef = z.strictObject({ jobId: EntityId })
export type JobRef = z.infer<typeof JobRef>

export const RunRef = z.strictObject({ runId: EntityId })
export type RunRef = z.infer<typeof RunRef>

export const ListRunsInput = z.strictObject({
  jobId: EntityId,
  limit: z.number().int().min(1).max(500),
})
export type ListRunsInput = z.infer<typeof ListRunsInput>

/** Most log entries one page may hold; a screen asks for far fewer. */
export const MAX_LOG_PAGE = 500

export const LogQueryInput = z.strictObject({
  jobId: EntityId.optional(),
  runId: EntityId.optional(),
  status: z.enum(LOG_STATUSES).optional(),
  action: z.enum(LOG_ACTIONS).optional(),
  /** Source or target id exactly, or any part of a display name (letters A–Z in either case). */
  identity: z.string().trim().min(1).max(256).optional(),
  since: Instant.optional(),
  until: Instant.optional(),
  /** Keyset cursor: entries with an id below this one (newest first). */
  beforeId: z.number().int().positive().optional(),
  /** Keyset cursor back up: the entries just above this id (still returned newest first). */
  afterId: z.number().int().nonnegative().optional(),
  limit: z.number().int().min(1).max(MAX_LOG_PAGE),
})
export type LogQueryInput = z.infer<typeof LogQueryInput>

//#region Logs at scale, dashboard, stored plans (issue 11)

/** The log filters alone (counting and exporting read every match, not a page). */
export const LogFilterInput = LogQueryInput.omit({ beforeId: true, afterId: true, limit: true })
export type LogFilterInput = z.infer<typeof LogFilterInput>

export const LOG_EXPORT_FORMATS = ['csv', 'jsonl'] as const
export type LogExportFormat = (typeof LOG_EXPORT_FORMATS)[number]

export const LogExportInput = LogFilterInput.extend({ format: z.enum(LOG_EXPORT_FORMATS) })
export type LogExportInput = z.infer<typeof LogExportInput>

/** Counting stops here: beyond it a screen says "more than" (a count must stay fast at a million). */
export const LOG_COUNT_CAP = 100_000

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
] as const satisfies ReadonlyArray<UserAction>

export const PlanOperationFilter = z.strictObject({
  runId: EntityId,
  action: z.enum(USER_ACTIONS).optional(),
  /** Leave out operations that change nothing. */
  hideUnchanged: z.boolean().optional(),
  /** Part of the name, source id or target id. */
  search: z.string().trim().min(1).max(256).optional(),
})
export type PlanOperationFilter = z.infer<typeof PlanOperationFilter>

/** Most operations one page may hold. */
export const MAX_PLAN_PAGE = 500

export const PlanOperationsInput = PlanOperationFilter.extend({
  /** Keyset cursor: operations after this one, in plan order. */
  afterId: z.number().int().nonnegative().optional(),
  /** Keyset cursor back: the operations just before this one (returned in plan order). */
  beforeId: z.number().int().positive().optional(),
  limit: z.number().int().min(1).max(MAX_PLAN_PAGE),
})
export type PlanOperationsInput = z.infer<typeof PlanOperationsInput>

//#endregion
/** Access governance (access map, leavers, reviews). */
export const AccessQuery = z.strictObject({
  /** A source id, or a display name / userName (case-insensitive). */
  person: z.string().trim().min(1).max(256).optional(),
  jobId: EntityId.optional(),
})
export type AccessQuery = z.infer<typeof AccessQuery>

export const RefreshAccessInput = z.strictObject({ jobId: EntityId.optional() })
export type RefreshAccessInput = z.infer<typeof RefreshAccessInput>

export const ReviewRef = z.strictObject({ reviewId: EntityId })
export type ReviewRef = z.infer<typeof ReviewRef>

export const StartReviewInput = z.strictObject({
  jobIds: z.array(EntityId).min(1).max(100),
  name: z.string().trim().min(1).max(200).optional(),
  reviewer: z.string().trim().min(1).max(200),
})
export type StartReviewInput = z.infer<typeof StartReviewInput>

export const MarkReviewInput = z.strictObject({
  reviewId: EntityId,
  jobId: EntityId,
  targetId: EntityId,
  decision: z.enum(['keep', 'remove', 'investigate']),
  comment: z.string().max(2000).nullable(),
})
export type MarkReviewInput = z.infer<typeof MarkReviewInput>

export const ExportReviewInput = z.strictObject({ reviewId: EntityId, format: z.enum(['csv', 'html']) })
export type ExportReviewInput = z.infer<typeof ExportReviewInput>

//#endregion

//#region Results

export interface ReviewDetail {
  readonly review: Review
  readonly items: ReadonlyArray<ReviewItem>
  /** Unmanaged accounts marked "remove": to close by hand. */
  readonly checklist: ReadonlyArray<ReviewItem>
}

export interface ReviewClosed extends ReviewDetail {
  /** Managed accounts marked "remove": the jobs' next plans disable them. */
  readonly revocations: number
}

export interface ReviewExport {
  readonly fileName: string
  readonly mediaType: 'text/csv' | 'text/html'
  readonly content: string
}

/** A run as screens show it; the same fields the store keeps (no secrets ever reach a run). */
export type RunInfo = Run

export interface RecentRun extends RunInfo {
  readonly jobName: string
}

export interface JobInfo {
  readonly id: string
  readonly name: string
  /** The job file the app and CLI run; null for jobs recorded without one. */
  readonly configPath: string | null
  /** e.g. `csv people.csv`; null when the stored settings cannot be read. */
  readonly source: string | null
  /** The target's SCIM base URL. */
  readonly target: string | null
  readonly updatedAt: string
  readonly lastRun: RunInfo | null
  /** Set while the job is quarantined (credentials refused, not SCIM, too many failures). */
  readonly quarantine: { readonly since: string; readonly code: string; readonly reason: string } | null
}

export interface Overview {
  /** The state folder shared with the CLI (`--home`, PROVISIONER_HOME or the app's folder). */
  readonly stateFolder: string
  readonly jobCount: number
  /** Newest first, across jobs. */
  readonly recentRuns: ReadonlyArray<RecentRun>
}

export interface LogPage {
  readonly entries: ReadonlyArray<LogEntry>
  /** Pass as `beforeId` for the next (older) page; null when this page is the last. */
  readonly nextBeforeId: number | null
  /** Pass as `afterId` for the newer page above this one; null when this page is the newest. */
  readonly previousAfterId: number | null
}

/**
 * One planned operation, as `plan --json` prints it: what was decided, without the log steps
 * and the apply bookkeeping. Secret values in `changes` appear as "[Redact]".
 */
export type PlanOperationView = Omit<PlannedOperation, 'changeId' | 'steps' | 'fingerprint'>

/**
 * A dry run as the preview shows it: what it read and the counts. Its operations are stored with
 * the run and read page by page (`queryPlanOperations`), however many there are.
 */
export interface PlanPreview {
  readonly runId: string
  readonly jobId: string
  readonly jobName: string
  readonly status: Exclude<RunStatus, 'running'>
  readonly startedAt: string
  readonly summary: RunSummary
  /** People and accounts read; null for dry runs recorded before Provisioner kept these counts. */
  readonly sourceCount: number | null
  readonly targetCount: number | null
  /** False for dry runs whose operations are not kept (older than the job's latest ten, or recorded before plans were). */
  readonly operationsStored: boolean
}

export interface RunFinished {
  readonly runId: string
  readonly jobId: string
  readonly mode: RunMode
  readonly status: Exclude<RunStatus, 'running'>
  readonly summary: RunSummary | null
}

/** A job's schedule (the job file's `schedule.intervalMinutes`) and when the app runs it next. */
export interface JobScheduleInfo {
  readonly jobId: string
  /** Minutes between unattended runs; null: not scheduled (the job runs only when started). */
  readonly intervalMinutes: number | null
  /**
   * When the desktop app runs it next (ISO 8601); null when not scheduled or while it runs. A
   * time in the past is due and waiting its turn. A quarantined job's backoff is included.
   */
  readonly nextRunAt: string | null
  /** A run of the job is in progress (started by the app, its schedule or the CLI). */
  readonly running: boolean
}

export interface ScheduleOverview {
  /**
   * True in the desktop app, whose scheduler runs the jobs; false where none runs (`npm run web`),
   * where `nextRunAt` says when the desktop app would run each job.
   */
  readonly active: boolean
  readonly jobs: ReadonlyArray<JobScheduleInfo>
}

//#region Logs at scale, dashboard, live runs, stored plans (issue 11)

export interface LogCount {
  /** Matching entries, at most `LOG_COUNT_CAP`. */
  readonly count: number
  /** True when more entries match than were counted. */
  readonly capped: boolean
}

export type LogExportResult =
  { readonly saved: false } | { readonly saved: true; readonly path: string; readonly entries: number }

/** A run seen starting (by this app, the CLI or a schedule: the state database is watched). */
export interface RunStarted {
  readonly runId: string
  readonly jobId: string
  readonly mode: RunMode
}

/** An apply's progress as its process records it (a few times a second at most). */
export interface RunProgressEvent {
  readonly runId: string
  readonly jobId: string
  readonly done: number
  readonly total: number
}

/** A planned operation with its place in the stored plan (the paging cursor and row key). */
export type PlanOperationRow = PlanOperationView & { readonly id: number }

export interface PlanOperationPage {
  readonly operations: ReadonlyArray<PlanOperationRow>
  /** Pass as `afterId` for the next page; null when this page is the last. */
  readonly nextAfterId: number | null
  /** Pass as `beforeId` for the page above this one; null when this page is the first. */
  readonly previousBeforeId: number | null
}

/**
 * How a job stands, most urgent first: a run in progress, quarantined, deletions waiting for
 * approval (threshold), its last run failed (or had failures), healthy, or never run.
 */
export type JobHealth = 'running' | 'quarantined' | 'blocked' | 'failed' | 'healthy' | 'not-run'

/** One run as the dashboard's chart shows it: what it did to accounts. */
export interface RunPoint {
  readonly runId: string
  readonly startedAt: string
  readonly created: number
  readonly updated: number
  readonly disabled: number
  readonly failed: number
}

export interface DashboardJob {
  readonly id: string
  readonly name: string
  readonly health: JobHealth
  /** Why the job is quarantined, blocked or failed, in words; null when healthy. */
  readonly healthReason: string | null
  /** The run in progress, with its progress once it writes. */
  readonly running: RunInfo | null
  /** The newest finished run of any mode. */
  readonly lastRun: RunInfo | null
  /** When the job's schedule runs it next; null without a schedule. */
  readonly nextRunAt: string | null
  /** Accounts and groups this job links (not deleted). */
  readonly linked: { readonly users: number; readonly groups: number }
  /** Target accounts no one in the source is linked or matched to, as the newest run counted; null if unknown. */
  readonly unmanaged: number | null
  /** Applied runs, oldest first (the newest few), for the chart. */
  readonly history: ReadonlyArray<RunPoint>
}

export interface Dashboard {
  readonly stateFolder: string
  readonly jobs: ReadonlyArray<DashboardJob>
}

//#endregion

//#endregion

/**
 * Everything the renderer can ask of main.
 *
 * Each method takes at most one plain-object argument and returns a Promise (VS Code's channel
 * rule), so both transports can carry it unchanged.
 */
export interface AdminApi {
  getOverview(): Promise<Overview>
  listJobs(): Promise<ReadonlyArray<JobInfo>>
  listRuns(input: ListRunsInput): Promise<ReadonlyArray<RunInfo>>
  getRun(input: RunRef): Promise<RunInfo>
  queryLogs(input: LogQueryInput): Promise<LogPage>
  /** A dry run of a stored job (reads source and target, writes nothing to the target). */
  planJob(input: JobRef): Promise<PlanPreview>
  /** Every job's schedule and next unattended run. */
  listSchedules(): Promise<ScheduleOverview>

  //#region Logs at scale, dashboard, stored plans (issue 11)
  /** How many log entries match the filters, counted up to `LOG_COUNT_CAP`. */
  countLogs(input: LogFilterInput): Promise<LogCount>
  /** Writes the matching entries to a file the admin picks in a save dialog (desktop app only). */
  exportLogs(input: LogExportInput): Promise<LogExportResult>
  /** Every job with its health, last run, running run, counts and recent runs, for the overview. */
  getDashboard(): Promise<Dashboard>
  /** A stored dry run, to reopen it from the run history. */
  getPlan(input: RunRef): Promise<PlanPreview>
  /** One page of a stored dry run's operations, in plan order. */
  queryPlanOperations(input: PlanOperationsInput): Promise<PlanOperationPage>
  /** How many of a stored dry run's operations match the filters. */
  countPlanOperations(input: PlanOperationFilter): Promise<number>
  //#endregion
  /** Who has an account in which app, from the store (no request to any app). */
  getAccessMap(input: AccessQuery): Promise<AccessMap>
  /** Lists the jobs' targets again (read-only) and returns the new map. */
  refreshAccess(input: RefreshAccessInput): Promise<AccessMap>
  /** Checklists of the people who left, or of the one named. */
  listLeavers(input: AccessQuery): Promise<ReadonlyArray<LeaverChecklist>>
  listReviews(): Promise<ReadonlyArray<Review>>
  getReview(input: ReviewRef): Promise<ReviewDetail>
  startReview(input: StartReviewInput): Promise<Review>
  markReview(input: MarkReviewInput): Promise<ReviewDetail>
  closeReview(input: ReviewRef): Promise<ReviewClosed>
  exportReview(input: ExportReviewInput): Promise<ReviewExport>
}

/** Events pushed from main to every connected client, named for what happened. */
export interface AdminEvents {
  runFinished: RunFinished
  //#region Live runs (issue 11): runs started anywhere (the app, the CLI, a schedule)
  runStarted: RunStarted
  runProgress: RunProgressEvent
  //#endregion
}

export type ApiMethod = keyof AdminApi
export type ApiEvent = keyof AdminEvents
export type ApiInput<M extends ApiMethod> = Parameters<AdminApi[M]> extends [infer I] ? I : undefined
export type ApiOutput<M extends ApiMethod> = Awaited<ReturnType<AdminApi[M]>>

/** `satisfies` rejects a missing method, an extra method, or an incompatible schema. */
export const inputSchemas = {
  getOverview: z.undefined(),
  listJobs: z.undefined(),
  listRuns: ListRunsInput,
  getRun: RunRef,
  queryLogs: LogQueryInput,
  planJob: JobRef,
  listSchedules: z.undefined(),
  //#region Logs at scale, dashboard, stored plans (issue 11)
  countLogs: LogFilterInput,
  exportLogs: LogExportInput,
  getDashboard: z.undefined(),
  getPlan: RunRef,
  queryPlanOperations: PlanOperationsInput,
  countPlanOperations: PlanOperationFilter,
  //#endregion
  getAccessMap: AccessQuery,
  refreshAccess: RefreshAccessInput,
  listLeavers: AccessQuery,
  listReviews: z.undefined(),
  getReview: ReviewRef,
  startReview: StartReviewInput,
  markReview: MarkReviewInput,
  closeReview: ReviewRef,
  exportReview: ExportReviewInput,
} satisfies { readonly [M in ApiMethod]: z.ZodType<ApiInput<M>, unknown> }

/**
 * Structural typing would let a schema with fewer fields pass `satisfies`; this catches it.
 *
 * If it fails to compile, the error names the method whose schema and signature disagree.
 */
type MutuallyAssignable<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
type SchemaDrift = {
  [M in ApiMethod]: MutuallyAssignable<z.output<(typeof inputSchemas)[M]>, ApiInput<M>> extends true
    ? never
    : M
}[ApiMethod]
type AssertNever<T extends never> = T
export type SchemaDriftCheck = AssertNever<SchemaDrift>

export const API_METHODS: ReadonlyArray<ApiMethod> = Object.freeze(Object.keys(inputSchemas) as ApiMethod[])
export const API_EVENTS: ReadonlyArray<ApiEvent> = Object.freeze([
  'runFinished',
  'runStarted',
  'runProgress',
] as const)

export function isApiMethod(name: unknown): name is ApiMethod {
  return typeof name === 'string' && (API_METHODS as ReadonlyArray<string>).includes(name)
}

export function isApiEvent(name: unknown): name is ApiEvent {
  return typeof name === 'string' && (API_EVENTS as ReadonlyArray<string>).includes(name)
}

/** One prefix, so preload and main can allowlist channels (VS Code uses `vscode:`). */
export const channelForMethod = (method: ApiMethod) => `admin:call:${method}` as const
export const channelForEvent = (event: ApiEvent) => `admin:event:${event}` as const

/** The API's error codes: the error table's (model/errors.ts), and those of a bad call. */
export type { ApiErrorCode } from '../../model/errors'

export interface ApiErrorShape {
  readonly code: ApiErrorCode
  readonly message: string
  readonly issues?: ReadonlyArray<string>
}

/** Errors do not survive Electron IPC intact (only `message`), so every call resolves to an envelope. */
export type ApiResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ApiErrorShape }

/** What a renderer needs from any transport. The preload and the HTTP client both implement it. */
export interface ApiTransport {
  invoke(method: ApiMethod, input: unknown): Promise<ApiResult<unknown>>
  subscribe<E extends ApiEvent>(event: E, listener: (payload: AdminEvents[E]) => void): () => void
}
