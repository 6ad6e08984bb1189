import { toSavedPlan } from '../../cli/present-run'
import type { LoadedJob } from '../../config/load-job'
import type { MappedObject } from '../../engine/plan/map-object'
import type { RunHooks } from '../../engine/run/run-context'
import { compileJob } from '../../engine/plan/compile-job'
import { openSource } from '../../engine/run/connectors/factory'
import { readMappedUsers } from '../../engine/run/read-source'
import { type RunOutcome, runJob } from '../../engine/run/run-job'
import { runOnDemand } from '../../engine/run/run-on-demand'
import { rejectStaged, waitingDeletions } from '../../engine/run/staged-decisions'
import { undoRun } from '../../engine/recovery/undo-run'
import type { SavedPlan } from '../../model/plan'
import type { SecretStore } from '../../secrets/secret-store'
import type { WritableDB } from '../../store/database'
import { getJob } from '../../store/jobs-store'
import { getRun } from '../../store/runs-store'
import { ApiError } from '../api/dispatch'
import type { EventHub } from '../api/event-hub'
import type { ApplyPlanInput, JobRef, RunRef } from '../api/contract'
import { GroupOnDemand, onDemandResult } from './group-on-demand'
import type {
  GroupOnDemandResult,
  OnDemandResult,
  SourceGroupMatch,
  SourceGroupRef,
  RejectedDeletions,
  RunResult,
  SearchSourceInput,
  SourcePersonMatch,
  SourcePersonRef,
  StagedDeletions,
  UndoPreview,
} from '../api/run-contract'
import type { AppRuns } from './app-runs'
import { engineCall } from './run-errors'
import { loadStoredJob } from './stored-job'

/** How long one reading of the source serves the on-demand search (the admin types a few letters). */
const PEOPLE_CACHE_MS = 30_000

interface RunServiceDeps {
  readonly db: WritableDB
  readonly secrets: SecretStore
  readonly hub: EventHub
  readonly env: () => NodeJS.ProcessEnv | undefined
  readonly now?: () => number
  /** Announces the app's runs and lets `cancelRun` stop them. */
  readonly appRuns: AppRuns
}

/**
 * Runs the admin starts from the app: apply the reviewed dry run, approve or reject staged
 * deletions, restart a quarantined job, provision one person, undo a run. Each is the engine's
 * own command (the CLI's rules, locks and logs); the app adds nothing of its own to a run.
 */
/**
 * A dry run the admin is reviewing. Its saved plan is built when it is applied: the plan's log
 * steps and fingerprints cost seconds at 100,000 people, which a preview does not need (the
 * CLI's `plan` does not compute them either) and most previews are never applied.
 */
interface ReviewedPlan {
  readonly runId: string
  readonly saved: () => SavedPlan
}

export class RunService {
  /** The last dry run of each job ("Apply this plan" applies exactly it). */
  private readonly plans = new Map<string, ReviewedPlan>()
  private readonly people = new Map<
    string,
    { readonly at: number; readonly list: ReadonlyArray<MappedObject> }
  >()

  private readonly groups: GroupOnDemand

  public constructor(private readonly deps: RunServiceDeps) {
    this.groups = new GroupOnDemand({
      ...deps,
      finished: (jobId, runId, status) => this.finished(jobId, runId, 'on-demand', status),
    })
  }

  /** Keeps a dry run the admin is reviewing, so that exactly it can be applied. */
  public rememberPlan(job: LoadedJob, outcome: RunOutcome, now = new Date()): void {
    const runId = outcome.runId
    if (runId === null) return
    let saved: SavedPlan | undefined
    this.plans.set(job.id, { runId, saved: () => (saved ??= toSavedPlan(job, outcome, now)) })
  }

  /**
   * Lets go of the job's reviewed dry run as a new one starts: the app shows the new preview in
   * its place (the old one can no longer be applied), and its operations, which keep everything
   * that run read, would otherwise stay in memory through the new run.
   */
  public forgetPlan(jobId: string): void {
    this.plans.delete(jobId)
  }

  public async applyPlan(input: ApplyPlanInput): Promise<RunResult> {
    const plan = this.plans.get(input.jobId)
    if (plan === undefined || plan.runId !== input.runId) {
      throw new ApiError(
        'refused',
        `Dry run ${input.runId} is not the latest one reviewed in this app session; run the dry run again and apply that`
      )
    }
    const result = await this.run(input.jobId, (job, hooks) =>
      runJob({ ...this.common(job), ...hooks, mode: 'apply', savedPlan: plan.saved() })
    )
    this.plans.delete(input.jobId)
    return result
  }

  public async stagedDeletions(input: JobRef): Promise<StagedDeletions | null> {
    if (getJob(this.deps.db, input.jobId) === null) {
      throw new ApiError('not-found', `No job with id "${input.jobId}"`)
    }
    const waiting = waitingDeletions(this.deps.db, input.jobId)
    if (waiting === null) return null
    return {
      runId: waiting.runId,
      // The log's reason ends with the CLI command that approves; the app has its own button.
      reason: waiting.reason?.split('; staged for approval')[0] ?? null,
      items: waiting.operations.map(operation => ({
        changeId: operation.changeId,
        objectType: operation.objectType,
        action: operation.action,
        sourceId: operation.sourceId,
        targetId: operation.targetId,
        display: operation.display,
        reason: (operation.operation as { reason?: unknown } | null)?.reason?.toString() ?? null,
      })),
    }
  }

  public approve(input: ApplyPlanInput): Promise<RunResult> {
    return this.run(input.jobId, (job, hooks) =>
      runJob({ ...this.common(job), ...hooks, mode: 'apply', allowDeletesOf: input.runId })
    )
  }

  public async reject(input: ApplyPlanInput): Promise<RejectedDeletions> {
    const job = await engineCall(() => loadStoredJob(this.deps.db, input.jobId))
    return engineCall(() =>
      rejectStaged(this.deps.db, { jobId: job.id, runId: input.runId, jobFile: job.displayFile })
    )
  }

  public restart(input: JobRef): Promise<RunResult> {
    return this.run(input.jobId, (job, hooks) =>
      runJob({ ...this.common(job), ...hooks, mode: 'apply', restart: true })
    )
  }

  public async searchPeople(input: SearchSourceInput): Promise<ReadonlyArray<SourcePersonMatch>> {
    const list = await this.sourcePeople(input.jobId)
    const needle = input.query.toLowerCase()
    const found: SourcePersonMatch[] = []
    for (const person of list) {
      if (found.length >= input.limit) break
      if (
        needle === '' ||
        person.display.toLowerCase().includes(needle) ||
        person.source.id.toLowerCase().includes(needle)
      ) {
        found.push({ sourceId: person.source.id, display: person.display, inScope: person.scope.inScope })
      }
    }
    return found
  }

  public async provisionOnDemand(input: SourcePersonRef): Promise<OnDemandResult> {
    const job = await engineCall(() => loadStoredJob(this.deps.db, input.jobId))
    const outcome = await engineCall(() =>
      this.deps.appRuns.track(job.id, 'on-demand', hooks =>
        runOnDemand({ ...this.common(job), ...hooks, sourceId: input.sourceId })
      )
    )
    this.finished(job.id, outcome.runId, 'on-demand', outcome.status)
    return onDemandResult(outcome)
  }

  public searchGroups(input: SearchSourceInput): Promise<ReadonlyArray<SourceGroupMatch>> {
    return this.groups.search(input)
  }

  public provisionGroupOnDemand(input: SourceGroupRef): Promise<GroupOnDemandResult> {
    return this.groups.provision(input)
  }

  public async previewUndo(input: RunRef): Promise<UndoPreview> {
    const job = await this.jobOfRun(input.runId)
    const outcome = await engineCall(() => undoRun({ ...this.common(job), runId: input.runId, apply: false }))
    return {
      undoneRunId: outcome.undoneRunId,
      jobId: job.id,
      summary: outcome.summary,
      operations: outcome.operations.map(operation => ({
        objectType: operation.objectType,
        action: operation.action,
        sourceId: operation.sourceId,
        targetId: operation.targetId,
        display: operation.display,
        changes: operation.changes.map(change => ({ path: change.path, from: change.from, to: change.to })),
        reason: operation.reason,
        errorCode: operation.errorCode,
      })),
      notices: outcome.notices,
    }
  }

  public async applyUndo(input: RunRef): Promise<RunResult> {
    const job = await this.jobOfRun(input.runId)
    const outcome = await engineCall(() =>
      this.deps.appRuns.track(job.id, 'apply', hooks =>
        undoRun({ ...this.common(job), ...hooks, runId: input.runId, apply: true })
      )
    )
    const runId = outcome.runId ?? ''
    const status = outcome.status === 'preview' ? 'completed' : outcome.status
    this.finished(job.id, runId, 'apply', status, outcome.summary)
    return {
      runId,
      jobId: job.id,
      status,
      summary: outcome.summary,
      failed: outcome.failures.length,
      staged: 0,
      quarantine: null,
      notices: outcome.notices,
    }
  }

  private async jobOfRun(runId: string): Promise<LoadedJob> {
    const run = getRun(this.deps.db, runId)
    if (run === null) throw new ApiError('not-found', `No run with id "${runId}"`)
    return engineCall(() => loadStoredJob(this.deps.db, run.jobId))
  }

  private common(job: LoadedJob) {
    return { job, db: this.deps.db, secrets: this.deps.secrets, env: this.deps.env() }
  }

  private async run(
    jobId: string,
    start: (job: LoadedJob, hooks: RunHooks) => Promise<RunOutcome>
  ): Promise<RunResult> {
    const job = await engineCall(() => loadStoredJob(this.deps.db, jobId))
    const outcome = await engineCall(() =>
      this.deps.appRuns.track(job.id, 'apply', hooks => start(job, hooks))
    )
    const runId = outcome.runId ?? ''
    this.finished(job.id, runId, 'apply', outcome.status, outcome.summary)
    return {
      runId,
      jobId: job.id,
      status: outcome.status,
      summary: outcome.summary,
      failed: outcome.failures.length,
      staged: outcome.staged,
      quarantine: outcome.jobState.quarantineReason,
      notices: outcome.notices,
    }
  }

  private finished(
    jobId: string,
    runId: string,
    mode: 'apply' | 'on-demand',
    status: RunResult['status'],
    summary: RunResult['summary'] | null = null
  ): void {
    this.deps.hub.emit('runFinished', { runId, jobId, mode, status, summary })
  }

  private async sourcePeople(jobId: string): Promise<ReadonlyArray<MappedObject>> {
    const now = this.deps.now?.() ?? Date.now()
    const kept = this.people.get(jobId)
    if (kept !== undefined && now - kept.at < PEOPLE_CACHE_MS) return kept.list
    const list = await engineCall(async () => {
      const job = loadStoredJob(this.deps.db, jobId)
      const compiled = compileJob(job)
      const source = await openSource(job, compiled, { secrets: this.deps.secrets, env: this.deps.env() })
      try {
        return await readMappedUsers(source.connector, compiled, {
          now: () => new Date(),
          random: Math.random,
        })
      } finally {
        await source.close()
      }
    })
    this.people.set(jobId, { at: now, list })
    return list
  }
}
