/**
 * Provision on demand for a group (Entra §H): the group and its members — at most five — now,
 * each with its steps. Members are provisioned first (the group needs their accounts), then the
 * group and its membership; nobody and nothing else is changed.
 */
import { randomUUID } from 'node:crypto'
import { targetTuning } from '../../config/target-settings'
import type { TargetResource } from '../../connectors/connector'
import type { ApplyFailure } from '../../model/failure'
import type { Link } from '../../model/link'
import type { ProvisioningStep } from '../../model/log-entry'
import { loadEscrow } from '../../store/escrow-store'
import { loadLinks } from '../../store/links-store'
import { queryLogs } from '../../store/logs-store'
import { applyGroupPlan } from '../apply/apply-groups'
import { linksByTarget, liveLink } from '../plan/links'
import type { MappedObject } from '../plan/map-object'
import { memberResolver } from '../plan/member-resolution'
import { type GroupOperation, type MappedGroup, planGroups, removableAccounts } from '../plan/plan-groups'
import type { UserOperation } from '../plan/plan-users'
import { TargetSnapshot } from '../plan/target-snapshot'
import { selectOnDemandGroup } from './on-demand-group'
import { readMappedGroups, readMappedUsers } from './read-source'
import { completeGroupMembers, readForOneGroup, readForOnePerson } from './read-target'
import type { RunContext, RunSetup } from './run-context'
import { connectOnDemand, planPerson } from './run-on-demand'

export interface GroupOnDemandOptions extends RunSetup {
  /** The group: its source id, or its name. */
  readonly group: string
}

/** One object provisioned on demand: what was decided, and its steps as logged. */
export interface OnDemandObject<Operation> {
  readonly operation: Operation
  readonly steps: ReadonlyArray<ProvisioningStep>
}

export interface GroupOnDemandOutcome {
  readonly runId: string
  readonly status: 'completed' | 'completed-with-errors'
  readonly group: OnDemandObject<GroupOperation>
  /** The members, in the source group's order (each with the imported attributes). */
  readonly members: ReadonlyArray<
    OnDemandObject<UserOperation> & { readonly imported: MappedObject['source']['attributes'] | null }
  >
  readonly failures: ReadonlyArray<ApplyFailure>
}

/** The members' operations, and what the target holds of their accounts. */
interface PlannedMembers {
  readonly operations: ReadonlyArray<UserOperation>
  readonly imported: ReadonlyMap<string, MappedObject['source']['attributes']>
  readonly snapshot: TargetSnapshot
  readonly links: ReadonlyMap<string, Link>
}

export async function runGroupOnDemand(options: GroupOnDemandOptions): Promise<GroupOnDemandOutcome> {
  return connectOnDemand(options, async (context, { startedAt, mapOptions }) => {
    const { prepared } = context
    const { job, db } = prepared
    const everyone = await readMappedUsers(context.source.connector, prepared.compiled, mapOptions)
    const groups =
      prepared.compiled.groups === null
        ? null
        : await readMappedGroups(context.source, prepared.compiled, everyone, mapOptions)
    // Refused (too many members, unknown) before the run is claimed: nothing is written.
    const chosen = selectOnDemandGroup(groups, options.group, context.source.name)
    prepared.saveJob()
    const runId = context.claim({ mode: 'on-demand', startedAt })
    const members = await planMembers(context, chosen, everyone)
    const userResult = await context.applyUsers(members.operations, {
      concurrency: 1,
      linksByTarget: linksByTarget(members.links),
      logUnchanged: true,
      escrow: loadEscrow(db, job.id),
    })
    const groupOperations = await planTheGroup(context, chosen, members, everyone)
    const groupResult = await applyGroupPlan(groupOperations, groupApplyOptions(context))
    await context.finishWrites()
    const failures = [...userResult.failures, ...groupResult.failures]
    const status = failures.length === 0 ? 'completed' : 'completed-with-errors'
    const summary = { users: userResult.summary.users, groups: groupResult.summary }
    context.finish({ status, summary, failed: failures.length, error: null })
    return outcomeOf(context, { runId, status, failures, members, group: groupOperations[0] })
  })
}

/** Each member planned as provisioning them alone would (members not in the source are left to the group's plan). */
async function planMembers(
  context: RunContext,
  chosen: MappedGroup,
  everyone: ReadonlyArray<MappedObject>
): Promise<PlannedMembers> {
  const { job, db } = context.prepared
  const links = loadLinks(db, job.id, 'user')
  const bySource = new Map(everyone.map(person => [person.source.id, person]))
  const operations: UserOperation[] = []
  const imported = new Map<string, MappedObject['source']['attributes']>()
  const accounts = new Map<string, TargetResource>()
  for (const sourceId of chosen.group.members) {
    const mapped = bySource.get(sourceId)
    const link = liveLink(links.get(sourceId))
    if (mapped === undefined) continue
    const snapshot = await readForOnePerson(context.target, mapped, link)
    for (const account of snapshot.values()) accounts.set(account.id, account)
    const operation = planPerson(context, { mapped, everyone, links, link, snapshot })
    if (operation === undefined) continue
    operations.push(operation)
    imported.set(sourceId, mapped.source.attributes)
  }
  return { operations, imported, snapshot: new TargetSnapshot(accounts.values()), links }
}

/** The group's operation, planned against its linked or matching group in the target. */
async function planTheGroup(
  context: RunContext,
  chosen: MappedGroup,
  members: PlannedMembers,
  everyone: ReadonlyArray<MappedObject>
): Promise<GroupOperation[]> {
  const { job, db, compiled } = context.prepared
  const mappings = compiled.groups
  if (mappings === null) throw new Error('selectOnDemandGroup refuses a job without groups')
  const stored = loadLinks(db, job.id, 'group').get(chosen.group.id)
  const links = new Map(stored === undefined ? [] : [[chosen.group.id, stored]])
  const found = await readForOneGroup(context.target, chosen.mapped, liveLink(stored))
  const read = await completeGroupMembers(found, [chosen], links, context.target)
  const source = job.config.source
  return planGroups({
    groups: [chosen],
    links,
    target: read.snapshot,
    membersUnknown: read.membersUnknown,
    compiled: mappings,
    resolveMember: memberResolver(members.operations, members.snapshot),
    deletedAccounts: new Set(
      members.operations.flatMap(operation =>
        operation.action === 'delete' && operation.targetId !== null ? [operation.targetId] : []
      )
    ),
    managedAccounts: removableAccounts(
      members.links,
      source.authoritative ? null : new Set(everyone.map(person => person.source.id))
    ),
    // Not authoritative here: no other group is deprovisioned by provisioning this one.
    authoritative: false,
    whenRemoved: job.config.groups?.deprovision.whenRemoved ?? 'ignore',
    actions: job.config.groups?.actions,
    newChangeId: randomUUID,
    sourceName: context.source.name,
  })
}

function groupApplyOptions(context: RunContext): Parameters<typeof applyGroupPlan>[1] {
  const { job, db } = context.prepared
  const tuning = targetTuning(job.config.target)
  // Read after the members were applied: accounts created in this run are linked by now.
  const accounts = loadLinks(db, job.id, 'user')
  return {
    jobId: job.id,
    runId: context.runId,
    target: context.target,
    recorder: context.recorder,
    membersPerPatch: tuning.membersPerPatch,
    memberRemoval: tuning.memberRemoval,
    accountOf: sourceId => liveLink(accounts.get(sourceId))?.targetId ?? null,
    logUnchanged: true,
  }
}

/** The group then its members, each with the steps its log entry holds (the export's real outcome). */
function outcomeOf(
  context: RunContext,
  run: {
    readonly runId: string
    readonly status: GroupOnDemandOutcome['status']
    readonly failures: ReadonlyArray<ApplyFailure>
    readonly members: PlannedMembers
    readonly group: GroupOperation | undefined
  }
): GroupOnDemandOutcome {
  if (run.group === undefined) throw new Error('a group provisioned on demand has an operation')
  const entries = queryLogs(context.prepared.db, { runId: run.runId, limit: 100, ascending: true })
  const stepsOf = (changeId: string) => entries.find(entry => entry.changeId === changeId)?.steps
  return {
    runId: run.runId,
    status: run.status,
    failures: run.failures,
    group: { operation: run.group, steps: stepsOf(run.group.changeId) ?? run.group.steps },
    members: run.members.operations.map(operation => ({
      operation,
      steps: stepsOf(operation.changeId) ?? operation.steps,
      imported: operation.sourceId === null ? null : (run.members.imported.get(operation.sourceId) ?? null),
    })),
  }
}
