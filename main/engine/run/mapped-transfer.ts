/**
 * Mapped people as they cross from the source-reading thread to the run (source-worker.ts):
 * plain data a structured clone copies cheaply, with each mapping named by its place in the
 * compiled job (both threads compile the same job, so the places agree). Values are not interned
 * on arrival: in a profile of 100,000 people the lookups cost the run's thread about 0.5 s, more
 * than the copies they save are worth; attribute names V8 shares already (keys are internalised).
 */
import type { SourceObject } from '../../connectors/connector'
import { SourceFormatError, type SourceIssue } from '../../connectors/source-errors'
import type { CompiledMapping, CompiledObjectMappings } from '../plan/compile-job'
import type { DesiredValue, MappedObject } from '../plan/map-object'

/** One person, in transit: `[mapping index, …]` tuples instead of mapping objects. */
export interface MappedTransfer {
  readonly source: SourceObject
  readonly scope: MappedObject['scope']
  readonly attributes: ReadonlyArray<readonly [number, DesiredValue, boolean, boolean]>
  readonly matchKeys: ReadonlyArray<readonly [number, string | null]>
  readonly errors?: ReadonlyArray<string>
  readonly errorCode: string | null
  readonly display: string
  readonly deferred?: ReadonlyArray<number>
  readonly withheld?: ReadonlyArray<readonly [number, 'ignored' | 'null']>
  readonly references?: ReadonlyArray<readonly [number, string | null]>
}

/** Encodes people for the trip (the reading thread's side). */
export function mappedEncoder(compiled: CompiledObjectMappings): (mapped: MappedObject) => MappedTransfer {
  const places = new Map<CompiledMapping, number>(compiled.mappings.map((mapping, index) => [mapping, index]))
  const at = (mapping: CompiledMapping): number => places.get(mapping) ?? -1
  return mapped => ({
    source: mapped.source,
    scope: mapped.scope,
    attributes: mapped.attributes.map(a => [at(a.mapping), a.value, a.redacted, a.fromDefault] as const),
    matchKeys: mapped.matchKeys.map(key => [at(key.mapping), key.value] as const),
    ...(mapped.errors.length > 0 ? { errors: mapped.errors } : {}),
    errorCode: mapped.errorCode,
    display: mapped.display,
    ...(mapped.deferred.length > 0 ? { deferred: mapped.deferred.map(at) } : {}),
    ...(mapped.withheld.length > 0
      ? { withheld: mapped.withheld.map(item => [at(item.mapping), item.why] as const) }
      : {}),
    ...(mapped.references !== undefined && mapped.references.length > 0
      ? { references: mapped.references.map(item => [at(item.mapping), item.value] as const) }
      : {}),
  })
}

const NONE: ReadonlyArray<never> = []

/** Decodes people on arrival (the run's side), against the run's own compiled job. */
export function mappedDecoder(compiled: CompiledObjectMappings): (item: MappedTransfer) => MappedObject {
  const mappings = compiled.mappings
  const mappingAt = (index: number): CompiledMapping => {
    const mapping = mappings[index]
    if (mapping === undefined)
      throw new Error(`The source-reading thread named mapping ${index}, unknown here`)
    return mapping
  }
  return item => ({
    source: item.source,
    scope: item.scope,
    attributes: item.attributes.map(([index, value, redacted, fromDefault]) => ({
      mapping: mappingAt(index),
      value,
      redacted,
      fromDefault,
    })),
    matchKeys: item.matchKeys.map(([index, value]) => ({ mapping: mappingAt(index), value })),
    errors: item.errors ?? NONE,
    errorCode: item.errorCode,
    display: item.display,
    deferred: item.deferred?.map(mappingAt) ?? NONE,
    withheld: item.withheld?.map(([index, why]) => ({ mapping: mappingAt(index), why })) ?? NONE,
    references: item.references?.map(([index, value]) => ({ mapping: mappingAt(index), value })) ?? NONE,
  })
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
