/** A run of a job as its callers see it: the options, what it reports, and the errors it ends with. */
import type { LoadedJob } from '../../config/load-job'
import type { ApplyFailure } from '../../model/failure'
import type { JobState } from '../../model/job-state'
import type { Link } from '../../model/link'
import type { PlannedOperation, SavedPlan } from '../../model/plan'
import {
  emptyRunSummary,
  type RunCounts,
  type RunKind,
  type RunStatus,
  type RunSummary,
} from '../../model/run'
import type { StagedOperation } from '../../model/staged'
import type { SecretStore } from '../../secrets/secret-store'
import type { WritableDB } from '../../store/database'
import { getJobState } from '../../store/job-state-store'
import type { MappedObject } from '../plan/map-object'
import type { GroupOperation, MappedGroup, MemberChanges } from '../plan/plan-groups'
import type { UserOperation } from '../plan/plan-users'
import { shortHash } from '../plan/short-hash'
import { countUnmanaged, type RunOperation } from '../plan/summary'
import type { TargetSnapshot } from '../plan/target-snapshot'
import type { DeletionCheck } from '../safety/deletion-threshold'
import type { RunContext, RunHooks } from './run-context'
import { ProvisionerError } from '../../model/errors'

/** The steps a run announces in words (`onPhase`); progress counts by `RunPhase` (model/run.ts). */
export type RunStep = 'import' | 'read-target' | 'plan' | 'apply'

export interface RunJobOptions extends RunHooks {
  readonly job: LoadedJob
  readonly db: WritableDB
  readonly secrets: SecretStore
  readonly mode: 'dry-run' | 'apply'
  /** Apply only the rows of this saved plan that are still exactly right. */
  readonly savedPlan?: SavedPlan
  /**
   * A scheduled (unattended) run: skipped while a quarantined job's backoff lasts, and escrowed
   * objects wait for their retry time. Manual runs always go.
   */
  readonly scheduled?: boolean
  /** Full re-evaluation: forget escrowed retries and quarantine first (the admin fixed the cause). */
  readonly restart?: boolean
  /** Approve exactly the disables/deletes the deletion threshold staged in this run. */
  readonly allowDeletesOf?: string
  readonly now?: () => Date
  readonly random?: () => number
  readonly sleep?: (ms: number) => Promise<void>
  readonly env?: NodeJS.ProcessEnv
  readonly onPhase?: (phase: RunStep, detail: string) => void
  /** Asked after planning and before the first write; returning false cancels the run. */
  readonly confirm?: (summary: RunSummary, operations: ReadonlyArray<RunOperation>) => Promise<boolean>
  /**
   * A dry run whose plan is only shown (printed; not saved to a file, not handed off, not
   * applied later): its outcome's operations are {@link ShownOperation}s. What the run read and
   * the planner's working state (the target's accounts, everyone mapped, request bodies, log
   * steps), which full operations keep alive, are then let go before the plan is stored and shown.
   */
  readonly showOnly?: boolean
}

/**
 * An operation as a plan is shown and stored (`plan --json`, the plan list): what was decided,
 * without how it would be executed nor its log steps (a saved plan needs the full operation).
 */
export type ShownOperation = Omit<PlannedOperation, 'changeId' | 'steps' | 'fingerprint'> & {
  readonly members?: MemberChanges
}

/** The shown part of an operation, its fields copied one by one (a create's changes computed now). */
export function shownOperation(operation: ShownOperation): ShownOperation {
  const shown = {
    objectType: operation.objectType,
    action: operation.action,
    sourceId: operation.sourceId,
    targetId: operation.targetId,
    display: operation.display,
    changes: operation.changes,
    reason: operation.reason,
    errorCode: operation.errorCode,
  }
  const { warnings, members } = operation
  if (warnings === undefined && members === undefined) return shown
  return {
    ...shown,
    ...(warnings === undefined ? {} : { warnings }),
    ...(members === undefined ? {} : { members }),
  }
}

/** What a run reports; a dry run with `showOnly` reports {@link ShownOperation}s. */
export interface RunOutcome<Operation extends ShownOperation = RunOperation> {
  /** Null when a scheduled run did not start (see `skipped`). */
  readonly runId: string | null
  readonly mode: 'dry-run' | 'apply'
  readonly kind: RunKind
  readonly status: Exclude<RunStatus, 'running'>
  /** Dry run: what would be done. Apply: what was done. */
  readonly summary: RunSummary
  /** The plan (dry run) or the operations attempted (apply): users first, then groups. */
  readonly operations: ReadonlyArray<Operation>
  readonly failures: ReadonlyArray<ApplyFailure>
  readonly configHash: string
  readonly sourceCount: number
  readonly targetCount: number
  /** The deletion threshold's verdict on this plan. */
  readonly deletion: DeletionCheck | null
  /** Disables/deletes held for approval (`apply --allow-deletes RUN_ID`). */
  readonly staged: number
  /** The job's quarantine state after the run. */
  readonly jobState: JobState
  /** Why a scheduled run did not start. */
  readonly skipped: string | null
  /** Accounts in the target no one in the source is linked or matched to: never touched. */
  readonly unmanagedAccounts: number
  /** Things the admin should know that did not fail the run (alerts not delivered, recovered writes). */
  readonly notices: ReadonlyArray<string>
}

/** What a run of a job settled before connecting: its kind, and what it approves. */
export interface JobStart {
  readonly kind: RunKind
  /** The staged operations an approval applies (null: a normal run). */
  readonly approving: ReadonlyArray<StagedOperation> | null
  readonly configHash: string
  /** Epoch ms. */
  readonly startedAt: number
  /** Shared by the whole run: what the admin should know (alerts not delivered, recovered writes). */
  readonly notices: string[]
}

/** What the run read: everyone in the source, mapped, and the target's accounts and groups. */
export interface JobRead {
  readonly mapped: ReadonlyArray<MappedObject>
  readonly groups: ReadonlyArray<MappedGroup>
  readonly userLinks: ReadonlyMap<string, Link>
  readonly groupLinks: ReadonlyMap<string, Link>
  readonly snapshot: TargetSnapshot
  readonly groupSnapshot: TargetSnapshot
  readonly membersUnknown: ReadonlySet<string>
}

/** The plan, with the deletion threshold's verdict (none for an approval). */
export interface JobPlan {
  readonly users: ReadonlyArray<UserOperation>
  readonly groups: ReadonlyArray<GroupOperation>
  readonly deletion: DeletionCheck | null
}

/** How a run that planned ended, and the operations it reports. */
export interface JobEnd {
  readonly status: RunOutcome['status']
  readonly summary: RunSummary
  readonly failures: ReadonlyArray<ApplyFailure>
  readonly staged: number
  readonly users: ReadonlyArray<UserOperation>
  readonly groups: ReadonlyArray<GroupOperation>
}

/** People in the source, accounts in the target, and the accounts no one is linked or matched to. */
export function runCounts(read: JobRead, users: ReadonlyArray<UserOperation>): RunCounts {
  return {
    source: read.mapped.length,
    target: read.snapshot.size,
    unmanaged: countUnmanaged(read.snapshot, users, read.userLinks),
  }
}

/** Records how the run ended and reports it. */
export function finishJob(
  context: RunContext,
  run: {
    readonly options: RunJobOptions
    readonly start: JobStart
    readonly read: JobRead
    readonly plan: JobPlan
  },
  end: JobEnd
): RunOutcome {
  const { options, start, read, plan } = run
  const operations = [...end.users, ...end.groups]
  const counts = runCounts(read, end.users)
  context.finish(
    { status: end.status, summary: end.summary, failed: end.failures.length, error: null, counts },
    options.mode === 'dry-run' ? { dryRun: operations } : undefined
  )
  return ranOutcome(context, { options, start, counts, deletion: plan.deletion }, { ...end, operations })
}

/** A dry run's plan, made and counted: all a dry run needs once the reads are let go. */
export interface DryRunPlan<Operation extends ShownOperation> {
  readonly summary: RunSummary
  readonly counts: RunCounts
  readonly deletion: DeletionCheck | null
  readonly operations: ReadonlyArray<Operation>
}

/** Records a completed dry run with its plan and reports it. */
export function finishDryRun<Operation extends ShownOperation>(
  context: RunContext,
  run: { readonly options: RunJobOptions; readonly start: JobStart },
  plan: DryRunPlan<Operation>
): RunOutcome<Operation> {
  const { summary, counts, operations } = plan
  context.finish({ status: 'completed', summary, failed: 0, error: null, counts }, { dryRun: operations })
  const end = { status: 'completed', summary, failures: [], staged: 0, operations } as const
  return ranOutcome(context, { ...run, counts, deletion: plan.deletion }, end)
}

/** The outcome of a run that read and planned (whether or not it applied). */
function ranOutcome<Operation extends ShownOperation>(
  context: RunContext,
  run: {
    readonly options: RunJobOptions
    readonly start: JobStart
    readonly counts: RunCounts
    readonly deletion: DeletionCheck | null
  },
  end: Omit<JobEnd, 'users' | 'groups'> & { readonly operations: ReadonlyArray<Operation> }
): RunOutcome<Operation> {
  const { options, start, counts } = run
  return {
    runId: context.runId,
    mode: options.mode,
    kind: start.kind,
    status: end.status,
    summary: end.summary,
    operations: end.operations,
    failures: end.failures,
    configHash: start.configHash,
    sourceCount: counts.source,
    targetCount: counts.target,
    deletion: run.deletion,
    staged: end.staged,
    jobState: getJobState(options.db, options.job.id),
    skipped: null,
    unmanagedAccounts: counts.unmanaged,
    notices: start.notices,
  }
}

/** A run cancelled before its first write (while reading or planning): recorded, nothing done. */
export function cancelledOutcome(context: RunContext, options: RunJobOptions, start: JobStart): RunOutcome {
  context.finish({ status: 'cancelled', summary: emptyRunSummary(), failed: 0, error: null })
  return nothingDone(options, {
    runId: context.runId,
    kind: start.kind,
    configHash: start.configHash,
    jobState: getJobState(options.db, options.job.id),
    skipped: null,
    notices: start.notices,
  })
}

/** A scheduled run that did not start (the job's quarantine backoff lasts). */
export function skippedOutcome(
  options: RunJobOptions,
  start: { readonly configHash: string; readonly state: JobState; readonly reason: string }
): RunOutcome {
  return nothingDone(options, {
    runId: null,
    kind: 'sync',
    configHash: start.configHash,
    jobState: start.state,
    skipped: start.reason,
    notices: [],
  })
}

/** A run that wrote, read and planned nothing: cancelled early, or skipped. */
function nothingDone(
  options: RunJobOptions,
  run: Pick<RunOutcome, 'runId' | 'kind' | 'configHash' | 'jobState' | 'skipped' | 'notices'>
): RunOutcome {
  return {
    runId: run.runId,
    mode: options.mode,
    kind: run.kind,
    status: 'cancelled',
    summary: emptyRunSummary(),
    operations: [],
    failures: [],
    configHash: run.configHash,
    sourceCount: 0,
    targetCount: 0,
    deletion: null,
    staged: 0,
    jobState: run.jobState,
    skipped: run.skipped,
    unmanagedAccounts: 0,
    notices: run.notices,
  }
}

/** The job's settings in a canonical form, so a saved plan can tell whether the job changed. */
export function configHash(job: LoadedJob): string {
  return shortHash(job.config)
}

/** The run stopped because the job went into quarantine (credentials refused, not a SCIM endpoint). */
export class QuarantinedError extends ProvisionerError {
  public readonly kind = 'quarantined' as const

  public constructor(
    reason: string,
    public readonly failure: unknown
  ) {
    super(`${reason}. The job is now quarantined: scheduled runs back off until a run succeeds.`)
    this.name = 'QuarantinedError'
  }
}

/** What `runJob` reports after the fact: an error can carry notices (e.g. an alert not sent). */
export function noticesOf(error: unknown): ReadonlyArray<string> {
  const notices = (error as { notices?: unknown } | null)?.notices
  return Array.isArray(notices)
    ? notices.filter((notice): notice is string => typeof notice === 'string')
    : []
}
