import type { PatchOperation, TargetResource } from '../../connectors/connector'
import type { Link, LinkOrigin, LinkState, MatchDecision } from '../../model/link'
import type { ProvisioningStep } from '../../model/log-entry'
import {
  type PlannedChange,
  type PlannedOperation,
  plannedFields,
  REDACTED,
  type UserAction,
} from '../../model/plan'
import type { CompiledObjectMappings } from './compile-job'
import type { DesiredValue, MappedAttribute, MappedObject, MatchKey } from './map-object'
import {
  addReferencesToBody,
  NO_REFERENCES,
  type ReferencePlan,
  ReferencePlanner,
  type ReferenceWrite,
} from './reference-attributes'
import { type AttributeChange, buildCreateBody, buildPatchOperations } from './target-requests'
import { attributeDiff } from './attribute-diff'
import { lazyField } from './lazy-fields'
import { linksByTarget, liveLink } from './links'
import { shortHash } from './short-hash'
import { severalAccounts, type TargetSnapshot } from './target-snapshot'
import { isUserName } from './target-types'
import { isActive } from './value-compare'
import { ACTION_NOT_ENABLED, actionNotEnabled, allows, type ObjectAction } from './object-actions'

export type DeprovisionAction = 'disable' | 'delete' | 'ignore'

export interface UserPlanInput {
  /** Every source object read, in and out of scope. */
  readonly mapped: ReadonlyArray<MappedObject>
  /** The job's user links, by source id. */
  readonly links: ReadonlyMap<string, Link>
  readonly target: TargetSnapshot
  readonly compiled: CompiledObjectMappings
  /** The source is a full export: linked people missing from it are deprovisioned. */
  readonly authoritative: boolean
  readonly deprovision: {
    readonly whenRemoved: DeprovisionAction
    readonly whenOutOfScope: DeprovisionAction
    /** Delete accounts this job disabled at least this many days ago (two-phase deprovisioning). */
    readonly deleteDisabledAfterDays?: number
  }
  /** The job's target object actions (users.actions); absent: create, update and delete. */
  readonly actions?: ReadonlyArray<ObjectAction>
  /** The run's time (epoch ms), for "disabled for N days"; default now. */
  readonly now?: number
  readonly newChangeId: () => string
  /** Name of the source for log steps ("people.csv"). */
  readonly sourceName: string
  /** The admin's standing decisions for people without a link (create new, skip), by source id. */
  readonly decisions?: ReadonlyMap<string, MatchDecision>
  /** The job file as the admin names it, for the commands conflict messages suggest. */
  readonly jobFile?: string
  /** Everyone a reference (manager) may name; default `mapped` (on demand plans one person of many). */
  readonly referable?: ReadonlyArray<MappedObject>
}

/** How a link the write records was made; absent when it only refreshes a link's state or hash. */
export interface LinkMade {
  readonly origin: LinkOrigin
  readonly relinkedFrom: string | null
}

/** What applying an operation does; kept beside the operation, never printed or saved. */
export type Execution =
  | {
      readonly kind: 'create'
      readonly body: Readonly<Record<string, unknown>>
      readonly matchKeys: ReadonlyArray<MatchKey>
      readonly attributes: ReadonlyArray<MappedAttribute>
      readonly exportedHash: string
      /** Accounts the admin decided this person must not be linked to (never adopted after a 409). */
      readonly rejectedAccounts?: ReadonlyArray<string>
      /** References to set: in the body, or by a PATCH once the referenced account is created. */
      readonly references?: ReadonlyArray<ReferenceWrite>
    }
  | {
      readonly kind: 'patch'
      readonly operations: ReadonlyArray<PatchOperation>
      readonly before: Readonly<Record<string, unknown>>
      readonly linkState: LinkState
      readonly exportedHash: string | null
      readonly made?: LinkMade
      /** References waiting for an account this run creates: the PATCH is sent after the creates. */
      readonly references?: ReadonlyArray<ReferenceWrite>
    }
  | { readonly kind: 'delete'; readonly before: Readonly<Record<string, unknown>> }
  /** No request; only the link is written (new link to an identical account, state or hash refresh). */
  | {
      readonly kind: 'link'
      readonly linkState: LinkState
      readonly exportedHash: string | null
      readonly made?: LinkMade
    }
  /** No request; the link points at an account that no longer exists and is dropped. */
  | { readonly kind: 'unlink' }
  | { readonly kind: 'none' }

export interface UserOperation extends PlannedOperation {
  readonly execution: Execution
  /** For a row refused at apply time (saved plan went stale): the action that was planned. */
  readonly refusedAction?: UserAction
  /** Sets the references of the create with this change id (not counted again in the summary). */
  readonly completes?: string
}

/** A copy of `operation` with `changed` fields replaced; every field is read explicitly. */
export function copyUserOperation(operation: UserOperation, changed: Partial<UserOperation>): UserOperation {
  return {
    ...plannedFields(operation),
    execution: operation.execution,
    ...(operation.refusedAction === undefined ? {} : { refusedAction: operation.refusedAction }),
    ...(operation.completes === undefined ? {} : { completes: operation.completes }),
    ...changed,
  }
}

/**
 * Decides, for every person, what the run does in the target. Pure: the same inputs give the
 * same plan, and nothing is read or written.
 *
 * Never guesses: an account two people could claim, or a match on several accounts, is a
 * conflict left for the admin; a person without any matching value is skipped.
 */
export function planUsers(input: UserPlanInput): UserOperation[] {
  const plan = new UserPlan(input)
  const candidates: Candidate[] = []
  for (let position = 0; position < input.mapped.length; position++) {
    const mapped = input.mapped[position] as MappedObject
    const triaged = triage(input, mapped, position)
    if (isCandidate(triaged)) candidates.push(plan.claim(triaged))
    else plan.operations.push(triaged)
  }
  // People inactive in the source get no account (below), so they cannot collide with a create.
  const collisions = findCreateCollisions(
    candidates.filter(candidate => candidate.resource === null && !inactiveInSource(candidate.mapped))
  )
  for (const candidate of candidates) {
    if (candidate.resource === null) planNewAccount(plan, candidate, collisions.get(candidate.mapped))
    else planExistingAccount(plan, candidate, candidate.resource)
  }
  plan.references?.finish(plan.operations, plan.seenSources)
  if (input.authoritative) deprovisionRemoved(plan)
  return plan.operations
}

/** A person in scope, with a valid record, whose account was looked for. */
interface Candidate {
  readonly mapped: MappedObject
  readonly link: Link | null
  /** The account found by the link or the matching attributes; null: none (a create). */
  readonly resource: TargetResource | null
  readonly trace: Trace
  /** Where the person is in the people planned. */
  readonly position: number
}

/** The plan being built: its operations, and what the planner learns about people and accounts. */
class UserPlan {
  public readonly operations: UserOperation[] = []
  /** Every source id read; built on first use (a plan without links or relinks never asks). */
  public readonly seenSources: SourceIds
  public readonly linkByTarget: ReadonlyMap<string, Link>
  /** Source ids whose account moved to the person's new id: they are not deprovisioned. */
  public readonly relinked = new Set<string>()
  /** With reference attributes (manager), operations are built once everyone's account is decided. */
  public readonly references: ReferencePlanner<UserOperation> | null
  /**
   * First claimant of each account; accounts claimed more than once are collected apart, so the
   * common case (one person per account) allocates no list.
   */
  private readonly claims = new Map<string, Candidate>()
  private readonly contested = new Map<string, Candidate[]>()

  public constructor(public readonly input: UserPlanInput) {
    this.linkByTarget = linksByTarget(input.links)
    this.seenSources = new SourceIds(input.mapped)
    this.references = ReferencePlanner.for<UserOperation>({
      mappings: input.compiled.mappings,
      people: input.referable ?? input.mapped,
      links: input.links,
      target: input.target,
    })
  }

  /** Records which account the candidate claims. */
  public claim(candidate: Candidate): Candidate {
    const id = candidate.resource?.id
    if (id === undefined) return candidate
    const first = this.claims.get(id)
    if (first === undefined) {
      this.claims.set(id, candidate)
      return candidate
    }
    const list = this.contested.get(id)
    if (list === undefined) this.contested.set(id, [first, candidate])
    else list.push(candidate)
    return candidate
  }

  /** The other people who claim the same account as `candidate` (none: it is theirs alone). */
  public rivals(candidate: Candidate, targetId: string): string[] {
    const claimants = this.contested.get(targetId) ?? []
    return claimants.filter(other => other !== candidate).map(other => other.mapped.source.id)
  }

  /** Adds an operation for a person with an account (or a create), once references allow. */
  public add(
    candidate: Candidate,
    resource: TargetResource | null,
    build: (plan: ReferencePlan) => UserOperation
  ): void {
    if (this.references === null) this.operations.push(build(NO_REFERENCES))
    else this.references.add(this.operations, candidate.mapped, resource, build, candidate.position)
  }
}

/** What triage gives: the person's operation, settled now, or the account looked for. */
type Triaged = UserOperation | Candidate

/**
 * The source ids of the people planned, as a set made on the first question: a first run (no
 * links) never asks, and 100,000 insertions into a set are a tenth of planning them.
 */
class SourceIds {
  private ids: Set<string> | null = null

  public constructor(private readonly people: ReadonlyArray<MappedObject>) {}

  public has(id: string): boolean {
    this.ids ??= new Set(this.people.map(person => person.source.id))
    return this.ids.has(id)
  }
}

function isCandidate(triaged: Triaged): triaged is Candidate {
  return 'position' in triaged
}

/** What a person needs: settled now (out of scope, invalid, skipped, no match value), or an account looked for. */
function triage(input: UserPlanInput, mapped: MappedObject, position: number): Triaged {
  const sourceId = mapped.source.id
  const link = liveLink(input.links.get(sourceId))
  // A link always wins; a decision is for a person whose account has to be found again.
  const decision = input.decisions?.get(sourceId)
  if (!mapped.scope.inScope) {
    const trace = newTrace(input, mapped, 'none')
    const leaving = { sourceId, display: mapped.display, link, why: 'out-of-scope', trace } as const
    return deprovisionOrSkip(input, leaving)
  }
  if (mapped.errors.length > 0) {
    const trace = newTrace(input, mapped, 'none')
    const reason = `Cannot provision: ${mapped.errors.join('; ')}`
    return skip(input, mapped, link, trace, mapped.errorCode ?? 'MandatoryFieldsMissing', reason)
  }
  if (decision === 'skip' && link === null) {
    const trace = newTrace(input, mapped, 'none')
    processed(trace, 'skipped', DECIDED_SKIP)
    return skip(input, mapped, null, trace, 'EntrySynchronizationSkipped', DECIDED_SKIP)
  }
  const linked = link === null ? undefined : input.target.get(link.targetId)
  if (link !== null && linked !== undefined) {
    const trace = newTrace(input, mapped, 'link', link.targetId)
    return { mapped, link, resource: linked, trace, position }
  }
  const trace = newTrace(input, mapped, 'keys', undefined, link?.targetId)
  if (decision === 'create') trace.decidedCreate = true
  const match: MatchOutcome = decision === 'create' ? 'none' : matchByKeys(input, mapped)
  if (match === 'no-value') {
    const reason = describeMatch(input, mapped).description
    return skip(input, mapped, link, trace, 'ImportSkipped', reason)
  }
  if (match === 'duplicate') {
    const reason = describeMatch(input, mapped).description
    return conflict(input, mapped, trace, 'DuplicateTargetEntries', reason)
  }
  const resource = match === 'none' ? null : match
  return { mapped, link, resource, trace, position }
}

/** A person without an account: a create, unless it collides, the person is inactive or has no userName. */
function planNewAccount(plan: UserPlan, candidate: Candidate, collision: string | undefined): void {
  const { input } = plan
  const { mapped, trace } = candidate
  if (collision !== undefined) {
    plan.operations.push(conflict(input, mapped, trace, 'DuplicateSourceEntries', collision))
    return
  }
  if (inactiveInSource(mapped)) {
    // Entra does not provision people who are disabled in the source; an admin does not want
    // a fresh account for someone HR already marks as gone.
    processed(trace, 'skipped', 'Inactive in the source (active=false): no account is created')
    const reason = 'Inactive in the source; no account is created'
    plan.operations.push(skip(input, mapped, null, trace, 'EntrySynchronizationSkipped', reason))
    return
  }
  if (!mapped.attributes.some(attribute => isUserName(attribute.mapping.target))) {
    // Caught here rather than answered with a 400 by the app (an update needs no userName).
    const reason = 'Cannot create an account: userName has no value (SCIM requires one on every account)'
    processed(trace, 'failure', reason)
    plan.operations.push(skip(input, mapped, null, trace, 'MandatoryFieldsMissing', reason))
    return
  }
  if (!allows(input.actions, 'create')) {
    const reason = actionNotEnabled('users', 'create', 'No account matches: one would be created')
    processed(trace, 'skipped', reason)
    plan.operations.push(skip(input, mapped, null, trace, ACTION_NOT_ENABLED, reason))
    return
  }
  plan.add(candidate, null, references => createOperation(input, mapped, trace, references))
}

/** A person with an account: theirs, unless another person holds or claims it too. */
function planExistingAccount(plan: UserPlan, candidate: Candidate, resource: TargetResource): void {
  const { input } = plan
  const { mapped, trace } = candidate
  const byKeys = trace.matching === 'keys'
  const owner = byKeys ? plan.linkByTarget.get(resource.id) : undefined
  const ownedByOther = owner !== undefined && owner.sourceId !== mapped.source.id ? owner : null
  // The person's source id changed (a rehire, a corrected id): the old id has left an
  // authoritative source and the new one matches the same account, so the link moves.
  if (ownedByOther !== null && (!input.authoritative || plan.seenSources.has(ownedByOther.sourceId))) {
    const reason = claimedByOther(
      input,
      mapped.source.id,
      resource.id,
      ownedByOther.sourceId,
      plan.seenSources
    )
    plan.operations.push(conflict(input, mapped, trace, 'DuplicateSourceEntries', reason))
    return
  }
  // The linked person keeps their account; anyone else matching it is refused.
  const rivals = byKeys ? plan.rivals(candidate, resource.id) : []
  if (rivals.length > 0) {
    const reason = `Account ${resource.id} matches several people in the source (also ${rivals.join(', ')})`
    plan.operations.push(conflict(input, mapped, trace, 'DuplicateSourceEntries', reason))
    return
  }
  if (ownedByOther !== null) {
    plan.relinked.add(ownedByOther.sourceId)
    trace.relinkedFrom = ownedByOther.sourceId
  }
  const via = trace.matching === 'link' ? 'link' : ownedByOther !== null ? 'relink' : 'match'
  const link = ownedByOther ?? candidate.link
  plan.add(candidate, resource, references =>
    existingAccountOperation(input, { mapped, link, resource, via, trace, references })
  )
}

/** Linked people missing from an authoritative source have left it. */
function deprovisionRemoved(plan: UserPlan): void {
  for (const link of plan.input.links.values()) {
    if (link.state === 'deleted' || plan.seenSources.has(link.sourceId) || plan.relinked.has(link.sourceId))
      continue
    const trace = newTrace(plan.input, null, 'none')
    const display = link.display ?? link.sourceId
    plan.operations.push(
      deprovisionOrSkip(plan.input, { sourceId: link.sourceId, display, link, why: 'removed', trace })
    )
  }
}

const DECIDED_SKIP =
  "Not provisioned: the admin decided to skip this person (withdrawn by 'provisioner unlink')"

/**
 * Why a person cannot have the account they match: another source id holds its link. Names
 * both, and the command that moves the link when it is the same person under a new id.
 */
function claimedByOther(
  input: UserPlanInput,
  sourceId: string,
  targetId: string,
  owner: string,
  seenSources: SourceIds
): string {
  const where = seenSources.has(owner)
    ? 'which is still in the source'
    : 'which this run cannot tell has left the source (only a full run over an authoritative source can)'
  return (
    `Account ${targetId} is linked to source id ${owner}, ${where}; ${sourceId} matches it too. ` +
    `If ${sourceId} is the same person under a new id, move the link: ` +
    `provisioner link --job ${input.jobFile ?? 'FILE'} ${sourceId} ${targetId}`
  )
}

/**
 * Creates that would collide with each other on a matching value: the second one's 409 would
 * otherwise link it to the first person's new account. Returns the reason per colliding person.
 */
function findCreateCollisions(
  creates: ReadonlyArray<{ readonly mapped: MappedObject }>
): Map<MappedObject, string> {
  const first = new Map<string, MappedObject>()
  const collided = new Map<string, MappedObject[]>()
  for (const { mapped } of creates) {
    for (const key of mapped.matchKeys) {
      if (key.value === null) continue
      const text = `${key.mapping.index}\u0000${key.mapping.caseExact ? key.value : key.value.toLowerCase()}`
      const previous = first.get(text)
      if (previous === undefined) {
        first.set(text, mapped)
        continue
      }
      const list = collided.get(text)
      if (list === undefined) collided.set(text, [previous, mapped])
      else list.push(mapped)
    }
  }
  const reasons = new Map<MappedObject, string>()
  for (const [text, list] of collided) {
    const [index, value] = text.split('\u0000')
    const mapping = list[0]?.matchKeys.find(key => String(key.mapping.index) === index)?.mapping
    for (const mapped of list) {
      const others = list.filter(other => other !== mapped).map(other => other.source.id)
      reasons.set(
        mapped,
        `Another person in the source (${others.join(', ')}) has the same ${mapping?.target.text ?? 'matching value'} ${JSON.stringify(value)}`
      )
    }
  }
  return reasons
}

/** The job maps `active` and this person's value is false. */
function inactiveInSource(mapped: MappedObject): boolean {
  return mapped.attributes.some(
    attribute => attribute.mapping.target.text === 'active' && attribute.value === false
  )
}

/** Why mappings send nothing for this object (null values are not provisioned; dropped flows). */
function withheldNotes(mapped: MappedObject): Readonly<Record<string, string>> {
  if (mapped.withheld.length === 0) return NO_NOTES
  const notes: Record<string, string> = {}
  for (const { mapping, why } of mapped.withheld) {
    notes[mapping.target.text] =
      why === 'ignored'
        ? 'dropped from the flow by IgnoreFlowIfNullOrEmpty'
        : 'not provisioned: the expression gave no value (null values are left alone)'
  }
  return notes
}

/** No notes: shared, so the common person (nothing withheld) keeps no object of their own. */
const NO_NOTES: Readonly<Record<string, string>> = Object.freeze({})

/** The notes of every part in one object; NO_NOTES when there are none. */
function mergedNotes(
  ...parts: ReadonlyArray<Readonly<Record<string, string>>>
): Readonly<Record<string, string>> {
  return parts.every(part => Object.keys(part).length === 0) ? NO_NOTES : Object.assign({}, ...parts)
}

/**
 * What the planner decided and why, kept small: the log steps (import, scoping, matching,
 * processing) are only rendered when someone reads them (apply logs, `--explain`), not for
 * every row of a large dry run.
 */
interface Trace {
  readonly input: UserPlanInput
  /** Null for a person no longer in the source. */
  readonly mapped: MappedObject | null
  /** How the account was found: by its link, by matching attributes, or not looked for. */
  readonly matching: 'link' | 'keys' | 'none'
  readonly linkTargetId: string | undefined
  /** A link whose account vanished from the target, before matching again. */
  readonly staleTargetId: string | undefined
  /** The admin decided this person gets a new account: the matching attributes are not used. */
  decidedCreate: boolean
  /** The source id whose link to the matched account moves to this person. */
  relinkedFrom: string | undefined
  /** The processing step's status and description (see `processed`); null: no such step. */
  status: ProvisioningStep['status'] | null
  processing: string | null
  /** Mapping options that decided what is (not) sent, by target path (dry runs show them). */
  notes: Readonly<Record<string, string>> | undefined
  /** What the admin should know (a manager left out, and why): warning steps in the log. */
  warnings: ReadonlyArray<string> | undefined
  /** A create's references: its changes and body are computed from them and the person. */
  references: ReferencePlan | null
  /** The operation the trace explains, once built (its fingerprint is computed from it). */
  operation: UserOperation | null
}

/**
 * A trace with every field set: traces share one hidden class and keep their fields in the
 * object (one per person in a plan), and a trace is its operation's lazy-field state.
 */
function newTrace(
  input: UserPlanInput,
  mapped: MappedObject | null,
  matching: Trace['matching'],
  linkTargetId?: string,
  staleTargetId?: string
): Trace {
  return {
    input,
    mapped,
    matching,
    linkTargetId,
    staleTargetId,
    decidedCreate: false,
    relinkedFrom: undefined,
    status: null,
    processing: null,
    notes: undefined,
    warnings: undefined,
    references: null,
    operation: null,
  }
}

/** Sets the processing step of the trace. */
function processed(trace: Trace, status: ProvisioningStep['status'], description: string): void {
  trace.status = status
  trace.processing = description
}

function renderSteps(input: UserPlanInput, trace: Trace): ProvisioningStep[] {
  const steps: ProvisioningStep[] = []
  const mapped = trace.mapped
  if (mapped === null) {
    steps.push(
      step(
        'import',
        'skipped',
        `Not in ${input.sourceName}: the source is authoritative, so the person has left`
      )
    )
  } else {
    steps.push(importStep(mapped, input.sourceName), scopingStep(mapped))
    if (trace.matching === 'link') {
      steps.push(step('matching', 'success', `Linked account ${trace.linkTargetId} (from an earlier run)`))
    } else if (trace.matching === 'keys') {
      steps.push(matchingStep(input, mapped, trace))
    }
  }
  if (trace.status !== null && trace.processing !== null) {
    const notes = trace.notes === undefined || Object.keys(trace.notes).length === 0 ? undefined : trace.notes
    steps.push(step('processing', trace.status, trace.processing, notes))
  }
  for (const warning of trace.warnings ?? []) steps.push(step('processing', 'warning', warning))
  return steps
}

function matchingStep(input: UserPlanInput, mapped: MappedObject, trace: Trace): ProvisioningStep {
  const match = describeMatch(input, mapped)
  const notes: Record<string, string> = {}
  if (trace.staleTargetId !== undefined) {
    notes['note'] = `The linked account ${trace.staleTargetId} no longer exists in the target; matching again`
  }
  if (trace.relinkedFrom !== undefined) {
    notes['relinked'] =
      `The account was linked to source id ${trace.relinkedFrom}, which is no longer in the source: ` +
      `the link moves to ${mapped.source.id}`
  }
  if (trace.decidedCreate === true) {
    const description = 'Not matched: the admin decided this person gets a new account'
    return step('matching', 'skipped', description, { ...notes, ...match.details })
  }
  return step('matching', match.status, match.description, { ...notes, ...match.details })
}

/** The account found; none; several (a conflict); or no matching value to look with. */
type MatchOutcome = TargetResource | 'none' | 'duplicate' | 'no-value'

/** Tries matching attributes in precedence order; the first that finds accounts decides (§C). */
function matchByKeys(input: UserPlanInput, mapped: MappedObject): MatchOutcome {
  let anyValue = false
  for (const key of mapped.matchKeys) {
    if (key.value === null) continue
    anyValue = true
    const found = input.target.find(key.mapping, key.value)
    if (found === undefined) continue
    return severalAccounts(found) ? 'duplicate' : found
  }
  return anyValue ? 'none' : 'no-value'
}

/** The matching step in words: every matching attribute tried, in order, with what it found. */
function describeMatch(
  input: UserPlanInput,
  mapped: MappedObject
): { status: ProvisioningStep['status']; description: string; details: Record<string, string> } {
  const details: Record<string, string> = {}
  let anyValue = false
  for (const key of mapped.matchKeys) {
    const label = `${key.mapping.matchingPrecedence}. ${key.mapping.target.text}`
    if (key.value === null) {
      details[label] = 'no value in the source'
      continue
    }
    anyValue = true
    const found = input.target.lookup(key.mapping, key.value)
    if (found.length === 0) {
      details[label] = `${JSON.stringify(key.value)}: no account`
      continue
    }
    if (found.length > 1) {
      details[label] =
        `${JSON.stringify(key.value)}: ${found.length} accounts (${found.map(resource => resource.id).join(', ')})`
      return {
        status: 'failure',
        description: `${found.length} target accounts have ${key.mapping.target.text} = ${JSON.stringify(key.value)}`,
        details,
      }
    }
    const resource = found[0] as TargetResource
    details[label] = `${JSON.stringify(key.value)}: account ${resource.id}`
    return {
      status: 'success',
      description: `Matched account ${resource.id} on ${key.mapping.target.text}`,
      details,
    }
  }
  if (!anyValue) {
    return {
      status: 'skipped',
      description: `No value for any matching attribute (${mapped.matchKeys.map(key => key.mapping.target.text).join(', ')})`,
      details,
    }
  }
  return { status: 'success', description: 'No matching account in the target', details }
}

function createOperation(
  input: UserPlanInput,
  mapped: MappedObject,
  trace: Trace,
  references: ReferencePlan
): UserOperation {
  processed(trace, 'success', 'Create a new account')
  trace.notes = withheldNotes(mapped)
  trace.references = references
  // An account deleted in the app is not re-created silently.
  const recreate =
    trace.staleTargetId === undefined
      ? null
      : `The linked account ${trace.staleTargetId} no longer exists in the target; a new account is created`
  trace.warnings = recreate === null ? references.warnings : [recreate, ...references.warnings]
  const rejectedAccounts = trace.decidedCreate === true ? matchedAccounts(input, mapped) : undefined
  return operation(input, trace, {
    action: 'create',
    sourceId: mapped.source.id,
    targetId: null,
    display: mapped.display,
    changes: null,
    reason:
      recreate ?? (trace.decidedCreate === true ? 'The admin decided this person gets a new account' : null),
    errorCode: null,
    warnings: trace.warnings,
    // Body and hash are built when needed (apply), not for every create of a 100,000-person dry run.
    execution: createExecution(trace, rejectedAccounts),
  })
}

/** A create's changes: every mapped value (with why it is set on create), then the references. */
function createChanges({ mapped, references }: Trace): PlannedChange[] {
  return (mapped as MappedObject).attributes
    .map<PlannedChange>(attribute => {
      const note = createNote(attribute)
      const change = { path: attribute.mapping.target.text, from: null, to: shown(attribute) }
      return note === undefined ? change : { ...change, note }
    })
    .concat((references as ReferencePlan).changes)
}

const CREATE_BODY = lazyField<Trace>(
  'body',
  ({ mapped, references }) =>
    addReferencesToBody(
      buildCreateBody((mapped as MappedObject).attributes),
      (references as ReferencePlan).writes
    ),
  false
)
const CREATE_HASH = lazyField<Trace>(
  'exportedHash',
  ({ mapped }) => exportedHash((mapped as MappedObject).attributes),
  false
)
/** The hash of a PATCH or link write, from the person's mapped values. */
const ACCOUNT_HASH = lazyField<MappedObject>('exportedHash', mapped => exportedHash(mapped.attributes), false)

/** A create's request: body (built on every read) and hash are computed when needed (apply). */
function createExecution(trace: Trace, rejectedAccounts: ReadonlyArray<string> | undefined): Execution {
  const mapped = trace.mapped as MappedObject
  const references = trace.references as ReferencePlan
  const built: Record<string, unknown> = { kind: 'create' }
  CREATE_BODY.define(built, trace)
  built['matchKeys'] = mapped.matchKeys
  built['attributes'] = mapped.attributes
  CREATE_HASH.define(built, trace)
  if (rejectedAccounts !== undefined) built['rejectedAccounts'] = rejectedAccounts
  if (references.writes.length > 0) built['references'] = references.writes
  return built as unknown as Execution
}

/** Every account a matching attribute of the person finds (the workbench lists them as candidates). */
export function matchedAccounts(input: Pick<UserPlanInput, 'target'>, mapped: MappedObject): string[] {
  const ids = new Set<string>()
  for (const key of mapped.matchKeys) {
    if (key.value === null) continue
    for (const resource of input.target.lookup(key.mapping, key.value)) ids.add(resource.id)
  }
  return [...ids]
}

/** A person whose account is known: by their link, by matching attributes, or moved from an old source id. */
interface ExistingAccount {
  readonly mapped: MappedObject
  /** The person's link (for a relink: the old source id's link). */
  readonly link: Link | null
  readonly resource: TargetResource
  readonly via: 'link' | 'match' | 'relink'
  readonly trace: Trace
  readonly references: ReferencePlan
}

/** What differs between the person's mapped values and their account. */
interface AccountDiff {
  /** What the PATCH sets. */
  readonly changes: ReadonlyArray<AttributeChange>
  /** The same changes as the plan shows them (secrets redacted), references included. */
  readonly shown: ReadonlyArray<PlannedChange>
  /** The account's values before the changes (for undo). */
  readonly before: Readonly<Record<string, unknown>>
  readonly notes: Readonly<Record<string, string>>
  /** The account this job disabled is enabled again (the job does not map `active`). */
  readonly enabling: boolean
  /** How many writes the references (manager) add. */
  readonly referenceWrites: number
}

function existingAccountOperation(input: UserPlanInput, account: ExistingAccount): UserOperation {
  const { mapped, link, resource, trace, references } = account
  const diff = accountDiff(account)
  const action = existingAction(account.via, diff)
  const linkState = desiredLinkState(mapped, diff)
  if (
    action === 'unchanged' &&
    linkState === 'disabled' &&
    link !== null &&
    disabledLongEnough(input, link)
  ) {
    // Inactive in the source and disabled by this job long enough: the second phase deletes it.
    if (!allows(input.actions, 'delete')) {
      const wouldDo = `Disabled by this job for ${input.deprovision.deleteDisabledAfterDays} day(s) or more: the account would be deleted`
      return withheld(input, { mapped, resource, trace }, 'delete', wouldDo)
    }
    return secondPhaseDelete(input, { sourceId: mapped.source.id, display: mapped.display, resource, trace })
  }
  const changeCount = diff.changes.length + diff.referenceWrites
  if (changeCount > 0 && !allows(input.actions, 'update')) {
    const wouldDo = `Account ${resource.id} would be ${action === 'link' ? 'linked and ' : ''}updated (${changeCount} attribute(s))`
    return withheld(input, { mapped, resource, trace }, 'update', wouldDo)
  }
  const made = linkMade(account.via, link)
  const description =
    action === 'unchanged'
      ? 'The account already has every mapped value'
      : made === MATCHED
        ? sharedText(LINKED, action, changeCount, () => describeNewLink(made, action, changeCount))
        : made !== undefined
          ? describeNewLink(made, action, changeCount)
          : sharedText(
              CHANGED,
              action,
              changeCount,
              () => `${capitalise(action)} the account (${changeCount} attribute(s))`
            )
  processed(trace, action === 'unchanged' ? 'skipped' : 'success', description)
  trace.notes = diff.notes
  const linkNotes = made === undefined ? null : newLinkNotes(made, action, resource.id, diff.shown)
  trace.warnings =
    linkNotes?.warnings === undefined ? references.warnings : [...linkNotes.warnings, ...references.warnings]
  return operation(input, trace, {
    action,
    sourceId: mapped.source.id,
    targetId: resource.id,
    display: mapped.display,
    changes: diff.shown,
    reason: action === 'unchanged' ? 'No changes needed' : null,
    errorCode: null,
    ...(linkNotes === null ? {} : { reason: linkNotes.reason }),
    warnings: trace.warnings,
    execution: existingExecution(account, { diff, linkState, made }),
  })
}

/** The mapped values the account lacks, and the re-enable of an account this job disabled. */
function accountDiff(account: ExistingAccount): AccountDiff {
  const { mapped, link, resource, references } = account
  const diff = attributeDiff(resource, mapped.attributes)
  const notes = mergedNotes(withheldNotes(mapped), diff.notes, references.notes)
  const mapsActive = mapped.attributes.some(attribute => attribute.mapping.target.text === 'active')
  // We disabled this account when the person left or went out of scope; they are back.
  const enabling = !mapsActive && link?.state === 'disabled' && !isActive(resource)
  const referenceWrites = references.operations.length + references.writes.length
  // concat: the lists kept by the plan hold exactly their entries (see compact-lists.ts).
  const shownChanges = diff.shown.concat(references.changes)
  if (!enabling) {
    const before = joined(diff.before, references.before)
    return { changes: diff.changes, shown: shownChanges, before, notes, enabling, referenceWrites }
  }
  const before: Record<string, unknown> = { ...diff.before, ...references.before }
  shownChanges.push({ path: 'active', from: resource['active'] ?? null, to: true })
  before['active'] = resource['active'] ?? null
  const changes = diff.changes.concat({ path: ACTIVE_PATH, value: true })
  return { changes, shown: shownChanges, before, notes, enabling, referenceWrites }
}

/** The values of both (`second`'s win); one of them when the other is empty (most people have only one). */
function joined(
  first: Readonly<Record<string, unknown>>,
  second: Readonly<Record<string, unknown>>
): Readonly<Record<string, unknown>> {
  if (isEmpty(second)) return first
  return isEmpty(first) ? second : { ...first, ...second }
}

function isEmpty(values: Readonly<Record<string, unknown>>): boolean {
  for (const _key in values) return false
  return true
}

const ACTIVE_PATH = { text: 'active', schema: null, attribute: 'active', filter: null, subAttribute: null }

/** The action on an existing account, from what changes. */
function existingAction(via: ExistingAccount['via'], diff: AccountDiff): UserAction {
  const active = diff.shown.find(change => change.path === 'active')?.to
  // A first link that also disables or enables the account is that disable or enable: the
  // summary, the deletion threshold and the log count it as one.
  if (diff.enabling || active === true) return 'enable'
  if (active === false) return 'disable'
  if (via !== 'link') return 'link'
  return diff.changes.length > 0 || diff.referenceWrites > 0 ? 'update' : 'unchanged'
}

/**
 * The link records that the person is inactive for as long as they are, not only on the run
 * that disabled the account (a later run would flip it back and restart stateChangedAt).
 */
function desiredLinkState(mapped: MappedObject, diff: AccountDiff): LinkState {
  const desiredActive = mapped.attributes.find(
    attribute =>
      attribute.mapping.target.text === 'active' &&
      attribute.mapping.apply === 'always' &&
      !attribute.fromDefault
  )?.value
  const active = diff.shown.find(change => change.path === 'active')?.to
  return active === false || desiredActive === false ? 'disabled' : 'active'
}

/** How the link is made now; undefined when the person was linked already. */
function linkMade(via: ExistingAccount['via'], link: Link | null): LinkMade | undefined {
  if (via === 'link') return undefined
  return via === 'relink' ? { origin: 'relinked', relinkedFrom: link?.sourceId ?? null } : MATCHED
}

/** A link made by matching: shared by every matched person (half of a first run's plan). */
const MATCHED: LinkMade = Object.freeze({ origin: 'matched', relinkedFrom: null })

/** A PATCH when something changes; else a link write when the link is new or stale; else nothing. */
function existingExecution(
  account: ExistingAccount,
  decided: { readonly diff: AccountDiff; readonly linkState: LinkState; readonly made: LinkMade | undefined }
): Execution {
  const { mapped, link, resource, references } = account
  const { diff, linkState, made } = decided
  if (diff.changes.length + diff.referenceWrites > 0) {
    const patch: Record<string, unknown> = {
      kind: 'patch',
      operations:
        diff.changes.length === 0
          ? references.operations
          : buildPatchOperations(resource, diff.changes).concat(references.operations),
      before: diff.before,
      linkState,
    }
    ACCOUNT_HASH.define(patch, mapped)
    if (made !== undefined) patch['made'] = made
    if (references.writes.length > 0) patch['references'] = references.writes
    return patch as unknown as Execution
  }
  const linkCurrent =
    made === undefined &&
    link !== null &&
    link.targetId === resource.id &&
    link.state === linkState &&
    link.exportedHash === exportedHash(mapped.attributes)
  if (linkCurrent) return NONE
  const linkWrite: Record<string, unknown> = { kind: 'link', linkState }
  ACCOUNT_HASH.define(linkWrite, mapped)
  if (made !== undefined) linkWrite['made'] = made
  return linkWrite as unknown as Execution
}

/** The second phase of two-phase deprovisioning: an account disabled by this job long enough is deleted. */
function secondPhaseDelete(
  input: UserPlanInput,
  account: {
    readonly sourceId: string
    readonly display: string
    readonly resource: TargetResource
    readonly trace: Trace
    /** Why the account was disabled ("Person removed from the source"); absent: inactive in the source. */
    readonly cause?: string
  }
): UserOperation {
  const days = input.deprovision.deleteDisabledAfterDays as number
  processed(
    account.trace,
    'success',
    account.cause === undefined
      ? `Inactive in the source and disabled for ${days} day(s) or more: delete the account`
      : `${account.cause}; disabled for ${days} day(s) or more: delete the account`
  )
  return operation(input, account.trace, {
    action: 'delete',
    sourceId: account.sourceId,
    targetId: account.resource.id,
    display: account.display,
    changes: [],
    reason: `Disabled by this job for ${days} day(s) or more (deleteDisabledAfterDays)`,
    errorCode: null,
    execution: { kind: 'delete', before: account.resource },
  })
}

/** What a link made now tells the admin: why (relinked, disabled, enabled), and a rename to notice. */
function newLinkNotes(
  made: LinkMade,
  action: UserAction,
  targetId: string,
  changes: ReadonlyArray<PlannedChange>
): Pick<OperationFields, 'reason' | 'warnings'> {
  const reason =
    made.origin === 'relinked'
      ? `Relinked from ${made.relinkedFrom} (no longer in the source)`
      : action === 'disable'
        ? `Inactive in the source: the matching account ${targetId} is linked and disabled`
        : action === 'enable'
          ? `The matching account ${targetId} is disabled: it is linked and enabled`
          : null
  const rename = changes.find(change => change.path === 'userName')
  if (rename === undefined) return { reason }
  const warning = `Linking renames the account's userName from ${JSON.stringify(rename.from)} to ${JSON.stringify(rename.to)}`
  return { reason, warnings: [warning] }
}

/**
 * The same text for the same kind and count, made once: 100,000 operations would otherwise each
 * keep their own copy of "Link the existing account and update 1 attribute(s)" (three string
 * pieces, ~100 bytes) until their log steps are read.
 */
function sharedText(
  made: Map<UserAction, string[]>,
  action: UserAction,
  count: number,
  make: () => string
): string {
  let texts = made.get(action)
  if (texts === undefined) {
    texts = []
    made.set(action, texts)
  }
  return (texts[count] ??= make())
}

/** Processing texts made, by action and count: of accounts linked by matching, of linked accounts changed. */
const LINKED = new Map<UserAction, string[]>()
const CHANGED = new Map<UserAction, string[]>()

/** The processing step of a link made now: matched, or moved from the person's old source id. */
function describeNewLink(made: LinkMade, action: UserAction, changed: number): string {
  const head =
    made.origin === 'relinked' ? `Relink the account from ${made.relinkedFrom}` : 'Link the existing account'
  if (action === 'disable' || action === 'enable') return `${head} and ${action} it (${changed} attribute(s))`
  return `${head}${changed > 0 ? ` and update ${changed} attribute(s)` : ''}`
}

/** A person who left the source or went out of scope, with their link if they have one. */
interface Leaving {
  readonly sourceId: string
  readonly display: string
  readonly link: Link | null
  readonly why: 'removed' | 'out-of-scope'
  readonly trace: Trace
}

/** A linked person who left the source or went out of scope: apply the job's deprovisioning policy. */
function deprovisionOrSkip(input: UserPlanInput, leaving: Leaving): UserOperation {
  const { sourceId, display, link, trace } = leaving
  const cause = leaving.why === 'removed' ? 'removed from the source' : 'out of scope'
  if (link === null) {
    processed(trace, 'skipped', `Not provisioned: ${cause}`)
    return operation(input, trace, {
      action: 'skip',
      sourceId,
      targetId: null,
      display,
      changes: [],
      reason: `Out of scope`,
      errorCode: 'EntrySynchronizationSkipped',
      execution: NONE,
    })
  }
  const base = { sourceId, display, targetId: link.targetId, changes: [], errorCode: null }
  const resource = input.target.get(link.targetId)
  if (resource === undefined) {
    processed(trace, 'skipped', `Account ${link.targetId} no longer exists in the target`)
    return operation(input, trace, {
      ...base,
      action: 'skip',
      reason: `Person ${cause}, and the linked account no longer exists in the target`,
      errorCode: 'InvalidAnchor',
      execution: { kind: 'unlink' },
    })
  }
  const policy = leaving.why === 'removed' ? input.deprovision.whenRemoved : input.deprovision.whenOutOfScope
  if (policy === 'ignore') {
    processed(trace, 'skipped', `Person ${cause}; the job's policy is to leave the account alone`)
    const reason = `Person ${cause}; deprovisioning policy "ignore"`
    return operation(input, trace, { ...base, action: 'skip', reason, execution: NONE })
  }
  const deprovisioning =
    policy === 'delete' || isActive(resource) ? policy : disabledLongEnough(input, link) ? 'delete' : null
  if (deprovisioning !== null && !allows(input.actions, 'delete')) {
    // Entra's Delete action governs deprovisioning: without it a leaver's account stays as it is.
    const wouldDo = `Person ${cause}: the account would be ${deprovisioning === 'delete' ? 'deleted' : 'disabled'}`
    const reason = actionNotEnabled('users', 'delete', wouldDo)
    processed(trace, 'skipped', reason)
    return operation(input, trace, {
      ...base,
      action: 'skip',
      reason,
      errorCode: ACTION_NOT_ENABLED,
      execution: NONE,
    })
  }
  if (policy === 'delete') {
    processed(trace, 'success', `Person ${cause}: delete the account`)
    const execution: Execution = { kind: 'delete', before: resource }
    return operation(input, trace, { ...base, action: 'delete', reason: `Person ${cause}`, execution })
  }
  if (isActive(resource)) return disableLeaving(input, { leaving, link, resource, cause })
  if (disabledLongEnough(input, link)) {
    return secondPhaseDelete(input, { sourceId, display, resource, trace, cause: `Person ${cause}` })
  }
  processed(trace, 'skipped', `Person ${cause}; the account is already disabled`)
  return operation(input, trace, {
    ...base,
    action: 'unchanged',
    reason: 'Already disabled',
    execution:
      link.state === 'disabled'
        ? NONE
        : { kind: 'link', linkState: 'disabled', exportedHash: link.exportedHash },
  })
}

/** The leaving person's active account is disabled (the job's policy "disable"). */
function disableLeaving(
  input: UserPlanInput,
  disable: {
    readonly leaving: Leaving
    readonly link: Link
    readonly resource: TargetResource
    readonly cause: string
  }
): UserOperation {
  const { leaving, link, resource, cause } = disable
  processed(leaving.trace, 'success', `Person ${cause}: disable the account`)
  return operation(input, leaving.trace, {
    action: 'disable',
    sourceId: leaving.sourceId,
    targetId: link.targetId,
    display: leaving.display,
    changes: [{ path: 'active', from: resource['active'] ?? true, to: false }],
    reason: `Person ${cause}`,
    errorCode: null,
    execution: {
      kind: 'patch',
      operations: [{ op: 'replace', path: 'active', value: false }],
      before: { active: resource['active'] ?? true },
      linkState: 'disabled',
      exportedHash: link.exportedHash,
    },
  })
}

const NONE: Execution = { kind: 'none' }

/** Whether this job disabled the account at least `deleteDisabledAfterDays` ago. */
function disabledLongEnough(input: UserPlanInput, link: Link): boolean {
  const days = input.deprovision.deleteDisabledAfterDays
  if (days === undefined || link.state !== 'disabled') return false
  const since = Date.parse(link.stateChangedAt)
  return (input.now ?? Date.now()) - since >= days * 86_400_000
}

/** A write to an existing account the job's target object actions do not allow: skipped, with why. */
function withheld(
  input: UserPlanInput,
  account: { readonly mapped: MappedObject; readonly resource: TargetResource; readonly trace: Trace },
  action: ObjectAction,
  wouldDo: string
): UserOperation {
  const reason = actionNotEnabled('users', action, wouldDo)
  processed(account.trace, 'skipped', reason)
  return operation(input, account.trace, {
    action: 'skip',
    sourceId: account.mapped.source.id,
    targetId: account.resource.id,
    display: account.mapped.display,
    changes: [],
    reason,
    errorCode: ACTION_NOT_ENABLED,
    execution: NONE,
  })
}

function skip(
  input: UserPlanInput,
  mapped: MappedObject,
  link: Link | null,
  trace: Trace,
  errorCode: string,
  reason: string
): UserOperation {
  return operation(input, trace, {
    action: 'skip',
    sourceId: mapped.source.id,
    targetId: link?.targetId ?? null,
    display: mapped.display,
    changes: [],
    reason,
    errorCode,
    execution: NONE,
  })
}

function conflict(
  input: UserPlanInput,
  mapped: MappedObject,
  trace: Trace,
  errorCode: string,
  reason: string
): UserOperation {
  processed(trace, 'failure', `Conflict: ${reason}`)
  return operation(input, trace, {
    action: 'conflict',
    sourceId: mapped.source.id,
    targetId: null,
    display: mapped.display,
    changes: [],
    reason,
    errorCode,
    execution: NONE,
  })
}

type OperationFields = Omit<
  UserOperation,
  'changeId' | 'objectType' | 'fingerprint' | 'steps' | 'changes'
> & {
  /** The changes; null for a create's, computed on first read from every mapped attribute. */
  readonly changes: ReadonlyArray<PlannedChange> | null
}

const CHANGES = lazyField<Trace>('changes', createChanges)
const STEPS = lazyField<Trace>('steps', trace => renderSteps(trace.input, trace))
const FINGERPRINT = lazyField<Trace>('fingerprint', trace => {
  const { action, sourceId, targetId, changes } = trace.operation as UserOperation
  return fingerprint(action, sourceId, targetId, changes)
})

/**
 * Builds the operation; changes of a create, log steps and the fingerprint are computed on first
 * read from the trace, by getters shared by every operation (an object literal's getters would
 * leave each of 100,000s of operations in V8's slow dictionary mode, several times larger).
 */
function operation(input: UserPlanInput, trace: Trace, fields: OperationFields): UserOperation {
  const built =
    fields.changes === null ? lazyChangesOperation(input, trace, fields) : withChanges(input, fields)
  STEPS.define(built, trace)
  FINGERPRINT.define(built, trace)
  trace.operation = built as unknown as UserOperation
  return trace.operation
}

/** An operation whose changes are data, made in one literal: its fields stay in the object. */
function withChanges(input: UserPlanInput, fields: OperationFields): Record<string, unknown> {
  const { action, sourceId, targetId, display, changes, reason, errorCode, warnings, execution } = fields
  const changeId = input.newChangeId()
  const objectType = 'user'
  return warnings !== undefined && warnings.length > 0
    ? {
        changeId,
        objectType,
        action,
        sourceId,
        targetId,
        display,
        changes,
        reason,
        errorCode,
        warnings,
        execution,
      }
    : { changeId, objectType, action, sourceId, targetId, display, changes, reason, errorCode, execution }
}

/** A create: its changes are computed from the trace on first read. */
function lazyChangesOperation(
  input: UserPlanInput,
  trace: Trace,
  fields: OperationFields
): Record<string, unknown> {
  const built: Record<string, unknown> = {
    changeId: input.newChangeId(),
    objectType: 'user',
    action: fields.action,
    sourceId: fields.sourceId,
    targetId: fields.targetId,
    display: fields.display,
  }
  CHANGES.define(built, trace)
  built['reason'] = fields.reason
  built['errorCode'] = fields.errorCode
  if (fields.warnings !== undefined && fields.warnings.length > 0) built['warnings'] = fields.warnings
  built['execution'] = fields.execution
  return built
}

/** Identifies a decision and the target state it was made against (the `from` values). */
export function fingerprint(
  action: UserAction,
  sourceId: string | null,
  targetId: string | null,
  changes: ReadonlyArray<PlannedChange>
): string {
  return shortHash([action, sourceId, targetId, changes])
}

/** Hash of the values this run exports on every run (secrets hashed as "[Redact]"). */
export function exportedHash(attributes: ReadonlyArray<MappedAttribute>): string {
  const pairs = attributes
    .filter(attribute => attribute.mapping.apply === 'always' && !attribute.fromDefault)
    .map(
      attribute => [attribute.mapping.target.text, attribute.redacted ? REDACTED : attribute.value] as const
    )
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return shortHash(pairs)
}

/** Why a new account gets a value it would not get on update. */
function createNote(attribute: MappedAttribute): string | undefined {
  if (attribute.mapping.none) return 'None mapping: the default for new accounts'
  if (attribute.fromDefault) return 'default value: the expression gave no value'
  return attribute.mapping.apply === 'on-create' ? 'applied on create only' : undefined
}

function shown(attribute: MappedAttribute): DesiredValue | typeof REDACTED {
  return attribute.redacted ? REDACTED : attribute.value
}

function step(
  type: ProvisioningStep['type'],
  status: ProvisioningStep['status'],
  description: string,
  details?: Record<string, string>
): ProvisioningStep {
  return details === undefined ? { type, status, description } : { type, status, description, details }
}

function importStep(mapped: MappedObject, sourceName: string): ProvisioningStep {
  return step('import', 'success', `Imported ${mapped.source.id} from ${mapped.source.origin ?? sourceName}`)
}

function scopingStep(mapped: MappedObject): ProvisioningStep {
  const status = mapped.scope.error !== undefined ? 'failure' : mapped.scope.inScope ? 'success' : 'skipped'
  return step('scoping', status, mapped.scope.reason)
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
