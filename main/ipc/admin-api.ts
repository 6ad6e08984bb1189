import { loadJobFile } from '../config/load-job'
import type { SecretStore } from '../secrets/secret-store'
import type { WritableDB } from '../store/database'
import { getListedJob, type JobRecord, listJobs } from '../store/jobs-store'
import { queryLogs } from '../store/logs-store'
import { getRun, listRuns } from '../store/runs-store'
import type {
  AdminApi,
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
  JobInfo,
  JobRef,
  ListRunsInput,
  ListSourcePeopleInput,
  LogPage,
  LogQueryInput,
  NewJobInput,
  Overview,
  PathInput,
  PlanPreview,
  PreviewScopingInput,
  PreviewSourceInput,
  RecentRun,
  RunInfo,
  RunRef,
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
import { runJob } from './engine-gateway'
import { toJobInfo } from './job-view'
import { getJobState } from '../store/job-state-store'
import { toPlanPreview } from './plan-preview'
import { EditorChecks } from './editor/editor-checks'
import { JobCredentials } from './jobs/job-credential-service'
import { JobFileWatcher } from './jobs/job-file-watcher'
import { JobFiles } from './jobs/job-files'
import { JobLifecycle } from './jobs/job-lifecycle'
import { SandboxJob } from './jobs/sandbox-job'
import { MemoryUiSettings, type UiSettingsStore } from './ui-settings'

/** A native file dialog; the desktop app passes Electron's, the browser bridge none. */
export type FileChooser = (input: ChooseFileInput) => Promise<string | null>

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
  /** The app's own preferences (default: kept in memory). */
  readonly uiSettings?: UiSettingsStore
  readonly chooseFile?: FileChooser
}

/** How many runs the overview lists. */
const RECENT_RUNS = 10

/**
 * `AdminApi` over the real store and engine; the same object serves Electron IPC and the HTTP bridge.
 *
 * Inputs arrive validated by `dispatch`. Errors meant for the admin are `ApiError`s; anything
 * else is reported as `internal` without its message.
 */
export class ProvisionerAdminApi implements AdminApi {
  /** Jobs with a preview in flight: a second one would see the first as an interrupted run. */
  private readonly planning = new Set<string>()
  private readonly watcher: JobFileWatcher
  private readonly files: JobFiles
  private readonly lifecycle: JobLifecycle
  private readonly credentials: JobCredentials
  private readonly checks: EditorChecks
  private readonly sandbox: SandboxJob
  private readonly uiSettings: UiSettingsStore

  public constructor(private readonly deps: AdminApiDependencies) {
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
      toJobInfo(job, listRuns(this.deps.db, job.id, 1)[0] ?? null, getJobState(this.deps.db, job.id))
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
    // One extra row tells whether an older page exists without a COUNT over a million rows.
    const rows = queryLogs(this.deps.db, {
      jobId: input.jobId,
      runId: input.runId,
      status: input.status,
      action: input.action,
      identity: input.identity,
      since: input.since === undefined ? undefined : Date.parse(input.since),
      until: input.until === undefined ? undefined : Date.parse(input.until),
      beforeId: input.beforeId,
      limit: input.limit + 1,
    })
    const entries = rows.slice(0, input.limit)
    const last = entries[entries.length - 1]
    return { entries, nextBeforeId: rows.length > input.limit && last !== undefined ? last.id : null }
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
    try {
      const job = loadJobFile(record.configPath)
      if (job.id !== record.id) {
        throw new ApiError(
          'invalid-job',
          `The job file ${record.configPath} now defines job "${job.id}", not "${record.id}"`
        )
      }
      const outcome = await runJob({
        job,
        db: this.deps.db,
        secrets: this.deps.secrets,
        mode: 'dry-run',
        env: this.env(),
      })
      this.deps.hub.emit('runFinished', {
        runId: outcome.runId ?? '',
        jobId: job.id,
        mode: outcome.mode,
        status: outcome.status,
        summary: outcome.summary,
      })
      return toPlanPreview(job, outcome)
    } catch (error) {
      throw toApiError(error)
    } finally {
      this.planning.delete(record.id)
    }
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
