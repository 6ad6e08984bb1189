import type { SourceObject } from '../../connectors/connector'
import {
  ExpressionEvaluationError,
  type EvaluationContext,
  type EvaluationResult,
} from '../../mapping/expression'
import type { ScopeDecision } from '../../scoping/scoping-filter'
import type { CompiledMapping, CompiledObjectMappings } from './compile-job'
import { listRefused } from './target-multi-valued'
import { coerceToTargetType, isUserName, TargetTypeError } from './target-types'

/** A value ready for the target: JSON scalar or a list of them. */
export type DesiredValue = string | boolean | number | ReadonlyArray<string>

export interface MappedAttribute {
  readonly mapping: CompiledMapping
  readonly value: DesiredValue
  /** From `Redact()` or a password attribute: shown as "[Redact]" in plans, logs and the journal. */
  readonly redacted: boolean
  /** The expression yielded null and the mapping's default was used (only on create). */
  readonly fromDefault: boolean
}

export interface MatchKey {
  readonly mapping: CompiledMapping
  /** Null when the source has no value for this matching attribute. */
  readonly value: string | null
}

/** A source object after scoping and mapping: everything the planner needs, no I/O left. */
export interface MappedObject {
  readonly source: SourceObject
  readonly scope: ScopeDecision
  readonly attributes: ReadonlyArray<MappedAttribute>
  readonly matchKeys: ReadonlyArray<MatchKey>
  /** Problems that stop this object (evaluation errors, required values missing). */
  readonly errors: ReadonlyArray<string>
  /** Entra-style code of the first problem: `ExpressionEvaluationFailed` or `MandatoryFieldsMissing`. */
  readonly errorCode: string | null
  /** How to name the object in plans and logs. */
  readonly display: string
  /** SelectUniqueValue mappings waiting for the target's accounts (see unique-values.ts). */
  readonly deferred: ReadonlyArray<CompiledMapping>
  /** Mappings that send nothing for this object, and why (shown by dry runs and `--explain`). */
  readonly withheld: ReadonlyArray<WithheldMapping>
  /** Reference mappings (the manager): who they name, resolved by the planner (reference-attributes.ts). */
  readonly references?: ReadonlyArray<MappedReference>
}

/** A reference mapping's value: the referenced person's key, never sent as it is. */
export interface MappedReference {
  readonly mapping: CompiledMapping
  /** The person's source id (or `reference.by` value); null when the source names no one. */
  readonly value: string | null
}

export interface WithheldMapping {
  readonly mapping: CompiledMapping
  /** `ignored`: IgnoreFlowIfNullOrEmpty dropped it; `null`: the expression gave no value (not provisioned). */
  readonly why: 'ignored' | 'null'
}

const NOTHING_WITHHELD: ReadonlyArray<WithheldMapping> = []
const NONE: ReadonlyArray<never> = []

export interface MapOptions {
  readonly now: () => Date
  readonly random: () => number
  /** Only these mappings (default: all but the deferred SelectUniqueValue ones). */
  readonly only?: ReadonlyArray<CompiledMapping>
  /** For SelectUniqueValue: whether a candidate value is free in the target. */
  readonly isUnique?: (value: string) => boolean
}

/** Evaluates scoping and every mapping for one source object. Pure. */
export function mapSourceObject(
  source: SourceObject,
  compiled: CompiledObjectMappings,
  options: MapOptions
): MappedObject {
  const scope = compiled.scope(source.attributes)
  const mapper = new ObjectMapper(
    { source: source.attributes, now: options.now, random: options.random, isUnique: options.isUnique },
    options.isUnique !== undefined
  )
  // An undecided scope stops the object like a mapping error (reported once, not per `only` pass).
  if (options.only === undefined && scope.error !== undefined) {
    mapper.fail(scope.error, 'ExpressionEvaluationFailed')
  }
  for (const mapping of options.only ?? compiled.mappings) mapper.map(mapping)
  const { attributes, matchKeys } = mapper
  // Matching tries keys in precedence order (§C), whatever order the job lists its mappings in.
  matchKeys.sort((a, b) => (a.mapping.matchingPrecedence ?? 0) - (b.mapping.matchingPrecedence ?? 0))
  return {
    source,
    scope,
    attributes,
    matchKeys,
    errors: mapper.errors ?? NONE,
    errorCode: mapper.errorCode,
    display: displayOf(source, attributes),
    deferred: mapper.deferred ?? NONE,
    withheld: mapper.withheld ?? NOTHING_WITHHELD,
    references: mapper.references ?? NONE,
  }
}

/**
 * One object's mappings as they are evaluated. Most people have no errors and no deferred
 * mappings: those lists are made only when needed (this runs for every person of a large source).
 */
class ObjectMapper {
  public readonly attributes: MappedAttribute[] = []
  public readonly matchKeys: MatchKey[] = []
  public errors: string[] | null = null
  public errorCode: string | null = null
  public deferred: CompiledMapping[] | null = null
  public withheld: WithheldMapping[] | null = null
  public references: MappedReference[] | null = null

  public constructor(
    private readonly context: EvaluationContext,
    /** SelectUniqueValue can be evaluated (a second pass that knows the target's values). */
    private readonly uniqueKnown: boolean
  ) {}

  public fail(message: string, code: string): void {
    ;(this.errors ??= []).push(message)
    this.errorCode ??= code
  }

  public map(mapping: CompiledMapping): void {
    if (mapping.selectsUniqueValue && !this.uniqueKnown) {
      ;(this.deferred ??= []).push(mapping)
      return
    }
    let result: EvaluationResult
    let value: DesiredValue | null = null
    try {
      result = mapping.expression.evaluate(this.context)
      if (result.flow === 'value') value = toDesired(result.value, mapping)
    } catch (error) {
      // A value the target attribute's type cannot hold is caught here, not answered by a 400.
      if (!(error instanceof ExpressionEvaluationError || error instanceof TargetTypeError)) throw error
      this.fail(`${mapping.target.text}: ${error.message}`, 'ExpressionEvaluationFailed')
      return
    }
    if (result.flow === 'ignored') {
      ;(this.withheld ??= []).push({ mapping, why: 'ignored' })
      return
    }
    if (mapping.reference !== null) {
      this.mapReference(mapping, result.value)
      return
    }
    const redacted = result.redacted || mapping.secret
    if (typeof value === 'object' && value !== null && !mapping.multiValued) {
      this.fail(listRefused(mapping.target, value, redacted), 'ExpressionEvaluationFailed')
      return
    }
    this.mapValue(mapping, { value, redacted })
  }

  private mapReference(
    mapping: CompiledMapping,
    value: Extract<EvaluationResult, { flow: 'value' }>['value']
  ): void {
    const problem = referenceProblem(value, mapping)
    if (problem !== null) {
      this.fail(problem.message, problem.code)
      return
    }
    ;(this.references ??= []).push({ mapping, value: value === '' ? null : (value as string | null) })
  }

  /** A value for the target: a matching key, the default when there is none, a required one missing. */
  private mapValue(
    mapping: CompiledMapping,
    mapped: { readonly value: DesiredValue | null; readonly redacted: boolean }
  ): void {
    // An empty userName is no userName: never sent (SCIM requires one on every account).
    let value = mapped.value === '' && isUserName(mapping.target) ? null : mapped.value
    const fromDefault = value === null && mapping.defaultValue !== null
    if (fromDefault) value = coerceToTargetType(mapping.defaultValue, mapping.valueType)
    if (mapping.matchingPrecedence !== null) {
      this.matchKeys.push({ mapping, value: value === null || fromDefault ? null : matchText(value) })
    }
    if (value === null) {
      if (mapping.required) {
        this.fail(
          `${mapping.target.text} is required but the expression gave no value`,
          'MandatoryFieldsMissing'
        )
      }
      ;(this.withheld ??= []).push({ mapping, why: 'null' })
      return
    }
    this.attributes.push({ mapping, value, redacted: mapped.redacted, fromDefault })
  }
}

/** A reference names one person; a required one must name someone. */
function referenceProblem(
  value: string | ReadonlyArray<string> | null,
  mapping: CompiledMapping
): { code: string; message: string } | null {
  if (Array.isArray(value)) {
    return {
      code: 'ExpressionEvaluationFailed',
      message: `${mapping.target.text}: a reference names one person, but the expression gave ${value.length} values`,
    }
  }
  if ((value === null || value === '') && mapping.required) {
    return {
      code: 'MandatoryFieldsMissing',
      message: `${mapping.target.text} is required but the expression gave no value`,
    }
  }
  return null
}

function toDesired(
  value: string | ReadonlyArray<string> | null,
  mapping: CompiledMapping
): DesiredValue | null {
  if (value === null) {
    return null
  }
  if (typeof value !== 'string') {
    const values = value.filter(item => item !== '')
    if (values.length === 1 && !mapping.multiValued)
      return coerceToTargetType(values[0] as string, mapping.valueType)
    return values.length === 0 ? null : values
  }
  return coerceToTargetType(value, mapping.valueType)
}

function matchText(value: DesiredValue): string | null {
  if (typeof value === 'string') return value === '' ? null : value
  if (typeof value === 'boolean' || typeof value === 'number') return String(value)
  return value[0] ?? null
}

const DISPLAY_PATHS = ['userName', 'displayName', 'emails[type eq "work"].value']

/** How to name an object: its userName, displayName or work email, else its source id. */
export function displayOf(source: SourceObject, attributes: ReadonlyArray<MappedAttribute>): string {
  for (const text of DISPLAY_PATHS) {
    const found = attributes.find(attribute => attribute.mapping.target.text === text && !attribute.redacted)
    if (found !== undefined && typeof found.value === 'string' && found.value !== '') {
      return found.value
    }
  }
  return source.id
}
