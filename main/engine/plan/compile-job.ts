import type { LoadedJob } from '../../config/load-job'
import { formatJsonPath, type JobFileIssue, JobFileError } from '../../config/job-file-error'
import type { MappingConfig, ScopingFilterConfig } from '../../config/job-schema'
import {
  type CompiledExpression,
  compileExpression,
  type EvaluationResult,
  ExpressionSyntaxError,
  parseExpression,
} from '../../mapping/expression'
import { closestName } from '../../mapping/functions/closest-name'
import { parseScimPath, type ScimPath, ScimPathError, topLevelName } from '../../mapping/scim-path'
import { type CompiledScope, compileScoping, ScopingFilterError } from '../../scoping/scoping-filter'
import { isProtectableAttribute, PROTECTABLE_ATTRIBUTES } from '../safety/protected-accounts'
import { targetTuning, type TargetTuning } from '../../config/target-settings'
import { CORE_USER_SCHEMA } from '../../mapping/scim-schemas'
import { isReferenceTarget, mayBeReference } from './reference-attributes'
import { declarationProblem, holdsList } from './target-multi-valued'
import {
  coerceToTargetType,
  isCaseExact,
  isSecretAttribute,
  TargetTypeError,
  type TargetValueType,
  targetValueType,
} from './target-types'

/** A mapping ready to evaluate: expression compiled, target path parsed, options resolved. */
export interface CompiledMapping {
  /** Position in the job's mapping list (for messages). */
  readonly index: number
  readonly target: ScimPath
  readonly expression: CompiledExpression
  readonly defaultValue: string | null
  readonly apply: 'always' | 'on-create'
  /** Entra's None: no expression, only the default, for new accounts (`"type": "none"`). */
  readonly none: boolean
  readonly matchingPrecedence: number | null
  readonly required: boolean
  readonly valueType: TargetValueType
  readonly caseExact: boolean
  /** Values are shown as "[Redact]" whatever the expression (a password: see isSecretAttribute). */
  readonly secret: boolean
  /** The target attribute holds a list (target-multi-valued.ts); a list for any other is refused. */
  readonly multiValued: boolean
  /**
   * The expression is `SelectUniqueValue(…)`: its candidates are checked against the target's
   * accounts, so it is evaluated once the target has been read.
   */
  readonly selectsUniqueValue: boolean
  /**
   * A reference attribute (the enterprise manager, or one a mapping marks with `"reference"`): the
   * value names another person, by source id (`by` null) or by the value of column `by`, and the
   * account id is sent instead.
   */
  readonly reference: { readonly by: string | null } | null
}

export interface CompiledObjectMappings {
  readonly mappings: ReadonlyArray<CompiledMapping>
  /** Matching mappings, lowest precedence first. */
  readonly matching: ReadonlyArray<CompiledMapping>
  readonly scope: CompiledScope
  /** Source attributes referenced by expressions and scoping (checked against the source's columns). */
  readonly referencedAttributes: ReadonlyMap<string, ReadonlyArray<ReadonlyArray<string | number>>>
}

export interface CompiledJob {
  readonly users: CompiledObjectMappings
  /** Null when the job provisions no groups. */
  readonly groups: CompiledObjectMappings | null
}

/** Groups derived from a CSV column have one attribute, their name; Entra-style default mapping. */
export const DEFAULT_GROUP_MAPPINGS: ReadonlyArray<MappingConfig> = [
  { target: 'displayName', expression: '[name]', matchingPrecedence: 1, apply: 'always', required: false },
]

/** LDAP groups keep their directory attributes: the default names a group by its `cn`. */
export const DEFAULT_LDAP_GROUP_MAPPINGS: ReadonlyArray<MappingConfig> = [
  { target: 'displayName', expression: '[cn]', matchingPrecedence: 1, apply: 'always', required: false },
]

/** Groups read from a directory (Entra ID, a SCIM app) keep their own name: `[displayName]`. */
export const DEFAULT_DIRECTORY_GROUP_MAPPINGS: ReadonlyArray<MappingConfig> = [
  {
    target: 'displayName',
    expression: '[displayName]',
    matchingPrecedence: 1,
    apply: 'always',
    required: false,
  },
]

type IssueSink = (
  path: ReadonlyArray<string | number>,
  message: string,
  at?: { line: number; column: number }
) => void

/**
 * Compiles and cross-checks a loaded job; every problem is reported at its place in the file.
 */
export function compileJob(job: LoadedJob): CompiledJob {
  const issues: JobFileIssue[] = []
  const issue: IssueSink = (path, message, at) =>
    issues.push({
      file: job.displayFile,
      ...(at ?? job.json.locate(path)),
      field: formatJsonPath(path),
      message,
    })

  const users = compileObjectMappings(
    job,
    'users',
    job.config.users.mappings,
    job.config.users.scoping,
    issue
  )
  let groups: CompiledObjectMappings | null = null
  const groupConfig = job.config.groups
  const sourceType = job.config.source.type
  if (groupConfig !== undefined) {
    // A CSV needs a column; directories have group objects (SourceConnector.readGroups), and a
    // Graph or SCIM source may also split a column of its people.
    const fromColumn = groupConfig.fromColumn !== undefined
    if (!fromColumn && sourceType === 'csv') {
      issue(['groups'], 'a CSV source needs "fromColumn": the column that lists each person\'s groups')
    }
    if (fromColumn && sourceType === 'ldap') {
      issue(
        ['groups', 'fromColumn'],
        'an LDAP source reads its groups from the directory (source.groupBaseDn and source.groupFilter); "fromColumn" is for CSV sources'
      )
    }
    const defaults =
      fromColumn || sourceType === 'csv'
        ? DEFAULT_GROUP_MAPPINGS
        : sourceType === 'ldap'
          ? DEFAULT_LDAP_GROUP_MAPPINGS
          : DEFAULT_DIRECTORY_GROUP_MAPPINGS
    const mappings = groupConfig.mappings.length > 0 ? groupConfig.mappings : defaults
    groups = compileObjectMappings(job, 'groups', mappings, [], issue)
    for (const [attribute, places] of groups.referencedAttributes) {
      if (attribute === 'name' || !fromColumn) continue
      for (const place of places) {
        issue(place, `unknown group attribute [${attribute}]: groups from a CSV column have only [name]`)
      }
    }
  }
  checkMultiValuedDeclarations(job, issue)
  job.config.safety.protectedFilters.forEach((filter, filterIndex) =>
    filter.clauses.forEach((clause, clauseIndex) => {
      if (!isProtectableAttribute(clause.attribute)) {
        issue(
          ['safety', 'protectedFilters', filterIndex, 'clauses', clauseIndex, 'attribute'],
          `protection filters look at the target account, which has no attribute "${clause.attribute}" they can use; ` +
            `use one of ${PROTECTABLE_ATTRIBUTES.join(', ')}`
        )
      }
    })
  )
  if (issues.length > 0) {
    throw new JobFileError(issues)
  }
  return { users, groups }
}

/** `target.multiValuedAttributes` names extension attributes; the schemas' own are not the job's to change. */
function checkMultiValuedDeclarations(job: LoadedJob, issue: IssueSink): void {
  targetTuning(job.config.target).multiValuedAttributes.forEach((name, index) => {
    const place = ['target', 'multiValuedAttributes', index]
    try {
      const problem = declarationProblem(parseScimPath(name))
      if (problem !== null) issue(place, problem)
    } catch (error) {
      if (!(error instanceof ScimPathError)) throw error
      issue(place, error.message)
    }
  })
}

/** What compiling one section's mappings keeps track of across its mappings. */
interface SectionContext {
  readonly job: LoadedJob
  readonly section: 'users' | 'groups'
  readonly issue: IssueSink
  /** The mapping index of each target path (lowercase), and of each matching precedence. */
  readonly seenTargets: Map<string, number>
  readonly seenPrecedence: Map<number, number>
  readonly firstTypeFilters: Map<string, string>
  /** Where each source attribute is named. */
  readonly referenced: Map<string, Array<ReadonlyArray<string | number>>>
}

function compileObjectMappings(
  job: LoadedJob,
  section: 'users' | 'groups',
  configs: ReadonlyArray<MappingConfig>,
  scoping: ReadonlyArray<ScopingFilterConfig>,
  issue: IssueSink
): CompiledObjectMappings {
  const context: SectionContext = {
    job,
    section,
    issue,
    seenTargets: new Map(),
    seenPrecedence: new Map(),
    firstTypeFilters: new Map(),
    referenced: new Map(),
  }
  const mappings = configs.flatMap((mapping, index) => compileMapping(context, mapping, index) ?? [])
  if (context.seenPrecedence.size === 0) {
    issue(
      [section, 'mappings'],
      section === 'users'
        ? 'no mapping has a matchingPrecedence: at least one attribute (e.g. userName) must match people to existing accounts'
        : 'no group mapping has a matchingPrecedence: at least one attribute (e.g. displayName) must match groups'
    )
  }
  const scope = compileSectionScope(context, scoping)
  const matching = mappings
    .filter(mapping => mapping.matchingPrecedence !== null)
    .sort((a, b) => (a.matchingPrecedence ?? 0) - (b.matchingPrecedence ?? 0))
  return { mappings, matching, scope, referencedAttributes: context.referenced }
}

function reference(context: SectionContext, attribute: string, path: ReadonlyArray<string | number>): void {
  const places = context.referenced.get(attribute) ?? []
  places.push(path)
  context.referenced.set(attribute, places)
}

/** One mapping, checked; null when its target or expression cannot be parsed (reported). */
function compileMapping(
  context: SectionContext,
  mapping: MappingConfig,
  index: number
): CompiledMapping | null {
  const { job, section, issue } = context
  const target = targetTuning(job.config.target)
  const base = [context.section, 'mappings', index]
  const path = parseTarget(context, mapping, base)
  const expression = parseMappingExpression(context, mapping, base)
  checkRepeats(context, { mapping, index, path, base })
  for (const attribute of expression?.attributes ?? []) reference(context, attribute, [...base, 'expression'])
  const selectsUniqueValue =
    expression !== null && expression.ast.kind === 'call' && expression.ast.name === 'SelectUniqueValue'
  if (selectsUniqueValue && mapping.matchingPrecedence !== undefined) {
    issue([...base, 'matchingPrecedence'], 'SelectUniqueValue cannot be used on a matching attribute')
  }
  if (selectsUniqueValue && mapping.apply !== 'on-create') {
    issue(
      [...base, 'expression'],
      'SelectUniqueValue generates a value for new accounts only: set "apply": "on-create" on this mapping'
    )
  }
  const valueType = path === null ? 'string' : targetValueType(path, target.attributeTypes)
  checkDefault(context, { mapping, valueType, base })
  const referenceOption =
    path === null ? null : referenceOf(section, mapping, path, selectsUniqueValue, base, issue)
  if (referenceOption !== null && referenceOption.by !== null) {
    reference(context, referenceOption.by, [...base, 'reference', 'by'])
  }
  if (path === null || expression === null) return null
  return {
    index,
    target: markListUpdate(markUntypedAdoption(path, context.firstTypeFilters), target.multiValuedUpdates),
    expression,
    defaultValue: mapping.default ?? null,
    apply: mapping.apply,
    none: mapping.type === 'none',
    matchingPrecedence: mapping.matchingPrecedence ?? null,
    required: mapping.required,
    valueType,
    caseExact: isCaseExact(path, target.caseExactAttributes),
    secret: isSecretAttribute(path),
    multiValued: holdsList(path, section, target.multiValuedAttributes),
    selectsUniqueValue,
    reference: referenceOption,
  }
}

function parseTarget(context: SectionContext, mapping: MappingConfig, base: ReadonlyArray<string | number>) {
  try {
    return parseScimPath(mapping.target)
  } catch (error) {
    if (!(error instanceof ScimPathError)) throw error
    const place = [...base, 'target']
    context.issue(place, error.message, context.job.json.locateInString(place, error.position))
    return null
  }
}

const NOTHING: EvaluationResult = Object.freeze({ flow: 'value', value: null, redacted: false })

/** A None mapping's "expression": never a value, so its default is used (on create only). */
const NO_SOURCE_VALUE: CompiledExpression = Object.freeze({
  text: '',
  ast: parseExpression('""'),
  attributes: Object.freeze([]),
  evaluate: () => NOTHING,
})

function parseMappingExpression(
  context: SectionContext,
  mapping: MappingConfig,
  base: ReadonlyArray<string | number>
): CompiledExpression | null {
  if (mapping.expression === undefined) return mapping.type === 'none' ? NO_SOURCE_VALUE : null
  try {
    return compileExpression(mapping.expression)
  } catch (error) {
    if (!(error instanceof ExpressionSyntaxError)) throw error
    const place = [...base, 'expression']
    const message = `${error.message}${error.suggestion === undefined ? '' : ` ${error.suggestion}`}`
    context.issue(place, message, context.job.json.locateInString(place, error.position))
    return null
  }
}

/** A target mapped twice, or a matching precedence used twice, is refused; matching attributes apply always. */
function checkRepeats(
  context: SectionContext,
  at: {
    readonly mapping: MappingConfig
    readonly index: number
    readonly path: ScimPath | null
    readonly base: ReadonlyArray<string | number>
  }
): void {
  const { mapping, index, path, base } = at
  const { section, issue } = context
  if (path !== null) {
    const key = path.text.toLowerCase()
    const previous = context.seenTargets.get(key)
    if (previous !== undefined) {
      issue([...base, 'target'], `target ${path.text} is already mapped by ${section}.mappings[${previous}]`)
    }
    context.seenTargets.set(key, index)
  }
  if (mapping.matchingPrecedence === undefined) return
  const previous = context.seenPrecedence.get(mapping.matchingPrecedence)
  if (previous !== undefined) {
    issue(
      [...base, 'matchingPrecedence'],
      `matching precedence ${mapping.matchingPrecedence} is already used by ${section}.mappings[${previous}]`
    )
  }
  context.seenPrecedence.set(mapping.matchingPrecedence, index)
  if (mapping.apply === 'on-create') {
    issue(
      [...base, 'apply'],
      'a matching attribute must apply "always": it identifies the account on every run'
    )
  }
}

/** A default value must fit the target attribute's type. */
function checkDefault(
  context: SectionContext,
  at: {
    readonly mapping: MappingConfig
    readonly valueType: TargetValueType
    readonly base: ReadonlyArray<string | number>
  }
): void {
  const { mapping, valueType, base } = at
  if (mapping.default === undefined) return
  try {
    coerceToTargetType(mapping.default, valueType)
  } catch (error) {
    if (!(error instanceof TargetTypeError)) throw error
    const kind = valueType === 'integer' ? 'an integer' : `a ${valueType}`
    context.issue(
      [...base, 'default'],
      `${mapping.target} is ${kind} attribute, and its default ${error.message}`
    )
  }
}

/** The section's scoping filters, compiled; the attributes they name are recorded. */
function compileSectionScope(
  context: SectionContext,
  scoping: ReadonlyArray<ScopingFilterConfig>
): CompiledScope {
  const { section } = context
  scoping.forEach((filter, filterIndex) =>
    filter.clauses.forEach((clause, clauseIndex) =>
      reference(context, clause.attribute, [
        section,
        'scoping',
        filterIndex,
        'clauses',
        clauseIndex,
        'attribute',
      ])
    )
  )
  try {
    return compileScoping(scoping)
  } catch (error) {
    if (!(error instanceof ScopingFilterError)) throw error
    context.issue([section, 'scoping', error.filterIndex, 'clauses', error.clauseIndex], error.message)
    return () => ({ inScope: true, reason: 'No scoping filters', filterIndex: null })
  }
}

/**
 * Marks the paths of the first `type` filter each multi-valued attribute is mapped with: only
 * they adopt an account's untyped element (two filters adopting one element would fight over it).
 */
/** A filtered path under `target.multiValuedUpdates: "whole-list"` replaces its list whole. */
function markListUpdate(path: ScimPath, updates: TargetTuning['multiValuedUpdates']): ScimPath {
  return updates === 'whole-list' && path.filter !== null ? { ...path, replacesWholeList: true } : path
}

function markUntypedAdoption(path: ScimPath, firstTypeFilters: Map<string, string>): ScimPath {
  const filter = path.filter
  if (filter === null || !filter.some(clause => clause.attribute.toLowerCase() === 'type')) {
    return path
  }
  const key = JSON.stringify(
    filter.map(clause => [
      clause.attribute.toLowerCase(),
      typeof clause.value === 'string' ? clause.value.toLowerCase() : clause.value,
    ])
  )
  const attribute = topLevelName(path).toLowerCase()
  const first = firstTypeFilters.get(attribute) ?? key
  firstTypeFilters.set(attribute, first)
  return first === key ? { ...path, adoptsUntyped: true } : path
}

/**
 * The reference option of a mapping to a reference attribute (null for any other mapping), after
 * refusing what a reference cannot be: a matching attribute, a default, a generated value.
 */
function referenceOf(
  section: 'users' | 'groups',
  mapping: MappingConfig,
  path: ScimPath,
  selectsUniqueValue: boolean,
  base: ReadonlyArray<string | number>,
  issue: IssueSink
): CompiledMapping['reference'] {
  const explicit = mapping.reference !== undefined
  if (section !== 'users' || !(isReferenceTarget(path) || (explicit && mayBeReference(path)))) {
    if (explicit) issue([...base, 'reference'], notAReference(section, path))
    return null
  }
  const refused: Array<[string, boolean, string]> = [
    [
      'matchingPrecedence',
      mapping.matchingPrecedence !== undefined,
      'a reference cannot be a matching attribute',
    ],
    [
      'default',
      mapping.default !== undefined,
      'a reference has no default: it names a person of the source or no one',
    ],
    ['expression', selectsUniqueValue, 'SelectUniqueValue cannot give a reference'],
  ]
  for (const [field, present, message] of refused) {
    if (present)
      issue([...base, field], `${path.text} is a reference to another person's account: ${message}`)
  }
  return { by: mapping.reference?.by ?? null }
}

function notAReference(section: 'users' | 'groups', path: ScimPath): string {
  const what =
    section === 'groups'
      ? 'groups have no reference attributes'
      : path.schema === null || path.schema.toLowerCase() === CORE_USER_SCHEMA.toLowerCase()
        ? 'core attributes are not references'
        : 'a reference is one id (the attribute or its .value, no filter)'
  return `"reference" is for reference attributes (the enterprise manager, or an extension attribute that holds another user's id, e.g. urn:…:User:sponsor); ${path.text} is not one: ${what}`
}

/**
 * Refuses mappings and filters that name attributes the source does not have ("unknown attribute"
 * is the commonest job-file mistake), with a suggestion when only the case differs.
 */
export function checkReferencedAttributes(
  job: LoadedJob,
  compiled: CompiledObjectMappings,
  available: ReadonlyArray<string>,
  sourceName: string,
  kind: 'column' | 'attribute' = 'column'
): void {
  const known = new Set(available)
  const issues: JobFileIssue[] = []
  for (const [attribute, places] of compiled.referencedAttributes) {
    if (known.has(attribute)) continue
    const message = unknownAttributeMessage(attribute, available, sourceName, kind)
    for (const place of places) {
      issues.push({ file: job.displayFile, ...job.json.locate(place), field: formatJsonPath(place), message })
    }
  }
  if (issues.length > 0) {
    throw new JobFileError(issues)
  }
}

/** Why `[attribute]` cannot be read from the source (the editor says it the same way). */
export function unknownAttributeMessage(
  attribute: string,
  available: ReadonlyArray<string>,
  sourceName: string,
  kind: 'column' | 'attribute' = 'column'
): string {
  const likely = closestName(attribute, available)
  // A directory's schema has hundreds of names: listing them all would help no one.
  const list = kind === 'attribute' ? '' : `; available: ${available.join(', ')}`
  const hint = likely === undefined ? list : `; did you mean [${likely}]?`
  return `unknown source attribute [${attribute}]: ${sourceName} has no such ${kind}${hint}`
}
