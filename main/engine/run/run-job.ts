import type { JobState } from '../../model/job-state'
import type { NewStagedOperation, StagedOperation } from '../../model/staged'
import { randomUUID } from 'node:crypto'
import type { TargetConnector, TargetResource } from '../../connectors/connector'
import type { LoadedJob } from '../../config/load-job'
import { plainHttpRefusal } from '../../config/plain-http'
import type { Link } from '../../model/link'
import type { RunKind, RunStatus, RunSummary } from '../../model/run'
import { emptyRunSummary } from '../../model/run'
import type { SavedPlan } from '../../model/plan'
import type { SecretStore } from '../../secrets/secret-store'
import { resolveSecretRef } from '../../secrets/resolve-secret'
import { inTransaction, type WritableDB } from '../../store/database'
import { clearAllEscrow, loadEscrow } from '../../store/escrow-store'
import { clearQuarantine, enterQuarantine, getJobState, recordHealthyRun } from '../../store/job-state-store'
import { listStaged, resolveStaged, stageOperations, supersedeStaged } from '../../store/staged-store'
import { type AlertEvent, sendAlert } from './alerts'
import { checkDeletionThreshold, type DeletionCheck, isDeprovision } from '../safety/deletion-threshold'
import { protectedAccounts } from '../safety/protected-accounts'
import { quarantineForError } from '../../connectors/scim/scim-failures'
import { quarantineForRun } from '../safety/quarantine-policy'
import { reconcileInterrupted } from '../recovery/reconcile-interrupted'
import {
  applyEscrowWaits,
  applyProtection,
  countActiveLinks,
  holdBack,
  holdBackGroup,
} from '../safety/run-gates'
import { saveJob } from '../../store/jobs-store'
import { loadLinks, loadMatchDecisions } from '../../store/links-store'
import { pruneLogs } from '../../store/logs-store'
import { failRun, finishRun } from '../../store/runs-store'
import { applyGroupPlan } from '../apply/apply-groups'
import { applyUserPlan } from '../apply/apply-users'
import type { ApplyFailure } from '../../model/failure'
import { compileJob } from '../plan/compile-job'
import { linksByTarget, liveLink } from '../plan/links'
import { shortHash } from '../plan/short-hash'
import { countWrites, type RunOperation, summarise } from '../plan/summary'
import {
  type GroupOperation,
  type MemberResolution,
  planGroups,
  removableAccounts,
} from '../plan/plan-groups'
import { planUsers, type UserOperation } from '../plan/plan-users'
import { openSource, openTarget, retryPolicyOf, sourceName } from './connectors'
import { readMappedGroups, readMappedUsers } from './read-source'
import { newRunId } from './run-id'
import { startRun } from './run-lock'
import { RunRecorder } from '../apply/run-recorder'
import { checkSavedPlan, restrictToSavedPlan } from '../safety/saved-plan'
import { TargetSnapshot } from '../plan/target-snapshot'
import { completeGroupMembers } from './group-members'
import { isActive } from '../plan/value-compare'
import { resolveUniqueValues } from '../plan/unique-values'
import { findUnlistedAccounts } from './unlisted-accounts'

export { SavedPlanMismatchError } from '../safety/saved-plan'

export type RunPhase = 'import' | 'read-target' | 'plan' | 'apply'

export interface RunJobOptions {
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
  readonly onPhase?: (phase: RunPhase, detail: string) => void
  /** Asked after planning and before the first write; returning false cancels the run. */
  readonly confirm?: (summary: RunSummary, operations: ReadonlyArray<RunOperation>) => Promise<boolean>
  readonly onProgress?: (done: number, total: number) => void
}

export type { RunOperation } from '../plan/summary'

export interface RunOutcome {
  /** Null when a scheduled run did not start (see `skipped`). */
  readonly runId: string | null
  readonly mode: 'dry-run' | 'apply'
  readonly kind: RunKind
  readonly status: Exclude<RunStatus, 'running'>
  /** Dry run: what would be done. Apply: what was done. */
  readonly summary: RunSummary
  /** The plan (dry run) or the operations attempted (apply): users first, then groups. */
  readonly operations: ReadonlyArray<RunOperation>
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

/** The job's settings in a canonical form, so a saved plan can tell whether the job changed. */
export function configHash(job: LoadedJob): string {
  return shortHash(job.config)
}

/** `apply --allow-deletes` named a run with nothing to approve. */
export class ApprovalError extends Error {
  public constructor(message: string) {
    super(message)
    this.name = 'ApprovalError'
  }
}

/**
 * One run of a job: import → scope → map → read target → match → plan → (apply).
 *
 * Everything that can be refused (job file, source file, credentials, target reachability) is
 * checked before the first write. Safety rules sit between plan and apply: protected accounts,
 * escrow waits (scheduled runs), and the deletion threshold.
 */
export async function runJob(options: RunJobOptions): Promise<RunOutcome> {
  const notices: string[] = []
  let alerted = false
  const send = alerter(options.job, options.secrets, options.env, notices)
  const alert: Alert = async (...args) => {
    alerted = true
    await send(...args)
  }
  try {
    return await runJobSteps(options, alert, notices)
  } catch (error) {
    // A scheduled run that cannot even start (source file missing, secret gone) must not fail
    // silently; a person at the terminal sees the error already.
    if (options.mode === 'apply' && options.scheduled === true && !alerted) {
      const message = error instanceof Error ? error.message : String(error)
      await send('run-failed', null, 'failed', message, getJobState(options.db, options.job.id))
    }
    if (error instanceof Error && notices.length > 0) {
      Object.assign(error, { notices: [...notices] })
    }
    throw error
  }
}

/** What `runJob` reports after the fact: an error can carry notices (e.g. an alert not sent). */
export function noticesOf(error: unknown): ReadonlyArray<string> {
  const notices = (error as { notices?: unknown } | null)?.notices
  return Array.isArray(notices)
    ? notices.filter((notice): notice is string => typeof notice === 'string')
    : []
}

type Alert = (
  event: AlertEvent,
  runId: string | null,
  status: string,
  reason: string,
  state: JobState
) => Promise<void>

async function runJobSteps(options: RunJobOptions, alert: Alert, notices: string[]): Promise<RunOutcome> {
  const { job, db } = options
  const now = options.now ?? (() => new Date())
  const random = options.random ?? Math.random
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>(resolve => setTimeout(resolve, ms)))
  const startedAt = now().getTime()
  const compiled = compileJob(job)
  const hash = configHash(job)
  if (options.savedPlan !== undefined) {
    checkSavedPlan(options.savedPlan, job, hash)
  }
  const approving =
    options.allowDeletesOf === undefined ? null : stagedToApprove(db, job.id, options.allowDeletesOf)
  const kind: RunKind = approving === null ? 'sync' : 'approve-deletes'

  saveJob(db, { id: job.id, name: job.config.name, config: job.config, configPath: job.file })
  if (options.restart === true && options.mode === 'apply') {
    const cleared = clearAllEscrow(db, job.id)
    clearQuarantine(db, job.id)
    notices.push(
      `Restart: quarantine cleared and ${cleared} escrowed retr${cleared === 1 ? 'y' : 'ies'} forgotten`
    )
  }
  const stateBefore = getJobState(db, job.id)
  if (
    options.scheduled === true &&
    stateBefore.nextScheduledRunAt !== null &&
    Date.parse(stateBefore.nextScheduledRunAt) > startedAt
  ) {
    return skippedOutcome(
      options.mode,
      hash,
      stateBefore,
      `The job is quarantined (${stateBefore.quarantineReason ?? 'unknown reason'}); scheduled runs wait until ${stateBefore.nextScheduledRunAt}`
    )
  }

  options.onPhase?.('import', `Reading ${sourceName(job.config.source)}`)
  const source = await openSource(job, compiled)
  const target = await openTarget(job, options.secrets, options.env)

  try {
    // The job is claimed before the target is read: a run that overlaps another must not plan
    // from a listing taken before the other's writes (it would create those accounts again).
    const runId = newRunId(now())
    startRun(
      db,
      { id: runId, jobId: job.id, mode: options.mode, kind, relatedRunId: options.allowDeletesOf ?? null },
      { now: startedAt, jobFile: job.displayFile }
    )
    try {
      // The target is read while the source is parsed: the listing mostly waits on the server,
      // and parsing fills that wait. Both only read; nothing is written before both succeed.
      options.onPhase?.('read-target', `Reading accounts from ${job.config.target.baseUrl}`)
      const userListing = readAll(target, 'user')
      const groupListing = compiled.groups === null ? Promise.resolve([]) : readAll(target, 'group')
      userListing.catch(() => undefined)
      groupListing.catch(() => undefined)
      const mapped = await readMappedUsers(source.connector, compiled, { now, random })
      const groups = await readMappedGroups(source, compiled, mapped, { now, random })
      const userLinks = loadLinks(db, job.id, 'user')

      let snapshot: TargetSnapshot
      let groupSnapshot: TargetSnapshot
      let membersUnknown: ReadonlySet<string> = new Set()
      try {
        snapshot = await userSnapshot(await userListing, userLinks, target, job, notices)
        const completed = await completeGroupMembers(
          await groupListing,
          groups,
          loadLinks(db, job.id, 'group'),
          target
        )
        groupSnapshot = completed.snapshot
        membersUnknown = completed.membersUnknown
      } catch (error) {
        const decision = options.mode === 'apply' ? quarantineForError(error) : null
        if (decision !== null) {
          const state = enterQuarantine(db, job.id, decision.code, decision.reason, now().getTime())
          finishRun(db, runId, { status: 'quarantined', summary: null, failed: 0, error: decision.reason })
          await alert('quarantined', runId, 'quarantined', `${decision.reason} (${decision.code})`, state)
          throw new QuarantinedError(decision.reason, error)
        }
        throw error
      }

      options.onPhase?.('plan', `Planning ${mapped.length} people against ${snapshot.size} accounts`)
      const resolved = resolveUniqueValues(mapped, compiled.users, snapshot, userLinks, { now, random })
      let userOperations = planUsers({
        mapped: resolved,
        links: userLinks,
        target: snapshot,
        compiled: compiled.users,
        authoritative: job.config.source.authoritative,
        deprovision: job.config.users.deprovision,
        now: now().getTime(),
        newChangeId: randomUUID,
        sourceName: source.name,
        decisions: loadMatchDecisions(db, job.id, 'user'),
        jobFile: job.displayFile,
      })
      let groupOperations =
        compiled.groups === null
          ? []
          : planGroups({
              groups,
              links: loadLinks(db, job.id, 'group'),
              target: groupSnapshot,
              membersUnknown,
              compiled: compiled.groups,
              resolveMember: memberResolver(userOperations, snapshot),
              // Accounts deleted by this run are gone before the groups are changed.
              deletedAccounts: new Set(
                userOperations.flatMap(operation =>
                  operation.action === 'delete' && operation.targetId !== null ? [operation.targetId] : []
                )
              ),
              managedAccounts: removableAccounts(
                userLinks,
                job.config.source.authoritative ? null : new Set(mapped.map(person => person.source.id))
              ),
              authoritative: job.config.source.authoritative,
              whenRemoved: job.config.groups?.deprovision.whenRemoved ?? 'ignore',
              newChangeId: randomUUID,
              sourceName: source.name,
            })

      const safety = job.config.safety
      userOperations = applyProtection(
        userOperations,
        protectedAccounts(safety.protectedAccounts, safety.protectedFilters),
        snapshot
      )
      const deletion =
        approving === null
          ? checkDeletionThreshold([...userOperations, ...groupOperations], countActiveLinks(userLinks), {
              count: safety.deletionThreshold,
              percent: safety.deletionThresholdPercent,
            })
          : null
      const finish = (
        status: RunOutcome['status'],
        summary: RunSummary,
        failures: ReadonlyArray<ApplyFailure>,
        staged: number
      ): RunOutcome => {
        finishRun(db, runId, { status, summary, failed: failures.length, error: null })
        return {
          runId,
          mode: options.mode,
          kind,
          status,
          summary,
          operations: [...userOperations, ...groupOperations],
          failures,
          configHash: hash,
          sourceCount: mapped.length,
          targetCount: snapshot.size,
          deletion,
          staged,
          jobState: getJobState(db, job.id),
          skipped: null,
          unmanagedAccounts: countUnmanaged(snapshot, userOperations, userLinks),
          notices,
        }
      }

      if (options.mode === 'dry-run') {
        return finish('completed', summarise(userOperations, groupOperations), [], 0)
      }

      const reconciled = reconcileInterrupted(db, job.id, runId, userOperations, now(), groupOperations)
      if (reconciled.done + reconciled.notDone > 0) {
        notices.push(
          `Recovered ${reconciled.done + reconciled.notDone} write(s) of an interrupted run: ${reconciled.done} were done, ` +
            `${reconciled.notDone} were not (this run does what is still needed)`
        )
      }
      if (approving !== null) {
        ;({ userOperations, groupOperations } = restrictToApproved(
          userOperations,
          groupOperations,
          approving
        ))
      } else if (options.savedPlan !== undefined) {
        ;({ users: userOperations, groups: groupOperations } = restrictToSavedPlan(
          userOperations,
          groupOperations,
          options.savedPlan
        ))
      }
      if (options.scheduled === true) {
        userOperations = applyEscrowWaits(userOperations, loadEscrow(db, job.id), now().getTime())
      }
      let staged: Array<NewStagedOperation> = []
      if (deletion?.blocked === true) {
        // Stop before any disable or delete: stage them for approval, log them as StagedDelete.
        const reason = `${deletion.reason}; staged for approval: provisioner apply --job … --allow-deletes ${runId}`
        staged = [...userOperations, ...groupOperations]
          .filter(isDeprovision)
          .map(operation => stagedRow(job.id, runId, operation))
        userOperations = userOperations.map(operation =>
          isDeprovision(operation) ? holdBack(operation, 'StagedDelete', reason) : operation
        )
        // Taking people out of groups removes access too: it waits with their disables.
        groupOperations = groupOperations.map(operation =>
          isDeprovision(operation)
            ? holdBackGroup(operation, 'StagedDelete', reason)
            : withoutMemberRemovals(operation)
        )
      }
      const all = [...userOperations, ...groupOperations]
      if (
        options.confirm !== undefined &&
        !(await options.confirm(summarise(userOperations, groupOperations), all))
      ) {
        userOperations = []
        groupOperations = []
        return finish('cancelled', emptyRunSummary(), [], 0)
      }
      let alreadyAlerted = false
      inTransaction(db, () => {
        pruneLogs(db, now().getTime() - job.config.logs.retentionDays * 86_400_000)
        if (approving === null) {
          // Deletions staged by earlier runs wait no longer: this run decides afresh. If it stages
          // the very same ones, the admin was told already (Entra notifies once).
          const previous = supersedeStaged(db, job.id, runId)
          alreadyAlerted = staged.length > 0 && sameStagedSet(previous, staged)
        }
        stageOperations(db, staged)
      })
      options.onPhase?.('apply', `Applying ${countWrites(all)} change(s)`)
      const recorder = new RunRecorder(db)
      const escrow = loadEscrow(db, job.id)
      const retry = retryPolicyOf(job)
      const userResult = await applyUserPlan(userOperations, {
        jobId: job.id,
        runId,
        target,
        recorder,
        concurrency: job.config.target.concurrency,
        linksByTarget: linksByTarget(userLinks),
        logUnchanged: job.config.logs.unchanged && approving === null,
        onProgress: options.onProgress,
        retry,
        sleep,
        escrowAttempts: sourceId => escrow.get(`user:${sourceId}`)?.attempts ?? 0,
      })
      let groupSummary = userResult.summary.groups
      let groupFailures: ReadonlyArray<ApplyFailure> = []
      if (groupOperations.length > 0) {
        const accounts = loadLinks(db, job.id, 'user')
        const groupResult = await applyGroupPlan(groupOperations, {
          jobId: job.id,
          runId,
          target,
          recorder,
          membersPerPatch: job.config.target.membersPerPatch,
          memberRemoval: job.config.target.memberRemoval,
          accountOf: sourceId => {
            return liveLink(accounts.get(sourceId))?.targetId ?? null
          },
          logUnchanged: job.config.logs.unchanged && approving === null,
        })
        groupSummary = groupResult.summary
        groupFailures = groupResult.failures
      }
      const failures = [...userResult.failures, ...groupFailures]
      if (approving !== null) {
        settleApproval(db, approving, userOperations, groupOperations, failures, runId)
      }

      // The ratio is over user writes: group member failures are reference failures, which Entra
      // does not count toward quarantine either (§F).
      const attempted = countWrites(userOperations)
      const decision = quarantineForRun(attempted, userResult.failures, safety.quarantine)
      const summary = { users: userResult.summary.users, groups: groupSummary }
      if (decision !== null) {
        const state = enterQuarantine(db, job.id, decision.code, decision.reason, now().getTime())
        const outcome = finish('quarantined', summary, failures, staged.length)
        await alert('quarantined', runId, 'quarantined', `${decision.reason} (${decision.code})`, state)
        return outcome
      }
      recordHealthyRun(db, job.id, now().getTime())
      if (staged.length > 0) {
        const outcome = finish('blocked', summary, failures, staged.length)
        if (alreadyAlerted) {
          notices.push('The same disables/deletes as in the previous blocked run are waiting for approval')
        } else {
          await alert(
            'run-blocked',
            runId,
            'blocked',
            deletion?.reason ?? 'deletion threshold',
            outcome.jobState
          )
        }
        return outcome
      }
      return finish(failures.length === 0 ? 'completed' : 'completed-with-errors', summary, failures, 0)
    } catch (error) {
      if (!(error instanceof QuarantinedError)) {
        const message = error instanceof Error ? error.message : String(error)
        failRun(db, runId, error)
        if (options.mode === 'apply') {
          await alert('run-failed', runId, 'failed', message, getJobState(db, job.id))
        }
      }
      throw error
    }
  } finally {
    await target.close()
  }
}

function sameStagedSet(
  previous: ReadonlyArray<StagedOperation>,
  staged: ReadonlyArray<NewStagedOperation>
): boolean {
  const key = (operation: { objectType: string; action: string; targetId: string }) =>
    `${operation.objectType}\u0000${operation.action}\u0000${operation.targetId}`
  const before = new Set(previous.map(key))
  return before.size === staged.length && staged.every(operation => before.has(key(operation)))
}

function withoutMemberRemovals(operation: GroupOperation): GroupOperation {
  if (operation.members.remove.length === 0) return operation
  const members = { ...operation.members, remove: [] }
  const changes = operation.changes.filter(change => !(change.path === 'members' && change.to === null))
  const attributeChanges = operation.execution.kind !== 'none'
  const action =
    operation.action === 'update' && !attributeChanges && members.add.length === 0
      ? 'unchanged'
      : operation.action
  return { ...operation, action, members, changes }
}

/** The run stopped because the job went into quarantine (credentials refused, not a SCIM endpoint). */
export class QuarantinedError extends Error {
  public constructor(
    reason: string,
    public readonly failure: unknown
  ) {
    super(`${reason}. The job is now quarantined: scheduled runs back off until a run succeeds.`)
    this.name = 'QuarantinedError'
  }
}

function skippedOutcome(mode: RunOutcome['mode'], hash: string, state: JobState, reason: string): RunOutcome {
  return {
    runId: null,
    mode,
    kind: 'sync',
    status: 'cancelled',
    summary: emptyRunSummary(),
    operations: [],
    failures: [],
    configHash: hash,
    sourceCount: 0,
    targetCount: 0,
    deletion: null,
    staged: 0,
    jobState: state,
    skipped: reason,
    unmanagedAccounts: 0,
    notices: [],
  }
}

/** Sends the job's alerts (if it has a webhook); failures to deliver become notices. */
function alerter(
  job: LoadedJob,
  secrets: SecretStore,
  env: NodeJS.ProcessEnv | undefined,
  notices: string[]
): Alert {
  return async (
    event: AlertEvent,
    runId: string | null,
    status: string,
    reason: string,
    _state: JobState
  ): Promise<void> => {
    const alerts = job.config.alerts
    let url = alerts.webhookUrl ?? null
    if (url === null && alerts.webhookUrlRef !== undefined) {
      try {
        url = await resolveSecretRef(alerts.webhookUrlRef, secrets, env)
      } catch (error) {
        notices.push(`Alert not sent: ${error instanceof Error ? error.message : String(error)}`)
        return
      }
    }
    if (url === null) return
    const insecure = plainHttpRefusal(url, 'the alert webhook URL', alerts.allowInsecureHttp === true)
    if (insecure !== null) {
      notices.push(`Alert not sent: it ${insecure}`)
      return
    }
    const problem = await sendAlert(url, {
      event,
      jobId: job.id,
      jobName: job.config.name,
      runId,
      status,
      reason,
      time: new Date().toISOString(),
      details:
        runId === null ? `provisioner status --job ${job.displayFile}` : `provisioner logs --run ${runId}`,
    })
    if (problem !== null) notices.push(`Alert not sent: ${problem}`)
  }
}

function stagedRow(jobId: string, runId: string, operation: RunOperation): NewStagedOperation {
  return {
    runId,
    changeId: operation.changeId,
    jobId,
    objectType: operation.objectType,
    action: operation.action === 'delete' ? 'delete' : 'disable',
    sourceId: operation.sourceId,
    targetId: operation.targetId ?? '',
    display: operation.display,
    operation: {
      action: operation.action,
      sourceId: operation.sourceId,
      targetId: operation.targetId,
      reason: operation.reason,
      changes: operation.changes,
    },
  }
}

/** The staged operations of a blocked run that are still waiting for approval. */
function stagedToApprove(db: WritableDB, jobId: string, runId: string): ReadonlyArray<StagedOperation> {
  const staged = listStaged(db, runId)
  if (staged.length === 0) {
    throw new ApprovalError(`Run ${runId} staged no disables or deletes; nothing to approve`)
  }
  if (staged.some(operation => operation.jobId !== jobId)) {
    throw new ApprovalError(`Run ${runId} belongs to another job`)
  }
  const waiting = staged.filter(operation => operation.state === 'staged')
  if (waiting.length === 0) {
    throw new ApprovalError(`The operations staged by run ${runId} were already approved or refused`)
  }
  return waiting
}

/**
 * An approval applies exactly the staged operations that are still right (same action on the
 * same account); anything else the plan holds is left for a normal run.
 */
function restrictToApproved(
  users: ReadonlyArray<UserOperation>,
  groups: ReadonlyArray<GroupOperation>,
  approving: ReadonlyArray<StagedOperation>
): { userOperations: UserOperation[]; groupOperations: GroupOperation[] } {
  const key = (objectType: string, sourceId: string | null, action: string, targetId: string | null) =>
    `${objectType}\u0000${sourceId}\u0000${action}\u0000${targetId}`
  const wanted = new Set(
    approving.map(operation =>
      key(operation.objectType, operation.sourceId, operation.action, operation.targetId)
    )
  )
  return {
    userOperations: users.filter(operation =>
      wanted.has(key('user', operation.sourceId, operation.action, operation.targetId))
    ),
    groupOperations: groups.filter(operation =>
      wanted.has(key('group', operation.sourceId, operation.action, operation.targetId))
    ),
  }
}

function settleApproval(
  db: WritableDB,
  approving: ReadonlyArray<StagedOperation>,
  users: ReadonlyArray<UserOperation>,
  groups: ReadonlyArray<GroupOperation>,
  failures: ReadonlyArray<ApplyFailure>,
  runId: string
): void {
  const applied = new Map<string, RunOperation>()
  for (const operation of [...users, ...groups]) {
    applied.set(`${operation.objectType}\u0000${operation.sourceId}`, operation)
  }
  const failed = new Set(failures.map(failure => failure.sourceId))
  inTransaction(db, () => {
    for (const staged of approving) {
      const operation = applied.get(`${staged.objectType}\u0000${staged.sourceId}`)
      const state = operation === undefined ? 'refused' : failed.has(staged.sourceId) ? 'failed' : 'applied'
      resolveStaged(db, staged.runId, staged.changeId, state, runId)
    }
  })
}

/**
 * The accounts as listed, plus linked accounts the listing missed but the app still has (read
 * by id): a listing that lags or skips must not make the planner think they were deleted.
 */
async function userSnapshot(
  listing: ReadonlyArray<TargetResource>,
  links: ReadonlyMap<string, Link>,
  target: TargetConnector,
  job: LoadedJob,
  notices: string[]
): Promise<TargetSnapshot> {
  const unlisted = await findUnlistedAccounts(
    listing,
    links,
    id => target.get('user', id),
    job.config.target.concurrency
  )
  if (unlisted.length === 0) return new TargetSnapshot(listing)
  notices.push(
    `${unlisted.length} linked account(s) were missing from the target's listing but exist ` +
      `(read by id); they were kept, not treated as deleted`
  )
  return new TargetSnapshot([...listing, ...unlisted])
}

async function readAll(target: TargetConnector, kind: 'user' | 'group'): Promise<TargetResource[]> {
  const resources: TargetResource[] = []
  for await (const resource of target.list(kind)) {
    resources.push(resource)
  }
  return resources
}

/**
 * How each person stands for group membership: an account (linked or matched), one about to be
 * created, or none (with why — out of scope, skipped, conflict), from the user plan.
 */
function memberResolver(
  operations: ReadonlyArray<UserOperation>,
  target: TargetSnapshot
): (sourceId: string) => MemberResolution {
  const bySource = new Map<string, UserOperation>()
  for (const operation of operations) {
    if (operation.sourceId !== null) bySource.set(operation.sourceId, operation)
  }
  return sourceId => {
    const operation = bySource.get(sourceId)
    if (operation === undefined) {
      return { kind: 'not-provisioned', reason: 'not in the source' }
    }
    switch (operation.action) {
      case 'create':
        return { kind: 'pending' }
      case 'update':
      case 'link':
      case 'unchanged':
      case 'enable': {
        if (operation.targetId === null) return { kind: 'not-provisioned', reason: 'no account' }
        // A disabled account that stays disabled is not a member (it was taken out when disabled).
        const account = target.get(operation.targetId)
        if (operation.action !== 'enable' && account !== undefined && !isActive(account)) {
          return { kind: 'not-provisioned', reason: 'the account is disabled' }
        }
        return { kind: 'linked', targetId: operation.targetId }
      }
      case 'disable':
      case 'delete':
        return { kind: 'not-provisioned', reason: operation.reason ?? 'being deprovisioned' }
      case 'skip':
      case 'conflict':
        return { kind: 'not-provisioned', reason: operation.reason ?? 'not provisioned' }
    }
  }
}

/** Accounts the plan does not touch and no link owns: the app's own, never deprovisioned. */
function countUnmanaged(
  target: TargetSnapshot,
  operations: ReadonlyArray<UserOperation>,
  links: ReadonlyMap<string, Link>
): number {
  const known = removableAccounts(links, null)
  for (const operation of operations) {
    if (operation.targetId !== null) known.add(operation.targetId)
  }
  let unmanaged = 0
  for (const resource of target.values()) {
    if (!known.has(resource.id)) unmanaged++
  }
  return unmanaged
}
