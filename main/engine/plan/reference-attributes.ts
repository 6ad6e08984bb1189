import { CORE_USER_SCHEMA, ENTERPRISE_USER_SCHEMA } from '../../mapping/scim-schemas'
import type { PatchOperation, TargetResource } from '../../connectors/connector'
import { getKey, getPathValue, type ScimPath, setPathValue, topLevelName } from '../../mapping/scim-path'
import type { Link } from '../../model/link'
import type { PlannedChange, ReferenceValue } from '../../model/plan'
import type { CompiledMapping } from './compile-job'
import { appended } from './compact-lists'
import { liveLink } from './links'
import type { MappedObject, MappedReference } from './map-object'
import type { TargetSnapshot } from './target-snapshot'

/**
 * Reference attributes: mapped values that name another person of the source (the enterprise
 * `manager`, or any extension attribute a mapping marks with `"reference"`, such as a `sponsor`),
 * sent as that person's account id in the app, never as the HR value.
 *
 * The planner decides first who has, or gets, which account; this module then tells what each
 * reference becomes: the account's id, the account this run creates (set by a PATCH once its
 * create has given the id), a removal (the source names no one any more), or nothing, with a
 * warning naming who and why (the person is out of scope, skipped, in conflict, not in the file).
 * Lookups are by map, so 100,000 people with managers resolve in linear time. Pure: no I/O.
 */

const ENTERPRISE_USER = ENTERPRISE_USER_SCHEMA.toLowerCase()
const CORE_USER = CORE_USER_SCHEMA.toLowerCase()

/** Whether a mapping target is the enterprise manager (a reference without saying so): `…:User:manager` or `…:manager.value`. */
export function isReferenceTarget(path: ScimPath): boolean {
  return (
    path.schema?.toLowerCase() === ENTERPRISE_USER &&
    path.attribute.toLowerCase() === 'manager' &&
    holdsOneId(path)
  )
}

/**
 * Whether a mapping with `"reference"` may target `path`: one id (`x` or `x.value`) of an
 * extension attribute (a `sponsor` in the app's schema). The core User schema (RFC 7643 §4.1)
 * has no attribute that names another user and that a client may write.
 */
export function mayBeReference(path: ScimPath): boolean {
  return path.schema !== null && path.schema.toLowerCase() !== CORE_USER && holdsOneId(path)
}

function holdsOneId(path: ScimPath): boolean {
  return path.filter === null && (path.subAttribute === null || path.subAttribute.toLowerCase() === 'value')
}

/** A reference to write: to an account known now, or (targetId null) to one this run creates. */
export interface ReferenceWrite {
  readonly path: ScimPath
  readonly sourceId: string
  readonly targetId: string | null
  readonly shown: ReferenceValue
}

/** What a person's references add to their operation. */
export interface ReferencePlan {
  readonly changes: ReadonlyArray<PlannedChange>
  /** PATCH operations for an existing account (references to accounts known now, removals). */
  readonly operations: ReadonlyArray<PatchOperation>
  /** Values before the PATCH, by path (for the journal and undo). */
  readonly before: Readonly<Record<string, unknown>>
  /** A create: every reference to set. An existing account: those waiting for an account this run creates. */
  readonly writes: ReadonlyArray<ReferenceWrite>
  readonly warnings: ReadonlyArray<string>
  /** Mapping options that kept a reference from being sent, by path. */
  readonly notes: Readonly<Record<string, string>>
}

export const NO_REFERENCES: ReferencePlan = Object.freeze({
  changes: Object.freeze([]),
  operations: Object.freeze([]),
  before: Object.freeze({}),
  writes: Object.freeze([]),
  warnings: Object.freeze([]),
  notes: Object.freeze({}),
})

/** Where a referenced person stands once every account is decided (targetId null: created by this run). */
type Referent =
  | { readonly kind: 'account'; readonly targetId: string | null; readonly shown: ReferenceValue }
  | { readonly kind: 'none' }
  | { readonly kind: 'unresolved'; readonly warning: string }

const NO_ONE: Referent = { kind: 'none' }

function unresolved(attribute: string, why: string): Referent {
  return { kind: 'unresolved', warning: `${attribute} not set: ${why}` }
}

/** A person a reference may name: their position in the people referable (see PersonIndex). */
type Person = number

/** The planner's operation as far as references care: whose it is, and why nothing is done. */
interface DecidedOperation {
  readonly sourceId: string | null
  readonly action: string
  readonly reason: string | null
}

export interface ReferencePlannerInput {
  readonly mappings: ReadonlyArray<CompiledMapping>
  /** Everyone a reference may name: every person read from the source, in scope or not. */
  readonly people: ReadonlyArray<MappedObject>
  readonly links: ReadonlyMap<string, Link>
  readonly target: TargetSnapshot
}

/**
 * Collects the planner's account decisions and builds the operations of people with references
 * once every account is known (a manager may come after their reports in the file).
 */
export class ReferencePlanner<Operation extends DecidedOperation> {
  private readonly waiting: Array<() => void> = []
  /** Every decision, once the planner has made them all (see `finish`). */
  private decided: { operations: ReadonlyArray<Operation>; planned: { has(id: string): boolean } } | null =
    null
  private operationsBySource: Map<string, Operation> | null = null

  private constructor(
    private readonly input: ReferencePlannerInput,
    private readonly people: PersonIndex
  ) {}

  /** Null when the job maps no reference attribute. */
  public static for<Operation extends DecidedOperation>(
    input: ReferencePlannerInput
  ): ReferencePlanner<Operation> | null {
    const mappings = input.mappings.filter(mapping => mapping.reference !== null)
    return mappings.length === 0 ? null : new ReferencePlanner(input, new PersonIndex(input.people, mappings))
  }

  /**
   * Adds the operation of a person who has the account `resource` (null: this run creates one);
   * `build` makes it with the person's reference plan, now or once every account is decided.
   * `position`: where the person is in the referable people, when the planner knows it.
   */
  public add(
    operations: Operation[],
    mapped: MappedObject,
    resource: TargetResource | null,
    build: (references: ReferencePlan) => Operation,
    position?: number
  ): void {
    const person = this.people.positionOf(mapped, position)
    if (person !== undefined) this.people.accounts[person] = resource === null ? null : resource.id
    const references = mapped.references
    if (references === undefined || references.length === 0) {
      operations.push(build(NO_REFERENCES))
      return
    }
    if (this.allSettled(references)) {
      // Most managers come before their reports or already have their account decided.
      operations.push(build(this.plan(mapped, resource)))
      return
    }
    const at = operations.length
    operations.push(undefined as unknown as Operation)
    this.waiting.push(() => {
      operations[at] = build(this.plan(mapped, resource))
    })
  }

  /** Builds the waiting operations; `planned` holds every source id the planner decided about. */
  public finish(operations: ReadonlyArray<Operation>, planned: { has(id: string): boolean }): void {
    this.decided = { operations, planned }
    for (const build of this.waiting) build()
    this.waiting.length = 0
  }

  /** Whether what every reference resolves to is known already (their people's fate cannot change). */
  private allSettled(references: ReadonlyArray<MappedReference>): boolean {
    for (const reference of references) {
      if (reference.value === null) continue
      const found = this.people.find(reference)
      if (typeof found === 'string' || this.people.accounts[found] !== undefined) continue
      const mapped = this.people.mappedAt(found)
      if (mapped.scope.inScope && mapped.errors.length === 0) return false
    }
    return true
  }

  private plan(mapped: MappedObject, resource: TargetResource | null): ReferencePlan {
    const builder = new PlanBuilder(this.input.target, resource)
    for (const reference of mapped.references ?? []) {
      if (resource !== null && reference.mapping.apply === 'on-create') {
        builder.note(reference.mapping.target, 'not updated: the mapping applies on create only')
        continue
      }
      builder.add(reference.mapping.target, this.resolve(reference, mapped))
    }
    return builder.result()
  }

  private resolve(reference: MappedReference, from: MappedObject): Referent {
    if (reference.value === null) return NO_ONE
    const found = this.people.find(reference)
    const attribute = reference.mapping.target.attribute
    if (typeof found === 'string') return unresolved(attribute, found)
    const mapped = this.people.mappedAt(found)
    if (mapped.source.id === from.source.id) {
      return unresolved(attribute, `the source names ${who(from)} as their own ${attribute}`)
    }
    const fate = (this.people.fates[found] ??= this.fate(found))
    return typeof fate === 'string' ? unresolved(attribute, `${who(mapped)} ${fate}`) : fate
  }

  /** The referenced person's account, or why they have none. */
  private fate(person: Person): Referent | string {
    const mapped = this.people.mappedAt(person)
    const account = this.people.accounts[person]
    const id = mapped.source.id
    if (!mapped.scope.inScope) {
      return `is out of scope (${mapped.scope.reason.replace(/^Out of scope: /, '')})`
    }
    if (mapped.errors.length > 0) return `cannot be provisioned (${mapped.errorCode ?? 'error'})`
    const to = (targetId: string | null): Referent => ({
      kind: 'account',
      targetId,
      shown: { value: targetId, displayName: nameOf(mapped), sourceId: id },
    })
    if (account !== undefined) return to(account)
    if (this.decided?.planned.has(id) === true) {
      const operation = this.operationOf(id)
      return `is not provisioned (${operation?.action ?? 'skip'}: ${operation?.reason ?? 'no account'})`
    }
    // Provision on demand plans one person: a manager planned by no one counts if already linked.
    const link = liveLink(this.input.links.get(id))
    if (link !== null) return to(link.targetId)
    return 'has no account in the app yet (provision them first)'
  }

  private operationOf(sourceId: string): Operation | undefined {
    if (this.operationsBySource === null) {
      this.operationsBySource = new Map()
      for (const operation of this.decided?.operations ?? []) {
        if (operation !== undefined && operation.sourceId !== null) {
          this.operationsBySource.set(operation.sourceId, operation)
        }
      }
    }
    return this.operationsBySource.get(sourceId)
  }
}

/**
 * Finds the person a reference names: by source id, or by a column's value (case-insensitively).
 * People are positions in the list, and what the planner decides for them is kept in lists by
 * position: no object per person, and the planner, which walks the same list, finds a person by
 * position rather than by id.
 */
class PersonIndex {
  /** Each person's account id; null when this run creates it; undefined when they get none (or not yet decided). */
  public readonly accounts: Array<string | null | undefined>
  /** Each person's account as a reference, or why they have none; worked out once, shared by everyone naming them. */
  public readonly fates: Array<Referent | string | undefined>
  /** Source id → the person (the last one, when several share an id). */
  private readonly byId = new Map<string, Person>()
  /** Column → lower-cased value → the person, or every person when several share it. */
  private readonly byColumn = new Map<string, Map<string, Person | Person[]>>()
  /** No two people share a source id: a person's position is the one their id finds. */
  private readonly idsUnique: boolean
  private lastAsked: MappedReference | null = null
  private lastFound: Person | string = ''

  public constructor(
    private readonly people: ReadonlyArray<MappedObject>,
    mappings: ReadonlyArray<CompiledMapping>
  ) {
    for (let position = 0; position < people.length; position++) {
      this.byId.set(this.mappedAt(position).source.id, position)
    }
    this.idsUnique = this.byId.size === people.length
    this.accounts = new Array<string | null | undefined>(people.length)
    this.fates = new Array<Referent | string | undefined>(people.length)
    for (const mapping of mappings) {
      const column = mapping.reference?.by
      if (column == null || this.byColumn.has(column)) continue
      const index = new Map<string, Person | Person[]>()
      for (const person of this.byId.values()) {
        const value = this.mappedAt(person).source.attributes[column]
        if (typeof value !== 'string' || value === '') continue
        const key = value.toLowerCase()
        const previous = index.get(key)
        if (previous === undefined) index.set(key, person)
        else if (Array.isArray(previous)) previous.push(person)
        else index.set(key, [previous, person])
      }
      this.byColumn.set(column, index)
    }
  }

  public mappedAt(person: Person): MappedObject {
    return this.people[person] as MappedObject
  }

  /** The person `mapped` is, by their source id; `position` is trusted when it holds them and ids are unique. */
  public positionOf(mapped: MappedObject, position: number | undefined): Person | undefined {
    if (position !== undefined && this.idsUnique && this.people[position] === mapped) return position
    return this.byId.get(mapped.source.id)
  }

  /**
   * The person, or why there is none to refer to. The last answer is kept: a reference is
   * looked up to tell whether it is settled, then again to resolve it.
   */
  public find(reference: MappedReference): Person | string {
    if (reference !== this.lastAsked) {
      this.lastFound = this.lookUp(reference)
      this.lastAsked = reference
    }
    return this.lastFound
  }

  private lookUp(reference: MappedReference): Person | string {
    const value = reference.value as string
    const column = reference.mapping.reference?.by ?? null
    if (column === null) {
      return this.byId.get(value) ?? `no one in the source has the id ${JSON.stringify(value)}`
    }
    const found = this.byColumn.get(column)?.get(value.toLowerCase())
    if (found === undefined) return `no one in the source has ${column} ${JSON.stringify(value)}`
    if (!Array.isArray(found)) return found
    const ids = found.map(person => this.mappedAt(person).source.id).join(', ')
    return `${found.length} people in the source have ${column} ${JSON.stringify(value)} (${ids}); none was chosen`
  }
}

/**
 * Accumulates one person's reference changes against their account (or their create). Each list
 * is made on its first entry: most people's manager is already right, and a plan of 100,000
 * people should not carry 100,000 sets of empty lists.
 */
class PlanBuilder {
  private changes: PlannedChange[] | null = null
  private operations: PatchOperation[] | null = null
  private before: Record<string, unknown> | null = null
  private writes: ReferenceWrite[] | null = null
  private warnings: string[] | null = null
  private notes: Record<string, string> | null = null

  public constructor(
    private readonly target: TargetSnapshot,
    private readonly resource: TargetResource | null
  ) {}

  public note(path: ScimPath, note: string): void {
    ;(this.notes ??= {})[path.text] = note
  }

  public add(path: ScimPath, referent: Referent): void {
    if (referent.kind === 'unresolved') {
      this.warnings = appended(this.warnings, referent.warning)
      return
    }
    const wanted = referent.kind === 'account' ? referent : null
    if (this.resource === null) {
      if (wanted === null) return
      const sourceId = wanted.shown.sourceId ?? ''
      this.writes = appended(this.writes, { path, sourceId, targetId: wanted.targetId, shown: wanted.shown })
      this.changes = appended(this.changes, { path: path.text, from: null, to: wanted.shown })
      return
    }
    const change = referenceChange(this.target, this.resource, path, wanted)
    if (change === null) return
    this.changes = appended(this.changes, change.shown)
    ;(this.before ??= {})[path.text] = change.before
    if (change.operation !== null) {
      this.operations = appended(this.operations, change.operation)
    } else if (wanted !== null) {
      const sourceId = wanted.shown.sourceId ?? ''
      this.writes = appended(this.writes, { path, sourceId, targetId: null, shown: wanted.shown })
    }
  }

  public result(): ReferencePlan {
    if (this.changes === null && this.warnings === null && this.notes === null) return NO_REFERENCES
    return {
      changes: this.changes ?? NO_REFERENCES.changes,
      operations: this.operations ?? NO_REFERENCES.operations,
      before: this.before ?? NO_REFERENCES.before,
      writes: this.writes ?? NO_REFERENCES.writes,
      warnings: this.warnings ?? NO_REFERENCES.warnings,
      notes: this.notes ?? NO_REFERENCES.notes,
    }
  }
}

/**
 * What bringing an account's reference at `path` to `wanted` (null: no one) takes: the change
 * shown, the value before, and the PATCH operation (null while the referenced account is being
 * created by this run). Null when the account already refers to the wanted account.
 */
export function referenceChange(
  target: TargetSnapshot | null,
  resource: TargetResource,
  path: ScimPath,
  wanted: { readonly targetId: string | null; readonly shown: ReferenceValue } | null
): { shown: PlannedChange; before: unknown; operation: PatchOperation | null } | null {
  const current = referenceIdOf(getPathValue(resource, path))
  const wantedId = wanted?.targetId ?? null
  if (wanted === null ? current === null : wantedId !== null && current === wantedId) return null
  const from: ReferenceValue | null =
    current === null ? null : { value: current, displayName: currentName(target, resource, path, current) }
  const before = current === null ? null : referenceJson(path, current)
  const shown = { path: path.text, from, to: wanted?.shown ?? null }
  if (wanted === null) return { shown, before, operation: { op: 'remove', path: topLevelName(path) } }
  return {
    shown,
    before,
    operation:
      wantedId === null ? null : { op: 'replace', path: path.text, value: referenceJson(path, wantedId) },
  }
}

/** The JSON a reference is written as: `{ "value": id }` at `…:manager`, the bare id at `…:manager.value`. */
export function referenceJson(path: ScimPath, targetId: string): unknown {
  return path.subAttribute === null ? { value: targetId } : targetId
}

/** Sets the references known now in a create body (the others are PATCHed once their account exists). */
export function addReferencesToBody(
  body: Record<string, unknown>,
  writes: ReadonlyArray<ReferenceWrite>
): Record<string, unknown> {
  for (const write of writes) {
    if (write.targetId === null) continue
    setPathValue(body, write.path, referenceJson(write.path, write.targetId))
    const schemas = body['schemas']
    if (write.path.schema !== null && Array.isArray(schemas) && !schemas.includes(write.path.schema)) {
      body['schemas'] = [...(schemas as string[]), write.path.schema]
    }
  }
  return body
}

/**
 * After this run's creates: the PATCH operations for references that waited for an account, the
 * changes as they were made, and a warning for each whose account was not created.
 */
export function completeReferences(
  writes: ReadonlyArray<ReferenceWrite>,
  accountOf: (sourceId: string) => string | undefined
): { operations: PatchOperation[]; resolved: Map<string, ReferenceValue>; warnings: string[] } {
  const operations: PatchOperation[] = []
  const resolved = new Map<string, ReferenceValue>()
  const warnings: string[] = []
  for (const write of writes) {
    const targetId = write.targetId ?? accountOf(write.sourceId)
    if (targetId === undefined) {
      warnings.push(
        `${write.path.attribute} not set: the account of ${who(write.shown)} was not created in this run; the next run sets it`
      )
      continue
    }
    operations.push({ op: 'replace', path: write.path.text, value: referenceJson(write.path, targetId) })
    resolved.set(write.path.text, { ...write.shown, value: targetId })
  }
  return { operations, resolved, warnings }
}

/** The account id a reference value holds: a bare id, or a complex `{ "value": id }`. */
export function referenceIdOf(value: unknown): string | null {
  if (typeof value === 'string') return value === '' ? null : value
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    return referenceIdOf(getKey(value as Record<string, unknown>, 'value'))
  }
  return null
}

export function isReferenceValue(value: unknown): value is ReferenceValue {
  return (
    typeof value === 'object' &&
    value !== null &&
    'value' in value &&
    'displayName' in value &&
    Object.keys(value).every(key => key === 'value' || key === 'displayName' || key === 'sourceId')
  )
}

/**
 * Whether an account still holds a reference a write sent (undo, crash recovery). A reference
 * to an account still being created was not part of that write.
 */
export function holdsReference(current: unknown, written: ReferenceValue): boolean {
  return written.value === null || referenceIdOf(current) === written.value
}

/** A reference for people: "Grace Hopper (3f2a…)", "Grace Hopper (created in this run)". */
export function referenceText(reference: ReferenceValue): string {
  const id = reference.value ?? 'created in this run'
  return reference.displayName === null ? id : `${reference.displayName} (${id})`
}

/** How warnings name a person: "Grace Hopper (1001)". */
function who(person: MappedObject | ReferenceValue): string {
  if ('source' in person) {
    const name = nameOf(person)
    return name === person.source.id ? name : `${name} (${person.source.id})`
  }
  return person.sourceId === undefined || person.displayName === null
    ? (person.displayName ?? person.sourceId ?? '?')
    : `${person.displayName} (${person.sourceId})`
}

/** A person's name for references: their mapped displayName, else how the plan names them. */
function nameOf(person: MappedObject): string {
  const displayName = person.attributes.find(
    attribute => attribute.mapping.target.text === 'displayName' && !attribute.redacted
  )?.value
  return typeof displayName === 'string' && displayName !== '' ? displayName : person.display
}

/** The name of the account a reference points at now, from the snapshot or the reference itself. */
function currentName(
  target: TargetSnapshot | null,
  resource: TargetResource,
  path: ScimPath,
  id: string
): string | null {
  const account = target?.get(id)
  const name = account?.['displayName'] ?? account?.['userName']
  if (typeof name === 'string') return name
  const reference = getPathValue(resource, { ...path, subAttribute: null })
  const display =
    typeof reference === 'object' && reference !== null
      ? getKey(reference as Record<string, unknown>, 'displayName')
      : undefined
  return typeof display === 'string' ? display : null
}
