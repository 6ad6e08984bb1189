import { randomUUID } from 'node:crypto'
import type { ApplyFailure } from '../../model/failure'
import type { Link } from '../../model/link'
import type { ProvisioningStep } from '../../model/log-entry'
import { loadEscrow } from '../../store/escrow-store'
import { loadLinks, loadMatchDecisions } from '../../store/links-store'
import { queryLogs } from '../../store/logs-store'
import { linksByTarget, liveLink } from '../plan/links'
import type { MapOptions, MappedObject } from '../plan/map-object'
import { planUsers, type UserOperation, type UserPlanInput } from '../plan/plan-users'
import type { TargetSnapshot } from '../plan/target-snapshot'
import { resolveUniqueValues } from '../plan/unique-values'
import { protectedAccounts } from '../safety/protected-accounts'
import { applyProtection } from '../safety/run-gates'
import { readMappedUsers } from './read-source'
import { readForOnePerson } from './read-target'
import { prepareRun, type RunContext, type RunSetup } from './run-context'
import { RunCancelledError } from './run-progress'
import { emptyRunSummary } from '../../model/run'
import { ProvisionerError } from '../../model/errors'
import { getJobPause, JobPausedError } from '../../store/job-pause-store'

export interface OnDemandOptions extends RunSetup {
  /** The person to provision, by source id. */
  readonly sourceId: string
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
export class UnknownIdentityError extends ProvisionerError {
  public readonly kind = 'unknown-identity' as const

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
  return connectOnDemand(options, async (context, { startedAt, mapOptions }) => {
    const { prepared } = context
    const { job, db } = prepared
    // Cancel stops the source read; once claimed, the one person's write is left to finish.
    const everyone = await readMappedUsers(context.source.connector, prepared.compiled, mapOptions, {
      signal: options.signal,
    })
    const mapped = everyone.find(object => object.source.id === options.sourceId)
    prepared.saveJob()
    const links = loadLinks(db, job.id, 'user')
    const link = liveLink(links.get(options.sourceId))
    if (mapped === undefined && link === null) {
      throw new UnknownIdentityError(options.sourceId, context.source.name)
    }
    // Claimed before the target is read, so no other run of the job writes between read and plan.
    const runId = context.claim({ mode: 'on-demand', startedAt })
    const snapshot = await readForOnePerson(context.target, mapped, link)
    const operation = planPerson(context, { mapped, everyone, links, link, snapshot })
    if (operation === undefined) {
      throw new UnknownIdentityError(options.sourceId, context.source.name)
    }
    if (context.cancelled) {
      // One person is all or nothing: cancelled before the write, the run says so and ends.
      context.finish({ status: 'cancelled', summary: emptyRunSummary(), failed: 0, error: null })
      throw new RunCancelledError()
    }
    const result = await context.applyUsers([operation], {
      concurrency: 1,
      linksByTarget: linksByTarget(links),
      // Provisioning one person is always worth a log entry, even when nothing changed.
      logUnchanged: true,
      escrow: loadEscrow(db, job.id),
    })
    await context.finishWrites()
    const status = result.failures.length === 0 ? 'completed' : 'completed-with-errors'
    context.finish({ status, summary: result.summary, failed: result.failures.length, error: null })
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
  })
}

/** When a run on demand started, and how it maps the source's objects. */
export interface OnDemandStart {
  readonly startedAt: number
  readonly mapOptions: MapOptions
}

/**
 * Sets up a run on demand (a person, a group) and connects it to the source and the target;
 * refused while the job is paused.
 */
export function connectOnDemand<T>(
  setup: RunSetup,
  work: (context: RunContext, start: OnDemandStart) => Promise<T>
): Promise<T> {
  const prepared = prepareRun(setup)
  const { job, db, clock } = prepared
  const startedAt = clock.now().getTime()
  const pause = getJobPause(db, job.id)
  if (pause !== null) throw new JobPausedError(job.id, pause)
  return prepared.connect('whole-source-and-target', context =>
    work(context, { startedAt, mapOptions: { now: clock.now, random: clock.random } })
  )
}

/** The person's operation, protected accounts kept; undefined when there is nothing to decide. */
export function planPerson(
  context: RunContext,
  person: {
    readonly mapped: MappedObject | undefined
    readonly everyone: ReadonlyArray<MappedObject>
    readonly links: ReadonlyMap<string, Link>
    readonly link: Link | null
    readonly snapshot: TargetSnapshot
  }
): UserOperation | undefined {
  const { job, db, compiled, clock } = context.prepared
  const { mapped, link, snapshot } = person
  const common: Omit<UserPlanInput, 'mapped' | 'links' | 'authoritative'> = {
    target: snapshot,
    compiled: compiled.users,
    deprovision: job.config.users.deprovision,
    actions: job.config.users.actions,
    newChangeId: randomUUID,
    sourceName: context.source.name,
    decisions: loadMatchDecisions(db, job.id, 'user'),
    jobFile: job.displayFile,
    // A manager is resolved when already linked; on demand never creates them.
    referable: person.everyone,
  }
  let planned: UserOperation[] = []
  if (mapped !== undefined) {
    const ready = resolveUniqueValues([mapped], compiled.users, snapshot, person.links, {
      now: clock.now,
      random: clock.random,
    })
    // Not authoritative here: nobody else is deprovisioned by provisioning one person.
    planned = planUsers({ ...common, mapped: ready, links: person.links, authoritative: false })
  } else if (link !== null && job.config.source.authoritative) {
    planned = planUsers({
      ...common,
      mapped: [],
      links: new Map([[link.sourceId, link]]),
      authoritative: true,
    })
  }
  const safety = job.config.safety
  return applyProtection(
    planned,
    protectedAccounts(safety.protectedAccounts, safety.protectedFilters),
    snapshot
  )[0]
}
