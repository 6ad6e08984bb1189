/**
 * The admin API contract shared by main, preload and renderer.
 *
 * Environment-neutral on purpose: no `electron`, `node:*` or DOM imports. The preload and
 * renderer projects compile this file with neither Node nor Electron types, which enforces it.
 */
import { z } from 'zod'
import { LOG_ACTIONS, LOG_STATUSES, type LogEntry } from '../../model/log-entry'
import type { PlannedOperation, UserAction } from '../../model/plan'
import type { Run, RunMode, RunProgress, RunStatus, RunSummary } from '../../model/run'
import type { ApiErrorCode } from '../../model/errors'
import type { AccessMap, LeaverChecklist, Review, ReviewItem, ReviewRevocation } from '../../model/access'

// The job file's own schema (pure zod, no Node), so the editor's forms check a value exactly as
// the CLI does; the API checks it again on save, with the cross-checks the schema cannot make.
export { jobSchema as jobFileSchema, mappingSchema as mappingFileSchema } from '../../config/job-schema'
// What the editor shows as a mapping's type (Entra's Direct, Constant, Expression, None); pure.
export { type MappingType, mappingTypeOf } from '../../mapping/mapping-type'
import {
  ApplyPlanInput,
  type ClearStateSummary,
  type DecisionResult,
  type JobPauseView,
  PauseJobInput,
  MatchDecisionInput,
  type OnDemandResult,
  type RejectedDeletions,
  type RunResult,
  SearchSourceInput,
  type SourcePersonMatch,
  SourcePersonRef,
  SourceGroupRef,
  type GroupOnDemandResult,
  type SourceGroupMatch,
  type StagedDeletions,
  type UndoPreview,
  type WorkbenchExport,
  WorkbenchExportInput,
  type WorkbenchPage,
  WorkbenchQueryInput,
} from './run-contract'

// The renderer imports from this file only, never from main/model directly.
export { LOG_ACTIONS, LOG_STATUSES } from '../../model/log-entry'
export { RUN_PHASES } from '../../model/run'
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
  RunPhase,
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
  LeaverTick,
  Review,
  ReviewCounts,
  ReviewDecision,
  ReviewItem,
  ReviewRevocation,
  UnmanagedAccount,
} from '../../model/access'
export * from './run-contract'

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

/** Ticks off (or un-ticks) a leaver's open checklist item, closed by hand in the app. */
export const TickLeaverInput = z.strictObject({
  sourceId: EntityId,
  /** The item's app (base URL or target type) and, to tell accounts apart, its job and account. */
  app: z.string().trim().min(1).max(2048),
  jobId: EntityId.nullable(),
  targetId: EntityId.nullable(),
  ticked: z.boolean(),
  note: z.string().trim().max(2000).nullable(),
})
export type TickLeaverInput = z.infer<typeof TickLeaverInput>

/** Takes back a closed review's "remove" of a managed account (the job keeps the person again). */
export const WithdrawRevocationInput = z.strictObject({
  reviewId: EntityId,
  jobId: EntityId,
  sourceId: EntityId,
  note: z.string().trim().max(2000).nullable(),
})
export type WithdrawRevocationInput = z.infer<typeof WithdrawRevocationInput>
/** A JSON object as a job file holds it (comments are the file's business, not the document's). */
export const JsonObject = z.record(z.string(), z.json())
export type JsonObject = z.infer<typeof JsonObject>

/** The SHA-256 (hex) of a job file's bytes as read: what an edit was made on. */
const Version = z.string().regex(/^[0-9a-f]{64}$/, 'must be the version the job file was read at')
const FilePath = z.string().trim().min(1).max(4096)
const JobName = z.string().trim().min(1).max(200)
/** An `env:` reference typed in the app (keychain references are made by the API itself). */
const EnvRef = z.string().regex(/^env:[A-Za-z_][A-Za-z0-9_]{0,127}$/, 'must be env:VARIABLE')
/** Client-chosen id that ties a call's progress events to it (e.g. a UUID). */
const CallId = z.string().regex(/^[A-Za-z0-9-]{8,64}$/, 'must be 8 to 64 letters, digits or dashes')

export const SaveJobFileInput = z.strictObject({
  jobId: EntityId,
  baseVersion: Version,
  document: JsonObject,
  /** Save although the file changed on disk since `baseVersion` (the admin chose their version). */
  overwrite: z.boolean().optional(),
})
export type SaveJobFileInput = z.infer<typeof SaveJobFileInput>

export const PathInput = z.strictObject({ path: FilePath })
export type PathInput = z.infer<typeof PathInput>

export const DuplicateJobInput = z.strictObject({ jobId: EntityId, name: JobName })
export type DuplicateJobInput = z.infer<typeof DuplicateJobInput>

export const ExportJobFileInput = z.strictObject({
  jobId: EntityId,
  path: FilePath,
  overwrite: z.boolean().optional(),
})
export type ExportJobFileInput = z.infer<typeof ExportJobFileInput>

export const DeleteJobInput = z.strictObject({
  jobId: EntityId,
  /** Also delete its links, runs and provisioning log (otherwise they stay for a re-opened file). */
  removeHistory: z.boolean(),
  /** Also delete the job file (only ever offered for files in the state folder's jobs/). */
  deleteFile: z.boolean(),
})
export type DeleteJobInput = z.infer<typeof DeleteJobInput>

export const NEW_JOB_AUTH_TYPES = ['bearer', 'basic', 'none'] as const

/** What the new-job form asks; the API makes a whole job file of it (mappings from the columns). */
export const NewJobInput = z.strictObject({
  name: JobName,
  source: z.strictObject({
    /** Absolute, or relative to the state folder's jobs/ (where the job file goes). */
    path: FilePath,
    idColumn: z.string().trim().min(1, "choose the column with each person's id").max(200),
    authoritative: z.boolean(),
  }),
  target: z.strictObject({
    baseUrl: z
      .string()
      .trim()
      .regex(/^https?:\/\/[^\s/]+(\/[^\s]*)?$/, 'must be an http(s) URL'),
    template: z.string().trim().max(64).optional(),
    authType: z.enum(NEW_JOB_AUTH_TYPES),
    username: z.string().trim().max(256).optional(),
    /** `env:VAR` to read the credential from the environment; absent = the OS keychain. */
    secretRef: EnvRef.optional(),
  }),
})
export type NewJobInput = z.infer<typeof NewJobInput>

export const CREDENTIAL_SLOTS = ['target', 'source', 'alertWebhook'] as const
export type CredentialSlot = (typeof CREDENTIAL_SLOTS)[number]

export const StoreSecretInput = z.strictObject({
  jobId: EntityId,
  slot: z.enum(CREDENTIAL_SLOTS),
  /** Written to the OS keychain and never returned, logged or stored anywhere else. */
  value: z.string().min(1).max(16_384),
})
export type StoreSecretInput = z.infer<typeof StoreSecretInput>

export const SecretSlotInput = z.strictObject({ jobId: EntityId, slot: z.enum(CREDENTIAL_SLOTS) })
export type SecretSlotInput = z.infer<typeof SecretSlotInput>

/**
 * A job's source settings as the editor holds them, unsaved edits included (checked by the job
 * file's own schema in main). Absent: the job file's.
 */
const SourceSettings = JsonObject.optional()

export const PreviewSourceInput = z.strictObject({
  jobId: EntityId.optional(),
  source: JsonObject,
})
export type PreviewSourceInput = z.infer<typeof PreviewSourceInput>

export const OBJECT_TYPES = ['user', 'group'] as const

/** Most people an expression or a scoping filter is shown for at once. */
export const MAX_SAMPLE_PEOPLE = 20

export const AnalyzeExpressionInput = z.strictObject({
  jobId: EntityId,
  source: SourceSettings,
  objectType: z.enum(OBJECT_TYPES),
  expression: z.string().max(10_000),
  /** One person by source id, or (absent) the first `count` people of the source. */
  sourceId: z.string().min(1).max(1024).optional(),
  count: z.number().int().min(1).max(MAX_SAMPLE_PEOPLE),
})
export type AnalyzeExpressionInput = z.infer<typeof AnalyzeExpressionInput>

export const ListSourcePeopleInput = z.strictObject({
  jobId: EntityId,
  source: SourceSettings,
  objectType: z.enum(OBJECT_TYPES),
  /** Id or name, case-insensitive, anywhere in it. */
  search: z.string().max(200).optional(),
  limit: z.number().int().min(1).max(200),
})
export type ListSourcePeopleInput = z.infer<typeof ListSourcePeopleInput>

export const PreviewScopingInput = z.strictObject({
  jobId: EntityId,
  source: SourceSettings,
  /** The filters as the editor holds them (checked by the job file's schema in main). */
  filters: z.array(z.json()).max(100),
})
export type PreviewScopingInput = z.infer<typeof PreviewScopingInput>

export const TestConnectionInput = z.strictObject({
  jobId: EntityId,
  /** Ties the `connectionCheck` events to this call. */
  callId: CallId,
  /** Also create, change and delete throwaway objects in the app (after the admin confirmed). */
  write: z.boolean(),
  /** The whole job as the editor holds it (unsaved edits); absent: the job file. */
  document: JsonObject.optional(),
})
export type TestConnectionInput = z.infer<typeof TestConnectionInput>

export const CHOOSE_FILE_PURPOSES = ['source-csv', 'job-file', 'export-job', 'handoff-folder'] as const

export const ChooseFileInput = z.strictObject({
  purpose: z.enum(CHOOSE_FILE_PURPOSES),
  /** Folder or file the dialog starts at. */
  defaultPath: FilePath.optional(),
})
export type ChooseFileInput = z.infer<typeof ChooseFileInput>

export const THEME_PREFERENCES = ['system', 'light', 'dark'] as const

export const UiSettingsPatch = z.strictObject({
  theme: z.enum(THEME_PREFERENCES).optional(),
  /** Show an expression's value for the first people of the source instead of one person. */
  expressionSampleMany: z.boolean().optional(),
})
export type UiSettingsPatch = z.infer<typeof UiSettingsPatch>

//#endregion

//#region Results

export interface ReviewDetail {
  readonly review: Review
  readonly items: ReadonlyArray<ReviewItem>
  /** Unmanaged accounts marked "remove": to close by hand. */
  readonly checklist: ReadonlyArray<ReviewItem>
  /** Managed accounts a closed review removed, standing or withdrawn (empty while open). */
  readonly removals: ReadonlyArray<ReviewRevocation>
}

export interface ReviewClosed extends ReviewDetail {
  /** Managed accounts marked "remove": the jobs' next plans disable them. */
  readonly revocations: number
}

/** A review's printable report saved as PDF by the desktop app (false when the admin cancels). */
export type ReviewPdfResult = { readonly saved: false } | { readonly saved: true; readonly path: string }

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
  /** Set while an admin has paused the job (`provisioner pause`). */
  readonly paused: JobPauseView | null
}

export interface Overview {
  /** The state folder shared with the CLI (`--home`, PROVISIONER_HOME or the app's folder). */
  readonly stateFolder: string
  /** Where jobs made in the app are written (`jobs/` in the state folder). */
  readonly jobsFolder: string
  /** The app can show native file dialogs (desktop app); in a browser, paths are typed. */
  readonly nativeDialogs: boolean
  /** The built-in sandbox app is running in the API's process (first run). */
  readonly sandbox: { readonly baseUrl: string; readonly jobId: string } | null
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
  /**
   * A CSV hand-off job's file as apply would write it (`plan --json`'s `handoff`), for the job's
   * latest dry run of this app session; null for other targets and older dry runs.
   */
  readonly handoff: HandoffFilePreview | null
}

/** The rows of a hand-off file (the first HANDOFF_PREVIEW_ROWS of `rowCount`), cells as written. */
export interface HandoffFilePreview {
  readonly header: ReadonlyArray<string>
  readonly rows: ReadonlyArray<ReadonlyArray<string>>
  readonly rowCount: number
}

/** A problem in a job file at its place (the CLI prints it as `file:line:column: field: message`). */
export interface LocatedIssue {
  /** JSON path, e.g. `users.mappings[2].expression`; empty for the file as a whole. */
  readonly field: string
  readonly line: number
  readonly column: number
  readonly message: string
  /** As the CLI prints it. */
  readonly text: string
}

/** Where a job's credential comes from; the secret itself never leaves main. */
export interface CredentialStatus {
  /** The job file's reference (`keychain:NAME`, `env:VAR`), null when the job has none. */
  readonly ref: string | null
  readonly kind: 'keychain' | 'env' | 'none'
  /** The keychain entry or variable name. */
  readonly name: string | null
  /** Whether the keychain holds the entry or the variable is set (null: cannot tell, e.g. no keychain). */
  readonly available: boolean | null
}

/** A job file as the editor opens it. */
export interface JobFileView {
  readonly jobId: string
  readonly name: string
  /** Absolute path of the job file. */
  readonly path: string
  /** The file is in the state folder's jobs/ (made by the app), so deleting the job may delete it. */
  readonly inStateFolder: boolean
  readonly version: string
  /** The JSON the file holds; null when it is not valid JSON (see `issues`). */
  readonly document: JsonObject | null
  /** What stops the job from running as written, as the CLI would report it. */
  readonly issues: ReadonlyArray<LocatedIssue>
  readonly credentials: { readonly [S in CredentialSlot]: CredentialStatus }
}

export type SourceField = string | ReadonlyArray<string>

export interface SourcePreview {
  /** The file as resolved (relative paths against the job file's folder). */
  readonly path: string
  readonly encoding: { readonly configured: string; readonly detected: string | null }
  readonly delimiter: { readonly configured: string | null; readonly detected: string | null }
  readonly columns: ReadonlyArray<string>
  /** The first rows, raw (before the id and multi-valued settings). */
  readonly rows: ReadonlyArray<ReadonlyArray<string>>
  /** People in the file when it reads cleanly with the id column; null otherwise. */
  readonly rowCount: number | null
  /** The CLI's located errors for the file as configured (empty when it reads cleanly). */
  readonly issues: ReadonlyArray<string>
}

/** One person (or group) of the source as pickers show it. */
export interface SourcePerson {
  readonly id: string
  readonly display: string
}

export const EXPRESSION_TOKEN_KINDS = [
  'function',
  'constant',
  'attribute',
  'string',
  'number',
  'operator',
  'punctuation',
  'invalid',
] as const
export type ExpressionTokenKind = (typeof EXPRESSION_TOKEN_KINDS)[number]

export interface ExpressionToken {
  readonly from: number
  readonly to: number
  readonly kind: ExpressionTokenKind
}

export interface ExpressionProblem {
  /** As `provisioner eval` prints it (message and suggestion, without the caret excerpt). */
  readonly message: string
  readonly suggestion: string | null
  /** 0-based offsets of the problem in the expression. */
  readonly from: number
  readonly to: number
  readonly line: number
  readonly column: number
}

export interface ExpressionValue {
  readonly sourceId: string
  readonly display: string
  /** The value sent (JSON), null when none; "[Redact]" when the expression redacts it. */
  readonly value: unknown
  /** IgnoreFlowIfNullOrEmpty dropped the attribute: nothing is sent. */
  readonly ignored: boolean
  /** The evaluation failed for this person, as `provisioner eval` says it. */
  readonly error: string | null
}

export interface ExpressionAnalysis {
  readonly tokens: ReadonlyArray<ExpressionToken>
  readonly problem: ExpressionProblem | null
  /** `[attribute]`s the source has no column for, with the CLI's message. */
  readonly unknownAttributes: ReadonlyArray<{ readonly name: string; readonly message: string }>
  readonly values: ReadonlyArray<ExpressionValue>
  /** The source could not be read (values are then empty). */
  readonly sourceProblem: ApiErrorShape | null
}

export interface ScopingPreview {
  readonly total: number
  readonly inScope: { readonly count: number; readonly sample: ReadonlyArray<SourcePerson> }
  readonly outOfScope: { readonly count: number; readonly sample: ReadonlyArray<SourcePerson> }
  /** People whose scope could not be decided (a regex ran out of time); counted in scope. */
  readonly undecided: number
  /** The filters cannot be used as written: located at `users.scoping[f].clauses[c]`. */
  readonly problem: { readonly field: string; readonly message: string } | null
}

export type ConnectionCheckStatus = 'ok' | 'warning' | 'failure' | 'skipped'

/** A job setting the check suggests, which the editor can apply to the job file. */
export interface SuggestedSetting {
  /** JSON path in the job file, e.g. ['target', 'patchOps']. */
  readonly path: ReadonlyArray<string>
  readonly value: unknown
  /** As the CLI prints it, e.g. `target.patchOps: "entra"`. */
  readonly text: string
}

export interface ConnectionCheck {
  readonly name: string
  readonly status: ConnectionCheckStatus
  /** What was seen, including the server's own error text. */
  readonly detail: string
  readonly suggestion: SuggestedSetting | null
}

export interface ConnectionReport {
  readonly baseUrl: string
  readonly checks: ReadonlyArray<ConnectionCheck>
  /** Every check passed or only warned. */
  readonly usable: boolean
}

export interface ConnectionCheckEvent {
  readonly callId: string
  readonly jobId: string
  readonly check: ConnectionCheck
}

export interface JobFileChanged {
  readonly jobId: string
  /** The file's new version, null when it is gone or unreadable. */
  readonly version: string | null
}

export interface FunctionDoc {
  readonly name: string
  /** e.g. `Join(separator, source1, source2, …)` */
  readonly signature: string
  readonly doc: string
}

export interface AttributeDoc {
  /** The mapping target path, e.g. `emails[type eq "work"].value`. */
  readonly path: string
  readonly schema: 'core' | 'enterprise' | 'extension'
  readonly description: string
}

export interface ScopingOperatorDoc {
  readonly operator: string
  readonly meaning: string
  /** The operator compares with a value (false for IS NULL, IS TRUE …). */
  readonly takesValue: boolean
}

export interface AppTemplateDoc {
  readonly name: string
  readonly description: string
  /** The target settings it fills in. */
  readonly target: Readonly<Record<string, unknown>>
}

/** What the editor offers in its pickers and completions; the same for every job. */
export interface EditorCatalog {
  readonly functions: ReadonlyArray<FunctionDoc>
  readonly constants: ReadonlyArray<{ readonly name: string; readonly doc: string }>
  readonly userAttributes: ReadonlyArray<AttributeDoc>
  readonly groupAttributes: ReadonlyArray<AttributeDoc>
  readonly scopingOperators: ReadonlyArray<ScopingOperatorDoc>
  readonly templates: ReadonlyArray<AppTemplateDoc>
}

export type ThemePreference = (typeof THEME_PREFERENCES)[number]

/** Preferences the app keeps (electron-store in the desktop app, memory in the browser). */
export interface UiSettings {
  readonly theme: ThemePreference
  readonly expressionSampleMany: boolean
}

export interface ChosenFile {
  /** null when the admin cancelled. */
  readonly path: string | null
}

/** A credential stored in the keychain: the reference that names it, and the job file after. */
export interface StoredCredential {
  /** `keychain:NAME`; the job file holds it when its settings could (the editor's form sets it too). */
  readonly ref: string
  readonly file: JobFileView
}

export interface DeletedJob {
  readonly deletedFile: string | null
  readonly removedHistory: boolean
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

/**
 * A run's progress as its process records it: at most about four a second, plus one at each
 * phase change and one at the end (`RunInfo.progress` holds the latest).
 */
export interface RunProgressEvent extends RunProgress {
  readonly runId: string
  readonly jobId: string
}

/** What `cancelRun` did: false when the run was no longer running (finished, or unknown). */
export interface CancelRunResult {
  readonly cancelled: boolean
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
export type JobHealth = 'running' | 'paused' | 'quarantined' | 'blocked' | 'failed' | 'healthy' | 'not-run'

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
  /** Asks where to save, renders the printable report to PDF and writes it (desktop app only). */
  saveReviewPdf(input: ReviewRef): Promise<ReviewPdfResult>
  /** Stores a tick on a leaver's open item (who and when); returns the person's checklist. */
  tickLeaverItem(input: TickLeaverInput): Promise<LeaverChecklist>
  /** Withdraws a standing revocation of a closed review, recorded with who, when and why. */
  withdrawRevocation(input: WithdrawRevocationInput): Promise<ReviewDetail>

  // Job files
  getJobFile(input: JobRef): Promise<JobFileView>
  /** Writes the changed values into the file (comments and layout kept), after the CLI's checks. */
  saveJobFile(input: SaveJobFileInput): Promise<JobFileView>
  /** A new job file in the state folder's jobs/, with starter mappings from the source's columns. */
  createJob(input: NewJobInput): Promise<JobFileView>
  /** Adds an existing job file (it stays where it is). */
  openJobFile(input: PathInput): Promise<JobFileView>
  duplicateJob(input: DuplicateJobInput): Promise<JobFileView>
  exportJobFile(input: ExportJobFileInput): Promise<PathInput>
  deleteJob(input: DeleteJobInput): Promise<DeletedJob>
  /** A native file dialog (desktop app only). */
  chooseFile(input: ChooseFileInput): Promise<ChosenFile>

  // Credentials: write-only, straight to the OS keychain
  storeSecret(input: StoreSecretInput): Promise<StoredCredential>
  removeSecret(input: SecretSlotInput): Promise<JobFileView>

  // The editor's live checks
  previewSource(input: PreviewSourceInput): Promise<SourcePreview>
  listSourcePeople(input: ListSourcePeopleInput): Promise<ReadonlyArray<SourcePerson>>
  analyzeExpression(input: AnalyzeExpressionInput): Promise<ExpressionAnalysis>
  previewScoping(input: PreviewScopingInput): Promise<ScopingPreview>
  /** The probe; each check is also sent as a `connectionCheck` event as it completes. */
  testConnection(input: TestConnectionInput): Promise<ConnectionReport>
  getEditorCatalog(): Promise<EditorCatalog>

  /** First run: the built-in sandbox SCIM app, a sample HR file and a job for them. */
  startSandbox(): Promise<JobFileView>

  getUiSettings(): Promise<UiSettings>
  updateUiSettings(input: UiSettingsPatch): Promise<UiSettings>

  // Running a job from the app (run-contract.ts).
  /** The source people against the target's accounts, one tab's page (read only). */
  getMatchingWorkbench(input: WorkbenchQueryInput): Promise<WorkbenchPage>
  exportMatchingTab(input: WorkbenchExportInput): Promise<WorkbenchExport>
  /** Link this person to an account, give them a new one, or skip them (stored; nothing is sent). */
  decideMatch(input: MatchDecisionInput): Promise<DecisionResult>
  /** Withdraws the admin's decision for a person. */
  undoMatchDecision(input: SourcePersonRef): Promise<DecisionResult>
  /** Applies exactly the dry run the admin reviewed (the saved-plan rules). */
  applyPlan(input: ApplyPlanInput): Promise<RunResult>
  /** Disables/deletes waiting for approval, or null. */
  getStagedDeletions(input: JobRef): Promise<StagedDeletions | null>
  approveStagedDeletions(input: ApplyPlanInput): Promise<RunResult>
  rejectStagedDeletions(input: ApplyPlanInput): Promise<RejectedDeletions>
  /** A full run that first clears quarantine and escrow (`apply --restart`). */
  restartJob(input: JobRef): Promise<RunResult>
  /** Pauses the job (`provisioner pause`): scheduled runs skip it, apply is refused until resumed. */
  pauseJob(input: PauseJobInput): Promise<JobPauseView>
  /** Lifts the pause (`provisioner resume`); false if the job was not paused. */
  resumeJob(input: JobRef): Promise<boolean>
  /** What clearing the job's state would forget, counted (nothing changes). */
  previewClearState(input: JobRef): Promise<ClearStateSummary>
  /** Forgets the job's links, decisions and watermarks (`provisioner clear-state --yes`). */
  clearJobState(input: JobRef): Promise<ClearStateSummary>
  searchSourcePeople(input: SearchSourceInput): Promise<ReadonlyArray<SourcePersonMatch>>
  provisionOnDemand(input: SourcePersonRef): Promise<OnDemandResult>
  /** The source's groups whose name or id holds the query, with their member counts. */
  searchSourceGroups(input: SearchSourceInput): Promise<ReadonlyArray<SourceGroupMatch>>
  /** A group of at most 5 members and its members, now (`provisioner apply --only-group`). */
  provisionGroupOnDemand(input: SourceGroupRef): Promise<GroupOnDemandResult>
  /** The inverse of a run, as a dry run. */
  previewUndo(input: RunRef): Promise<UndoPreview>
  /** Applies the inverse of a run as a new run. */
  applyUndo(input: RunRef): Promise<RunResult>
  /**
   * Stops a running run, whichever process runs it (the app, a schedule, the CLI): no new write
   * starts, the writes in flight finish and are journalled, and the run is recorded `cancelled`.
   */
  cancelRun(input: RunRef): Promise<CancelRunResult>
}

/** Events pushed from main to every connected client, named for what happened. */
export interface AdminEvents {
  runFinished: RunFinished
  //#region Live runs (issue 11): runs started anywhere (the app, the CLI, a schedule)
  runStarted: RunStarted
  runProgress: RunProgressEvent
  //#endregion
  /** A job file open in the app changed on disk (another editor, git, the CLI's user). */
  jobFileChanged: JobFileChanged
  /** One check of a running `testConnection`, as it completes. */
  connectionCheck: ConnectionCheckEvent
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
  saveReviewPdf: ReviewRef,
  tickLeaverItem: TickLeaverInput,
  withdrawRevocation: WithdrawRevocationInput,
  getJobFile: JobRef,
  saveJobFile: SaveJobFileInput,
  createJob: NewJobInput,
  openJobFile: PathInput,
  duplicateJob: DuplicateJobInput,
  exportJobFile: ExportJobFileInput,
  deleteJob: DeleteJobInput,
  chooseFile: ChooseFileInput,
  storeSecret: StoreSecretInput,
  removeSecret: SecretSlotInput,
  previewSource: PreviewSourceInput,
  listSourcePeople: ListSourcePeopleInput,
  analyzeExpression: AnalyzeExpressionInput,
  previewScoping: PreviewScopingInput,
  testConnection: TestConnectionInput,
  getEditorCatalog: z.undefined(),
  startSandbox: z.undefined(),
  getUiSettings: z.undefined(),
  updateUiSettings: UiSettingsPatch,
  getMatchingWorkbench: WorkbenchQueryInput,
  exportMatchingTab: WorkbenchExportInput,
  decideMatch: MatchDecisionInput,
  undoMatchDecision: SourcePersonRef,
  applyPlan: ApplyPlanInput,
  getStagedDeletions: JobRef,
  approveStagedDeletions: ApplyPlanInput,
  rejectStagedDeletions: ApplyPlanInput,
  restartJob: JobRef,
  pauseJob: PauseJobInput,
  resumeJob: JobRef,
  previewClearState: JobRef,
  clearJobState: JobRef,
  searchSourcePeople: SearchSourceInput,
  provisionOnDemand: SourcePersonRef,
  searchSourceGroups: SearchSourceInput,
  provisionGroupOnDemand: SourceGroupRef,
  previewUndo: RunRef,
  applyUndo: RunRef,
  cancelRun: RunRef,
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
  'jobFileChanged',
  'connectionCheck',
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
  /** The same issues with their place in the job file, so a form can show each at its field. */
  readonly located?: ReadonlyArray<LocatedIssue>
}

/** Errors do not survive Electron IPC intact (only `message`), so every call resolves to an envelope. */
export type ApiResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ApiErrorShape }

/** What a renderer needs from any transport. The preload and the HTTP client both implement it. */
export interface ApiTransport {
  invoke(method: ApiMethod, input: unknown): Promise<ApiResult<unknown>>
  subscribe<E extends ApiEvent>(event: E, listener: (payload: AdminEvents[E]) => void): () => void
}
