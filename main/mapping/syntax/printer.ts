import { assertNever } from '../assert-never'
import { type ExpressionNode, foldExpression } from './ast'

/**
 * Canonical text for a tree: `Name(a, b)`, `left = right`, strings with only `\"` and `\\`
 * escaped, omitted arguments as nothing between commas. Parsing the result gives back an equal
 * tree (see `expressionsEqual`) for every tree the parser can produce.
 */
export function printExpression(node: ExpressionNode): string {
  return foldExpression<string>(node, (current, children) => {
    switch (current.kind) {
      case 'call':
        return `${current.name}(${children.join(', ')})`
      case 'comparison':
        return `${children[0] ?? ''} ${current.operator} ${children[1] ?? ''}`
      case 'attribute':
        return `[${current.name}]`
      case 'string':
        return `"${current.value.replace(/[\\"]/g, '\\$&')}"`
      case 'number':
        // String() gives the shortest text that reads back as the same double.
        return current.notation === 'hex'
          ? `&H${current.value.toString(16).toUpperCase()}`
          : String(current.value)
      case 'identifier':
        return current.name
      case 'omitted':
        return ''
      default:
        return assertNever(current, 'expression node')
    }
  })
}
