import type { ArgumentNode, StringNode } from '../syntax/ast'

/** The argument, if it is written as a string constant (known when compiling). */
export function stringLiteral(node: ArgumentNode | undefined): StringNode | undefined {
  return node?.kind === 'string' ? node : undefined
}

/** True if the argument is written (not left empty and not missing). */
export function isGiven(node: ArgumentNode | undefined): boolean {
  return node !== undefined && node.kind !== 'omitted'
}

/**
 * The offset in the expression text of character `index` of a string constant's value, so a
 * problem inside a regex or date format can be pointed at exactly (`\\` and `\"` are two
 * characters in the text but one in the value).
 */
export function offsetInLiteral(text: string, node: StringNode, index: number): number {
  let offset = node.start + 1
  for (let valueIndex = 0; valueIndex < index && offset < node.end - 1; valueIndex++) {
    const char = text.charAt(offset)
    const next = text.charAt(offset + 1)
    offset += char === '\\' && (next === '"' || next === '\\') ? 2 : 1
  }
  return offset
}
