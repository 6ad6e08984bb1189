import { ExpressionSyntaxError, locate } from '../expression-errors'
import type { ArgumentNode, CallNode, ComparisonNode, OperandNode, ValueNode } from './ast'
import { tokenize, type Token } from './lexer'

/** The service refuses longer expressions (known issues: "maximum of 10,000 characters"). */
export const MAX_EXPRESSION_LENGTH = 10_000

type IdentifierToken = Extract<Token, { kind: 'identifier' }>
type OperatorToken = Extract<Token, { kind: 'operator' }>

/** A call whose `(` has been read but not yet its `)`. */
interface OpenCall {
  readonly name: IdentifierToken
  readonly args: ArgumentNode[]
  commas: number
}

/** One nesting level: the root, or the inside of a call. */
interface Level {
  readonly call: OpenCall | undefined
  /** The left side and operator of a comparison whose right side is still to come. */
  pending: { readonly left: OperandNode; readonly operator: OperatorToken } | undefined
}

/**
 * Parses expression text into a tree. Syntax only: whether functions exist and get the right
 * number of arguments is the compiler's business (it knows the registry).
 *
 * Throws {@link ExpressionSyntaxError} and nothing else. Grammar:
 *
 * ```
 * expression := value END
 * value      := operand [ ("=" | "<>" | "<" | "<=" | ">" | ">=") operand ]
 * operand    := NAME "(" [ argument { "," argument } ] ")" | NAME | [attribute] | "string" | number | &Hhex
 * argument   := value | (nothing)
 * ```
 *
 * `F()` has no arguments; `F(,)` has two omitted ones.
 */
export function parseExpression(text: string): ValueNode {
  if (text.length > MAX_EXPRESSION_LENGTH) {
    throw new ExpressionSyntaxError(
      `The expression is ${text.length.toLocaleString('en-US')} characters long; the maximum is 10,000`,
      text,
      MAX_EXPRESSION_LENGTH
    )
  }
  return new Parser(text, tokenize(text)).parse()
}

/**
 * An explicit stack instead of recursive descent: 10,000 characters can nest 3,332 calls, which
 * would overflow the JavaScript stack in a recursive parser.
 */
class Parser {
  private readonly levels: Level[] = [{ call: undefined, pending: undefined }]
  private index = 0

  public constructor(
    private readonly text: string,
    private readonly tokens: ReadonlyArray<Token>
  ) {}

  public parse(): ValueNode {
    for (;;) {
      const value = this.startValue()
      if (value === undefined) {
        continue
      }
      const root = this.finishValue(value)
      if (root !== undefined) {
        return root
      }
    }
  }

  /**
   * Reads what starts at the current token. Returns the value when one is complete; undefined
   * when a call was opened or an empty argument consumed, i.e. a new value starts next.
   */
  private startValue(): ValueNode | undefined {
    const token = this.peek()
    const level = this.level()
    const call = level.call
    if (call !== undefined && level.pending === undefined) {
      if (token.kind === 'rparen' && call.args.length === 0 && call.commas === 0) {
        this.index++
        return this.closeCall(token)
      }
      if (token.kind === 'comma' || token.kind === 'rparen') {
        call.args.push({ kind: 'omitted', start: token.start, end: token.start })
        this.index++
        if (token.kind === 'rparen') {
          return this.closeCall(token)
        }
        call.commas++
        return undefined
      }
    }
    switch (token.kind) {
      case 'identifier':
        this.index++
        if (this.peek().kind === 'lparen') {
          this.index++
          this.levels.push({ call: { name: token, args: [], commas: 0 }, pending: undefined })
          return undefined
        }
        return { kind: 'identifier', name: token.name, start: token.start, end: token.end }
      case 'attribute':
        this.index++
        return { kind: 'attribute', name: token.name, start: token.start, end: token.end }
      case 'string':
        this.index++
        return { kind: 'string', value: token.value, start: token.start, end: token.end }
      case 'number':
        this.index++
        return {
          kind: 'number',
          value: token.value,
          notation: token.notation,
          start: token.start,
          end: token.end,
        }
      default:
        return this.fail()
    }
  }

  /**
   * Given a complete value, consumes what may follow it: a comparison operator, the `,` or `)`
   * of the enclosing call (closing calls as far as they end), or the end of the text. Returns
   * the whole expression once it is complete; undefined when another value starts next.
   */
  private finishValue(first: ValueNode): ValueNode | undefined {
    let value = first
    for (;;) {
      const level = this.level()
      if (level.pending !== undefined) {
        value = this.comparison(level.pending.left, level.pending.operator, value)
        level.pending = undefined
      }
      const next = this.peek()
      if (next.kind === 'operator') {
        if (value.kind === 'comparison') {
          throw this.error(
            `Comparisons can't be chained ('${next.operator}' after a comparison)`,
            next.start,
            'There is no AND/OR either: nest IIF calls instead.'
          )
        }
        level.pending = { left: value, operator: next }
        this.index++
        return undefined
      }
      const call = level.call
      if (call === undefined) {
        if (next.kind === 'end') {
          return value
        }
        throw this.error(
          `Unexpected ${this.describe(next)} after the end of the expression`,
          next.start,
          'An expression is a single value; combine several with a function such as Join(…).'
        )
      }
      if (next.kind === 'comma') {
        call.args.push(value)
        call.commas++
        this.index++
        return undefined
      }
      if (next.kind !== 'rparen') {
        throw this.expectedSeparator(call, next)
      }
      call.args.push(value)
      this.index++
      value = this.closeCall(next)
    }
  }

  private closeCall(rparen: Token): CallNode {
    const level = this.levels.pop()
    const call = level?.call
    if (call === undefined) {
      throw this.error(`Unexpected ')'`, rparen.start)
    }
    return { kind: 'call', name: call.name.name, args: call.args, start: call.name.start, end: rparen.end }
  }

  private comparison(left: OperandNode, operator: OperatorToken, right: ValueNode): ComparisonNode {
    if (right.kind === 'comparison') {
      // Unreachable: a right side is read as a single operand before any operator is considered.
      throw this.error(`Comparisons can't be chained`, right.start)
    }
    return { kind: 'comparison', operator: operator.operator, left, right, start: left.start, end: right.end }
  }

  /** Explains why no value could be read at the current token. */
  private fail(): never {
    const token = this.peek()
    const level = this.level()
    if (level.pending !== undefined) {
      throw this.error(
        `Expected a value after '${level.pending.operator.operator}', found ${this.describe(token)}`,
        token.start
      )
    }
    switch (token.kind) {
      case 'end':
        if (level.call !== undefined) {
          throw this.missingParenthesis(level.call, token)
        }
        throw this.error(
          'The expression is empty',
          token.start,
          'Write a function call, an [attribute] or a "constant".'
        )
      case 'operator':
        throw this.error(`Expected a value before '${token.operator}'`, token.start)
      case 'lparen':
        throw this.error(`Unexpected '(': parentheses only follow a function name`, token.start)
      default:
        throw this.error(`Unexpected ${this.describe(token)}`, token.start)
    }
  }

  private expectedSeparator(call: OpenCall, next: Token): ExpressionSyntaxError {
    if (next.kind === 'end') {
      return this.missingParenthesis(call, next)
    }
    const startsValue =
      next.kind === 'string' ||
      next.kind === 'number' ||
      next.kind === 'attribute' ||
      next.kind === 'identifier'
    return this.error(
      `Expected ',' or ')' after argument ${call.args.length + 1} of ${call.name.name}, found ${this.describe(next)}`,
      next.start,
      startsValue ? 'Is a comma missing?' : undefined
    )
  }

  private missingParenthesis(call: OpenCall, end: Token): ExpressionSyntaxError {
    const { line, column } = locate(this.text, call.name.start)
    return this.error(
      `Missing ')' to close ${call.name.name}( opened at line ${line}, column ${column}`,
      end.start
    )
  }

  private describe(token: Token): string {
    switch (token.kind) {
      case 'lparen':
        return "'('"
      case 'rparen':
        return "')'"
      case 'comma':
        return "','"
      case 'end':
        return 'the end of the expression'
      case 'operator':
        return `'${token.operator}'`
      case 'string': {
        const shown = token.value.length > 30 ? `${token.value.slice(0, 30)}…` : token.value
        return `the string "${shown}"`
      }
      case 'number':
        return `the number ${this.text.slice(token.start, token.end)}`
      case 'attribute':
        return `[${token.name}]`
      case 'identifier':
        return `the name ${token.name}`
    }
  }

  private error(reason: string, position: number, suggestion?: string): ExpressionSyntaxError {
    return new ExpressionSyntaxError(reason, this.text, position, suggestion)
  }

  private level(): Level {
    const level = this.levels[this.levels.length - 1]
    if (level === undefined) {
      throw this.error('Unexpected end of nesting', this.peek().start)
    }
    return level
  }

  private peek(): Token {
    const token = this.tokens[this.index] ?? this.tokens[this.tokens.length - 1]
    if (token === undefined) {
      throw this.error('Unexpected end of the expression', this.text.length)
    }
    return token
  }
}
