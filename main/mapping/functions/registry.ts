import type { CallSite } from '../evaluation/call-site'
import type { EvaluationContext } from '../evaluation/context'
import type { ArgumentNode } from '../syntax/ast'
import type { ArgumentValue, Value } from '../values/value'
import { closestName } from './closest-name'

/** Evaluates one argument of a lazy function, when and if the function needs it. */
export type LazyArgument = (context: EvaluationContext) => ArgumentValue

interface FunctionDefinitionBase {
  /** Case-sensitive, as written in expressions. */
  readonly name: string
  /** Fewest arguments, counting omitted ones (`ToLower(x, )` has two). */
  readonly minArgs: number
  /** Most arguments; `Infinity` for variadic functions such as Join. */
  readonly maxArgs: number
  /** Parameter list for messages and documentation, e.g. `Append(source, suffix)`. */
  readonly signature: string
  /** An extra rule on the argument count (Switch: even); returns the problem, if any. */
  readonly checkArgumentCount?: (count: number) => string | undefined
  /** The expression's results are secret (Redact): logs and plans must not show them. */
  readonly redactsResult?: boolean
  /**
   * The call must be the whole expression, not nested in another call (SelectUniqueValue: "must
   * be top-level"). Checked when compiling.
   */
  readonly topLevelOnly?: boolean
  /**
   * Checks the arguments as written, when compiling: which ones are omitted (Replace's modes) and
   * what constants say (a malformed regex or date format). Returns the first problem, if any.
   */
  readonly checkArguments?: (args: ReadonlyArray<ArgumentNode>, text: string) => ArgumentProblem | undefined
}

/** A problem with how a function is called, found by {@link FunctionDefinitionBase.checkArguments}. */
export interface ArgumentProblem {
  readonly reason: string
  /** 0-based offset in the expression text; the call's name when absent. */
  readonly position?: number
  readonly suggestion?: string
}

/** A function that receives its arguments already evaluated. Most functions are this kind. */
export interface EagerFunctionDefinition extends FunctionDefinitionBase {
  readonly lazy?: false
  evaluate(args: ReadonlyArray<ArgumentValue>, context: EvaluationContext, site: CallSite): Value
}

/**
 * A function that decides which arguments to evaluate (IIF evaluates one branch, Coalesce stops
 * at the first value, Switch stops at the first matching key).
 */
export interface LazyFunctionDefinition extends FunctionDefinitionBase {
  readonly lazy: true
  evaluate(args: ReadonlyArray<LazyArgument>, context: EvaluationContext, site: CallSite): Value
}

/** A function of either kind, as registered. */
export type FunctionDefinition = EagerFunctionDefinition | LazyFunctionDefinition

/** A bare name that stands for a value, such as `vbTextCompare`. */
export interface ConstantDefinition {
  readonly name: string
  readonly value: Value
}

/**
 * The functions and named constants an expression may use. Immutable: {@link with} returns an
 * extended copy, so a registry handed to one compiler can't change under another. Adding a
 * function means registering one more definition; the parser and evaluator never change.
 */
export class FunctionRegistry {
  private readonly functions: ReadonlyMap<string, FunctionDefinition>
  private readonly constants: ReadonlyMap<string, ConstantDefinition>

  public constructor(functions: Iterable<FunctionDefinition>, constants: Iterable<ConstantDefinition> = []) {
    const functionMap = new Map<string, FunctionDefinition>()
    for (const definition of functions) {
      checkDefinition(definition)
      if (functionMap.has(definition.name)) {
        throw new Error(`Function ${definition.name} is registered twice`)
      }
      functionMap.set(definition.name, definition)
    }
    const constantMap = new Map<string, ConstantDefinition>()
    for (const constant of constants) {
      if (constantMap.has(constant.name) || functionMap.has(constant.name)) {
        throw new Error(`Name ${constant.name} is registered twice`)
      }
      constantMap.set(constant.name, constant)
    }
    this.functions = functionMap
    this.constants = constantMap
  }

  /** A copy with more functions and constants (names must not clash). */
  public with(
    functions: Iterable<FunctionDefinition>,
    constants: Iterable<ConstantDefinition> = []
  ): FunctionRegistry {
    return new FunctionRegistry(
      [...this.functions.values(), ...functions],
      [...this.constants.values(), ...constants]
    )
  }

  /** The function written as `name` (case-sensitive). */
  public getFunction(name: string): FunctionDefinition | undefined {
    return this.functions.get(name)
  }

  /** The constant written as `name` (case-sensitive). */
  public getConstant(name: string): ConstantDefinition | undefined {
    return this.constants.get(name)
  }

  /** Every function name, sorted. */
  public functionNames(): ReadonlyArray<string> {
    return [...this.functions.keys()].sort()
  }

  /** Every constant name, sorted. */
  public constantNames(): ReadonlyArray<string> {
    return [...this.constants.keys()].sort()
  }

  /** The registered function an unknown name most likely meant. */
  public suggestFunction(name: string): string | undefined {
    return closestName(name, this.functions.keys())
  }

  /** The registered constant an unknown bare name most likely meant. */
  public suggestConstant(name: string): string | undefined {
    return closestName(name, this.constants.keys())
  }
}

function checkDefinition(definition: FunctionDefinition): void {
  const { name, minArgs, maxArgs } = definition
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
    throw new Error(`Function name ${JSON.stringify(name)} can't be written in an expression`)
  }
  if (
    !Number.isInteger(minArgs) ||
    minArgs < 0 ||
    !(maxArgs >= minArgs) ||
    (!Number.isInteger(maxArgs) && maxArgs !== Infinity)
  ) {
    throw new Error(`Function ${name} has an invalid argument range ${minArgs}..${maxArgs}`)
  }
}

/** Describes the argument count a function accepts, for arity errors. */
export function describeArity(definition: FunctionDefinition): string {
  const { minArgs, maxArgs } = definition
  const plural = (count: number) => `${count} argument${count === 1 ? '' : 's'}`
  if (maxArgs === 0) return 'no arguments'
  if (minArgs === maxArgs) return `exactly ${plural(minArgs)}`
  if (maxArgs === Infinity) return `at least ${plural(minArgs)}`
  return `${minArgs} to ${plural(maxArgs)}`
}
