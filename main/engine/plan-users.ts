import { createHash } from 'node:crypto'
import type { PatchOperation, TargetResource } from '../connectors/connector'
import { getPathValue } from '../mapping/scim-path'
import type { Link, LinkState } from '../model/link'
import type { ProvisioningStep } from '../model/log-entry'
import { type PlannedChange, type PlannedOperation, REDACTED, type UserAction } from '../model/plan'
import type { CompiledObjectMappings } from './compile-job'
import type { DesiredValue, MappedAttribute, MappedObject, MatchKey } from './map-object'
import { type AttributeChange, buildCreateBody, buildPatchOperations } from './scim-requests'
import type { TargetSnapshot } from './target-snapshot'
import { isActive, valuesEqual } from './value-compare'

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
  }
  readonly newChangeId: () => string
  /** Name of the source for log steps ("people.csv"). */
  readonly sourceName: string
}

/** What applying an operation does; kept beside the operation, never printed or saved. */
export type Execution =
  | {
      readonly kind: 'create'
      readonly body: Readonly<Record<string, unknown>>
      readonly matchKeys: ReadonlyArray<MatchKey>
      readonly attributes: ReadonlyArray<MappedAttribute>
      readonly exportedHash: string
    }
  | {
      readonly kind: 'patch'
      readonly operations: ReadonlyArray<PatchOperation>
      readonly before: Readonly<Record<string, unknown>>
      readonly linkState: LinkState
      readonly exportedHash: string | null
    }
  | { readonly kind: 'delete'; readonly before: Readonly<Record<string, unknown>> }
  /** No request; only the link is written (new link to an identical account, state or hash refresh). */
  | { readonly kind: 'link'; readonly linkState: LinkState; readonly exportedHash: string | null }
  /** No request; the link points at an account that no longer exists and is dropped. */
  | { readonly kind: 'unlink' }
  | { readonly kind: 'none' }

export interface UserOperation extends PlannedOperation {
  readonly execution: Execution
}

/**
 * Decides, for every person, what the run does in the target. Pure: the same inputs give the
 * same plan, and nothing is read or written.
 *
 * Never guesses: an account two people could claim, or a match on several accounts, is a
 * conflict left for the admin; a person without any matching value is skipped.
 */
export function planUsers(input: UserPlanInput): UserOperation[] {
  const operations: UserOperation[] = []
  const seenSources = new Set<string>()
  const linkByTarget = new Map<string, Link>()
  for (const link of input.links.values()) {
    if (link.state !== 'deleted') linkByTarget.set(link.targetId, link)
  }

  interface Candidate {
    readonly mapped: MappedObject
    readonly link: Link | null
    readonly resource: TargetResource | null
    readonly via: 'link' | 'match' | 'none'
    readonly steps: ProvisioningStep[]
  }
  const candidates: Candidate[] = []
  const claims = new Map<string, Candidate[]>()

  for (const mapped of input.mapped) {
    const sourceId = mapped.source.id
    seenSources.add(sourceId)
    const link = liveLink(input.links.get(sourceId))
    const steps: ProvisioningStep[] = [importStep(mapped, input.sourceName), scopingStep(mapped)]

    if (!mapped.scope.inScope) {
      operations.push(deprovisionOrSkip(input, mapped.source.id, mapped.display, link, 'out-of-scope', steps))
      continue
    }
    if (mapped.errors.length > 0) {
      operations.push(
        skip(
          input,
          mapped,
          link,
          steps,
          'MandatoryFieldsMissing',
          `Cannot provision: ${mapped.errors.join('; ')}`
        )
      )
      continue
    }

    let resource: TargetResource | null = null
    let via: Candidate['via'] = 'none'
    let staleNote: string | null = null
    if (link !== null) {
      resource = input.target.get(link.targetId) ?? null
      if (resource !== null) {
        via = 'link'
        steps.push(step('matching', 'success', `Linked account ${link.targetId} (from an earlier run)`))
      } else {
        staleNote = `The linked account ${link.targetId} no longer exists in the target; matching again`
      }
    }
    if (via === 'none') {
      const match = matchByKeys(input, mapped)
      if (staleNote !== null) match.details = { note: staleNote, ...match.details }
      if (match.kind === 'no-value') {
        steps.push(step('matching', 'skipped', match.description, match.details))
        operations.push(skip(input, mapped, link, steps, 'ImportSkipped', match.description))
        continue
      }
      if (match.kind === 'duplicate') {
        steps.push(step('matching', 'failure', match.description, match.details))
        operations.push(conflict(input, mapped, steps, 'DuplicateTargetEntries', match.description))
        continue
      }
      steps.push(step('matching', 'success', match.description, match.details))
      if (match.kind === 'found') {
        resource = match.resource
        via = 'match'
      }
    }
    const candidate: Candidate = { mapped, link, resource, via, steps }
    candidates.push(candidate)
    if (resource !== null) {
      const list = claims.get(resource.id)
      if (list === undefined) claims.set(resource.id, [candidate])
      else list.push(candidate)
    }
  }

  // Creates that would collide with each other on a matching value: the second one's 409
  // would otherwise link it to the first person's new account.
  const createKeys = new Map<string, Candidate[]>()
  for (const candidate of candidates) {
    if (candidate.resource !== null) continue
    for (const key of candidate.mapped.matchKeys) {
      if (key.value === null) continue
      const text = `${key.mapping.index}\u0000${key.mapping.caseExact ? key.value : key.value.toLowerCase()}`
      const list = createKeys.get(text)
      if (list === undefined) createKeys.set(text, [candidate])
      else list.push(candidate)
    }
  }
  const createConflicts = new Map<Candidate, string>()
  for (const [text, list] of createKeys) {
    if (list.length < 2) continue
    const [index, value] = text.split('\u0000')
    const mapping = list[0]?.mapped.matchKeys.find(key => String(key.mapping.index) === index)?.mapping
    for (const candidate of list) {
      const others = list.filter(other => other !== candidate).map(other => other.mapped.source.id)
      createConflicts.set(
        candidate,
        `Another person in the source (${others.join(', ')}) has the same ${mapping?.target.text ?? 'matching value'} ${JSON.stringify(value)}`
      )
    }
  }

  for (const candidate of candidates) {
    const { mapped, resource, steps } = candidate
    if (resource === null) {
      const collision = createConflicts.get(candidate)
      if (collision !== undefined) {
        operations.push(conflict(input, mapped, steps, 'DuplicateSourceEntries', collision))
        continue
      }
      const active = mapped.attributes.find(attribute => attribute.mapping.target.text === 'active')
      if (active?.value === false) {
        // Entra does not provision people who are disabled in the source; an admin does not want
        // a fresh account for someone HR already marks as gone.
        steps.push(step('processing', 'skipped', 'Inactive in the source (active=false): no account is created'))
        operations.push(
          skip(input, mapped, null, steps, 'EntrySynchronizationSkipped', 'Inactive in the source; no account is created')
        )
        continue
      }
      operations.push(createOperation(input, mapped, steps))
      continue
    }
    if (candidate.via === 'match') {
      const owner = linkByTarget.get(resource.id)
      if (owner !== undefined && owner.sourceId !== mapped.source.id) {
        operations.push(
          conflict(
            input,
            mapped,
            steps,
            'DuplicateSourceEntries',
            `The matching account ${resource.id} is already linked to source object ${owner.sourceId}`
          )
        )
        continue
      }
    }
    const claimants = claims.get(resource.id) ?? []
    if (claimants.length > 1) {
      const others = claimants.filter(other => other !== candidate).map(other => other.mapped.source.id)
      operations.push(
        conflict(
          input,
          mapped,
          steps,
          'DuplicateSourceEntries',
          `Account ${resource.id} matches several people in the source (also ${others.join(', ')})`
        )
      )
      continue
    }
    const via = candidate.via === 'link' ? 'link' : 'match'
    operations.push(existingAccountOperation(input, candidate.mapped, candidate.link, resource, via, steps))
  }

  if (input.authoritative) {
    for (const link of input.links.values()) {
      if (link.state === 'deleted' || seenSources.has(link.sourceId)) continue
      const steps = [
        step(
          'import',
          'skipped',
          `Not in ${input.sourceName}: the source is authoritative, so the person has left`
        ),
      ]
      operations.push(
        deprovisionOrSkip(input, link.sourceId, link.display ?? link.sourceId, link, 'removed', steps)
      )
    }
  }
  return operations
}

function liveLink(link: Link | undefined): Link | null {
  return link === undefined || link.state === 'deleted' ? null : link
}

type MatchOutcome =
  | { kind: 'found'; resource: TargetResource; description: string; details: Record<string, string> }
  | { kind: 'none'; description: string; details: Record<string, string> }
  | { kind: 'duplicate'; description: string; details: Record<string, string> }
  | { kind: 'no-value'; description: string; details: Record<string, string> }

/** Tries matching attributes in precedence order; the first that finds accounts decides (§C). */
function matchByKeys(input: UserPlanInput, mapped: MappedObject): MatchOutcome {
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
        `${JSON.stringify(key.value)}: ${found.length} accounts (${found.map(r => r.id).join(', ')})`
      return {
        kind: 'duplicate',
        description: `${found.length} target accounts have ${key.mapping.target.text} = ${JSON.stringify(key.value)}`,
        details,
      }
    }
    const resource = found[0] as TargetResource
    details[label] = `${JSON.stringify(key.value)}: account ${resource.id}`
    return {
      kind: 'found',
      resource,
      description: `Matched account ${resource.id} on ${key.mapping.target.text}`,
      details,
    }
  }
  if (!anyValue) {
    return {
      kind: 'no-value',
      description: `No value for any matching attribute (${mapped.matchKeys.map(key => key.mapping.target.text).join(', ')})`,
      details,
    }
  }
  return { kind: 'none', description: 'No matching account in the target', details }
}

function createOperation(
  input: UserPlanInput,
  mapped: MappedObject,
  steps: ProvisioningStep[]
): UserOperation {
  const changes = mapped.attributes.map(attribute => ({
    path: attribute.mapping.target.text,
    from: null,
    to: shown(attribute),
  }))
  steps.push(step('processing', 'success', 'Create a new account'))
  return operation(input, {
    action: 'create',
    sourceId: mapped.source.id,
    targetId: null,
    display: mapped.display,
    changes,
    reason: null,
    errorCode: null,
    steps,
    execution: {
      kind: 'create',
      body: buildCreateBody(mapped.attributes),
      matchKeys: mapped.matchKeys,
      attributes: mapped.attributes,
      exportedHash: exportedHash(mapped.attributes),
    },
  })
}

function existingAccountOperation(
  input: UserPlanInput,
  mapped: MappedObject,
  link: Link | null,
  resource: TargetResource,
  via: 'link' | 'match',
  steps: ProvisioningStep[]
): UserOperation {
  const changes: AttributeChange[] = []
  const shownChanges: PlannedChange[] = []
  const before: Record<string, unknown> = {}
  for (const attribute of mapped.attributes) {
    // Default values and create-only mappings are for new accounts (Entra "default value if null").
    if (attribute.mapping.apply === 'on-create' || attribute.fromDefault) continue
    const current = getPathValue(resource, attribute.mapping.target)
    if (valuesEqual(current, attribute.value, attribute.mapping.caseExact)) continue
    changes.push({ path: attribute.mapping.target, value: attribute.value })
    shownChanges.push({
      path: attribute.mapping.target.text,
      from: attribute.redacted ? REDACTED : (current ?? null),
      to: shown(attribute),
    })
    before[attribute.mapping.target.text] = attribute.redacted ? REDACTED : (current ?? null)
  }

  const mapsActive = mapped.attributes.some(attribute => attribute.mapping.target.text === 'active')
  let enabling = false
  if (!mapsActive && link?.state === 'disabled' && !isActive(resource)) {
    // We disabled this account when the person left or went out of scope; they are back.
    enabling = true
    const activePath = { text: 'active', schema: null, attribute: 'active', filter: null, subAttribute: null }
    changes.push({ path: activePath, value: true })
    shownChanges.push({ path: 'active', from: resource['active'] ?? null, to: true })
    before['active'] = resource['active'] ?? null
  }
  const activeChange = shownChanges.find(change => change.path === 'active')
  const hash = exportedHash(mapped.attributes)

  let action: UserAction
  if (via === 'match') {
    action = 'link'
  } else if (enabling || activeChange?.to === true) {
    action = 'enable'
  } else if (activeChange?.to === false) {
    action = 'disable'
  } else if (changes.length > 0) {
    action = 'update'
  } else {
    action = 'unchanged'
  }
  const linkState: LinkState = activeChange?.to === false ? 'disabled' : 'active'
  const description =
    action === 'unchanged'
      ? 'The account already has every mapped value'
      : action === 'link'
        ? `Link the existing account${changes.length > 0 ? ` and update ${changes.length} attribute(s)` : ''}`
        : `${capitalise(action)} the account (${changes.length} attribute(s))`
  steps.push(step('processing', action === 'unchanged' ? 'skipped' : 'success', description))

  let execution: Execution
  if (changes.length > 0) {
    execution = {
      kind: 'patch',
      operations: buildPatchOperations(resource, changes),
      before,
      linkState,
      exportedHash: hash,
    }
  } else if (
    link === null ||
    link.targetId !== resource.id ||
    link.state !== linkState ||
    link.exportedHash !== hash
  ) {
    execution = { kind: 'link', linkState, exportedHash: hash }
  } else {
    execution = { kind: 'none' }
  }
  return operation(input, {
    action,
    sourceId: mapped.source.id,
    targetId: resource.id,
    display: mapped.display,
    changes: shownChanges,
    reason: action === 'unchanged' ? 'No changes needed' : null,
    errorCode: null,
    steps,
    execution,
  })
}

/** A linked person who left the source or went out of scope: apply the job's deprovisioning policy. */
function deprovisionOrSkip(
  input: UserPlanInput,
  sourceId: string,
  display: string,
  link: Link | null,
  why: 'removed' | 'out-of-scope',
  steps: ProvisioningStep[]
): UserOperation {
  const base = { sourceId, display, errorCode: null, steps }
  const cause = why === 'removed' ? 'removed from the source' : 'out of scope'
  if (link === null) {
    steps.push(step('processing', 'skipped', `Not provisioned: ${cause}`))
    return operation(input, {
      ...base,
      action: 'skip',
      targetId: null,
      changes: [],
      reason: `Out of scope`,
      errorCode: 'EntrySynchronizationSkipped',
      execution: { kind: 'none' },
    })
  }
  const resource = input.target.get(link.targetId)
  if (resource === undefined) {
    steps.push(step('processing', 'skipped', `Account ${link.targetId} no longer exists in the target`))
    return operation(input, {
      ...base,
      action: 'skip',
      targetId: link.targetId,
      changes: [],
      reason: `Person ${cause}, and the linked account no longer exists in the target`,
      errorCode: 'InvalidAnchor',
      execution: { kind: 'unlink' },
    })
  }
  const policy = why === 'removed' ? input.deprovision.whenRemoved : input.deprovision.whenOutOfScope
  if (policy === 'ignore') {
    steps.push(
      step('processing', 'skipped', `Person ${cause}; the job's policy is to leave the account alone`)
    )
    return operation(input, {
      ...base,
      action: 'skip',
      targetId: link.targetId,
      changes: [],
      reason: `Person ${cause}; deprovisioning policy "ignore"`,
      execution: { kind: 'none' },
    })
  }
  if (policy === 'delete') {
    steps.push(step('processing', 'success', `Person ${cause}: delete the account`))
    return operation(input, {
      ...base,
      action: 'delete',
      targetId: link.targetId,
      changes: [],
      reason: `Person ${cause}`,
      execution: { kind: 'delete', before: resource },
    })
  }
  if (!isActive(resource)) {
    steps.push(step('processing', 'skipped', `Person ${cause}; the account is already disabled`))
    return operation(input, {
      ...base,
      action: 'unchanged',
      targetId: link.targetId,
      changes: [],
      reason: 'Already disabled',
      execution:
        link.state === 'disabled'
          ? { kind: 'none' }
          : { kind: 'link', linkState: 'disabled', exportedHash: link.exportedHash },
    })
  }
  steps.push(step('processing', 'success', `Person ${cause}: disable the account`))
  return operation(input, {
    ...base,
    action: 'disable',
    targetId: link.targetId,
    changes: [{ path: 'active', from: resource['active'] ?? true, to: false }],
    reason: `Person ${cause}`,
    execution: {
      kind: 'patch',
      operations: [{ op: 'replace', path: 'active', value: false }],
      before: { active: resource['active'] ?? true },
      linkState: 'disabled',
      exportedHash: link.exportedHash,
    },
  })
}

function skip(
  input: UserPlanInput,
  mapped: MappedObject,
  link: Link | null,
  steps: ProvisioningStep[],
  errorCode: string,
  reason: string
): UserOperation {
  return operation(input, {
    action: 'skip',
    sourceId: mapped.source.id,
    targetId: link?.targetId ?? null,
    display: mapped.display,
    changes: [],
    reason,
    errorCode,
    steps,
    execution: { kind: 'none' },
  })
}

function conflict(
  input: UserPlanInput,
  mapped: MappedObject,
  steps: ProvisioningStep[],
  errorCode: string,
  reason: string
): UserOperation {
  steps.push(step('processing', 'failure', `Conflict: ${reason}`))
  return operation(input, {
    action: 'conflict',
    sourceId: mapped.source.id,
    targetId: null,
    display: mapped.display,
    changes: [],
    reason,
    errorCode,
    steps,
    execution: { kind: 'none' },
  })
}

function operation(
  input: UserPlanInput,
  fields: Omit<UserOperation, 'changeId' | 'objectType' | 'fingerprint'>
): UserOperation {
  return {
    changeId: input.newChangeId(),
    objectType: 'user',
    ...fields,
    fingerprint: fingerprint(fields.action, fields.sourceId, fields.targetId, fields.changes),
  }
}

/** Identifies a decision and the target state it was made against (the `from` values). */
export function fingerprint(
  action: UserAction,
  sourceId: string | null,
  targetId: string | null,
  changes: ReadonlyArray<PlannedChange>
): string {
  return createHash('sha256')
    .update(JSON.stringify([action, sourceId, targetId, changes]))
    .digest('base64url')
    .slice(0, 22)
}

/** Hash of the values this run exports on every run (secrets hashed as "[Redact]"). */
export function exportedHash(attributes: ReadonlyArray<MappedAttribute>): string {
  const pairs = attributes
    .filter(attribute => attribute.mapping.apply === 'always' && !attribute.fromDefault)
    .map(
      attribute => [attribute.mapping.target.text, attribute.redacted ? REDACTED : attribute.value] as const
    )
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return createHash('sha256').update(JSON.stringify(pairs)).digest('base64url').slice(0, 22)
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
  return step('scoping', mapped.scope.inScope ? 'success' : 'skipped', mapped.scope.reason)
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
