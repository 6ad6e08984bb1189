import { randomUUID } from 'node:crypto'
import type { TargetResource } from '../../connectors/connector'
import type { LoadedJob } from '../../config/load-job'
import type { Link, MatchDecision } from '../../model/link'
import type { ProvisioningStep } from '../../model/log-entry'
import type { SecretStore } from '../../secrets/secret-store'
import type { WritableDB } from '../../store/database'
import { loadEscrow } from '../../store/escrow-store'
import { saveJob } from '../../store/jobs-store'
import { loadLinks, loadMatchDecisions } from '../../store/links-store'
import { queryLogs } from '../../store/logs-store'
import { failRun, finishRun } from '../../store/runs-store'
import { applyUserPlan } from '../apply/apply-users'
import type { ApplyFailure } from '../../model/failure'
import { compileJob } from '../plan/compile-job'
import type { MappedObject } from '../plan/map-object'
import { linksByTarget, liveLink } from '../plan/links'
import { planUsers, type UserOperation } from '../plan/plan-users'
import { type OpenedSource, openSource, openTarget, retryPolicyOf } from './connectors'
import { readMappedUsers } from './read-source'
import { protectedAccounts } from '../safety/protected-accounts'
import { newRunId } from './run-id'
import { applyProtection } from '../safety/run-gates'
import { startRun } from './run-lock'
import { RunRecorder } from '../apply/run-recorder'
import { TargetSnapshot } from '../plan/target-snapshot'
import { resolveUniqueValues } from '../plan/unique-values'

export interface OnDemandOptions {
  readonly job: LoadedJob
  readonly db: WritableDB
  readonly secrets: SecretStore
  /** The person to provision, by source id. */
  readonly sourceId: string
  readonly now?: () => Date
  readonly random?: () => number
  readonly sleep?: (ms: number) => Promise<void>
  readonly env?: NodeJS.ProcessEnv
}

export interface OnDemandOutcome {
  readonly runId: string
  readonly status: 'completed' | 'completed-with-errors'
  /** What was decided for the person. */
  readonly operation: UserOperation
  /** Entra's provision-on-demand steps: import, scoping, matching, action (with the export result). */
  readonly steps: ReadonlyArray<ProvisioningStep>
  /** The imported attributes (for `--explain`). */
  readonly imported: Readonly<Record<string, string | ReadonlyArray<string>>> | null
  readonly failures: ReadonlyArray<ApplyFailure>
}

/** `--only` named nobody the source or the job's links know. */
export class UnknownIdentityError extends Error {
  public constructor(sourceId: string, sourceName: string) {
    super(`No person with id "${sourceId}" is in ${sourceName}, and the job has no account linked to that id`)
    this.name = 'UnknownIdentityError'
  }
}

/**
 * Provisions one person now, as Entra's "provision on demand" (§H): reads only what this person
 * needs from the target (the linked account, and filter lookups on the matching attributes),
 * then plans and applies for them alone, logging every step.
 */
export async function runOnDemand(options: OnDemandOptions): Promise<OnDemandOutcome> {
  const { job, db } = options
  const now = options.now ?? (() => new Date())
  const random = options.random ?? Math.random
  const startedAt = now().getTime()
  const compiled = compileJob(job)
  const source = await openSource(job, compiled)
  const target = await openTarget(job, options.secrets, options.env)
  try {
    const everyone = await readMappedUsers(source.connector, compiled, { now, random })
    const mapped = everyone.find(object => object.source.id === options.sourceId)
    saveJob(db, { id: job.id, name: job.config.name, config: job.config, configPath: job.file })
    const links = loadLinks(db, job.id, 'user')
    const link = liveLink(links.get(options.sourceId))
    if (mapped === undefined && link === null) {
      throw new UnknownIdentityError(options.sourceId, source.name)
    }

    // Claimed before the target is read, so no other run of the job writes between read and plan.
    const runId = newRunId(now())
    startRun(
      db,
      { id: runId, jobId: job.id, mode: 'on-demand' },
      { now: startedAt, jobFile: job.displayFile }
    )
    try {
      const found = new Map<string, TargetResource>()
      if (link !== null) {
        const linked = await target.get('user', link.targetId)
        if (linked !== null) found.set(linked.id, linked)
      }
      if (mapped !== undefined) {
        for (const key of mapped.matchKeys) {
          if (key.value === null) continue
          for (const resource of await target.find('user', key.mapping.target, key.value)) {
            found.set(resource.id, resource)
          }
        }
      }
      // SelectUniqueValue checks its candidates against every account: read them all then.
      if (mapped !== undefined && mapped.deferred.length > 0) {
        for await (const resource of target.list('user')) found.set(resource.id, resource)
      }
      const snapshot = new TargetSnapshot(found.values())
      const ready =
        mapped === undefined
          ? undefined
          : resolveUniqueValues([mapped], compiled.users, snapshot, links, { now, random })[0]

      const decisions = loadMatchDecisions(db, job.id, 'user')
      const planned = planOne(job, source, compiled.users, ready, links, link, snapshot, decisions, everyone)
      const safety = job.config.safety
      const [operation] = applyProtection(
        planned,
        protectedAccounts(safety.protectedAccounts, safety.protectedFilters),
        snapshot
      )
      if (operation === undefined) {
        throw new UnknownIdentityError(options.sourceId, source.name)
      }
      const escrow = loadEscrow(db, job.id)
      const result = await applyUserPlan([operation], {
        jobId: job.id,
        runId,
        target,
        recorder: new RunRecorder(db),
        concurrency: 1,
        linksByTarget: linksByTarget(links),
        // Provisioning one person is always worth a log entry, even when nothing changed.
        logUnchanged: true,
        retry: retryPolicyOf(job),
        sleep: options.sleep ?? (ms => new Promise(resolve => setTimeout(resolve, ms))),
        escrowAttempts: sourceId => escrow.get(`user:${sourceId}`)?.attempts ?? 0,
      })
      const status = result.failures.length === 0 ? 'completed' : 'completed-with-errors'
      finishRun(db, runId, { status, summary: result.summary, failed: result.failures.length, error: null })
      // The log entry holds the export step with the real outcome.
      const [entry] = queryLogs(db, { runId, limit: 1 })
      return {
        runId,
        status,
        operation,
        steps: entry?.steps ?? operation.steps,
        imported: mapped?.source.attributes ?? null,
        failures: result.failures,
      }
    } catch (error) {
      failRun(db, runId, error)
      throw error
    }
  } finally {
    await target.close()
  }
}

function planOne(
  job: LoadedJob,
  source: OpenedSource,
  compiled: ReturnType<typeof compileJob>['users'],
  mapped: MappedObject | undefined,
  links: ReturnType<typeof loadLinks>,
  link: Link | null,
  snapshot: TargetSnapshot,
  decisions: ReadonlyMap<string, MatchDecision>,
  everyone: ReadonlyArray<MappedObject>
): UserOperation[] {
  const common = {
    target: snapshot,
    compiled,
    deprovision: job.config.users.deprovision,
    newChangeId: randomUUID,
    sourceName: source.name,
    decisions,
    jobFile: job.displayFile,
    // A manager is resolved when already linked; on demand never creates them.
    referable: everyone,
  }
  if (mapped !== undefined) {
    // Not authoritative here: nobody else is deprovisioned by provisioning one person.
    return planUsers({ ...common, mapped: [mapped], links, authoritative: false })
  }
  if (link === null || !job.config.source.authoritative) {
    return []
  }
  return planUsers({ ...common, mapped: [], links: new Map([[link.sourceId, link]]), authoritative: true })
}
