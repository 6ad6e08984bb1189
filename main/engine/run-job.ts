import { createHash, randomUUID } from 'node:crypto'
import type { TargetResource } from '../connectors/connector'
import type { ScimTarget } from '../connectors/scim/scim-target'
import type { LoadedJob } from '../config/load-job'
import type { Link } from '../model/link'
import type { GroupSummary, RunMode, RunStatus, RunSummary, UserSummary } from '../model/run'
import { emptyRunSummary } from '../model/run'
import type { SavedPlan } from '../model/plan'
import type { SecretStore } from '../secrets/secret-store'
import { inTransaction, type WritableDB } from '../store/database'
import { saveJob } from '../store/jobs-store'
import { loadLinks } from '../store/links-store'
import { pruneLogs } from '../store/logs-store'
import { createRun, finishRun } from '../store/runs-store'
import { applyGroupPlan } from './apply-groups'
import { type ApplyFailure, applyUserPlan } from './apply-plan'
import { compileJob } from './compile-job'
import { type GroupOperation, type MemberResolution, planGroups } from './plan-groups'
import { planUsers, type UserOperation } from './plan-users'
import {
  authorizationHeader,
  createScimTarget,
  mappedGroups,
  openCsvSource,
  readMappedUsers,
} from './prepare-run'
import { newRunId } from './run-id'
import { claimJob } from './run-lock'
import { RunRecorder } from './run-recorder'
import { checkSavedPlan, restrictToSavedPlan } from './saved-plan'
import { TargetSnapshot } from './target-snapshot'

export { authorizationHeader } from './prepare-run'
export { SavedPlanMismatchError } from './saved-plan'

export type RunPhase = 'import' | 'read-target' | 'plan' | 'apply'

export interface RunJobOptions {
  readonly job: LoadedJob
  readonly db: WritableDB
  readonly secrets: SecretStore
  readonly mode: Exclude<RunMode, 'on-demand'>
  /** Apply only the rows of this saved plan that are still exactly right. */
  readonly savedPlan?: SavedPlan
  readonly now?: () => Date
  readonly random?: () => number
  readonly env?: NodeJS.ProcessEnv
  readonly onPhase?: (phase: RunPhase, detail: string) => void
  /** Asked after planning and before the first write; returning false cancels the run. */
  readonly confirm?: (summary: RunSummary, operations: ReadonlyArray<RunOperation>) => Promise<boolean>
  readonly onProgress?: (done: number, total: number) => void
}

/** A planned decision about a person or a group. */
export type RunOperation = UserOperation | GroupOperation

export interface RunOutcome {
  readonly runId: string
  readonly mode: Exclude<RunMode, 'on-demand'>
  readonly status: Exclude<RunStatus, 'running'>
  /** Dry run: what would be done. Apply: what was done. */
  readonly summary: RunSummary
  /** The plan (dry run) or the operations attempted (apply): users first, then groups. */
  readonly operations: ReadonlyArray<RunOperation>
  readonly failures: ReadonlyArray<ApplyFailure>
  readonly configHash: string
  readonly sourceCount: number
  readonly targetCount: number
}

/** The job's settings in a canonical form, so a saved plan can tell whether the job changed. */
export function configHash(job: LoadedJob): string {
  return createHash('sha256').update(JSON.stringify(job.config)).digest('base64url').slice(0, 22)
}

/**
 * One run of a job: import → scope → map → read target → match → plan → (apply).
 *
 * Everything that can be refused (job file, source file, credentials, target reachability) is
 * checked before the first write.
 */
export async function runJob(options: RunJobOptions): Promise<RunOutcome> {
  const { job, db } = options
  const now = options.now ?? (() => new Date())
  const random = options.random ?? Math.random
  const startedAt = now().getTime()
  const compiled = compileJob(job)
  const hash = configHash(job)
  if (options.savedPlan !== undefined) {
    checkSavedPlan(options.savedPlan, job, hash)
  }

  options.onPhase?.('import', `Reading ${job.config.source.path}`)
  const source = await openCsvSource(job, compiled)
  const authorization = await authorizationHeader(job.config.target.auth, options.secrets, options.env)
  const target = createScimTarget(job, authorization)

  try {
    // The target is read while the source is parsed: the listing mostly waits on the server,
    // and parsing fills that wait. Both only read; nothing is written before both succeed.
    options.onPhase?.('read-target', `Reading accounts from ${job.config.target.baseUrl}`)
    const userListing = readAll(target, 'user')
    const groupListing = compiled.groups === null ? Promise.resolve([]) : readAll(target, 'group')
    userListing.catch(() => undefined)
    groupListing.catch(() => undefined)
    const mapped = await readMappedUsers(source, compiled, { now, random })
    const groups = mappedGroups(job, compiled, mapped, { now, random })

    saveJob(db, { id: job.id, name: job.config.name, config: job.config, configPath: job.file })
    claimJob(db, job.id)
    const runId = newRunId(now())
    createRun(db, { id: runId, jobId: job.id, mode: options.mode }, startedAt)
    try {
      const snapshot = new TargetSnapshot(await userListing)
      const groupSnapshot = new TargetSnapshot(await groupListing)

      options.onPhase?.('plan', `Planning ${mapped.length} people against ${snapshot.size} accounts`)
      const userLinks = loadLinks(db, job.id, 'user')
      let userOperations = planUsers({
        mapped,
        links: userLinks,
        target: snapshot,
        compiled: compiled.users,
        authoritative: job.config.source.authoritative,
        deprovision: job.config.users.deprovision,
        newChangeId: randomUUID,
        sourceName: job.config.source.path,
      })
      let groupOperations =
        compiled.groups === null
          ? []
          : planGroups({
              groups,
              links: loadLinks(db, job.id, 'group'),
              target: groupSnapshot,
              compiled: compiled.groups,
              resolveMember: memberResolver(userOperations),
              managedAccounts: managedAccounts(userLinks),
              authoritative: job.config.source.authoritative,
              whenRemoved: job.config.groups?.deprovision.whenRemoved ?? 'ignore',
              newChangeId: randomUUID,
              sourceName: job.config.source.path,
            })
      const planned = summarise(userOperations, groupOperations)
      const finish = (
        status: RunOutcome['status'],
        summary: RunSummary,
        failures: ReadonlyArray<ApplyFailure>
      ) => {
        finishRun(db, runId, { status, summary, failed: failures.length, error: null })
        return {
          runId,
          mode: options.mode,
          status,
          summary,
          operations: [...userOperations, ...groupOperations],
          failures,
          configHash: hash,
          sourceCount: mapped.length,
          targetCount: snapshot.size,
        }
      }

      if (options.mode === 'dry-run') {
        return finish('completed', planned, [])
      }
      if (options.savedPlan !== undefined) {
        userOperations = restrictToSavedPlan(userOperations, options.savedPlan)
        const approved = new Set(options.savedPlan.operations.map(operation => operation.fingerprint))
        groupOperations = groupOperations.filter(
          operation => operation.action === 'unchanged' || approved.has(operation.fingerprint)
        )
      }
      const all = [...userOperations, ...groupOperations]
      if (
        options.confirm !== undefined &&
        !(await options.confirm(summarise(userOperations, groupOperations), all))
      ) {
        userOperations = []
        groupOperations = []
        return finish('cancelled', emptyRunSummary(), [])
      }
      inTransaction(db, () => pruneLogs(db, now().getTime() - job.config.logs.retentionDays * 86_400_000))
      options.onPhase?.('apply', `Applying ${countWrites(all)} change(s)`)
      const recorder = new RunRecorder(db)
      const userResult = await applyUserPlan(userOperations, {
        jobId: job.id,
        runId,
        target,
        recorder,
        concurrency: job.config.target.concurrency,
        linksByTarget: linksByTarget(userLinks),
        logUnchanged: job.config.logs.unchanged,
        onProgress: options.onProgress,
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
            const link = accounts.get(sourceId)
            return link === undefined || link.state === 'deleted' ? null : link.targetId
          },
          logUnchanged: job.config.logs.unchanged,
        })
        groupSummary = groupResult.summary
        groupFailures = groupResult.failures
      }
      const failures = [...userResult.failures, ...groupFailures]
      const status = failures.length === 0 ? 'completed' : 'completed-with-errors'
      return finish(status, { users: userResult.summary.users, groups: groupSummary }, failures)
    } catch (error) {
      finishRun(db, runId, {
        status: 'failed',
        summary: null,
        failed: 0,
        error: error instanceof Error ? error.message : String(error),
      })
      throw error
    }
  } finally {
    await target.close()
  }
}

async function readAll(target: ScimTarget, kind: 'user' | 'group'): Promise<TargetResource[]> {
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
function memberResolver(operations: ReadonlyArray<UserOperation>): (sourceId: string) => MemberResolution {
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
      case 'enable':
        return operation.targetId === null
          ? { kind: 'not-provisioned', reason: 'no account' }
          : { kind: 'linked', targetId: operation.targetId }
      case 'disable':
      case 'delete':
        return { kind: 'not-provisioned', reason: operation.reason ?? 'being deprovisioned' }
      case 'skip':
      case 'conflict':
        return { kind: 'not-provisioned', reason: operation.reason ?? 'not provisioned' }
    }
  }
}

function managedAccounts(links: ReadonlyMap<string, Link>): Set<string> {
  const accounts = new Set<string>()
  for (const link of links.values()) {
    if (link.state !== 'deleted') accounts.add(link.targetId)
  }
  return accounts
}

/** Counts a plan by action, in the `plan --json` summary shape. */
export function summarise(
  users: ReadonlyArray<UserOperation>,
  groups: ReadonlyArray<GroupOperation> = []
): RunSummary {
  const userCounts = { ...emptyRunSummary().users } as { -readonly [K in keyof UserSummary]: number }
  for (const operation of users) {
    if (operation.action === 'skip') userCounts.skipped++
    else userCounts[operation.action]++
  }
  const groupCounts = { ...emptyRunSummary().groups } as { -readonly [K in keyof GroupSummary]: number }
  for (const operation of groups) {
    groupCounts.membersAdded += operation.members.add.length
    groupCounts.membersRemoved += operation.members.remove.length
    if (operation.action === 'create') groupCounts.create++
    else if (operation.action === 'delete') groupCounts.delete++
    else if (
      operation.action === 'update' ||
      (operation.action === 'link' && operation.execution.kind !== 'none')
    )
      groupCounts.update++
    else if (operation.action === 'unchanged' || operation.action === 'link') groupCounts.unchanged++
  }
  return { users: userCounts, groups: groupCounts }
}

function countWrites(operations: ReadonlyArray<RunOperation>): number {
  return operations.filter(
    operation =>
      operation.execution.kind !== 'none' &&
      operation.execution.kind !== 'link' &&
      operation.execution.kind !== 'unlink'
  ).length
}

function linksByTarget(links: ReadonlyMap<string, Link>): Map<string, Link> {
  const byTarget = new Map<string, Link>()
  for (const link of links.values()) {
    if (link.state !== 'deleted') byTarget.set(link.targetId, link)
  }
  return byTarget
}
