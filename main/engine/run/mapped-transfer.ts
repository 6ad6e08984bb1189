/**
 * Mapped people as they cross from the source-reading thread to the run (source-worker.ts): a
 * batch travels as one JSON string of flat tuples, each mapping named by its place in the
 * compiled job (both threads compile the same job, so the places agree). A string crosses as one
 * copy: a structured clone of the nested objects cost the reading thread ~0.45 s and the run's
 * thread ~1.5 s to rebuild for 100,000 people; JSON.stringify and JSON.parse of the flat form
 * cost a fraction of that.
 *
 * What the run keeps of each person is what it costs in memory (1.6 kB each before, 0.9 kB now
 * for the benchmark's people), so the form also saves there: scope decisions travel once per
 * batch and arrive shared; an attribute many people of a batch hold alike (`active`, a title, a
 * department: same mapping, value and flags) travels once per batch and arrives as one object
 * the people share (the reading thread makes the lookups, the run's thread only picks); a mapped
 * value, match key, reference, display name or id that is the very string of one of the person's
 * source attributes (userName from [mail], externalId from the id column…) travels as that
 * attribute's name and arrives as the same string, not a copy; lists are built at their exact
 * length. Attribute names V8 shares already (keys are internalised). What arrives is read only.
 */
import type { SourceValue } from '../../connectors/connector'
import { SourceFormatError, type SourceIssue } from '../../connectors/source-errors'
import type { ScopeDecision } from '../../scoping/scoping-filter'
import type { CompiledMapping, CompiledObjectMappings } from '../plan/compile-job'
import type { DesiredValue, MappedAttribute, MappedObject, WithheldMapping } from '../plan/map-object'

/** A number JSON cannot spell (NaN, ±Infinity, -0), as its text. */
type SpelledNumber = { readonly n: string }
type WireValue = DesiredValue | SpelledNumber

/** Flags of an attribute in transit. */
const REDACTED = 1
const FROM_DEFAULT = 2
/** The value is the string of the source attribute whose name is at this place of the batch's names. */
const SOURCE_STRING = 4
/** The value is the place of the attribute in the batch's common attributes (decoded once, shared). */
const COMMON = 8

/**
 * Most values a mapping may take in one batch and still be shared (`active`, a department, a
 * title): past it the mapping is one of unique values (userName), not shared from then on.
 */
const MOST_COMMON_VALUES = 64

/**
 * A string in transit: itself, or (a number) the place in the batch's attribute names of the
 * source attribute holding that very string.
 */
type WireString = string | number

/**
 * One person in transit: source id, attributes and origin; the scope's place in the batch's
 * scopes; display and error code; then flat lists — attributes `[mapping, value, flags, …]`
 * (with COMMON, the value is the place of a common attribute),
 * match keys `[mapping, value, …]` — and, when there are any (else 0), errors, deferred
 * mappings, withheld `[mapping, why, …]` and references `[mapping, value, …]`.
 */
type PersonTuple = [
  id: WireString,
  attributes: Readonly<Record<string, SourceValue>>,
  origin: string | null,
  scope: number,
  display: WireString,
  errorCode: string | null,
  attributes: Array<number | WireValue>,
  matchKeys: Array<number | WireString | null>,
  errors: ReadonlyArray<string> | 0,
  deferred: number[] | 0,
  withheld: Array<number | string> | 0,
  references: Array<number | WireString | null> | 0,
]

/** A batch: its scope decisions, source attribute names, common attributes (as a person's), its people. */
type Batch = [
  scopes: ScopeDecision[],
  names: string[],
  common: Array<number | WireValue>,
  people: PersonTuple[],
]

/** Encodes a batch of people for the trip (the reading thread's side), as one string. */
export function mappedBatchEncoder(
  compiled: CompiledObjectMappings
): (people: ReadonlyArray<MappedObject>) => string {
  const places = new Map<CompiledMapping, number>(compiled.mappings.map((mapping, index) => [mapping, index]))
  const at = (mapping: CompiledMapping): number => places.get(mapping) ?? -1
  // Mappings of varied values, from batch to batch.
  const varied = new Set<number>()
  return people => {
    const batch = new BatchWriter(at, varied)
    const tuples = people.map(mapped => batch.person(mapped))
    const whole: Batch = [batch.scopes, batch.names, batch.common, tuples]
    return JSON.stringify(whole)
  }
}

/** One batch being written: the tables its people point into. */
class BatchWriter {
  public readonly scopes: ScopeDecision[] = []
  public readonly names: string[] = []
  private readonly scopePlaces = new Map<ScopeDecision | string, number>()
  private readonly namePlaces = new Map<string, number>()
  /** The current person's string attributes: how many, their names and values. */
  private held = 0
  private readonly heldNames: string[] = []
  private readonly heldValues: string[] = []
  /** Common attributes `[mapping, value, flags, …]`, and their places by mapping and flags, then value. */
  public readonly common: Array<number | WireValue> = []
  private readonly commonPlaces = new Map<number, Map<DesiredValue, number>>()

  public constructor(
    private readonly at: (mapping: CompiledMapping) => number,
    private readonly varied: Set<number>
  ) {}

  public person(mapped: MappedObject): PersonTuple {
    const source = mapped.source.attributes
    this.hold(source)
    const references = mapped.references ?? NONE
    return [
      this.text(mapped.source.id),
      source,
      mapped.source.origin ?? null,
      this.scope(mapped.scope),
      this.text(mapped.display),
      mapped.errorCode,
      this.attributes(mapped.attributes),
      this.values(mapped.matchKeys),
      mapped.errors.length > 0 ? mapped.errors : 0,
      mapped.deferred.length > 0 ? mapped.deferred.map(this.at) : 0,
      mapped.withheld.length > 0 ? this.withheld(mapped.withheld) : 0,
      references.length > 0 ? this.values(references) : 0,
    ]
  }

  private attributes(attributes: ReadonlyArray<MappedAttribute>): Array<number | WireValue> {
    const flat: Array<number | WireValue> = []
    for (const a of attributes) {
      const flags = (a.redacted ? REDACTED : 0) | (a.fromDefault ? FROM_DEFAULT : 0)
      const place = this.at(a.mapping)
      const common = this.commonPlace(place, flags, a.value)
      if (common !== null) {
        flat.push(place, common, COMMON)
        continue
      }
      const named = typeof a.value === 'string' ? this.sourceString(a.value) : null
      flat.push(place, named ?? wireValue(a.value), named === null ? flags : flags | SOURCE_STRING)
    }
    return flat
  }

  /** Match keys and references: `[mapping, value, …]`. */
  private values(
    items: ReadonlyArray<{ readonly mapping: CompiledMapping; readonly value: string | null }>
  ): Array<number | WireString | null> {
    const flat: Array<number | WireString | null> = []
    for (const item of items)
      flat.push(this.at(item.mapping), item.value === null ? null : this.text(item.value))
    return flat
  }

  private withheld(items: ReadonlyArray<WithheldMapping>): Array<number | string> {
    const flat: Array<number | string> = []
    for (const item of items) flat.push(this.at(item.mapping), item.why)
    return flat
  }

  /** A string, or the place of the name of the person's source attribute holding that very string. */
  private text(value: string): WireString {
    return this.sourceString(value) ?? value
  }

  /** The place of this attribute among the batch's common ones, or null when it is not shared. */
  private commonPlace(place: number, flags: number, value: DesiredValue): number | null {
    if (this.varied.has(place) || !shareable(value)) return null
    const key = place * 4 + flags
    let values = this.commonPlaces.get(key)
    if (values === undefined) {
      values = new Map()
      this.commonPlaces.set(key, values)
    }
    let common = values.get(value)
    if (common === undefined) {
      if (values.size >= MOST_COMMON_VALUES) {
        this.varied.add(place)
        return null
      }
      common = this.common.push(place, value, flags) / 3 - 1
      values.set(value, common)
    }
    return common
  }

  /** The place of the name of the person's source attribute holding `value`, or null. */
  private sourceString(value: string): number | null {
    for (let index = 0; index < this.held; index++) {
      if (this.heldValues[index] === value) return this.namePlace(this.heldNames[index] as string)
    }
    return null
  }

  /** Notes the person's string attributes once (in arrays kept from person to person). */
  private hold(source: Readonly<Record<string, SourceValue>>): void {
    this.held = 0
    for (const name in source) {
      const value = source[name]
      if (typeof value !== 'string') continue
      this.heldNames[this.held] = name
      this.heldValues[this.held++] = value
    }
  }

  private namePlace(name: string): number {
    let place = this.namePlaces.get(name)
    if (place === undefined) {
      place = this.names.push(name) - 1
      this.namePlaces.set(name, place)
    }
    return place
  }

  /** Decisions alike share a place (a scoping filter makes a fresh one per person). */
  private scope(scope: ScopeDecision): number {
    let place = this.scopePlaces.get(scope)
    if (place !== undefined) return place
    const key = `${scope.inScope}\u0000${scope.filterIndex}\u0000${scope.reason}\u0000${scope.error ?? '\u0001'}`
    place = this.scopePlaces.get(key)
    if (place === undefined) {
      place = this.scopes.push(scope) - 1
      this.scopePlaces.set(key, place)
    }
    this.scopePlaces.set(scope, place)
    return place
  }
}

/** A value worth sharing: a boolean, a plain number, a short string (not a list). */
function shareable(value: DesiredValue): boolean {
  if (typeof value === 'string') return value.length <= 100
  if (typeof value === 'number') return Number.isFinite(value) && !Object.is(value, -0)
  return typeof value === 'boolean'
}

const NONE: ReadonlyArray<never> = []
const NO_SOURCE: SourceAttributes = {}

/** Decodes a batch on arrival (the run's side), against the run's own compiled job. */
export function mappedBatchDecoder(compiled: CompiledObjectMappings): (text: string) => MappedObject[] {
  return text => {
    const [scopes, names, common, people] = JSON.parse(text) as Batch
    const reader = new BatchReader(compiled.mappings, names, common)
    return people.map(person => reader.person(person, scopes))
  }
}

type SourceAttributes = Readonly<Record<string, SourceValue>>

/** One batch being read: its names, and the run's mappings its places point to. */
class BatchReader {
  /** The batch's common attributes, each one object shared by the people who hold it. */
  private readonly common: ReadonlyArray<MappedAttribute>

  public constructor(
    private readonly mappings: ReadonlyArray<CompiledMapping>,
    private readonly names: ReadonlyArray<string>,
    common: PersonTuple[6]
  ) {
    this.common = this.attributes(common, NO_SOURCE)
  }

  public person(person: PersonTuple, scopes: ReadonlyArray<ScopeDecision>): MappedObject {
    const [
      id,
      attributes,
      origin,
      scope,
      display,
      errorCode,
      flat,
      keys,
      errors,
      deferred,
      withheld,
      references,
    ] = person
    const sourceId = this.string(id, attributes)
    return {
      source: origin === null ? { id: sourceId, attributes } : { id: sourceId, attributes, origin },
      scope: scopes[scope] as ScopeDecision,
      attributes: this.attributes(flat, attributes),
      matchKeys: this.values(keys, attributes),
      errors: errors === 0 ? NONE : errors,
      errorCode,
      display: this.string(display, attributes),
      deferred: deferred === 0 ? NONE : deferred.map(index => this.mapping(index)),
      withheld: withheld === 0 ? NONE : this.withheld(withheld),
      references: references === 0 ? NONE : this.values(references, attributes),
    }
  }

  private mapping(index: unknown): CompiledMapping {
    const mapping = typeof index === 'number' ? this.mappings[index] : undefined
    if (mapping === undefined)
      throw new Error(`The source-reading thread named mapping ${String(index)}, unknown here`)
    return mapping
  }

  private string(value: WireString, attributes: SourceAttributes): string {
    return typeof value === 'string' ? value : (attributes[this.names[value] as string] as string)
  }

  // Lists are built at their length: an array grown by push keeps spare room, for every person.
  private attributes(flat: PersonTuple[6], source: SourceAttributes): MappedAttribute[] {
    const decoded = new Array<MappedAttribute>(flat.length / 3)
    for (let index = 0; index < flat.length; index += 3) {
      const flags = flat[index + 2] as number
      const value = flat[index + 1] as WireValue
      if (flags === COMMON) {
        decoded[index / 3] = this.commonAttribute(value)
        continue
      }
      decoded[index / 3] = {
        mapping: this.mapping(flat[index]),
        value: (flags & SOURCE_STRING) !== 0 ? this.string(value as number, source) : desiredValue(value),
        redacted: (flags & REDACTED) !== 0,
        fromDefault: (flags & FROM_DEFAULT) !== 0,
      }
    }
    return decoded
  }

  private commonAttribute(place: WireValue): MappedAttribute {
    const attribute = typeof place === 'number' ? this.common[place] : undefined
    if (attribute === undefined)
      throw new Error(`The source-reading thread named common attribute ${String(place)}, unknown here`)
    return attribute
  }

  /** Match keys and references: `[mapping, value, …]`. */
  private values(
    flat: ReadonlyArray<number | WireString | null>,
    source: SourceAttributes
  ): Array<{ readonly mapping: CompiledMapping; readonly value: string | null }> {
    const decoded = new Array<{ readonly mapping: CompiledMapping; readonly value: string | null }>(
      flat.length / 2
    )
    for (let index = 0; index < flat.length; index += 2) {
      const value = flat[index + 1] as WireString | null
      decoded[index / 2] = {
        mapping: this.mapping(flat[index]),
        value: value === null ? null : this.string(value, source),
      }
    }
    return decoded
  }

  private withheld(flat: ReadonlyArray<number | string>): WithheldMapping[] {
    const decoded = new Array<WithheldMapping>(flat.length / 2)
    for (let index = 0; index < flat.length; index += 2) {
      decoded[index / 2] = {
        mapping: this.mapping(flat[index]),
        why: flat[index + 1] as WithheldMapping['why'],
      }
    }
    return decoded
  }
}

function wireValue(value: DesiredValue): WireValue {
  return typeof value === 'number' && (!Number.isFinite(value) || Object.is(value, -0))
    ? { n: Object.is(value, -0) ? '-0' : String(value) }
    : value
}

function desiredValue(value: WireValue): DesiredValue {
  return typeof value === 'object' && !Array.isArray(value)
    ? Number((value as SpelledNumber).n)
    : (value as DesiredValue)
}

/** An error of the reading thread, as plain data (an Error's class does not survive the trip). */
export interface TransferredError {
  readonly name: string
  readonly message: string
  readonly issues?: ReadonlyArray<SourceIssue>
  readonly code?: string
}

export function encodeError(error: unknown): TransferredError {
  if (error instanceof SourceFormatError)
    return { name: error.name, message: error.message, issues: error.issues }
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) }
  const code = (error as NodeJS.ErrnoException).code
  return { name: error.name, message: error.message, ...(typeof code === 'string' ? { code } : {}) }
}

/** The same error as the run would have thrown reading the source itself. */
export function decodeError(error: TransferredError): Error {
  if (error.issues !== undefined) return new SourceFormatError(error.issues)
  const decoded = new Error(error.message)
  decoded.name = error.name
  if (error.code !== undefined) Object.assign(decoded, { code: error.code })
  return decoded
}
