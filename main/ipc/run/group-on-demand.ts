/**
 * Provision on demand for a group, from the app: find a group of the source, provision it and
 * its members (at most five, Entra's limit) as `provisioner apply --only-group` does.
 */
import type { LoadedJob } from '../../config/load-job'
import type { MappedGroup } from '../../engine/plan/plan-groups'
import { compileJob } from '../../engine/plan/compile-job'
import { openSource } from '../../engine/run/connectors/factory'
import { ON_DEMAND_GROUP_MEMBERS } from '../../engine/run/on-demand-group'
import { readMappedGroups, readMappedUsers } from '../../engine/run/read-source'
import { type OnDemandObject, runGroupOnDemand } from '../../engine/run/run-group-on-demand'
import type { ApplyFailure } from '../../model/failure'
import type { PlannedOperation } from '../../model/plan'
import type { SecretStore } from '../../secrets/secret-store'
import type { WritableDB } from '../../store/database'
import type {
  GroupOnDemandResult,
  OnDemandResult,
  SearchSourceInput,
  SourceGroupMatch,
  SourceGroupRef,
} from '../api/run-contract'
import { engineCall } from './run-errors'
import { loadStoredJob } from './stored-job'

/** How long one reading of the source serves the group search (the admin types a few letters). */
const GROUPS_CACHE_MS = 30_000

export interface GroupOnDemandDeps {
  readonly db: WritableDB
  readonly secrets: SecretStore
  readonly env: () => NodeJS.ProcessEnv | undefined
  readonly now?: () => number
  /** Told when the run ends (the app's run list and dashboard follow it). */
  readonly finished: (jobId: string, runId: string, status: OnDemandResult['status']) => void
}

export class GroupOnDemand {
  private readonly groups = new Map<
    string,
    { readonly at: number; readonly list: ReadonlyArray<MappedGroup> }
  >()

  public constructor(private readonly deps: GroupOnDemandDeps) {}

  public async search(input: SearchSourceInput): Promise<ReadonlyArray<SourceGroupMatch>> {
    const needle = input.query.toLowerCase()
    const found: SourceGroupMatch[] = []
    for (const { group, mapped } of await this.sourceGroups(input.jobId)) {
      if (found.length >= input.limit) break
      const named = mapped.display.toLowerCase().includes(needle) || group.id.toLowerCase().includes(needle)
      if (needle !== '' && !named) continue
      const members = group.members.length
      found.push({
        sourceId: group.id,
        display: mapped.display,
        members,
        tooLarge: members > ON_DEMAND_GROUP_MEMBERS,
      })
    }
    return found
  }

  public async provision(input: SourceGroupRef): Promise<GroupOnDemandResult> {
    const job = await engineCall(() => loadStoredJob(this.deps.db, input.jobId))
    const outcome = await engineCall(() => runGroupOnDemand({ ...this.common(job), group: input.group }))
    this.deps.finished(job.id, outcome.runId, outcome.status)
    const result = (object: OnDemandObject<PlannedOperation>, imported: OnDemandResult['imported']) =>
      onDemandResult({
        ...object,
        imported,
        runId: outcome.runId,
        status: outcome.status,
        // Each object's own failures: a member's failed create is shown with that member.
        failures: outcome.failures.filter(failure => failure.changeId === object.operation.changeId),
      })
    return {
      runId: outcome.runId,
      status: outcome.status,
      group: result(outcome.group, null),
      members: outcome.members.map(member => result(member, member.imported)),
    }
  }

  private common(job: LoadedJob) {
    return { job, db: this.deps.db, secrets: this.deps.secrets, env: this.deps.env() }
  }

  /** The source's groups, mapped; none for a job without groups. */
  private async sourceGroups(jobId: string): Promise<ReadonlyArray<MappedGroup>> {
    const now = this.deps.now?.() ?? Date.now()
    const kept = this.groups.get(jobId)
    if (kept !== undefined && now - kept.at < GROUPS_CACHE_MS) return kept.list
    const list = await engineCall(async () => {
      const job = loadStoredJob(this.deps.db, jobId)
      const compiled = compileJob(job)
      if (compiled.groups === null) return []
      const source = await openSource(job, compiled, { secrets: this.deps.secrets, env: this.deps.env() })
      const options = { now: () => new Date(), random: Math.random }
      try {
        const people = await readMappedUsers(source.connector, compiled, options)
        return await readMappedGroups(source, compiled, people, options)
      } finally {
        await source.close()
      }
    })
    this.groups.set(jobId, { at: now, list })
    return list
  }
}

/** One object provisioned on demand as the app shows it. */
export function onDemandResult(run: {
  readonly runId: string
  readonly status: OnDemandResult['status']
  readonly operation: PlannedOperation
  readonly steps: OnDemandResult['steps']
  readonly imported: OnDemandResult['imported']
  readonly failures: ReadonlyArray<ApplyFailure>
}): OnDemandResult {
  const { operation } = run
  return {
    runId: run.runId,
    status: run.status,
    display: operation.display,
    action: operation.action,
    targetId: operation.targetId,
    steps: run.steps,
    changes: operation.changes.map(change => ({ path: change.path, from: change.from, to: change.to })),
    imported: run.imported,
    failures: run.failures.map(failure => `${failure.errorCode}: ${failure.message}`),
  }
}
