/**
 * The admin API contract shared by main, preload and renderer.
 *
 * Environment-neutral on purpose: no `electron`, `node:*` or DOM imports. The preload and
 * renderer projects compile this file with neither Node nor Electron types, which enforces it.
 */
import { z } from 'zod'
import { LOG_ACTIONS, LOG_STATUSES, type LogEntry } from '../../model/log-entry'
import type { PlannedOperation } from '../../model/plan'
import type { Run, RunMode, RunStatus, RunSummary } from '../../model/run'
import type { ApiErrorCode } from '../../model/errors'

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
export type { GroupSummary, RunMode, RunStatus, RunSummary, UserSummary } from '../../model/run'

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
  /** Source or target id exactly, or a display name by prefix (case-insensitive). */
  identity: z.string().trim().min(1).max(256).optional(),
  since: Instant.optional(),
  until: Instant.optional(),
  /** Keyset cursor: entries with an id below this one (newest first). */
  beforeId: z.number().int().positive().optional(),
  limit: z.number().int().min(1).max(MAX_LOG_PAGE),
})
export type LogQueryInput = z.infer<typeof LogQueryInput>

//#endregion

//#region Results

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
}

/**
 * One planned operation, as `plan --json` prints it: what was decided, without the log steps
 * and the apply bookkeeping. Secret values in `changes` appear as "[Redact]".
 */
export type PlanOperationView = Omit<PlannedOperation, 'changeId' | 'steps' | 'fingerprint'>

/** At most this many operations travel to the renderer; the summary always counts them all. */
export const PLAN_PREVIEW_LIMIT = 500

export interface PlanPreview {
  readonly runId: string
  readonly jobId: string
  readonly jobName: string
  readonly status: Exclude<RunStatus, 'running'>
  readonly summary: RunSummary
  readonly operations: ReadonlyArray<PlanOperationView>
  readonly totalOperations: number
  readonly sourceCount: number
  readonly targetCount: number
}

export interface RunFinished {
  readonly runId: string
  readonly jobId: string
  readonly mode: RunMode
  readonly status: Exclude<RunStatus, 'running'>
  readonly summary: RunSummary | null
}

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
}

/** Events pushed from main to every connected client, named for what happened. */
export interface AdminEvents {
  runFinished: RunFinished
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
export const API_EVENTS: ReadonlyArray<ApiEvent> = Object.freeze(['runFinished'] as const)

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
