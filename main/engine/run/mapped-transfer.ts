/**
 * Mapped people as they cross from the source-reading thread to the run (source-worker.ts): a
 * batch travels as one JSON string of flat tuples, each mapping named by its place in the
 * compiled job (both threads compile the same job, so the places agree). A string crosses as one
 * copy; a structured clone of the nested objects cost the reading thread ~0.45 s and the run's
 * thread more again to rebuild for 100,000 people, where JSON.stringify and JSON.parse of the
 * flat form cost a fraction. Scope decisions, the same for most people, travel once per batch and
 * arrive shared. Values are not interned on arrival: the lookups cost the run's thread more than
 * the copies they save; attribute names V8 shares already (keys are internalised).
 */
import type { SourceObject, SourceValue } from '../../connectors/connector'
import { SourceFormatError, type SourceIssue } from '../../connectors/source-errors'
import type { ScopeDecision } from '../../scoping/scoping-filter'
import type { CompiledMapping, CompiledObjectMappings } from '../plan/compile-job'
import type { DesiredValue, MappedObject } from '../plan/map-object'

/** A number JSON cannot spell (NaN, ±Infinity, -0), as its text. */
type SpelledNumber = { readonly n: string }
type WireValue = DesiredValue | SpelledNumber

/** Flags of an attribute in transit: bit 0 redacted, bit 1 from the default. */
const REDACTED = 1
const FROM_DEFAULT = 2

/**
 * One person in transit: source id, attributes and origin; the scope's place in the batch's
 * scopes; display and error code; then flat lists — attributes `[mapping, value, flags, …]`,
 * match keys `[mapping, value, …]` — and, when there are any (else 0), errors, deferred
 * mappings, withheld `[mapping, why, …]` and references `[mapping, value, …]`.
 */
type PersonTuple = [
  id: string,
  attributes: Readonly<Record<string, SourceValue>>,
  origin: string | null,
  scope: number,
  display: string,
  errorCode: string | null,
  attributes: Array<number | WireValue>,
  matchKeys: Array<number | string | null>,
  errors: ReadonlyArray<string> | 0,
  deferred: number[] | 0,
  withheld: Array<number | string> | 0,
  references: Array<number | string | null> | 0,
]

type Batch = [scopes: ScopeDecision[], people: PersonTuple[]]

/** Encodes a batch of people for the trip (the reading thread's side), as one string. */
export function mappedBatchEncoder(
  compiled: CompiledObjectMappings
): (people: ReadonlyArray<MappedObject>) => string {
  const places = new Map<CompiledMapping, number>(compiled.mappings.map((mapping, index) => [mapping, index]))
  const at = (mapping: CompiledMapping): number => places.get(mapping) ?? -1
  return people => {
    const scopes: ScopeDecision[] = []
    const scopePlaces = new Map<string, number>()
    const scopeAt = (scope: ScopeDecision): number => {
      const key = `${scope.inScope}\u0000${scope.filterIndex}\u0000${scope.reason}\u0000${scope.error ?? '\u0001'}`
      let place = scopePlaces.get(key)
      if (place === undefined) {
        place = scopes.push(scope) - 1
        scopePlaces.set(key, place)
      }
      return place
    }
    const tuples = people.map((mapped): PersonTuple => {
      const attributes: Array<number | WireValue> = []
      for (const a of mapped.attributes) {
        attributes.push(
          at(a.mapping),
          wireValue(a.value),
          (a.redacted ? REDACTED : 0) | (a.fromDefault ? FROM_DEFAULT : 0)
        )
      }
      const matchKeys: Array<number | string | null> = []
      for (const key of mapped.matchKeys) matchKeys.push(at(key.mapping), key.value)
      const references = mapped.references ?? []
      return [
        mapped.source.id,
        mapped.source.attributes,
        mapped.source.origin ?? null,
        scopeAt(mapped.scope),
        mapped.display,
        mapped.errorCode,
        attributes,
        matchKeys,
        mapped.errors.length > 0 ? mapped.errors : 0,
        mapped.deferred.length > 0 ? mapped.deferred.map(at) : 0,
        mapped.withheld.length > 0 ? mapped.withheld.flatMap(item => [at(item.mapping), item.why]) : 0,
        references.length > 0 ? references.flatMap(item => [at(item.mapping), item.value]) : 0,
      ]
    })
    const batch: Batch = [scopes, tuples]
    return JSON.stringify(batch)
  }
}

const NONE: ReadonlyArray<never> = []

/** Decodes a batch on arrival (the run's side), against the run's own compiled job. */
export function mappedBatchDecoder(compiled: CompiledObjectMappings): (text: string) => MappedObject[] {
  const mappings = compiled.mappings
  const mappingAt = (index: unknown): CompiledMapping => {
    const mapping = typeof index === 'number' ? mappings[index] : undefined
    if (mapping === undefined)
      throw new Error(`The source-reading thread named mapping ${String(index)}, unknown here`)
    return mapping
  }
  const pairs = <T>(
    flat: ReadonlyArray<unknown> | 0,
    make: (mapping: CompiledMapping, value: never) => T
  ) => {
    if (flat === 0) return NONE
    const items: T[] = []
    for (let index = 0; index < flat.length; index += 2)
      items.push(make(mappingAt(flat[index]), flat[index + 1] as never))
    return items
  }
  return text => {
    const [scopes, people] = JSON.parse(text) as Batch
    return people.map(person => {
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
      const source: SourceObject = origin === null ? { id, attributes } : { id, attributes, origin }
      const mapped: MappedObject['attributes'][number][] = []
      for (let index = 0; index < flat.length; index += 3) {
        const flags = flat[index + 2] as number
        mapped.push({
          mapping: mappingAt(flat[index]),
          value: desiredValue(flat[index + 1] as WireValue),
          redacted: (flags & REDACTED) !== 0,
          fromDefault: (flags & FROM_DEFAULT) !== 0,
        })
      }
      return {
        source,
        scope: scopes[scope] as ScopeDecision,
        attributes: mapped,
        matchKeys: pairs(keys, (mapping, value: string | null) => ({ mapping, value })),
        errors: errors === 0 ? NONE : errors,
        errorCode,
        display,
        deferred: deferred === 0 ? NONE : deferred.map(mappingAt),
        withheld: pairs(withheld, (mapping, why: 'ignored' | 'null') => ({ mapping, why })),
        references: pairs(references, (mapping, value: string | null) => ({ mapping, value })),
      }
    })
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
