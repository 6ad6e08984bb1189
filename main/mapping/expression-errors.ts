/**
 * Errors that name the place in the expression text, so an admin can fix a mapping without
 * guessing (line and column, plus the offending line with a caret under the position).
 */

/** A 1-based line and column in an expression's text. */
export interface TextLocation {
  readonly line: number
  readonly column: number
}

/** Maps a 0-based offset to a 1-based line and column (`\n`, `\r\n` and `\r` end lines). */
export function locate(text: string, position: number): TextLocation {
  const { line, lineStart } = findLine(text, position)
  return { line, column: position - lineStart + 1 }
}

function findLine(text: string, position: number): { line: number; lineStart: number } {
  let line = 1
  let lineStart = 0
  const end = Math.min(position, text.length)
  for (let index = 0; index < end; index++) {
    const code = text.charCodeAt(index)
    if (code === 0x0a || (code === 0x0d && text.charCodeAt(index + 1) !== 0x0a)) {
      line++
      lineStart = index + 1
    }
  }
  return { line, lineStart }
}

const EXCERPT_WIDTH = 100

/** The line holding `position`, then a caret under it; long lines are cut around the position. */
export function caretExcerpt(text: string, position: number): string {
  const { lineStart } = findLine(text, position)
  let lineEnd = lineStart
  while (lineEnd < text.length && text[lineEnd] !== '\n' && text[lineEnd] !== '\r') {
    lineEnd++
  }
  let from = lineStart
  let to = lineEnd
  if (to - from > EXCERPT_WIDTH) {
    from = Math.max(lineStart, position - EXCERPT_WIDTH / 2)
    to = Math.min(lineEnd, from + EXCERPT_WIDTH)
  }
  const prefix = from > lineStart ? '…' : ''
  const suffix = to < lineEnd ? '…' : ''
  // Tabs and other control characters would shift the caret; show them as single spaces.
  const shown = text.slice(from, to).replace(/[\u0000-\u001f]/g, ' ')
  const caretOffset = prefix.length + (Math.min(position, lineEnd) - from)
  return `  ${prefix}${shown}${suffix}\n  ${' '.repeat(caretOffset)}^`
}

/**
 * The expression cannot be compiled: malformed text, unknown function, wrong argument count, too
 * long. The parser and compiler throw nothing else, whatever the input.
 */
export class ExpressionSyntaxError extends Error {
  /** 0-based offset into {@link expression}. */
  public readonly position: number
  /** 1-based. */
  public readonly line: number
  /** 1-based. */
  public readonly column: number
  public readonly expression: string
  /** What went wrong, without the location (the message adds it). */
  public readonly reason: string
  /** A likely fix, e.g. "Did you mean Switch?". */
  public readonly suggestion?: string

  public constructor(reason: string, expression: string, position: number, suggestion?: string) {
    const { line, column } = locate(expression, position)
    // The suggestion stays out of the message so callers can present it separately.
    super(`${reason} (line ${line}, column ${column})`)
    this.name = 'ExpressionSyntaxError'
    this.reason = reason
    this.expression = expression
    this.position = position
    this.line = line
    this.column = column
    if (suggestion !== undefined) {
      this.suggestion = suggestion
    }
  }

  /** The message, the suggestion, the offending line of the expression, and a caret under the position. */
  public format(): string {
    const suggestion = this.suggestion === undefined ? '' : ` ${this.suggestion}`
    return `${this.message}${suggestion}\n${caretExcerpt(this.expression, this.position)}`
  }
}

/**
 * A compiled expression failed for one particular source object, e.g. a multi-valued attribute
 * where a function needs a single value, or an unknown culture name. Positioned at the call.
 */
export class ExpressionEvaluationError extends Error {
  /** 0-based offset of the failing call's name. */
  public readonly position: number
  public readonly line: number
  public readonly column: number
  public readonly expression: string
  public readonly reason: string
  public readonly functionName?: string

  public constructor(
    reason: string,
    expression: string,
    position: number,
    functionName?: string,
    options?: { readonly cause?: unknown }
  ) {
    const { line, column } = locate(expression, position)
    const subject = functionName === undefined ? '' : `${functionName}: `
    super(`${subject}${reason} (line ${line}, column ${column})`, options)
    this.name = 'ExpressionEvaluationError'
    this.reason = reason
    this.expression = expression
    this.position = position
    this.line = line
    this.column = column
    if (functionName !== undefined) {
      this.functionName = functionName
    }
  }

  /** The message, the offending line of the expression, and a caret under the failing call. */
  public format(): string {
    return `${this.message}\n${caretExcerpt(this.expression, this.position)}`
  }
}
