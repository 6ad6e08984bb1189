import { loadJobFile } from '../config/load-job'
import { runJob } from '../engine/run/run-job'
import type { SecretStore } from '../secrets/secret-store'
import type { WritableDB } from '../store/database'
import { getJob, type JobRecord, listJobs } from '../store/jobs-store'
import { queryLogs } from '../store/logs-store'
import { getRun, listRuns } from '../store/runs-store'
import type {
  AdminApi,
  JobInfo,
  JobRef,
  ListRunsInput,
  LogPage,
  LogQueryInput,
  Overview,
  PlanPreview,
  RecentRun,
  RunInfo,
  RunRef,
} from './api/contract'
import { ApiError } from './api/dispatch'
import type { EventHub } from './api/event-hub'
import { toApiError } from './engine-errors'
import { toJobInfo } from './job-view'
import { getJobState } from '../store/job-state-store'
import { toPlanPreview } from './plan-preview'

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

  public constructor(private readonly deps: AdminApiDependencies) {}

  public async getOverview(): Promise<Overview> {
    const jobs = listJobs(this.deps.db)
    const recentRuns: RecentRun[] = jobs
      .flatMap(job => listRuns(this.deps.db, job.id, RECENT_RUNS).map(run => ({ ...run, jobName: job.name })))
      .sort((a, b) => b.startedAt.localeCompare(a.startedAt))
      .slice(0, RECENT_RUNS)
    return { stateFolder: this.deps.stateFolder, jobCount: jobs.length, recentRuns }
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
        env: this.deps.env,
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

  private requireJob(jobId: string): JobRecord {
    const job = getJob(this.deps.db, jobId)
    if (job === null) {
      throw new ApiError('not-found', `No job with id "${jobId}"`)
    }
    return job
  }
}
