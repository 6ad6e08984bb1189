/**
 * The expression's tokens for the editor's highlighting, from the expression language's own
 * lexer: the editor colours exactly what the engine reads. Text past a lexical error is marked
 * invalid (the error itself comes from compiling).
 */
import { ExpressionSyntaxError, type Token, tokenize } from '../../mapping/expression'
import type { ExpressionToken, ExpressionTokenKind } from '../api/contract'

export function expressionTokens(text: string): ExpressionToken[] {
  const { tokens, stoppedAt } = tokensUpToError(text)
  const result: ExpressionToken[] = []
  tokens.forEach((token, index) => {
    const kind = kindOf(token, tokens[index + 1])
    if (kind !== null) result.push({ from: token.start, to: token.end, kind })
  })
  if (stoppedAt !== null && stoppedAt < text.length) {
    result.push({ from: stoppedAt, to: text.length, kind: 'invalid' })
  }
  return result
}

function tokensUpToError(text: string): { tokens: Token[]; stoppedAt: number | null } {
  try {
    return { tokens: tokenize(text), stoppedAt: null }
  } catch (error) {
    if (!(error instanceof ExpressionSyntaxError)) throw error
    // The text before the error lexes (the lexer reads left to right), unless it ends inside a token.
    try {
      return { tokens: tokenize(text.slice(0, error.position)), stoppedAt: error.position }
    } catch {
      return { tokens: [], stoppedAt: 0 }
    }
  }
}

function kindOf(token: Token, next: Token | undefined): ExpressionTokenKind | null {
  switch (token.kind) {
    case 'end':
      return null
    case 'lparen':
    case 'rparen':
    case 'comma':
      return 'punctuation'
    case 'identifier':
      return next?.kind === 'lparen' ? 'function' : 'constant'
    default:
      return token.kind
  }
}
