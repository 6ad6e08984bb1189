/**
 * Microsoft Entra ID attribute-mapping expressions: compile once, evaluate per source object.
 *
 * Other modules import the expression engine only from here.
 *
 * ```ts
 * const displayName = compileExpression('Join(" ", [givenName], [surname])')
 * displayName.evaluate({ source: { givenName: 'John', surname: 'Doe' }, now: () => new Date(), random: Math.random })
 * // → { flow: 'value', value: 'John Doe', redacted: false }
 * ```
 */
import { FlowIgnored } from './evaluation/call-site'
import { compileTree, type Evaluator } from './evaluation/compiler'
import type { EvaluationContext } from './evaluation/context'
import { defaultFunctionRegistry } from './functions/default-registry'
import type { FunctionRegistry } from './functions/registry'
import type { ExpressionNode } from './syntax/ast'
import { parseExpression } from './syntax/parser'
import { type MappedValue, toMappedValue } from './values/format'
import { withoutOmitted } from './values/value'

export type { EvaluationContext } from './evaluation/context'
export type { CallSite } from './evaluation/call-site'
export { ExpressionEvaluationError, ExpressionSyntaxError } from './expression-errors'
export { defaultFunctionRegistry } from './functions/default-registry'
export {
  type ArgumentProblem,
  type ConstantDefinition,
  type EagerFunctionDefinition,
  type FunctionDefinition,
  FunctionRegistry,
  type LazyArgument,
  type LazyFunctionDefinition,
} from './functions/registry'
export type {
  ArgumentNode,
  AttributeNode,
  CallNode,
  ComparisonNode,
  ComparisonOperator,
  ExpressionNode,
  IdentifierNode,
  NumberNode,
  OmittedNode,
  OperandNode,
  StringNode,
  ValueNode,
} from './syntax/ast'
export { expressionsEqual } from './syntax/ast'
export { MAX_EXPRESSION_LENGTH, parseExpression } from './syntax/parser'
export { type Token, tokenize } from './syntax/lexer'
export { printExpression } from './syntax/printer'
export type { MappedValue } from './values/format'

/** What evaluating a mapping gives. */
export type EvaluationResult =
  | {
      readonly flow: 'value'
      readonly value: MappedValue
      /** The expression uses Redact: show "[Redact]" instead of the value in logs and plans. */
      readonly redacted: boolean
    }
  /** IgnoreFlowIfNullOrEmpty dropped the attribute: leave the target attribute alone. */
  | { readonly flow: 'ignored' }

/** An expression ready to evaluate against any number of source objects. */
export interface CompiledExpression {
  /** The text it was compiled from. */
  readonly text: string
  readonly ast: ExpressionNode
  /** Every `[attribute]` referenced, deduplicated, in order of appearance. */
  readonly attributes: ReadonlyArray<string>
  /**
   * Evaluates against one source object. Throws `ExpressionEvaluationError` when a function
   * can't produce a value for this object (positioned at the call); never a syntax error.
   */
  evaluate(context: EvaluationContext): EvaluationResult
}

export interface CompileOptions {
  /** The functions the expression may call; {@link defaultFunctionRegistry} by default. */
  readonly functions?: FunctionRegistry
}

const IGNORED: EvaluationResult = Object.freeze({ flow: 'ignored' })

/**
 * Parses, checks and compiles an expression. Throws `ExpressionSyntaxError` (and nothing else)
 * for malformed text, unknown functions or names, wrong argument counts, and text over 10,000
 * characters.
 */
export function compileExpression(text: string, options?: CompileOptions): CompiledExpression {
  const ast = parseExpression(text)
  const tree = compileTree(text, ast, options?.functions ?? defaultFunctionRegistry)
  return new Compiled(text, ast, tree.attributes, tree.evaluate, tree.redacted)
}

class Compiled implements CompiledExpression {
  public constructor(
    public readonly text: string,
    public readonly ast: ExpressionNode,
    public readonly attributes: ReadonlyArray<string>,
    private readonly root: Evaluator,
    private readonly redacted: boolean
  ) {}

  public evaluate(context: EvaluationContext): EvaluationResult {
    let value
    try {
      value = withoutOmitted(this.root(context))
    } catch (error) {
      if (error === FlowIgnored.signal) {
        return IGNORED
      }
      throw error
    }
    return { flow: 'value', value: toMappedValue(value), redacted: this.redacted }
  }
}
