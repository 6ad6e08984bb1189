import { newChangeId } from './change-id'
import { setImmediate as yieldToEvents } from 'node:timers/promises'
import { recordListings } from '../access/record-listings'
import { loadRevocations } from '../../store/reviews-store'
import { revokeReviewedAccess } from '../access/access-review'
import { targetName, targetTuning } from '../../config/target-settings'
import { quarantineForError } from '../../connectors/scim/scim-failures'
import { sourceName } from '../../config/source-name'
import type { RunKind } from '../../model/run'
import { clearAllEscrow } from '../../store/escrow-store'
import { clearQuarantine, enterQuarantine, getJobState } from '../../store/job-state-store'
import { describePause, getJobPause, JobPausedError } from '../../store/job-pause-store'
import { loadLinks, loadMatchDecisions } from '../../store/links-store'
import { listStaged } from '../../store/staged-store'
import { memberResolver } from '../plan/member-resolution'
import { planGroups, removableAccounts } from '../plan/plan-groups'
import { planUsers } from '../plan/plan-users'
import { type RunOperation, summarise } from '../plan/summary'
import { resolveUniqueValues } from '../plan/unique-values'
import { waitingForApproval } from '../safety/approvals'
import { checkDeletionThreshold } from '../safety/deletion-threshold'
import { protectedAccounts } from '../safety/protected-accounts'
import { applyProtection, countActiveLinks } from '../safety/run-gates'
import { checkSavedPlan } from '../safety/saved-plan'
import { JobAlerts } from './alerts'
import { applyJob } from './apply-job'
import {
  cancelledOutcome,
  configHash,
  type DryRunPlan,
  finishDryRun,
  type JobPlan,
  type JobRead,
  type JobStart,
  QuarantinedError,
  type RunJobOptions,
  type RunOutcome,
  runCounts,
  type ShownOperation,
  shownOperation,
  skippedOutcome,
} from './job-outcome'
import { completeGroupMembers, readAll, userSnapshot } from './read-target'
import { readMappedGroups, readMappedUsers, type SourceThread } from './read-source'
import { readsSourceOnThread } from './read-source-worker'
import { collectGarbage } from './collect-garbage'
import { type PreparedRun, prepareRun, type RunContext } from './run-context'
import { RunCancelledError } from './run-progress'

export { ApprovalError } from '../safety/approvals'
export { SavedPlanMismatchError } from '../safety/saved-plan'
export type { RunOperation } from '../plan/summary'
export {
  type ShownOperation,
  configHash,
  noticesOf,
  QuarantinedError,
  type RunJobOptions,
  type RunOutcome,
  type RunStep,
} from './job-outcome'

/**
 * One run of a job: import → scope → map → read target → match → plan → (apply).
 *
 * Everything that can be refused (job file, source file, credentials, target reachability) is
 * checked before the first write. Safety rules sit between plan and apply: protected accounts,
 * escrow waits (scheduled runs), and the deletion threshold.
 */
export async function runJob(
  options: RunJobOptions & { readonly showOnly: true }
): Promise<RunOutcome<ShownOperation>>
export async function runJob(options: RunJobOptions & { readonly showOnly?: false }): Promise<RunOutcome>
export async function runJob(options: RunJobOptions): Promise<RunOutcome<ShownOperation>> {
  const notices: string[] = []
  const alerts = new JobAlerts(options.job, options.secrets, options.env, notices)
  try {
    return await runJobSteps(options, alerts, notices)
  } catch (error) {
    // A scheduled run that cannot even start (source file missing, secret gone) must not fail
    // silently; a person at the terminal sees the error already.
    if (options.mode === 'apply' && options.scheduled === true && !alerts.sent) {
      await alerts.send('run-failed', null, 'failed', error instanceof Error ? error.message : String(error))
    }
    if (error instanceof Error && notices.length > 0) {
      Object.assign(error, { notices: [...notices] })
    }
    throw error
  }
}

async function runJobSteps(
  options: RunJobOptions,
  alerts: JobAlerts,
  notices: string[]
): Promise<RunOutcome<ShownOperation>> {
  const prepared = prepareRun(options)
  const start = startJob(prepared, options, notices)
  if ('skipped' in start) return start.skipped
  options.onPhase?.('import', `Reading ${sourceName(options.job.config.source)}`)
  return prepared.connect('source-and-target', async context => {
    // The job is claimed before the target is read: a run that overlaps another must not plan
    // from a listing taken before the other's writes (it would create those accounts again).
    context.claim({
      mode: options.mode,
      kind: start.kind,
      relatedRunId: options.allowDeletesOf ?? null,
      startedAt: start.startedAt,
    })
    try {
      const held = await readAndPlan(context, options, { start, alerts })
      if (options.mode === 'apply') {
        return await applyJob(context, { options, start, read: held.read, plan: held.plan }, alerts)
      }
      const made = dryRunPlan(context, options, held)
      // Most of the heap was let go just now (showOnly): reused for storing and showing the plan.
      if (options.showOnly === true) collectGarbage()
      await yieldToEvents()
      return finishDryRun(context, { options, start }, made)
    } catch (error) {
      // Cancelled while reading or planning: nothing was written; the run is recorded cancelled.
      if (error instanceof RunCancelledError) return cancelledOutcome(context, options, start)
      if (!(error instanceof QuarantinedError)) {
        context.failIfOpen(error)
        if (options.mode === 'apply') {
          const message = error instanceof Error ? error.message : String(error)
          await alerts.send('run-failed', context.runId, 'failed', message)
        }
      }
      throw error
    }
  })
}

/** What a run read and planned, held here only: a dry run lets go of it once its plan is counted. */
interface ReadAndPlanned {
  read: JobRead
  plan: JobPlan
}

/** Reads the source and the target, then plans. */
async function readAndPlan(
  context: RunContext,
  options: RunJobOptions,
  steps: { readonly start: JobStart; readonly alerts: JobAlerts }
): Promise<ReadAndPlanned> {
  const read = await readJob(context, options, steps)
  context.progress.throwIfCancelled()
  context.progress.phase('planning', read.mapped.length)
  const plan = planJob(context, options, { start: steps.start, read })
  // Planning, recording the listings and storing the plan each hold the thread for seconds
  // at 100,000 people: between them the process answers other calls (the app's API host).
  await yieldToEvents()
  context.progress.throwIfCancelled()
  return { read, plan }
}

/**
 * A dry run's plan, summarised and counted, its listings recorded. With `showOnly` the operations
 * are copied to their shown part and `held` is emptied as soon as each part is no longer needed
 * (the full operations before the listings are recorded, what was read after): nothing then
 * keeps the target's accounts, the mapped people or the planner's state for the seconds the plan
 * takes to store and show (at 100,000 people they are most of the run's memory).
 */
function dryRunPlan(
  context: RunContext,
  options: RunJobOptions,
  held: Partial<ReadAndPlanned>
): DryRunPlan<ShownOperation> {
  const made = countedPlan(options, held)
  const read = held.read as JobRead
  const { db, job } = context.prepared
  recordListings(db, job.id, context.runId, read.mapped, read.snapshot.values(), [], read.userLinks)
  if (options.showOnly === true) delete held.read
  return made
}

/** The plan's summary, counts and operations (shown ones with `showOnly`, the plan then let go). */
function countedPlan(options: RunJobOptions, held: Partial<ReadAndPlanned>): DryRunPlan<ShownOperation> {
  const { read, plan } = held as ReadAndPlanned
  const made = {
    summary: summarise(plan.users, plan.groups),
    counts: runCounts(read, plan.users),
    deletion: plan.deletion,
  }
  const operations: ReadonlyArray<RunOperation> = [...plan.users, ...plan.groups]
  if (options.showOnly !== true) return { ...made, operations }
  delete held.plan
  return { ...made, operations: operations.map(shownOperation) }
}

/**
 * What a run settles before it connects: the job compiles, a saved plan still fits it, an
 * approval names staged operations; the job is recorded, a restart forgets quarantine and
 * escrow, a paused job's scheduled run is skipped and its manual apply refused (plans still
 * run: they write nothing), and a scheduled run of a quarantined job waits out its backoff.
 */
function startJob(
  prepared: PreparedRun,
  options: RunJobOptions,
  notices: string[]
): JobStart | { readonly skipped: RunOutcome } {
  const { job, db } = prepared
  const startedAt = prepared.clock.now().getTime()
  prepared.compile()
  const hash = configHash(job)
  if (options.savedPlan !== undefined) {
    checkSavedPlan(options.savedPlan, job, hash)
  }
  const approving =
    options.allowDeletesOf === undefined
      ? null
      : waitingForApproval(listStaged(db, options.allowDeletesOf), job.id, options.allowDeletesOf)
  const kind: RunKind = approving === null ? 'sync' : 'approve-deletes'
  const pause = options.mode === 'apply' ? getJobPause(db, job.id) : null
  if (pause !== null && options.scheduled === true) {
    const reason = `${describePause(pause)}; scheduled runs skip it until an admin resumes it`
    return { skipped: skippedOutcome(options, { configHash: hash, state: getJobState(db, job.id), reason }) }
  }
  if (pause !== null) throw new JobPausedError(job.id, pause)
  prepared.saveJob()
  if (options.restart === true && options.mode === 'apply') {
    const cleared = clearAllEscrow(db, job.id)
    clearQuarantine(db, job.id)
    notices.push(
      `Restart: quarantine cleared and ${cleared} escrowed retr${cleared === 1 ? 'y' : 'ies'} forgotten`
    )
  }
  const state = getJobState(db, job.id)
  const waitUntil = state.nextScheduledRunAt
  if (options.scheduled === true && waitUntil !== null && Date.parse(waitUntil) > startedAt) {
    const reason = `The job is quarantined (${state.quarantineReason ?? 'unknown reason'}); scheduled runs wait until ${waitUntil}`
    return { skipped: skippedOutcome(options, { configHash: hash, state, reason }) }
  }
  return { kind, approving, configHash: hash, startedAt, notices }
}

/**
 * Reads the source and the target. The target is listed while the source is parsed: the
 * listing mostly waits on the server, and parsing fills that wait. Both only read; nothing is
 * written before both succeed. Credentials refused or an endpoint that is not SCIM quarantine
 * the job (apply runs).
 */
async function readJob(
  context: RunContext,
  options: RunJobOptions,
  { start, alerts }: { readonly start: JobStart; readonly alerts: JobAlerts }
): Promise<JobRead> {
  const { job, db, compiled, clock } = context.prepared
  const { target, progress } = context
  const { signal } = progress
  options.onPhase?.('read-target', `Reading accounts from ${targetName(job.config.target)}`)
  progress.phase('reading-source')
  // The listing runs alongside the source read; its count shows once the source is read.
  let listed = 0
  const onListed = (count: number) => {
    listed = count
    if (progress.current.phase === 'reading-target') progress.advance(count)
  }
  const userListing = readAll(target, 'user', { signal, onRead: onListed })
  const groupListing = compiled.groups === null ? Promise.resolve([]) : readAll(target, 'group', { signal })
  userListing.catch(() => undefined)
  groupListing.catch(() => undefined)
  const mapOptions = { now: clock.now, random: clock.random }
  // People an access review removed leave the job's scope: the plan disables them as usual.
  const mapped = revokeReviewedAccess(
    await readMappedUsers(
      context.source.connector,
      compiled,
      mapOptions,
      {
        signal,
        onRead: count => progress.advance(count),
      },
      sourceThread(job, options)
    ),
    loadRevocations(db, job.id)
  )
  const groups = await readMappedGroups(context.source, compiled, mapped, mapOptions)
  progress.phase('reading-target')
  progress.advance(listed)
  const userLinks = loadLinks(db, job.id, 'user')
  const groupLinks = loadLinks(db, job.id, 'group')
  try {
    const users = await userSnapshot(
      await userListing,
      userLinks,
      target,
      targetTuning(job.config.target).concurrency
    )
    if (users.unlisted > 0) {
      start.notices.push(
        `${users.unlisted} linked account(s) were missing from the target's listing but exist ` +
          `(read by id); they were kept, not treated as deleted`
      )
    }
    const completed = await completeGroupMembers(await groupListing, groups, groupLinks, target)
    return {
      mapped,
      groups,
      userLinks,
      groupLinks,
      snapshot: users.snapshot,
      groupSnapshot: completed.snapshot,
      membersUnknown: completed.membersUnknown,
    }
  } catch (error) {
    const decision = options.mode === 'apply' ? quarantineForError(error) : null
    if (decision === null) throw error
    enterQuarantine(db, job.id, decision.code, decision.reason, clock.now().getTime())
    context.finish({ status: 'quarantined', summary: null, failed: 0, error: decision.reason })
    await alerts.send('quarantined', context.runId, 'quarantined', `${decision.reason} (${decision.code})`)
    throw new QuarantinedError(decision.reason, error)
  }
}

/** A large CSV file is read and mapped on its own thread while this one reads the target. */
function sourceThread(job: PreparedRun['job'], options: RunJobOptions): SourceThread | null {
  const clockInjected = options.now !== undefined || options.random !== undefined
  return readsSourceOnThread(job, clockInjected, options.env) ? { job } : null
}

/** Plans people then groups, keeps protected accounts, and asks the deletion threshold. */
function planJob(
  context: RunContext,
  options: RunJobOptions,
  { start, read }: { readonly start: JobStart; readonly read: JobRead }
): JobPlan {
  const { job, db, compiled, clock } = context.prepared
  const source = job.config.source
  options.onPhase?.('plan', `Planning ${read.mapped.length} people against ${read.snapshot.size} accounts`)
  const mapOptions = { now: clock.now, random: clock.random }
  const resolved = resolveUniqueValues(read.mapped, compiled.users, read.snapshot, read.userLinks, mapOptions)
  const users = planUsers({
    mapped: resolved,
    links: read.userLinks,
    target: read.snapshot,
    compiled: compiled.users,
    authoritative: source.authoritative,
    deprovision: job.config.users.deprovision,
    actions: job.config.users.actions,
    now: clock.now().getTime(),
    newChangeId,
    sourceName: context.source.name,
    decisions: loadMatchDecisions(db, job.id, 'user'),
    jobFile: job.displayFile,
  })
  const groups =
    compiled.groups === null
      ? []
      : planGroups({
          groups: read.groups,
          links: read.groupLinks,
          target: read.groupSnapshot,
          membersUnknown: read.membersUnknown,
          compiled: compiled.groups,
          resolveMember: memberResolver(users, read.snapshot),
          // Accounts deleted by this run are gone before the groups are changed.
          deletedAccounts: new Set(
            users.flatMap(operation =>
              operation.action === 'delete' && operation.targetId !== null ? [operation.targetId] : []
            )
          ),
          managedAccounts: removableAccounts(
            read.userLinks,
            source.authoritative ? null : new Set(read.mapped.map(person => person.source.id))
          ),
          authoritative: source.authoritative,
          whenRemoved: job.config.groups?.deprovision.whenRemoved ?? 'ignore',
          actions: job.config.groups?.actions,
          newChangeId,
          sourceName: context.source.name,
        })
  const safety = job.config.safety
  const kept = applyProtection(
    users,
    protectedAccounts(safety.protectedAccounts, safety.protectedFilters),
    read.snapshot
  )
  const deletion =
    start.approving === null
      ? checkDeletionThreshold([...kept, ...groups], countActiveLinks(read.userLinks), {
          count: safety.deletionThreshold,
          percent: safety.deletionThresholdPercent,
        })
      : null
  return { users: kept, groups, deletion }
}
