/**
 * An expression as the editor shows it while the admin types: highlighted by the language's own
 * lexer, its first error at its exact place with `provisioner eval`'s message, and its value for
 * people of the job's source, computed as a run computes it.
 */
import {
  type CompiledExpression,
  compileExpression,
  ExpressionEvaluationError,
  ExpressionSyntaxError,
} from '../../mapping/expression'
import type { SourceObject } from '../../connectors/connector'
import type { ExpressionProblem, ExpressionValue } from '../api/contract'
import { unknownAttributeMessage } from '../engine-gateway'
import type { EditorSample } from './editor-sources'
import { expressionTokens } from './expression-tokens'
import { personDisplay } from '../source/source-people'

/** Shown instead of a value the expression redacts, as in plans and logs. */
const REDACTED = '[Redact]'

export function compileForEditor(
  text: string
): { readonly compiled: CompiledExpression } | { readonly problem: ExpressionProblem } {
  try {
    return { compiled: compileExpression(text) }
  } catch (error) {
    if (!(error instanceof ExpressionSyntaxError)) throw error
    return { problem: problemOf(error, text) }
  }
}

function problemOf(error: ExpressionSyntaxError, text: string): ExpressionProblem {
  const token = expressionTokens(text).find(candidate => candidate.from === error.position)
  const to = token === undefined ? Math.min(error.position + 1, text.length) : token.to
  return {
    message: error.message,
    suggestion: error.suggestion ?? null,
    from: error.position,
    to: Math.max(to, error.position),
    line: error.line,
    column: error.column,
  }
}

export { expressionTokens }

/** The value for one person: what a run would send, or why it cannot be computed for them. */
export function valueFor(compiled: CompiledExpression, object: SourceObject, now: Date): ExpressionValue {
  const base = { sourceId: object.id, display: personDisplay(object) }
  try {
    const result = compiled.evaluate({ source: object.attributes, now: () => now, random: Math.random })
    if (result.flow === 'ignored') return { ...base, value: null, ignored: true, error: null }
    return { ...base, value: result.redacted ? REDACTED : result.value, ignored: false, error: null }
  } catch (error) {
    if (!(error instanceof ExpressionEvaluationError)) throw error
    return { ...base, value: null, ignored: false, error: error.message }
  }
}

/** The `[attribute]`s the sample has no column for, with the CLI's message for each. */
export function unknownAttributes(
  compiled: CompiledExpression,
  sample: EditorSample
): Array<{ readonly name: string; readonly message: string }> {
  const known = new Set(sample.attributes)
  return compiled.attributes
    .filter(name => !known.has(name))
    .map(name => ({ name, message: unknownAttributeMessage(name, sample.attributes, sample.sourceName) }))
}

/** The objects to show: one by id, or the first `count`. */
export function pickObjects(
  objects: ReadonlyArray<SourceObject>,
  sourceId: string | undefined,
  count: number
): ReadonlyArray<SourceObject> {
  if (sourceId === undefined) return objects.slice(0, count)
  const found = objects.find(object => object.id === sourceId)
  return found === undefined ? [] : [found]
}
