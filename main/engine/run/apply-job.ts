/**
 * The apply half of a run of a job: settle an interrupted run's writes, narrow the plan (an
 * approval, a saved plan, escrow waits, the deletion threshold), confirm, write, and conclude
 * (quarantine, blocked, completed).
 */
import { recordListings } from '../access/record-listings'
import { targetTuning } from '../../config/target-settings'
import type { ApplyFailure } from '../../model/failure'
import { emptyRunSummary, type RunSummary } from '../../model/run'
import type { NewStagedOperation } from '../../model/staged'
import { inTransaction } from '../../store/database'
import { loadEscrow } from '../../store/escrow-store'
import { enterQuarantine, recordHealthyRun } from '../../store/job-state-store'
import { loadLinks } from '../../store/links-store'
import { pruneLogs } from '../../store/logs-store'
import { resolveStaged, stageOperations, supersedeStaged } from '../../store/staged-store'
import { applyGroupPlan } from '../apply/apply-groups'
import { linksByTarget, liveLink } from '../plan/links'
import type { GroupOperation } from '../plan/plan-groups'
import type { UserOperation } from '../plan/plan-users'
import { countWrites, summarise } from '../plan/summary'
import { reconcileInterrupted } from '../recovery/reconcile-interrupted'
import { approvalOutcomes, holdForApproval, restrictToApproved, sameStagedSet } from '../safety/approvals'
import { quarantineForRun } from '../safety/quarantine-policy'
import { applyEscrowWaits } from '../safety/run-gates'
import { restrictToSavedPlan } from '../safety/saved-plan'
import type { JobAlerts } from './alerts'
import {
  finishJob,
  type JobPlan,
  type JobRead,
  type JobStart,
  type RunJobOptions,
  type RunOutcome,
} from './job-outcome'
import type { RunContext } from './run-context'

/** A run of a job that applies: what it was started with, read and planned. */
export interface ApplyingJob {
  readonly options: RunJobOptions
  readonly start: JobStart
  readonly read: JobRead
  readonly plan: JobPlan
}

/** The operations this run applies, and the disables and deletes it holds for approval. */
interface Narrowed {
  readonly users: ReadonlyArray<UserOperation>
  readonly groups: ReadonlyArray<GroupOperation>
  readonly staged: ReadonlyArray<NewStagedOperation>
}

/** What the writes did. */
interface Applied {
  readonly summary: RunSummary
  readonly failures: ReadonlyArray<ApplyFailure>
  /** People's failed writes alone (quarantine is judged on them). */
  readonly userFailures: ReadonlyArray<ApplyFailure>
}

export async function applyJob(
  context: RunContext,
  run: ApplyingJob,
  alerts: JobAlerts
): Promise<RunOutcome> {
  const narrowed = narrowForApply(context, run)
  const { confirm } = run.options
  if (
    confirm !== undefined &&
    !(await confirm(summarise(narrowed.users, narrowed.groups), [...narrowed.users, ...narrowed.groups]))
  ) {
    const end = {
      status: 'cancelled',
      summary: emptyRunSummary(),
      failures: [],
      staged: 0,
      users: [],
      groups: [],
    } as const
    return finishJob(context, run, end)
  }
  const alreadyAlerted = prepareStore(context, run, narrowed.staged)
  run.options.onPhase?.('apply', `Applying ${countWrites([...narrowed.users, ...narrowed.groups])} change(s)`)
  const applied = await applyOperations(context, run, narrowed)
  return conclude(context, run, { narrowed, applied, alerts, alreadyAlerted })
}

/**
 * Settles an interrupted run's writes from the fresh plan, then keeps what this run may do: an
 * approval its staged operations, a saved plan its rows, a scheduled run what escrow lets
 * through; past the deletion threshold, every disable and delete waits for approval.
 */
function narrowForApply(context: RunContext, { options, start, plan }: ApplyingJob): Narrowed {
  const { job, db, clock } = context.prepared
  const runId = context.runId
  const reconciled = reconcileInterrupted(db, job.id, runId, plan.users, clock.now(), plan.groups)
  const recovered = reconciled.done + reconciled.notDone
  if (recovered > 0) {
    start.notices.push(
      `Recovered ${recovered} write(s) of an interrupted run: ${reconciled.done} were done, ` +
        `${reconciled.notDone} were not (this run does what is still needed)`
    )
  }
  const restricted =
    start.approving !== null
      ? restrictToApproved(plan.users, plan.groups, start.approving)
      : options.savedPlan !== undefined
        ? restrictToSavedPlan(plan.users, plan.groups, options.savedPlan)
        : plan
  const users =
    options.scheduled === true
      ? applyEscrowWaits(restricted.users, loadEscrow(db, job.id), clock.now().getTime())
      : restricted.users
  const deletion = plan.deletion
  if (deletion?.blocked !== true) return { users, groups: restricted.groups, staged: [] }
  // Stop before any disable or delete: stage them for approval, log them as StagedDelete.
  const reason = `${deletion.reason}; staged for approval: provisioner apply --job … --allow-deletes ${runId}`
  return holdForApproval({ users, groups: restricted.groups }, { jobId: job.id, runId, reason })
}

/**
 * Before the first write: old log entries are pruned, and staged deletions of earlier runs wait
 * no longer (this run decides afresh). Returns whether this run stages the very same ones (the
 * admin was told already: Entra notifies once).
 */
function prepareStore(
  context: RunContext,
  { start }: ApplyingJob,
  staged: ReadonlyArray<NewStagedOperation>
): boolean {
  const { job, db, clock } = context.prepared
  return inTransaction(db, () => {
    pruneLogs(db, clock.now().getTime() - job.config.logs.retentionDays * 86_400_000)
    let repeated = false
    if (start.approving === null) {
      const previous = supersedeStaged(db, job.id, context.runId)
      repeated = staged.length > 0 && sameStagedSet(previous, staged)
    }
    stageOperations(db, staged)
    return repeated
  })
}

/** People first, then groups (members need their accounts); an approval settles its staged operations. */
async function applyOperations(
  context: RunContext,
  { options, start, read }: ApplyingJob,
  narrowed: Narrowed
): Promise<Applied> {
  const { job, db } = context.prepared
  // An approval logs only what it approves.
  const logUnchanged = job.config.logs.unchanged && start.approving === null
  const userResult = await context.applyUsers(narrowed.users, {
    concurrency: targetTuning(job.config.target).concurrency,
    linksByTarget: linksByTarget(read.userLinks),
    logUnchanged,
    escrow: loadEscrow(db, job.id),
  })
  let groupSummary = userResult.summary.groups
  let groupFailures: ReadonlyArray<ApplyFailure> = []
  if (narrowed.groups.length > 0) {
    const accounts = loadLinks(db, job.id, 'user')
    const groupResult = await applyGroupPlan(narrowed.groups, {
      jobId: job.id,
      runId: context.runId,
      target: context.target,
      recorder: context.recorder,
      membersPerPatch: targetTuning(job.config.target).membersPerPatch,
      memberRemoval: targetTuning(job.config.target).memberRemoval,
      accountOf: sourceId => liveLink(accounts.get(sourceId))?.targetId ?? null,
      logUnchanged,
      signal: context.progress.signal,
    })
    groupSummary = groupResult.summary
    groupFailures = groupResult.failures
  }
  const failures = [...userResult.failures, ...groupFailures]
  context.progress.phase('finishing')
  start.notices.push(...(await context.finishWrites()))
  const applied = {
    summary: { users: userResult.summary.users, groups: groupSummary },
    failures,
    userFailures: userResult.failures,
  }
  // A cancelled run did part of its plan: the access map keeps its earlier listing, and staged
  // deletions it approved stay waiting (the next approval carries on from a fresh plan).
  if (context.cancelled) return applied
  // The access map's view of the target: the listing read, with what this run did to it.
  const failed = new Set(userResult.failures.map(failure => failure.changeId))
  const done = narrowed.users.filter(operation => !failed.has(operation.changeId))
  recordListings(
    db,
    job.id,
    context.runId,
    read.mapped,
    read.snapshot.values(),
    done,
    loadLinks(db, job.id, 'user')
  )
  if (start.approving !== null) {
    const outcomes = approvalOutcomes(start.approving, [...narrowed.users, ...narrowed.groups], failures)
    inTransaction(db, () => {
      for (const { staged, state } of outcomes) {
        resolveStaged(db, staged.runId, staged.changeId, state, context.runId)
      }
    })
  }
  return applied
}

/** Quarantine when the target failed too often, blocked when deletions wait for approval, else completed. */
async function conclude(
  context: RunContext,
  run: ApplyingJob,
  outcome: {
    readonly narrowed: Narrowed
    readonly applied: Applied
    readonly alerts: JobAlerts
    readonly alreadyAlerted: boolean
  }
): Promise<RunOutcome> {
  const { job, db, clock } = context.prepared
  const { narrowed, applied, alerts } = outcome
  const end = {
    summary: applied.summary,
    failures: applied.failures,
    staged: narrowed.staged.length,
    users: narrowed.users,
    groups: narrowed.groups,
  }
  // Cancelled: what was done is recorded; quarantine is not judged on part of the writes.
  if (context.cancelled) return finishJob(context, run, { ...end, status: 'cancelled' })
  // The ratio is over user writes: group member failures are reference failures, which Entra
  // does not count toward quarantine either (§F).
  const decision = quarantineForRun(
    countWrites(narrowed.users),
    applied.userFailures,
    job.config.safety.quarantine
  )
  if (decision !== null) {
    enterQuarantine(db, job.id, decision.code, decision.reason, clock.now().getTime())
    const quarantined = finishJob(context, run, { ...end, status: 'quarantined' })
    await alerts.send('quarantined', context.runId, 'quarantined', `${decision.reason} (${decision.code})`)
    return quarantined
  }
  recordHealthyRun(db, job.id, clock.now().getTime())
  if (narrowed.staged.length > 0) {
    const blocked = finishJob(context, run, { ...end, status: 'blocked' })
    if (outcome.alreadyAlerted) {
      run.start.notices.push(
        'The same disables/deletes as in the previous blocked run are waiting for approval'
      )
    } else {
      await alerts.send(
        'run-blocked',
        context.runId,
        'blocked',
        run.plan.deletion?.reason ?? 'deletion threshold'
      )
    }
    return blocked
  }
  const status = applied.failures.length === 0 ? 'completed' : 'completed-with-errors'
  return finishJob(context, run, { ...end, staged: 0, status })
}
