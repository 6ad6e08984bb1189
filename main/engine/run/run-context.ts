import type { TargetConnector } from '../../connectors/connector'
import type { RetryPolicy } from '../../connectors/scim/retry-policy'
import type { LoadedJob } from '../../config/load-job'
import { type EscrowEntry, escrowKey } from '../../model/escrow'
import type { Link } from '../../model/link'
import type { RunCounts, RunKind, RunMode, RunProgress, RunStatus, RunSummary } from '../../model/run'
import { finishDryRun, type OperationToStore } from '../../store/planned-operations-store'
import type { SecretStore } from '../../secrets/secret-store'
import type { WritableDB } from '../../store/database'
import { saveJob } from '../../store/jobs-store'
import { failRun, finishRun } from '../../store/runs-store'
import { type ApplyResult, applyUserPlan } from '../apply/apply-users'
import { RunRecorder } from '../apply/run-recorder'
import { compileJob, type CompiledJob } from '../plan/compile-job'
import type { UserOperation } from '../plan/plan-users'
import { countWrites } from '../plan/summary'
import { type OpenedSource, openSource, openTarget, retryPolicyOf } from './connectors/factory'
import { newRunId } from './run-id'
import { startRun } from './run-lock'
import { RunProgressReporter } from './run-progress'

/** What a run's caller hears of it, and how it cancels it. */
export interface RunHooks {
  /** Cancels the run (the app's Cancel, the CLI's Ctrl+C): see {@link RunProgressReporter}. */
  readonly signal?: AbortSignal
  /** Told the run's id once the job is claimed (the app ties its Cancel button to it). */
  readonly onRunStarted?: (runId: string) => void
  /** The run's progress, a few times a second at most, and at each phase change and the end. */
  readonly onProgress?: (runId: string, progress: RunProgress) => void
}

/** What every kind of run starts from. */
export interface RunSetup extends RunHooks {
  readonly job: LoadedJob
  readonly db: WritableDB
  readonly secrets: SecretStore
  readonly env?: NodeJS.ProcessEnv
  readonly now?: () => Date
  readonly random?: () => number
  readonly sleep?: (ms: number) => Promise<void>
}

/** The clock and dice a run uses (injectable, so tests can fix them). */
export interface RunClock {
  readonly now: () => Date
  readonly random: () => number
  readonly sleep: (ms: number) => Promise<void>
}

/**
 * What a run reads: the target only (undo); the source and the target (a sync: a source that
 * keeps a watermark, such as Graph delta, reads what changed since the last run and moves it on);
 * or the whole source and the target (on demand: the watermark is left for the next sync).
 */
export type RunReads = 'target' | 'source-and-target' | 'whole-source-and-target'

/**
 * A run being set up. Every kind of run (sync, on demand, undo) starts the same way, in this
 * order: compile the job → open the source → resolve the credential → open the target → claim
 * the job (one run at a time) → a new run id → the run recorded → the run failed on an error.
 * Checks that need no connection (saved plans, approvals, quarantine backoff) go before
 * `connect`.
 */
export class PreparedRun {
  public readonly clock: RunClock
  /** How requests to the target are repeated (the connector's policy, for the creates apply retries). */
  public readonly retry: RetryPolicy
  private compiledJob: CompiledJob | null = null

  public constructor(public readonly setup: RunSetup) {
    this.clock = {
      now: setup.now ?? (() => new Date()),
      random: setup.random ?? Math.random,
      sleep: setup.sleep ?? (ms => new Promise<void>(resolve => setTimeout(resolve, ms))),
    }
    this.retry = retryPolicyOf(setup.job)
  }

  public get job(): LoadedJob {
    return this.setup.job
  }

  public get db(): WritableDB {
    return this.setup.db
  }

  /** The compiled job: compiled on first use (undo never needs it, and runs with a broken mapping). */
  public get compiled(): CompiledJob {
    return this.compile()
  }

  /** Compiles the job now (once): a run reports a broken job file before anything else. */
  public compile(): CompiledJob {
    this.compiledJob ??= compileJob(this.setup.job)
    return this.compiledJob
  }

  /** Records the job (name, settings, file) so the app lists it and its runs. */
  public saveJob(): void {
    const job = this.setup.job
    saveJob(this.db, { id: job.id, name: job.config.name, config: job.config, configPath: job.file })
  }

  /**
   * Opens what the run reads and runs `body` with it. The target is closed however `body` ends;
   * a run claimed and not finished when `body` throws is recorded as failed.
   */
  public async connect<T>(reads: RunReads, body: (context: RunContext) => Promise<T>): Promise<T> {
    const source = reads === 'target' ? null : await this.openSource(reads)
    let target: TargetConnector
    try {
      target = await openTarget(this.setup.job, this.setup)
    } catch (error) {
      await source?.close()
      throw error
    }
    const context = new RunContext(this, source, target)
    try {
      return await body(context)
    } catch (error) {
      context.failIfOpen(error)
      throw error
    } finally {
      await Promise.all([target.close(), source?.close()])
    }
  }

  private openSource(reads: Exclude<RunReads, 'target'>): Promise<OpenedSource> {
    const { job, secrets, env, db } = this.setup
    return openSource(job, this.compiled, {
      secrets,
      env,
      db: reads === 'source-and-target' ? db : undefined,
    })
  }
}

/** The run about to be recorded when the job is claimed. */
export interface RunToClaim {
  readonly mode: RunMode
  readonly kind?: RunKind
  /** The run an undo or an approval acts on. */
  readonly relatedRunId?: string | null
  /** When the run started (epoch ms); default now. */
  readonly startedAt?: number
}

/** How a run ended. */
export interface RunEnd {
  readonly status: Exclude<RunStatus, 'running'>
  readonly summary: RunSummary | null
  readonly failed: number
  readonly error: string | null
  /** People in the source, accounts in the target, accounts no one is linked to. */
  readonly counts?: RunCounts
}

/** A run once its job is claimed: its id, its store writes, its progress and cancel. */
interface ClaimedRun {
  readonly id: string
  readonly recorder: RunRecorder
  readonly progress: RunProgressReporter
  finished: boolean
}

/** A run's connections, and the run once the job is claimed. */
export class RunContext {
  private claimed: ClaimedRun | null = null

  public constructor(
    public readonly prepared: PreparedRun,
    private readonly openedSource: OpenedSource | null,
    public readonly target: TargetConnector
  ) {}

  public get source(): OpenedSource {
    if (this.openedSource === null) throw new Error('This run does not read the source')
    return this.openedSource
  }

  /** The run's id, once the job is claimed. */
  public get runId(): string {
    return this.run().id
  }

  /** The run's id; null before the job is claimed. */
  public get claimedRunId(): string | null {
    return this.claimed?.id ?? null
  }

  /**
   * Claims the job for this run and records it: from here a failure fails the run. Done before
   * the target is read for a plan, so no other run of the job writes between reading and planning.
   */
  public claim(run: RunToClaim): string {
    const { job, db, clock } = this.prepared
    const id = newRunId(clock.now())
    startRun(
      db,
      { id, jobId: job.id, mode: run.mode, kind: run.kind, relatedRunId: run.relatedRunId ?? null },
      { now: run.startedAt, jobFile: job.displayFile }
    )
    const { signal, onProgress, onRunStarted } = this.prepared.setup
    const progress = new RunProgressReporter({
      db,
      runId: id,
      signal,
      onProgress: onProgress === undefined ? undefined : update => onProgress(id, update),
    })
    this.claimed = { id, recorder: new RunRecorder(db), progress, finished: false }
    onRunStarted?.(id)
    return id
  }

  /** The run's progress and cancel, once the job is claimed. */
  public get progress(): RunProgressReporter {
    return this.run().progress
  }

  /** The run was cancelled (a run not claimed yet: its caller's signal aborted). */
  public get cancelled(): boolean {
    return this.claimed?.progress.cancelled ?? this.prepared.setup.signal?.aborted === true
  }

  /** Records how the run ended; a dry run keeps its plan with it (the app's run history pages it). */
  public finish(end: RunEnd, plan?: { readonly dryRun: ReadonlyArray<OperationToStore> }): void {
    const run = this.run()
    const { db, job } = this.prepared
    // The last progress first: other processes relay progress only while the run is running.
    run.progress.end()
    if (plan === undefined) finishRun(db, run.id, end)
    else finishDryRun(db, { id: run.id, jobId: job.id }, end, plan.dryRun)
    run.finished = true
  }

  /** The run's store writes (journal, links, log, escrow), batched. */
  public get recorder(): RunRecorder {
    return this.run().recorder
  }

  /** Applies people's operations in this run, journaled and logged. */
  public applyUsers(
    operations: ReadonlyArray<UserOperation>,
    options: {
      readonly concurrency: number
      /** Links as loaded for planning, by account id. */
      readonly linksByTarget: ReadonlyMap<string, Link>
      readonly logUnchanged: boolean
      /** Earlier failed attempts (escrow), for the log's attempt counts. */
      readonly escrow: ReadonlyMap<string, EscrowEntry>
    }
  ): Promise<ApplyResult> {
    const { job, retry, clock } = this.prepared
    const progress = this.progress
    const failedBefore = progress.current.failures
    progress.phase('applying', countWrites(operations))
    return applyUserPlan(operations, {
      jobId: job.id,
      runId: this.runId,
      target: this.target,
      recorder: this.recorder,
      concurrency: options.concurrency,
      linksByTarget: options.linksByTarget,
      logUnchanged: options.logUnchanged,
      onProgress: (done, total, failures) => progress.advance(done, total, failedBefore + failures),
      signal: progress.signal,
      retry,
      sleep: clock.sleep,
      escrowAttempts: sourceId => options.escrow.get(escrowKey('user', sourceId))?.attempts ?? 0,
    })
  }

  /** Ends the target's writes (a CSV hand-off writes its files now); what was written, as notices. */
  public async finishWrites(): Promise<ReadonlyArray<string>> {
    const written = (await this.target.finish?.()) ?? []
    return written.map(file => `Wrote ${file}`)
  }

  /** A claimed run still open when the run's work failed is recorded as failed. */
  public failIfOpen(error: unknown): void {
    if (this.claimed === null || this.claimed.finished) return
    this.claimed.finished = true
    this.claimed.progress.stop()
    failRun(this.prepared.db, this.claimed.id, error)
  }

  private run(): ClaimedRun {
    if (this.claimed === null) throw new Error('The job is not claimed for this run yet')
    return this.claimed
  }
}

/** Sets up a run of any kind: see {@link PreparedRun}. */
export function prepareRun(setup: RunSetup): PreparedRun {
  return new PreparedRun(setup)
}
