/**
 * SCIM filters (RFC 7644 §3.4.2.2) for the sandbox, parsed and matched by scimmy's `Filter`,
 * with three gaps in scimmy closed around it:
 *
 * - scimmy's lexer ends a string at the first `"` and never unescapes, so `"o\"brien"` is a
 *   syntax error and a `)` or `]` inside a string breaks grouping. String literals are lifted out
 *   as JSON strings first and scimmy parses the filter with opaque placeholders in their place.
 * - scimmy compares strings case-sensitively whatever the schema says. Values of `caseExact:
 *   false` attributes are lower-cased on both sides before scimmy compares them.
 * - scimmy cannot see extension attributes (`urn:…:User:department eq "x"`) or the bare
 *   multi-valued form (`emails co "x"`, meaning `emails.value`); both are rewritten.
 */
import {
  type SchemaInfo,
  type ScimObject,
  SCIMMY,
  isEngineMessage,
  isScimObject,
  scimError,
} from './sandbox-scimmy'

/** scimmy's object form of one comparison: `[op, value?]` or `['not', op, value?]`. */
export type FilterComparison = ReadonlyArray<unknown>

/** scimmy's object form of one `or` branch: attribute → comparison(s) or nested branch. */
export interface FilterBranch {
  readonly [attribute: string]: FilterNode
}

export type FilterNode = FilterComparison | ReadonlyArray<FilterComparison | FilterBranch> | FilterBranch

/** A filter expression decoded from a request, independent of the resource type it runs on. */
export interface ParsedFilter {
  /** The original expression, for error messages. */
  readonly expression: string
  /** The expression with every string literal replaced by a placeholder scimmy can lex. */
  readonly scimmyExpression: string
  /** `or` branches in scimmy's object form, string literals decoded. */
  readonly branches: ReadonlyArray<FilterBranch>
}

/** A filter normalised for one schema, ready to test resources with. */
export interface CompiledFilter {
  /** Branches as matched (case-folded where the schema says so), for index look-ups. */
  readonly branches: ReadonlyArray<FilterBranch>
  matches(view: ScimObject): boolean
}

const PLACEHOLDER = /^sandboxLiteral(\d+)$/

/** Parses a filter string; throws a 400 `invalidFilter` SCIM error when it is malformed. */
export function parseFilter(expression: string): ParsedFilter {
  const literals: string[] = []
  let scimmyExpression = ''
  let index = 0
  while (index < expression.length) {
    const quote = expression.indexOf('"', index)
    if (quote < 0) {
      scimmyExpression += expression.slice(index)
      break
    }
    let end = quote + 1
    while (end < expression.length && expression[end] !== '"') end += expression[end] === '\\' ? 2 : 1
    if (end >= expression.length) throw invalidFilter(expression, 'unterminated string literal')
    const literal = expression.slice(quote, end + 1)
    let decoded: unknown
    try {
      decoded = JSON.parse(literal)
    } catch {
      throw invalidFilter(expression, `invalid string literal ${literal}`)
    }
    scimmyExpression += `${expression.slice(index, quote)}"sandboxLiteral${literals.length}"`
    literals.push(String(decoded))
    index = end + 1
  }

  let parsed: unknown
  try {
    parsed = JSON.parse(JSON.stringify(new SCIMMY.Types.Filter(scimmyExpression)))
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    throw invalidFilter(expression, isEngineMessage(reason) ? 'the expression is incomplete' : reason)
  }
  const restore = (value: unknown): unknown => {
    if (typeof value === 'string') {
      const placeholder = PLACEHOLDER.exec(value)
      return placeholder ? literals[Number(placeholder[1])] : value
    }
    if (Array.isArray(value)) return value.map(restore)
    if (isScimObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, restore(v)]))
    return value
  }
  const branches = restore(parsed)
  if (!Array.isArray(branches) || !branches.every(isScimObject)) {
    throw invalidFilter(expression, 'unexpected filter structure')
  }
  return { expression, scimmyExpression, branches: branches as ReadonlyArray<FilterBranch> }
}

/** Normalises a parsed filter for one schema (see the module comment) and wraps scimmy's matcher. */
export function compileFilter(filter: ParsedFilter, schema: SchemaInfo): CompiledFilter {
  const branches = filter.branches.map(branch => normaliseBranch(branch, schema, ''))
  let scimmyFilter: InstanceType<typeof SCIMMY.Types.Filter>
  try {
    scimmyFilter = new SCIMMY.Types.Filter(branches.map(branch => ({ ...branch })))
  } catch (error) {
    throw invalidFilter(filter.expression, error instanceof Error ? error.message : String(error))
  }
  // scimmy throws on a resource lacking a complex attribute the filter looks inside
  // (`name.givenName eq "x"` on a user without `name`); an empty value matches nothing instead.
  const absent = new Map<string, unknown>()
  for (const branch of branches) {
    for (const [key, node] of Object.entries(branch)) {
      if (!Array.isArray(node)) absent.set(key, schema.attribute(key)?.multiValued ? [] : {})
    }
  }
  return {
    branches,
    matches: view => {
      let target = view
      for (const [key, empty] of absent) {
        if (target[key] === undefined) target = { ...target, [key]: empty }
      }
      return scimmyFilter.match([target]).length > 0
    },
  }
}

/**
 * The resource as the matcher sees it: `caseExact: false` strings lower-cased, and extension
 * attributes also flattened to `urn:…:attr` keys, which is how scimmy's filter names them.
 */
export function matchView(resource: ScimObject, schema: SchemaInfo): ScimObject {
  const view: ScimObject = {}
  for (const [key, value] of Object.entries(resource)) {
    const extension = schema.extensionId(key)
    view[key] = foldCase(value, key, schema)
    if (extension !== undefined && isScimObject(value)) {
      for (const [name, inner] of Object.entries(value)) {
        view[`${extension}:${name}`] = foldCase(inner, `${extension}:${name}`, schema)
      }
    }
  }
  return view
}

/** A top-level, non-negated `attr eq "string"` of a branch, or `attr[value eq "…"]`-style sub-value. */
export function equalityValue(
  branch: FilterBranch,
  attribute: string,
  subAttribute?: string
): string | undefined {
  const wanted = attribute.toLowerCase()
  for (const [key, node] of Object.entries(branch)) {
    if (key.toLowerCase() !== wanted) continue
    if (subAttribute !== undefined) {
      if (!isScimObject(node)) continue
      const inner = equalityValue(node as FilterBranch, subAttribute)
      if (inner !== undefined) return inner
      continue
    }
    for (const comparison of comparisons(node)) {
      if (comparison.length === 2 && String(comparison[0]).toLowerCase() === 'eq') {
        const value = comparison[1]
        if (typeof value === 'string') return value
      }
    }
  }
  return undefined
}

function comparisons(node: FilterNode): ReadonlyArray<FilterComparison> {
  if (!Array.isArray(node)) return []
  if (isComparison(node)) return [node]
  return node.filter((entry: unknown): entry is FilterComparison => Array.isArray(entry))
}

function isComparison(node: ReadonlyArray<unknown>): boolean {
  return typeof node[0] === 'string'
}

function normaliseBranch(branch: FilterBranch, schema: SchemaInfo, prefix: string): FilterBranch {
  const result: Record<string, FilterNode> = {}
  for (const [rawKey, node] of Object.entries(branch)) {
    const unqualified = prefix === '' ? schema.unqualify(rawKey) : rawKey
    const path = prefix === '' ? unqualified : `${prefix}.${unqualified}`
    const attribute = schema.attribute(path)
    // The schema's spelling, so the key can be looked up in a resource directly.
    const key = attribute !== undefined && !unqualified.includes(':') ? attribute.name : unqualified
    // RFC 7644 §3.4.2.2: a comparison on a multi-valued complex attribute means its `value`.
    const node2: FilterNode =
      attribute?.type === 'complex' &&
      attribute.multiValued &&
      Array.isArray(node) &&
      comparisons(node).length > 0
        ? { value: node }
        : node
    result[key] = normaliseNode(node2, schema, path)
  }
  return result
}

function normaliseNode(node: FilterNode, schema: SchemaInfo, path: string): FilterNode {
  if (!Array.isArray(node)) return normaliseBranch(node as FilterBranch, schema, path)
  if (isComparison(node)) return foldComparison(node, schema, path)
  return node.map((entry: FilterComparison | FilterBranch) =>
    Array.isArray(entry)
      ? foldComparison(entry, schema, path)
      : normaliseBranch(entry as FilterBranch, schema, path)
  )
}

function foldComparison(comparison: FilterComparison, schema: SchemaInfo, path: string): FilterComparison {
  const negated = String(comparison[0]).toLowerCase() === 'not'
  const valueIndex = negated ? 2 : 1
  return comparison.map((part, index) =>
    index === valueIndex && typeof part === 'string' && schema.isCaseInsensitive(path)
      ? part.toLowerCase()
      : part
  )
}

function foldCase(value: unknown, path: string, schema: SchemaInfo): unknown {
  if (typeof value === 'string') return schema.isCaseInsensitive(path) ? value.toLowerCase() : value
  if (Array.isArray(value)) return value.map(item => foldCase(item, path, schema))
  if (isScimObject(value)) {
    const folded: ScimObject = {}
    // Extension attributes are `urn:…:User:name`, sub-attributes `name.sub`.
    const separator = schema.extensionId(path) === undefined ? '.' : ':'
    for (const [key, inner] of Object.entries(value))
      folded[key] = foldCase(inner, `${path}${separator}${key}`, schema)
    return folded
  }
  return value
}

function invalidFilter(expression: string, reason: string): Error {
  return scimError(400, 'invalidFilter', `Invalid filter '${expression}': ${reason}`)
}
