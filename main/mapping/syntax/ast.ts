import { assertNever } from '../assert-never'

/**
 * The syntax tree of a mapping expression.
 *
 * The node types encode the grammar's restrictions so impossible trees don't type-check:
 * comparisons take plain operands (no chaining, no AND/OR — the language has none), and only
 * call arguments can be omitted. Every node records its `[start, end)` offsets in the text.
 */

export type ComparisonOperator = '=' | '<>' | '<' | '<=' | '>' | '>='

interface NodeBase {
  /** 0-based offset of the node's first character. */
  readonly start: number
  /** 0-based offset just past the node's last character. */
  readonly end: number
}

/** `Name(arg, …)`. */
export interface CallNode extends NodeBase {
  readonly kind: 'call'
  readonly name: string
  /**
   * The arguments as written. `F()` has none and `F(,)` has two omitted ones, so a call never
   * holds exactly one omitted argument (no text could express it).
   */
  readonly args: ReadonlyArray<ArgumentNode>
}

/** `[name]`: everything between the brackets, verbatim. */
export interface AttributeNode extends NodeBase {
  readonly kind: 'attribute'
  readonly name: string
}

/** `"text"`, already unescaped. */
export interface StringNode extends NodeBase {
  readonly kind: 'string'
  readonly value: string
}

/** `12`, `-10`, `2.5`, `1e3`, or a VB hex literal `&HF7` (notation kept so printing preserves it). */
export interface NumberNode extends NodeBase {
  readonly kind: 'number'
  readonly value: number
  readonly notation: 'decimal' | 'hex'
}

/** A bare name that isn't called, e.g. the enum constant `vbTextCompare`. */
export interface IdentifierNode extends NodeBase {
  readonly kind: 'identifier'
  readonly name: string
}

/** `left op right`, as in `IIF([country]="USA", …)`. */
export interface ComparisonNode extends NodeBase {
  readonly kind: 'comparison'
  readonly operator: ComparisonOperator
  readonly left: OperandNode
  readonly right: OperandNode
}

/** An argument left empty: the gaps in `Replace([mail], "@x.com", , , "", , )`. */
export interface OmittedNode extends NodeBase {
  readonly kind: 'omitted'
}

/** Something that yields a value on its own. */
export type OperandNode = CallNode | AttributeNode | StringNode | NumberNode | IdentifierNode
/** What a whole expression, or a given argument, can be. */
export type ValueNode = OperandNode | ComparisonNode
/** What can stand between the commas of a call. */
export type ArgumentNode = ValueNode | OmittedNode
/** Any node. */
export type ExpressionNode = ArgumentNode

const NO_CHILDREN: ReadonlyArray<ExpressionNode> = []

/** The direct children of a node, left to right. */
export function childrenOf(node: ExpressionNode): ReadonlyArray<ExpressionNode> {
  switch (node.kind) {
    case 'call':
      return node.args
    case 'comparison':
      return [node.left, node.right]
    default:
      return NO_CHILDREN
  }
}

/**
 * Bottom-up fold over a tree. Iterative rather than recursive: a 10,000-character expression can
 * nest 3,332 calls deep, more than the JavaScript stack allows for a recursive walk.
 */
export function foldExpression<R>(
  root: ExpressionNode,
  combine: (node: ExpressionNode, children: ReadonlyArray<R>) => R
): R {
  interface Frame {
    readonly node: ExpressionNode
    readonly children: ReadonlyArray<ExpressionNode>
    readonly results: R[]
  }
  const stack: Frame[] = [{ node: root, children: childrenOf(root), results: [] }]
  for (;;) {
    const frame = stack[stack.length - 1]
    if (frame === undefined) {
      throw new Error('foldExpression: empty stack')
    }
    const next = frame.children[frame.results.length]
    if (next !== undefined) {
      stack.push({ node: next, children: childrenOf(next), results: [] })
      continue
    }
    const result = combine(frame.node, frame.results)
    stack.pop()
    const parent = stack[stack.length - 1]
    if (parent === undefined) {
      return result
    }
    parent.results.push(result)
  }
}

/** Visits every node in text order (parents before children), iteratively. */
export function visitExpression(root: ExpressionNode, visit: (node: ExpressionNode) => void): void {
  const stack: ExpressionNode[] = [root]
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    visit(node)
    const children = childrenOf(node)
    for (let index = children.length - 1; index >= 0; index--) {
      const child = children[index]
      if (child !== undefined) stack.push(child)
    }
  }
}

/** Structural equality that ignores positions: two texts that differ only in layout are equal. */
export function expressionsEqual(left: ExpressionNode, right: ExpressionNode): boolean {
  const pending: Array<readonly [ExpressionNode, ExpressionNode]> = [[left, right]]
  for (let pair = pending.pop(); pair !== undefined; pair = pending.pop()) {
    const [a, b] = pair
    if (!sameLabel(a, b)) {
      return false
    }
    const aChildren = childrenOf(a)
    const bChildren = childrenOf(b)
    if (aChildren.length !== bChildren.length) {
      return false
    }
    aChildren.forEach((child, index) => {
      const other = bChildren[index]
      if (other !== undefined) pending.push([child, other])
    })
  }
  return true
}

/** Compares what a node says about itself, not its children. */
function sameLabel(a: ExpressionNode, b: ExpressionNode): boolean {
  switch (a.kind) {
    case 'call':
      return b.kind === 'call' && b.name === a.name
    case 'attribute':
      return b.kind === 'attribute' && b.name === a.name
    case 'identifier':
      return b.kind === 'identifier' && b.name === a.name
    case 'string':
      return b.kind === 'string' && b.value === a.value
    case 'number':
      return b.kind === 'number' && Object.is(b.value, a.value) && b.notation === a.notation
    case 'comparison':
      return b.kind === 'comparison' && b.operator === a.operator
    case 'omitted':
      return b.kind === 'omitted'
    default:
      return assertNever(a, 'expression node')
  }
}
