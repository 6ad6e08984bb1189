import type { SourceGroup, TargetResource } from '../../connectors/connector'
import { elementValues } from '../../mapping/scim-path'
import { CORE_GROUP_SCHEMA } from '../../mapping/scim-schemas'
import type { Link } from '../../model/link'
import type { ProvisioningStep } from '../../model/log-entry'
import { type PlannedChange, type PlannedOperation, plannedFields } from '../../model/plan'
import type { CompiledObjectMappings } from './compile-job'
import { ACTION_NOT_ENABLED, actionNotEnabled, allows, type ObjectAction } from './object-actions'
import type { MappedObject } from './map-object'
import { buildPatchOperations } from './target-requests'
import { attributeDiff } from './attribute-diff'
import { accountOwners, linksByTarget, liveLink } from './links'
import { shortHash } from './short-hash'
import type { TargetSnapshot } from './target-snapshot'

/** Where a member (a source person) stands when the groups are planned. */
export type MemberResolution =
  | { readonly kind: 'linked'; readonly targetId: string }
  /** Being created in this run: the id is known only after the create. */
  | { readonly kind: 'pending' }
  | { readonly kind: 'not-provisioned'; readonly reason: string }

export interface MappedGroup {
  readonly mapped: MappedObject
  readonly group: SourceGroup
}

export interface GroupPlanInput {
  readonly groups: ReadonlyArray<MappedGroup>
  /** Group links by source id. */
  readonly links: ReadonlyMap<string, Link>
  readonly target: TargetSnapshot
  readonly compiled: CompiledObjectMappings
  /** Resolves a member's source id to its account. */
  readonly resolveMember: (sourceId: string) => MemberResolution
  /** Accounts this job manages (linked users; see `removableAccounts`): only these are ever removed from a group. */
  readonly managedAccounts: ReadonlySet<string>
  /** Accounts the user plan deletes: already gone when groups are changed, so never "removed". */
  readonly deletedAccounts?: ReadonlySet<string>
  /** Groups whose members the app does not report: members are added, never removed. */
  readonly membersUnknown?: ReadonlySet<string>
  /** The source is a full export, so a linked group no one has any more is gone. */
  readonly authoritative: boolean
  readonly whenRemoved: 'ignore' | 'delete'
  /** The job's target object actions (groups.actions); absent: create, update and delete. */
  readonly actions?: ReadonlyArray<ObjectAction>
  readonly newChangeId: () => string
  readonly sourceName: string
}

export interface MemberChanges {
  /** Members to add: source ids, with the account id when already known. */
  readonly add: ReadonlyArray<{ readonly sourceId: string; readonly targetId: string | null }>
  /** Account ids to remove (managed accounts no longer in the source group). */
  readonly remove: ReadonlyArray<string>
  /** Members in the source that cannot be added, with why (never guessed). */
  readonly skipped: ReadonlyArray<{ readonly sourceId: string; readonly reason: string }>
  /** The app does not report the group's members: wanted members are (re-)added, none removed. */
  readonly currentUnknown?: boolean
}

export type GroupExecution =
  | { readonly kind: 'create'; readonly body: Readonly<Record<string, unknown>> }
  | {
      readonly kind: 'update'
      readonly operations: ReadonlyArray<import('../../connectors/connector').PatchOperation>
    }
  | { readonly kind: 'delete' }
  | { readonly kind: 'none' }

export interface GroupOperation extends PlannedOperation {
  readonly members: MemberChanges
  readonly execution: GroupExecution
  /** The link to write after success (null: none). */
  readonly linkAfter: 'active' | 'deleted' | null
  /** For a row held back at apply time (stale saved plan, staged): the action that was planned. */
  readonly refusedAction?: GroupOperation['action']
}

/** A copy of `operation` with `changed` fields replaced; every field is read explicitly. */
export function copyGroupOperation(
  operation: GroupOperation,
  changed: Partial<GroupOperation>
): GroupOperation {
  return {
    ...plannedFields(operation),
    members: operation.members,
    execution: operation.execution,
    linkAfter: operation.linkAfter,
    ...(operation.refusedAction === undefined ? {} : { refusedAction: operation.refusedAction }),
    ...changed,
  }
}

const NO_MEMBER_CHANGES: MemberChanges = { add: [], remove: [], skipped: [] }

/**
 * Decides what happens to every group and its membership. Pure.
 *
 * Groups are created empty and filled by member PATCHes; membership is changed by adding and
 * removing members, never by re-sending the list; only accounts this job manages are removed,
 * so members added by hand in the app stay.
 */
export function planGroups(input: GroupPlanInput): GroupOperation[] {
  const operations: GroupOperation[] = []
  const seen = new Set<string>()
  const claimedAccounts = accountOwners(linksByTarget(input.links))
  for (const entry of input.groups) {
    seen.add(entry.group.id)
    operations.push(planGroup(input, entry, claimedAccounts))
  }
  for (const link of input.links.values()) {
    if (link.state === 'deleted' || seen.has(link.sourceId)) continue
    operations.push(planVanishedGroup(input, link))
  }
  return operations
}

/** One group of the source: skipped, a conflict, a create, or its group in the target brought up to date. */
function planGroup(
  input: GroupPlanInput,
  { mapped, group }: MappedGroup,
  claimedAccounts: Map<string, string>
): GroupOperation {
  const steps: ProvisioningStep[] = [
    {
      type: 'import',
      status: 'success',
      description: `Group ${group.id} from ${group.origin ?? input.sourceName}`,
    },
  ]
  const planned = { group, display: mapped.display, steps }
  if (mapped.errors.length > 0) {
    return groupOperation(input, {
      ...planned,
      action: 'skip',
      reason: `Cannot provision: ${mapped.errors.join('; ')}`,
      errorCode: mapped.errorCode ?? 'MandatoryFieldsMissing',
    })
  }
  const found = findGroupAccount(input, { mapped, group }, claimedAccounts)
  steps.push({
    type: 'matching',
    status: found.kind === 'conflict' ? 'failure' : 'success',
    description: found.description,
  })
  if (found.kind === 'conflict') {
    return groupOperation(input, {
      ...planned,
      action: 'conflict',
      reason: found.description,
      errorCode: found.errorCode,
    })
  }
  if (found.resource !== undefined) claimedAccounts.set(found.resource.id, group.id)
  const members = planMembers(input, group, found.resource)
  if (found.resource === undefined && !allows(input.actions, 'create')) {
    const reason = actionNotEnabled('groups', 'create', 'No group matches: one would be created')
    return withheld(input, { ...planned, targetId: null }, reason)
  }
  if (found.resource === undefined) {
    const changes = mapped.attributes.map(attribute => ({
      path: attribute.mapping.target.text,
      from: null,
      to: attribute.value,
    }))
    steps.push({
      type: 'processing',
      status: 'success',
      description: 'Create the group, then add its members',
    })
    const body: Record<string, unknown> = { schemas: [CORE_GROUP_SCHEMA] }
    for (const attribute of mapped.attributes) body[attribute.mapping.target.attribute] = attribute.value
    const execution: GroupExecution = { kind: 'create', body }
    return groupOperation(input, {
      ...planned,
      action: 'create',
      changes,
      members,
      execution,
      linkAfter: 'active',
    })
  }
  return updateGroup(input, { ...planned, mapped, members, found: { ...found, resource: found.resource } })
}

type GroupAccount =
  | {
      readonly kind: 'account'
      /** The group's group in the target; undefined: none yet (a create). */
      readonly resource: TargetResource | undefined
      readonly via: 'link' | 'match' | 'none'
      readonly link: Link | undefined
      readonly description: string
    }
  | { readonly kind: 'conflict'; readonly description: string; readonly errorCode: string }

/** The group's group in the target: by its link, else by the matching attributes, unless another group holds it. */
function findGroupAccount(
  input: GroupPlanInput,
  { mapped, group }: MappedGroup,
  claimedAccounts: ReadonlyMap<string, string>
): GroupAccount {
  const link = input.links.get(group.id)
  const live = liveLink(link)
  const linked = live === null ? undefined : input.target.get(live.targetId)
  if (linked !== undefined) {
    const description = `Linked group ${linked.id} (from an earlier run)`
    return { kind: 'account', resource: linked, via: 'link', link, description }
  }
  const match = matchGroup(input, mapped)
  if (match.kind === 'duplicate') {
    return { kind: 'conflict', description: match.description, errorCode: 'DuplicateTargetEntries' }
  }
  if (match.kind === 'none') {
    return { kind: 'account', resource: undefined, via: 'none', link, description: match.description }
  }
  const owner = claimedAccounts.get(match.resource.id)
  if (owner !== undefined && owner !== group.id) {
    const description = `The matching group ${match.resource.id} is already linked to source group ${owner}`
    return { kind: 'conflict', description, errorCode: 'DuplicateSourceEntries' }
  }
  return { kind: 'account', resource: match.resource, via: 'match', link, description: match.description }
}

/** A group with its group in the target: the attributes that differ and the members to add and remove. */
function updateGroup(
  input: GroupPlanInput,
  update: {
    readonly group: SourceGroup
    readonly display: string
    readonly steps: ProvisioningStep[]
    readonly mapped: MappedObject
    readonly members: MemberChanges
    readonly found: Extract<GroupAccount, { kind: 'account' }> & { readonly resource: TargetResource }
  }
): GroupOperation {
  const { mapped, members, steps, found } = update
  const { resource, link } = found
  const { changes, shown } = attributeDiff(resource, mapped.attributes)
  const memberChanged = members.add.length > 0 || members.remove.length > 0
  const action = found.via === 'match' ? 'link' : changes.length > 0 || memberChanged ? 'update' : 'unchanged'
  if ((changes.length > 0 || memberChanged) && !allows(input.actions, 'update')) {
    const wouldDo =
      `Group ${resource.id} would be ${action === 'link' ? 'linked and ' : ''}updated (${changes.length} attribute(s), ` +
      `${members.add.length} member(s) to add, ${members.remove.length} to remove)`
    const planned = { group: update.group, display: update.display, steps, targetId: resource.id }
    return withheld(input, planned, actionNotEnabled('groups', 'update', wouldDo))
  }
  steps.push({
    type: 'processing',
    status: action === 'unchanged' ? 'skipped' : 'success',
    description:
      action === 'unchanged'
        ? 'The group already has every mapped value and member'
        : `${action === 'link' ? 'Link the existing group' : 'Update the group'}: ${changes.length} attribute(s), ` +
          `${members.add.length} member(s) to add, ${members.remove.length} to remove`,
  })
  return groupOperation(input, {
    group: update.group,
    display: update.display,
    steps,
    action,
    targetId: resource.id,
    changes: shown,
    members,
    execution:
      changes.length > 0
        ? { kind: 'update', operations: buildPatchOperations(resource, changes) }
        : { kind: 'none' },
    linkAfter:
      link === undefined || link.targetId !== resource.id || link.state !== 'active' ? 'active' : null,
  })
}

/**
 * A linked group no one in the source is in any more: the members this job manages leave it (as
 * they would leave a group that still has others), members added by hand in the app stay, and
 * the group itself stays unless the job deletes such groups. Only a full export can say a group
 * is gone, so a partial one (not authoritative) never deletes it.
 */
function planVanishedGroup(input: GroupPlanInput, link: Link): GroupOperation {
  const resource = input.target.get(link.targetId)
  const group: SourceGroup = { id: link.sourceId, attributes: {}, members: [] }
  const display = link.display ?? link.sourceId
  const steps: ProvisioningStep[] = [
    {
      type: 'import',
      status: 'skipped',
      description: `No one in ${input.sourceName} is in group ${link.sourceId} any more`,
    },
  ]
  const planned = { group, display, steps, targetId: link.targetId }
  if (resource === undefined) {
    const reason = 'The group no longer exists in the target'
    steps.push({ type: 'processing', status: 'skipped', description: reason })
    return groupOperation(input, { ...planned, action: 'skip', reason, linkAfter: 'deleted' })
  }
  const deleting = input.authoritative && input.whenRemoved === 'delete'
  if (deleting && allows(input.actions, 'delete')) {
    steps.push({
      type: 'processing',
      status: 'success',
      description: 'Group no longer in the source: delete it',
    })
    return groupOperation(input, {
      ...planned,
      action: 'delete',
      reason: 'Group no longer in the source',
      execution: { kind: 'delete' },
      linkAfter: 'deleted',
    })
  }
  const members = planMembers(input, group, resource)
  const kept = deleting
    ? 'the group stays (the "Delete" action is not enabled for groups, groups.actions)'
    : input.authoritative
      ? 'the group stays (groups.deprovision.whenRemoved "ignore")'
      : 'the group stays (a partial export, source.authoritative false, never deletes a group)'
  const reason =
    members.remove.length > 0
      ? `Group no longer in the source: the ${members.remove.length} member(s) this job manages are removed; ${kept}`
      : `Group no longer in the source and no member this job manages is left in it; ${kept}`
  steps.push({
    type: 'processing',
    status: members.remove.length > 0 ? 'success' : 'skipped',
    description: reason,
  })
  if (members.remove.length > 0 && !allows(input.actions, 'update')) {
    const wouldDo = `Group no longer in the source: the ${members.remove.length} member(s) this job manages would be removed`
    return withheld(input, planned, `${actionNotEnabled('groups', 'update', wouldDo)}; ${kept}`)
  }
  const action = members.remove.length > 0 ? 'update' : 'unchanged'
  return groupOperation(input, { ...planned, action, members, reason })
}

/**
 * The accounts a group plan may remove from groups: those this job manages (linked users). A
 * partial export (`sourceIds` given) shows only who is in it, so only their accounts are removed:
 * someone missing from such a file keeps their groups as they keep their account.
 */
export function removableAccounts(
  links: ReadonlyMap<string, Link>,
  sourceIds: ReadonlySet<string> | null
): Set<string> {
  const accounts = new Set<string>()
  for (const [targetId, link] of linksByTarget(links)) {
    if (sourceIds === null || sourceIds.has(link.sourceId)) accounts.add(targetId)
  }
  return accounts
}

function planMembers(
  input: GroupPlanInput,
  group: SourceGroup,
  resource: TargetResource | undefined
): MemberChanges {
  const unknown = resource !== undefined && input.membersUnknown?.has(resource.id) === true
  const current = new Set(elementValues(resource, 'members'))
  const add: Array<{ sourceId: string; targetId: string | null }> = []
  const skipped: Array<{ sourceId: string; reason: string }> = []
  const desired = new Set<string>()
  for (const sourceId of group.members) {
    const resolution = input.resolveMember(sourceId)
    if (resolution.kind === 'not-provisioned') {
      skipped.push({ sourceId, reason: resolution.reason })
      continue
    }
    if (resolution.kind === 'pending') {
      add.push({ sourceId, targetId: null })
      continue
    }
    desired.add(resolution.targetId)
    if (unknown || !current.has(resolution.targetId)) {
      add.push({ sourceId, targetId: resolution.targetId })
    }
  }
  const remove = [...current].filter(
    id =>
      !unknown && input.managedAccounts.has(id) && !desired.has(id) && input.deletedAccounts?.has(id) !== true
  )
  return unknown ? { add, remove, skipped, currentUnknown: true } : { add, remove, skipped }
}

type GroupMatch =
  | { kind: 'found'; resource: TargetResource; description: string }
  | { kind: 'none'; description: string }
  | { kind: 'duplicate'; description: string }

function matchGroup(input: GroupPlanInput, mapped: MappedObject): GroupMatch {
  for (const key of mapped.matchKeys) {
    if (key.value === null) continue
    const found = input.target.lookup(key.mapping, key.value)
    if (found.length === 0) continue
    if (found.length > 1) {
      return {
        kind: 'duplicate',
        description: `${found.length} target groups have ${key.mapping.target.text} = ${JSON.stringify(key.value)}`,
      }
    }
    const resource = found[0] as TargetResource
    return {
      kind: 'found',
      resource,
      description: `Matched group ${resource.id} on ${key.mapping.target.text}`,
    }
  }
  return { kind: 'none', description: 'No matching group in the target' }
}

/** What a group operation is built from; left out: no change, no members, nothing to send. */
interface GroupOperationFields {
  readonly group: SourceGroup
  readonly display: string
  readonly action: GroupOperation['action']
  readonly targetId?: string | null
  readonly changes?: ReadonlyArray<PlannedChange>
  readonly steps: ReadonlyArray<ProvisioningStep>
  readonly members?: MemberChanges
  readonly reason?: string
  readonly errorCode?: string
  readonly execution?: GroupExecution
  readonly linkAfter?: GroupOperation['linkAfter']
}

function groupOperation(input: GroupPlanInput, fields: GroupOperationFields): GroupOperation {
  const { group, display, action, steps } = fields
  const targetId = fields.targetId ?? null
  const members = fields.members ?? NO_MEMBER_CHANGES
  const changes = fields.changes ?? []
  const extra = fields
  const memberSteps: ProvisioningStep[] = members.skipped.map(member => ({
    type: 'processing',
    status: 'warning',
    description: `Member ${member.sourceId} not added: ${member.reason}`,
  }))
  if (members.currentUnknown === true) {
    memberSteps.push({
      type: 'processing',
      status: 'warning',
      description:
        "The app does not report this group's members: the wanted members are added (again), and no one is removed",
    })
  }
  const shownChanges: PlannedChange[] = [...changes]
  if (members.add.length > 0) {
    shownChanges.push({
      path: 'members',
      from: null,
      to: members.add.map(member => member.targetId ?? `(new: ${member.sourceId})`),
    })
  }
  if (members.remove.length > 0) {
    shownChanges.push({ path: 'members', from: members.remove, to: null })
  }
  return {
    changeId: input.newChangeId(),
    objectType: 'group',
    action,
    sourceId: group.id,
    targetId,
    display,
    changes: shownChanges,
    reason: extra.reason ?? null,
    errorCode: extra.errorCode ?? null,
    steps: [...steps, ...memberSteps],
    fingerprint: shortHash(['group', action, group.id, targetId, shownChanges]),
    members,
    execution: extra.execution ?? { kind: 'none' },
    linkAfter: extra.linkAfter ?? null,
  }
}

/** A write the job's target object actions (groups.actions) do not allow: skipped, with why. */
function withheld(
  input: GroupPlanInput,
  planned: {
    readonly group: SourceGroup
    readonly display: string
    readonly steps: ProvisioningStep[]
    readonly targetId: string | null
  },
  reason: string
): GroupOperation {
  planned.steps.push({ type: 'processing', status: 'skipped', description: reason })
  return groupOperation(input, { ...planned, action: 'skip', reason, errorCode: ACTION_NOT_ENABLED })
}
