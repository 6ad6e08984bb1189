import { findNodeAtLocation, type Node, parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser'

/** A parsed JSON document that can say where each value sits (line:column) for error messages. */
export interface LocatedJson {
  readonly value: unknown
  /** 1-based line and column of the value at a JSON path (falls back to the nearest parent). */
  locate(path: ReadonlyArray<string | number>): { readonly line: number; readonly column: number }
  /** 1-based line and column of the property name (the key) at a JSON path. */
  locateKey(path: ReadonlyArray<string | number>): { readonly line: number; readonly column: number }
  /**
   * Location of a character inside a string value: `index` counts decoded characters, and
   * escapes in the raw text (\" \\ \u00e9) are accounted for.
   */
  locateInString(
    path: ReadonlyArray<string | number>,
    index: number
  ): { readonly line: number; readonly column: number }
}

export interface JsonSyntaxIssue {
  readonly line: number
  readonly column: number
  readonly message: string
}

export class JsonSyntaxError extends Error {
  public constructor(public readonly issues: ReadonlyArray<JsonSyntaxIssue>) {
    super(issues.map(issue => `${issue.line}:${issue.column}: ${issue.message}`).join('; '))
    this.name = 'JsonSyntaxError'
  }
}

const MESSAGES: Record<string, string> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'invalid number',
  PropertyNameExpected: 'expected a property name in double quotes',
  ValueExpected: 'expected a value',
  ColonExpected: 'expected ":"',
  CommaExpected: 'expected ","',
  CloseBraceExpected: 'expected "}"',
  CloseBracketExpected: 'expected "]"',
  EndOfFileExpected: 'unexpected text after the end of the document',
  InvalidCommentToken: 'invalid comment',
  UnexpectedEndOfComment: 'unterminated comment',
  UnexpectedEndOfString: 'unterminated string',
  UnexpectedEndOfNumber: 'unterminated number',
  InvalidUnicode: 'invalid unicode escape',
  InvalidEscapeCharacter: 'invalid escape character',
  InvalidCharacter: 'invalid character in string',
}

/**
 * Parses JSON with `//` and `/* *\/` comments (which the app keeps when it edits a job file) but no
 * trailing commas, keeping positions.
 */
export function parseLocatedJson(text: string): LocatedJson {
  const errors: ParseError[] = []
  const root = parseTree(text, errors, { disallowComments: false, allowTrailingComma: false })
  const lineStarts = computeLineStarts(text)
  const position = (offset: number) => offsetToPosition(lineStarts, offset)
  if (errors.length > 0 || root === undefined) {
    const issues = errors.map(error => {
      const code = printParseErrorCode(error.error)
      return { ...position(error.offset), message: MESSAGES[code] ?? code }
    })
    throw new JsonSyntaxError(
      issues.length > 0 ? issues : [{ line: 1, column: 1, message: 'empty document' }]
    )
  }
  const nodeAt = (path: ReadonlyArray<string | number>): Node => {
    for (let length = path.length; length >= 0; length--) {
      const node = findNodeAtLocation(root, path.slice(0, length) as (string | number)[])
      if (node !== undefined) {
        return node
      }
    }
    return root
  }
  return {
    value: nodeValue(root),
    locate: path => position(nodeAt(path).offset),
    locateKey: path => {
      const node = nodeAt(path)
      const key = node.parent?.type === 'property' ? node.parent.children?.[0] : undefined
      return position((key ?? node).offset)
    },
    locateInString: (path, index) => {
      const node = nodeAt(path)
      if (node.type !== 'string') {
        return position(node.offset)
      }
      return position(node.offset + 1 + rawIndexOf(text, node.offset + 1, index))
    },
  }
}

function nodeValue(node: Node): unknown {
  switch (node.type) {
    case 'object': {
      const result: Record<string, unknown> = {}
      for (const property of node.children ?? []) {
        const [key, value] = property.children ?? []
        if (key !== undefined && value !== undefined) {
          result[key.value as string] = nodeValue(value)
        }
      }
      return result
    }
    case 'array':
      return (node.children ?? []).map(nodeValue)
    default:
      return node.value as unknown
  }
}

/** Raw offset (from the opening quote + 1) of the `index`-th decoded character of a JSON string. */
function rawIndexOf(text: string, start: number, index: number): number {
  let raw = start
  for (let decoded = 0; decoded < index && raw < text.length; decoded++) {
    if (text[raw] === '\\') {
      raw += text[raw + 1] === 'u' ? 6 : 2
    } else {
      raw += 1
    }
  }
  return raw - start
}

function computeLineStarts(text: string): number[] {
  const starts = [0]
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      starts.push(i + 1)
    }
  }
  return starts
}

function offsetToPosition(
  lineStarts: ReadonlyArray<number>,
  offset: number
): { line: number; column: number } {
  let low = 0
  let high = lineStarts.length - 1
  while (low < high) {
    const middle = (low + high + 1) >> 1
    if ((lineStarts[middle] ?? 0) <= offset) {
      low = middle
    } else {
      high = middle - 1
    }
  }
  return { line: low + 1, column: offset - (lineStarts[low] ?? 0) + 1 }
}
