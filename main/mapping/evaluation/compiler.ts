import { assertNever } from '../assert-never'
import { ExpressionEvaluationError, ExpressionSyntaxError } from '../expression-errors'
import { describeArity, type FunctionDefinition, type FunctionRegistry } from '../functions/registry'
import {
  type CallNode,
  type ExpressionNode,
  foldExpression,
  type IdentifierNode,
  visitExpression,
} from '../syntax/ast'
import { type ArgumentValue, OMITTED } from '../values/value'
import { type CallSite, FlowIgnored } from './call-site'
import { compareValues } from './comparison'
import type { EvaluationContext } from './context'

/** A compiled node: a closure over the source object. */
export type Evaluator = (context: EvaluationContext) => ArgumentValue

export interface CompiledTree {
  readonly evaluate: Evaluator
  /** Every `[attribute]`, deduplicated, in order of appearance. */
  readonly attributes: ReadonlyArray<string>
  /** A function whose results are secret (Redact) appears somewhere in the expression. */
  readonly redacted: boolean
}

/**
 * Resolves names against the registry, checks argument counts, and turns the tree into nested
 * closures, so evaluating walks no tree and looks up no names.
 *
 * Throws {@link ExpressionSyntaxError} for unknown names and wrong argument counts, reporting the
 * first problem in text order.
 */
export function compileTree(text: string, root: ExpressionNode, registry: FunctionRegistry): CompiledTree {
  const attributes = new Set<string>()
  let redacted = false
  visitExpression(root, node => {
    if (node.kind === 'attribute') {
      attributes.add(node.name)
    } else if (node.kind === 'call') {
      redacted = checkCall(text, node, registry, node === root).redactsResult === true || redacted
    } else if (node.kind === 'identifier') {
      checkIdentifier(text, node, registry)
    }
  })
  const evaluate = foldExpression<Evaluator>(root, (node, children) =>
    compileNode(text, node, children, registry)
  )
  return { evaluate, attributes: [...attributes], redacted }
}

function checkCall(
  text: string,
  node: CallNode,
  registry: FunctionRegistry,
  isRoot: boolean
): FunctionDefinition {
  const definition = registry.getFunction(node.name)
  if (definition === undefined) {
    const suggestion = registry.suggestFunction(node.name)
    throw new ExpressionSyntaxError(
      `Unknown function '${node.name}'`,
      text,
      node.start,
      suggestion === undefined ? undefined : `Did you mean ${suggestion}?`
    )
  }
  const count = node.args.length
  if (count < definition.minArgs || count > definition.maxArgs) {
    throw new ExpressionSyntaxError(
      `${node.name} expects ${describeArity(definition)} but got ${count}`,
      text,
      node.start,
      `Usage: ${definition.signature}`
    )
  }
  const problem = definition.checkArgumentCount?.(count)
  if (problem !== undefined) {
    throw new ExpressionSyntaxError(
      `${node.name} ${problem}`,
      text,
      node.start,
      `Usage: ${definition.signature}`
    )
  }
  if (definition.topLevelOnly === true && !isRoot) {
    throw new ExpressionSyntaxError(
      `${node.name} must be the whole expression; it can't be nested inside another function or a comparison`,
      text,
      node.start,
      `Move ${node.name}(…) to the outside and nest the other functions inside its arguments.`
    )
  }
  const argumentProblem = definition.checkArguments?.(node.args, text)
  if (argumentProblem !== undefined) {
    throw new ExpressionSyntaxError(
      `${node.name}: ${argumentProblem.reason}`,
      text,
      argumentProblem.position ?? node.start,
      argumentProblem.suggestion ?? `Usage: ${definition.signature}`
    )
  }
  return definition
}

function checkIdentifier(text: string, node: IdentifierNode, registry: FunctionRegistry): void {
  if (registry.getConstant(node.name) !== undefined) {
    return
  }
  if (registry.getFunction(node.name) !== undefined) {
    throw new ExpressionSyntaxError(
      `${node.name} is a function and needs parentheses`,
      text,
      node.start,
      `Write ${node.name}(…).`
    )
  }
  const constant = registry.suggestConstant(node.name)
  throw new ExpressionSyntaxError(
    `Unknown name '${node.name}'`,
    text,
    node.start,
    constant === undefined
      ? `Attribute references need square brackets: [${node.name}]; text needs double quotes: "${node.name}".`
      : `Did you mean ${constant}?`
  )
}

function compileNode(
  text: string,
  node: ExpressionNode,
  children: ReadonlyArray<Evaluator>,
  registry: FunctionRegistry
): Evaluator {
  switch (node.kind) {
    case 'attribute':
      return compileAttribute(node.name)
    case 'string':
    case 'number': {
      const value = node.value
      return () => value
    }
    case 'identifier': {
      const value = registry.getConstant(node.name)?.value ?? null
      return () => value
    }
    case 'omitted':
      return () => OMITTED
    case 'comparison': {
      const operator = node.operator
      const [left, right] = children
      if (left === undefined || right === undefined) {
        throw new Error('comparison without two operands')
      }
      return context => compareValues(operator, left(context), right(context))
    }
    case 'call': {
      const definition = registry.getFunction(node.name)
      if (definition === undefined) {
        throw new Error(`function ${node.name} vanished from the registry`)
      }
      return compileCall(definition, new CompiledCallSite(node.name, node.start, text), children)
    }
    default:
      return assertNever(node, 'expression node')
  }
}

/**
 * Reads a source attribute. An absent key, an empty list, and anything that isn't a string or a
 * list (e.g. `constructor` inherited from Object.prototype) are all null.
 */
function compileAttribute(name: string): Evaluator {
  return context => {
    const value = context.source[name]
    if (typeof value === 'string') {
      return value
    }
    return Array.isArray(value) && value.length > 0 ? value : null
  }
}

function compileCall(
  definition: FunctionDefinition,
  site: CompiledCallSite,
  args: ReadonlyArray<Evaluator>
): Evaluator {
  if (definition.lazy === true) {
    return context => {
      try {
        return definition.evaluate(args, context, site)
      } catch (error) {
        throw site.wrap(error)
      }
    }
  }
  return context => {
    const values = new Array<ArgumentValue>(args.length)
    for (let index = 0; index < args.length; index++) {
      const arg = args[index]
      values[index] = arg === undefined ? OMITTED : arg(context)
    }
    try {
      return definition.evaluate(values, context, site)
    } catch (error) {
      throw site.wrap(error)
    }
  }
}

class CompiledCallSite implements CallSite {
  public constructor(
    public readonly functionName: string,
    public readonly position: number,
    private readonly expression: string
  ) {}

  public fail(reason: string, cause?: unknown): never {
    throw new ExpressionEvaluationError(
      reason,
      this.expression,
      this.position,
      this.functionName,
      cause === undefined ? undefined : { cause }
    )
  }

  public ignoreFlow(): never {
    throw FlowIgnored.signal
  }

  /**
   * Passes through what is already positioned (an inner call's error, the flow signal); anything
   * else is a defect in a function, reported at this call rather than as a bare TypeError.
   */
  public wrap(error: unknown): unknown {
    if (error instanceof ExpressionEvaluationError || error === FlowIgnored.signal) {
      return error
    }
    const detail = error instanceof Error ? error.message : String(error)
    return new ExpressionEvaluationError(
      `failed unexpectedly: ${detail}`,
      this.expression,
      this.position,
      this.functionName,
      { cause: error }
    )
  }
}
