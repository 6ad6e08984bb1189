import { type LoadedJob, loadJobFile } from '../config/load-job'
import { handoffPreviewOf } from '../cli/present-handoff'
import type { SecretStore } from '../secrets/secret-store'
import type { WritableDB } from '../store/database'
import { getListedJob, type JobRecord, listJobs } from '../store/jobs-store'
import { getRun, listRuns } from '../store/runs-store'
import type {
  HandoffFilePreview,
  AccessMap,
  AccessQuery,
  ExportReviewInput,
  LeaverChecklist,
  MarkReviewInput,
  RefreshAccessInput,
  Review,
  ReviewClosed,
  ReviewDetail,
  ReviewExport,
  ReviewPdfResult,
  ReviewRef,
  StartReviewInput,
  TickLeaverInput,
  WithdrawRevocationInput,
  AdminApi,
  Dashboard,
  JobInfo,
  JobRef,
  ListRunsInput,
  LogCount,
  LogExportInput,
  LogExportResult,
  LogFilterInput,
  AnalyzeExpressionInput,
  ChooseFileInput,
  ChosenFile,
  ConnectionReport,
  DeletedJob,
  DeleteJobInput,
  DuplicateJobInput,
  EditorCatalog,
  ExportJobFileInput,
  ExpressionAnalysis,
  JobFileView,
  ListSourcePeopleInput,
  LogPage,
  LogQueryInput,
  NewJobInput,
  Overview,
  PlanOperationFilter,
  PlanOperationPage,
  PlanOperationsInput,
  PathInput,
  PlanPreview,
  PreviewScopingInput,
  PreviewSourceInput,
  RecentRun,
  RunInfo,
  RunRef,
  ScheduleOverview,
  SaveJobFileInput,
  ScopingPreview,
  SecretSlotInput,
  SourcePerson,
  SourcePreview,
  StoredCredential,
  StoreSecretInput,
  TestConnectionInput,
  UiSettings,
  UiSettingsPatch,
} from './api/contract'
import { ApiError } from './api/dispatch'
import type { EventHub } from './api/event-hub'
import { toApiError } from './engine-errors'
import { type RunOutcome, runJob } from './engine-gateway'
import { toJobInfo } from './job-view'
import { getJobState } from '../store/job-state-store'
import { ScheduleReader } from '../schedule/schedule-reader'
import { type JobSchedule, scheduleOf } from '../schedule/scheduler'
import { buildDashboard } from './dashboard'
import {
  countLogEntries,
  logExportStream,
  type LogExportStream,
  queryLogPage,
  writeLogExport,
} from './log-api'
import { countPlanOperations, handoffFilePreview, planPreviewOf, queryPlanPage } from './plan-preview'
import { recordFailedPreview } from './failed-preview'
import { AccessApi } from './access-api'
import { EditorChecks } from './editor/editor-checks'
import { JobCredentials } from './jobs/job-credential-service'
import { JobFileWatcher } from './jobs/job-file-watcher'
import { JobFiles } from './jobs/job-files'
import { JobLifecycle } from './jobs/job-lifecycle'
import { SandboxJob } from './jobs/sandbox-job'
import { MemoryUiSettings, type UiSettingsStore } from './ui-settings'

/** A native file dialog; the desktop app passes Electron's, the browser bridge none. */
export type FileChooser = (input: ChooseFileInput) => Promise<string | null>
import { MatchingService } from './run/matching-service'
import { JobControlService } from './run/job-control-service'
import { getJobPause } from '../store/job-pause-store'
import { RunService } from './run/run-service'
import { AppRuns } from './run/app-runs'
import type { RunApi } from './run/run-api'

export interface AdminApiDependencies {
  /** The shared state database (the CLI writes to the same file). */
  readonly db: WritableDB
  /** Shown to the admin so they know which folder the CLI must point at. */
  readonly stateFolder: string
  /** Resolves `keychain:` references; secrets never leave main. */
  readonly secrets: SecretStore
  readonly hub: EventHub
  /** Resolves `env:` references (default: this process's environment). */
  readonly env?: NodeJS.ProcessEnv
  /** The desktop app's scheduler; without one, schedules say when the app would run each job. */
  readonly scheduler?: {
    schedules(): ReadonlyArray<JobSchedule> | Promise<ReadonlyArray<JobSchedule>>
  }
  /**
   * Asks the admin where to save an export (the desktop app's save dialog); null when they
   * cancel. Without it (the browser UI) exports are downloads from the HTTP bridge.
   */
  readonly chooseExportFile?: (suggestedName: string) => Promise<string | null>
  /** Prints an HTML report to PDF (the desktop app's browser engine); without it, no PDF export. */
  readonly renderPdf?: (html: string) => Promise<Buffer>
  /** Who ticks a leaver's item or withdraws a removal, as recorded (default: the OS user). */
  readonly actor?: () => string
  /** The app's own preferences (default: kept in memory). */
  readonly uiSettings?: UiSettingsStore
  readonly chooseFile?: FileChooser
}

/** How many runs the overview lists. */
const RECENT_RUNS = 10

/** What `planJob` answers (code `cancelled`) when the admin cancelled the dry run: it writes nothing. */
export const DRY_RUN_CANCELLED = 'Dry run cancelled: nothing was changed'

/**
 * `AdminApi` over the real store and engine; the same object serves Electron IPC and the HTTP bridge.
 *
 * Inputs arrive validated by `dispatch`. Errors meant for the admin are `ApiError`s; anything
 * else is reported as `internal` without its message.
 */
export class ProvisionerAdminApi implements AdminApi {
  /** Jobs with a preview in flight: a second one would see the first as an interrupted run. */
  private readonly planning = new Set<string>()
  /** Per job, the file its latest dry run of this session would hand off (CSV hand-off jobs only). */
  private readonly handoffFiles = new Map<
    string,
    { readonly runId: string; readonly file: HandoffFilePreview }
  >()
  private scheduleReader: ScheduleReader | null = null

  private readonly access: AccessApi

  private readonly watcher: JobFileWatcher
  private readonly files: JobFiles
  private readonly lifecycle: JobLifecycle
  private readonly credentials: JobCredentials
  private readonly checks: EditorChecks
  private readonly sandbox: SandboxJob
  private readonly uiSettings: UiSettingsStore
  private readonly matching: MatchingService
  private readonly runs: RunService
  private readonly control: JobControlService
  private readonly appRuns: AppRuns

  public constructor(private readonly deps: AdminApiDependencies) {
    this.access = new AccessApi(deps)
    this.watcher = new JobFileWatcher((jobId, version) => deps.hub.emit('jobFileChanged', { jobId, version }))
    const env = () => this.env()
    this.files = new JobFiles({ ...deps, env, watcher: this.watcher })
    this.lifecycle = new JobLifecycle({
      db: deps.db,
      files: this.files,
      secrets: deps.secrets,
      busy: jobId => this.planning.has(jobId),
    })
    this.credentials = new JobCredentials(this.files, deps.secrets)
    this.checks = new EditorChecks({ files: this.files, secrets: deps.secrets, hub: deps.hub, env })
    this.sandbox = new SandboxJob(deps.db, this.files)
    this.uiSettings = deps.uiSettings ?? new MemoryUiSettings()
    this.matching = new MatchingService({ db: deps.db, secrets: deps.secrets, env })
    this.appRuns = new AppRuns(deps.db, deps.hub)
    this.runs = new RunService({
      db: deps.db,
      secrets: deps.secrets,
      hub: deps.hub,
      env,
      appRuns: this.appRuns,
    })
    this.control = new JobControlService({ db: deps.db, actor: deps.actor })
    // Any finished run may have made or changed links: the workbench tabs are rebuilt.
    deps.hub.on('runFinished', event => this.matching.linksChanged(event.jobId))
  }

  /** Stops what the API started (file watches, the sandbox app). */
  public async close(): Promise<void> {
    this.watcher.close()
    await this.sandbox.close()
  }

  /** `env:` references resolve in this process's environment, plus the sandbox app's token. */
  private env(): NodeJS.ProcessEnv {
    return { ...(this.deps.env ?? process.env), ...this.sandbox.env }
  }
  // Running a job from the app: see run/run-service.ts and run/matching-service.ts.
  public readonly getMatchingWorkbench: RunApi['getMatchingWorkbench'] = input => this.matching.page(input)
  public readonly exportMatchingTab: RunApi['exportMatchingTab'] = input => this.matching.exportTab(input)
  public readonly decideMatch: RunApi['decideMatch'] = input => this.matching.decide(input)
  public readonly undoMatchDecision: RunApi['undoMatchDecision'] = input => this.matching.undo(input)
  public readonly applyPlan: RunApi['applyPlan'] = input => this.runs.applyPlan(input)
  public readonly getStagedDeletions: RunApi['getStagedDeletions'] = input => this.runs.stagedDeletions(input)
  public readonly approveStagedDeletions: RunApi['approveStagedDeletions'] = input => this.runs.approve(input)
  public readonly rejectStagedDeletions: RunApi['rejectStagedDeletions'] = input => this.runs.reject(input)
  public readonly restartJob: RunApi['restartJob'] = input => this.runs.restart(input)
  public readonly pauseJob: RunApi['pauseJob'] = async input => this.control.pause(input)
  public readonly resumeJob: RunApi['resumeJob'] = async input => this.control.resume(input)
  public readonly previewClearState: RunApi['previewClearState'] = async input =>
    this.control.previewClear(input)
  public readonly clearJobState: RunApi['clearJobState'] = input => this.control.clear(input)
  public readonly searchSourcePeople: RunApi['searchSourcePeople'] = input => this.runs.searchPeople(input)
  public readonly provisionOnDemand: RunApi['provisionOnDemand'] = input => this.runs.provisionOnDemand(input)
  public readonly searchSourceGroups: RunApi['searchSourceGroups'] = input => this.runs.searchGroups(input)
  public readonly provisionGroupOnDemand: RunApi['provisionGroupOnDemand'] = input =>
    this.runs.provisionGroupOnDemand(input)
  public readonly previewUndo: RunApi['previewUndo'] = input => this.runs.previewUndo(input)
  public readonly applyUndo: RunApi['applyUndo'] = input => this.runs.applyUndo(input)
  public readonly cancelRun: RunApi['cancelRun'] = async input => ({
    cancelled: this.appRuns.cancel(input.runId),
  })

  public async getOverview(): Promise<Overview> {
    const jobs = listJobs(this.deps.db)
    const recentRuns: RecentRun[] = jobs
      .flatMap(job => listRuns(this.deps.db, job.id, RECENT_RUNS).map(run => ({ ...run, jobName: job.name })))
      .sort((a, b) => b.startedAt.localeCompare(a.startedAt))
      .slice(0, RECENT_RUNS)
    return {
      stateFolder: this.deps.stateFolder,
      jobsFolder: this.files.jobsFolder,
      nativeDialogs: this.deps.chooseFile !== undefined,
      sandbox: this.sandbox.info,
      jobCount: jobs.length,
      recentRuns,
    }
  }

  public async listJobs(): Promise<ReadonlyArray<JobInfo>> {
    return listJobs(this.deps.db).map(job =>
      toJobInfo(
        job,
        listRuns(this.deps.db, job.id, 1)[0] ?? null,
        getJobState(this.deps.db, job.id),
        getJobPause(this.deps.db, job.id)
      )
    )
  }

  public async listRuns(input: ListRunsInput): Promise<ReadonlyArray<RunInfo>> {
    this.requireJob(input.jobId)
    return listRuns(this.deps.db, input.jobId, input.limit)
  }

  public async getRun(input: RunRef): Promise<RunInfo> {
    const run = getRun(this.deps.db, input.runId)
    if (run === null) {
      throw new ApiError('not-found', `No run with id "${input.runId}"`)
    }
    return run
  }

  public async queryLogs(input: LogQueryInput): Promise<LogPage> {
    return queryLogPage(this.deps.db, input)
  }

  public async planJob(input: JobRef): Promise<PlanPreview> {
    const record = this.requireJob(input.jobId)
    if (record.configPath === null) {
      throw new ApiError(
        'invalid-job',
        `Job "${record.name}" has no job file on record; run it once with \`provisioner plan --job FILE\``
      )
    }
    if (this.planning.has(record.id)) {
      throw new ApiError('busy', `A preview of "${record.name}" is already running`)
    }
    this.planning.add(record.id)
    this.runs.forgetPlan(record.id)
    const startedAt = Date.now()
    try {
      const job = loadJobFile(record.configPath)
      if (job.id !== record.id) {
        throw new ApiError(
          'invalid-job',
          `The job file ${record.configPath} now defines job "${job.id}", not "${record.id}"`
        )
      }
      const outcome = await this.appRuns.track(job.id, 'dry-run', hooks =>
        runJob({
          ...hooks,
          job,
          db: this.deps.db,
          secrets: this.deps.secrets,
          mode: 'dry-run',
          env: this.env(),
        })
      )
      this.deps.hub.emit('runFinished', {
        runId: outcome.runId ?? '',
        jobId: job.id,
        mode: outcome.mode,
        status: outcome.status,
        summary: outcome.summary,
      })
      // A cancelled dry run planned nothing: there is nothing to review, apply or hand off.
      if (outcome.status === 'cancelled') throw new ApiError('cancelled', DRY_RUN_CANCELLED)
      this.runs.rememberPlan(job, outcome)
      this.rememberHandoffFile(job, outcome)
      return this.planPreview(outcome.runId ?? '')
    } catch (error) {
      // Recorded and announced as cancelled already: not a failed preview.
      if (error instanceof ApiError && error.code === 'cancelled') throw error
      const failed = recordFailedPreview(this.deps.db, record, startedAt, error)
      if (failed !== null) this.deps.hub.emit('runFinished', failed)
      throw toApiError(error)
    } finally {
      this.planning.delete(record.id)
    }
  }

  public async listSchedules(): Promise<ScheduleOverview> {
    const scheduler = this.deps.scheduler
    const now = Date.now()
    let schedules: ReadonlyArray<JobSchedule>
    if (scheduler === undefined) {
      this.scheduleReader ??= new ScheduleReader(this.deps.db)
      schedules = this.scheduleReader.entries().map(entry => scheduleOf(entry, now))
    } else {
      // Asked of the desktop app's main process when the API runs in its own process.
      schedules = await scheduler.schedules()
    }
    return {
      active: scheduler !== undefined,
      jobs: schedules.map(schedule => ({
        jobId: schedule.jobId,
        intervalMinutes: schedule.intervalMinutes,
        nextRunAt: schedule.nextRunAt === null ? null : new Date(schedule.nextRunAt).toISOString(),
        running: schedule.running,
      })),
    }
  }

  //#region Logs at scale, dashboard, stored plans (issue 11)

  public async countLogs(input: LogFilterInput): Promise<LogCount> {
    return countLogEntries(this.deps.db, input)
  }

  /** The export as a stream, for the HTTP bridge's download (the browser UI has no save dialog). */
  public logExport(input: LogExportInput): LogExportStream {
    return logExportStream(this.deps.db, input)
  }

  public async exportLogs(input: LogExportInput): Promise<LogExportResult> {
    const choose = this.deps.chooseExportFile
    if (choose === undefined) {
      throw new ApiError('unsupported', 'Saving an export needs the desktop app; the browser UI downloads it')
    }
    const stream = logExportStream(this.deps.db, input)
    const path = await choose(stream.fileName)
    if (path === null) return { saved: false }
    return { saved: true, path, entries: await writeLogExport(stream, path) }
  }

  public async getDashboard(): Promise<Dashboard> {
    return buildDashboard(this.deps.db, this.deps.stateFolder)
  }

  public async getPlan(input: RunRef): Promise<PlanPreview> {
    return this.planPreview(input.runId)
  }

  public async queryPlanOperations(input: PlanOperationsInput): Promise<PlanOperationPage> {
    return queryPlanPage(this.deps.db, input)
  }

  public async countPlanOperations(input: PlanOperationFilter): Promise<number> {
    return countPlanOperations(this.deps.db, input)
  }

  private planPreview(runId: string): PlanPreview {
    const run = getRun(this.deps.db, runId)
    if (run === null) throw new ApiError('not-found', `No run with id "${runId}"`)
    const handoff = this.handoffFiles.get(run.jobId)
    const file = handoff?.runId === runId ? handoff.file : null
    return planPreviewOf(this.deps.db, run, this.requireJob(run.jobId).name, file)
  }

  private rememberHandoffFile(job: LoadedJob, outcome: RunOutcome): void {
    const preview = handoffPreviewOf(job, outcome.operations, this.deps.db)
    if (preview === null || outcome.runId === null) this.handoffFiles.delete(job.id)
    else this.handoffFiles.set(job.id, { runId: outcome.runId, file: handoffFilePreview(preview) })
  }

  //#endregion

  public async getAccessMap(input: AccessQuery): Promise<AccessMap> {
    return this.access.getAccessMap(input)
  }

  public refreshAccess(input: RefreshAccessInput): Promise<AccessMap> {
    return this.access.refreshAccess(input)
  }

  public async listLeavers(input: AccessQuery): Promise<ReadonlyArray<LeaverChecklist>> {
    return this.access.listLeavers(input)
  }

  public async listReviews(): Promise<ReadonlyArray<Review>> {
    return this.access.listReviews()
  }

  public async getReview(input: ReviewRef): Promise<ReviewDetail> {
    return this.access.getReview(input)
  }

  public async startReview(input: StartReviewInput): Promise<Review> {
    return this.access.startReview(input)
  }

  public async markReview(input: MarkReviewInput): Promise<ReviewDetail> {
    return this.access.markReview(input)
  }

  public async closeReview(input: ReviewRef): Promise<ReviewClosed> {
    return this.access.closeReview(input)
  }

  public async exportReview(input: ExportReviewInput): Promise<ReviewExport> {
    return this.access.exportReview(input)
  }

  public async saveReviewPdf(input: ReviewRef): Promise<ReviewPdfResult> {
    return this.access.saveReviewPdf(input)
  }

  public async tickLeaverItem(input: TickLeaverInput): Promise<LeaverChecklist> {
    return this.access.tickLeaverItem(input)
  }

  public async withdrawRevocation(input: WithdrawRevocationInput): Promise<ReviewDetail> {
    return this.access.withdrawRevocation(input)
  }

  public getJobFile(input: JobRef): Promise<JobFileView> {
    return this.files.view(input.jobId)
  }

  public saveJobFile(input: SaveJobFileInput): Promise<JobFileView> {
    return this.files.save(input)
  }

  public createJob(input: NewJobInput): Promise<JobFileView> {
    return this.lifecycle.create(input)
  }

  public openJobFile(input: PathInput): Promise<JobFileView> {
    return this.files.open(input.path)
  }

  public duplicateJob(input: DuplicateJobInput): Promise<JobFileView> {
    return this.lifecycle.duplicate(input)
  }

  public async exportJobFile(input: ExportJobFileInput): Promise<PathInput> {
    return this.lifecycle.exportFile(input)
  }

  public async deleteJob(input: DeleteJobInput): Promise<DeletedJob> {
    const deleted = this.lifecycle.delete(input)
    this.watcher.unwatch(input.jobId)
    return deleted
  }

  public async chooseFile(input: ChooseFileInput): Promise<ChosenFile> {
    if (this.deps.chooseFile === undefined) {
      throw new ApiError(
        'unsupported',
        'File dialogs are only in the desktop app; type the full path instead'
      )
    }
    return { path: await this.deps.chooseFile(input) }
  }

  public storeSecret(input: StoreSecretInput): Promise<StoredCredential> {
    return this.credentials.store(input)
  }

  public removeSecret(input: SecretSlotInput): Promise<JobFileView> {
    return this.credentials.remove(input)
  }

  public previewSource(input: PreviewSourceInput): Promise<SourcePreview> {
    return this.checks.previewSource(input)
  }

  public listSourcePeople(input: ListSourcePeopleInput): Promise<ReadonlyArray<SourcePerson>> {
    return this.checks.listPeople(input)
  }

  public analyzeExpression(input: AnalyzeExpressionInput): Promise<ExpressionAnalysis> {
    return this.checks.analyzeExpression(input)
  }

  public previewScoping(input: PreviewScopingInput): Promise<ScopingPreview> {
    return this.checks.previewScoping(input)
  }

  public testConnection(input: TestConnectionInput): Promise<ConnectionReport> {
    return this.checks.testConnection(input)
  }

  public async getEditorCatalog(): Promise<EditorCatalog> {
    return this.checks.catalog()
  }

  public async startSandbox(): Promise<JobFileView> {
    return this.files.view(await this.sandbox.start())
  }

  public async getUiSettings(): Promise<UiSettings> {
    return this.uiSettings.read()
  }

  public async updateUiSettings(input: UiSettingsPatch): Promise<UiSettings> {
    return this.uiSettings.update(input)
  }

  private requireJob(jobId: string): JobRecord {
    const job = getListedJob(this.deps.db, jobId)
    if (job === null) {
      throw new ApiError('not-found', `No job with id "${jobId}"`)
    }
    return job
  }
}
