import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  type ArgumentNode,
  type CallNode,
  compileExpression,
  type ComparisonNode,
  type ComparisonOperator,
  defaultFunctionRegistry,
  ExpressionEvaluationError,
  expressionsEqual,
  ExpressionSyntaxError,
  type OperandNode,
  parseExpression,
  printExpression,
  type ValueNode,
} from '../../../main/mapping/expression'

/** Runs `action`; passes if it returns or throws an ExpressionSyntaxError, fails on anything else. */
function onlySyntaxErrors(action: () => unknown): void {
  try {
    action()
  } catch (error) {
    if (!(error instanceof ExpressionSyntaxError)) {
      throw error
    }
    expect(error.position).toBeGreaterThanOrEqual(0)
    expect(error.position).toBeLessThanOrEqual(error.expression.length)
    expect(error.format()).toContain('^')
  }
}

const SYNTAX_CHARACTERS = [
  ...'()[]",\\=<>&-+.: \n\t!\'',
  ...'0123456789',
  ...'JoinSwchIFTLwerHhx_',
  '\u201c',
  'é',
  '😀',
  '\u0000',
]

const syntaxSoup = fc.string({ unit: fc.constantFrom(...SYNTAX_CHARACTERS), maxLength: 60 })

const VALID_EXPRESSIONS = [
  'Join(" ", [givenName], [surname])',
  'Switch([state], "Australia/Sydney", "NSW", "Australia/Sydney","QLD", "Australia/Brisbane")',
  'IIF([country]="USA",IIF([state]="CA","True","False"),"False")',
  'Replace([mail], "@contoso.com", , ,"", ,)',
  'ToLower(Join("@", Coalesce([nickname], [givenName]), "contoso.com"), "tr-TR")',
  'IgnoreFlowIfNullOrEmpty(Redact([a]))',
  'InStr("repEated","e",3,vbBinaryCompare) = &HF7',
  '"Company name: \\"Contoso\\""',
]

describe('parser robustness (property-based)', () => {
  it('throws nothing but ExpressionSyntaxError for arbitrary text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 80 }), syntaxSoup), text => {
        onlySyntaxErrors(() => parseExpression(text))
        onlySyntaxErrors(() => compileExpression(text))
      }),
      { numRuns: 3000 }
    )
  })

  it('throws nothing but ExpressionSyntaxError for damaged valid expressions', () => {
    const edit = fc.record({
      at: fc.nat(),
      remove: fc.nat({ max: 4 }),
      insert: fc.string({ unit: fc.constantFrom(...SYNTAX_CHARACTERS), maxLength: 3 }),
    })
    fc.assert(
      fc.property(
        fc.constantFrom(...VALID_EXPRESSIONS),
        fc.array(edit, { minLength: 1, maxLength: 4 }),
        (text, edits) => {
          let damaged = text
          for (const { at, remove, insert } of edits) {
            const index = at % (damaged.length + 1)
            damaged = damaged.slice(0, index) + insert + damaged.slice(index + remove)
          }
          onlySyntaxErrors(() => parseExpression(damaged))
          onlySyntaxErrors(() => compileExpression(damaged))
        }
      ),
      { numRuns: 3000 }
    )
  })

  it('throws nothing but ExpressionSyntaxError for deep or unbalanced nesting', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: 6000 }),
        fc.nat({ max: 6000 }),
        fc.constantFrom('F(', 'Not(', '[a]', ','),
        (open, close, filler) => {
          onlySyntaxErrors(() => compileExpression(`${'Not('.repeat(open)}${filler}${')'.repeat(close)}`))
        }
      ),
      { numRuns: 50 }
    )
  })
})

// Random trees. Positions are irrelevant to expressionsEqual, so they are all 0.
const at = { start: 0, end: 0 } as const
const identifierName = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,8}$/)
const attributeName = fc.string({
  unit: fc.constantFrom(...'abcXYZ019.-:_ é"(),'),
  minLength: 1,
  maxLength: 12,
})
const stringValue = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: fc.constantFrom('\\', '"', 'd', ' ', '\n', 'é'), maxLength: 8 })
)
const decimal = fc
  .oneof(fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.double({ noNaN: true, noDefaultInfinity: true }))
  .map(value => (value === 0 ? 0 : value))
const operator = fc.constantFrom<ComparisonOperator>('=', '<>', '<', '<=', '>', '>=')

const leaf: fc.Arbitrary<OperandNode> = fc.oneof(
  attributeName.map(name => ({ kind: 'attribute', name, ...at }) as const),
  stringValue.map(value => ({ kind: 'string', value, ...at }) as const),
  decimal.map(value => ({ kind: 'number', value, notation: 'decimal', ...at }) as const),
  fc.maxSafeNat().map(value => ({ kind: 'number', value, notation: 'hex', ...at }) as const),
  identifierName.map(name => ({ kind: 'identifier', name, ...at }) as const)
)

const { value: randomTree } = fc.letrec<{
  operand: OperandNode
  value: ValueNode
  comparison: ComparisonNode
  argument: ArgumentNode
  call: CallNode
}>(tie => ({
  operand: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('call')),
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, tie('operand'), tie('comparison')),
  comparison: fc
    .record({ left: tie('operand'), operator, right: tie('operand') })
    .map(
      ({ left, operator: op, right }) => ({ kind: 'comparison', operator: op, left, right, ...at }) as const
    ),
  argument: fc.oneof(tie('value'), fc.constant({ kind: 'omitted', ...at } as const)),
  call: fc
    .record({ name: identifierName, args: fc.array(tie('argument'), { maxLength: 4 }) })
    // No text expresses exactly one omitted argument: F() has none, F(,) has two.
    .filter(({ args }) => !(args.length === 1 && args[0]?.kind === 'omitted'))
    .map(({ name, args }) => ({ kind: 'call', name, args, ...at }) as const),
}))

describe('printExpression (property-based)', () => {
  it('prints every tree as text that parses back to an equal tree', () => {
    fc.assert(
      fc.property(randomTree, tree => {
        const text = printExpression(tree)
        fc.pre(text.length <= 10_000)
        const reparsed = parseExpression(text)
        expect(expressionsEqual(reparsed, tree)).toBe(true)
        expect(printExpression(reparsed)).toBe(text)
      }),
      { numRuns: 2000 }
    )
  })

  it('prints parsed valid expressions canonically (printing is idempotent)', () => {
    for (const text of VALID_EXPRESSIONS) {
      const once = printExpression(parseExpression(text))
      expect(printExpression(parseExpression(once))).toBe(once)
      expect(expressionsEqual(parseExpression(once), parseExpression(text))).toBe(true)
    }
  })

  it('distinguishes trees that differ', () => {
    expect(expressionsEqual(parseExpression('F(1)'), parseExpression('F(&H1)'))).toBe(false)
    expect(expressionsEqual(parseExpression('F([a])'), parseExpression('F("a")'))).toBe(false)
    expect(expressionsEqual(parseExpression('F(, )'), parseExpression('F("", "")'))).toBe(false)
    expect(expressionsEqual(parseExpression('[a] = 1'), parseExpression('[a] <> 1'))).toBe(false)
    expect(expressionsEqual(parseExpression('F([a], [b])'), parseExpression('F([a])'))).toBe(false)
    expect(expressionsEqual(parseExpression(' F( [a] ) '), parseExpression('F([a])'))).toBe(true)
  })
})

// Random well-formed expressions over the real registry, evaluated against random sources.
const ATTRIBUTES = ['a', 'b', 'c']
const sourceValue = fc.oneof(
  fc.constantFrom('', ' ', 'True', 'false', '1', '2.5', 'x', 'X', 'tr-TR', 'İı'),
  fc.string({ maxLength: 6 }),
  fc.array(fc.constantFrom('', 'x', 'True', 'y'), { maxLength: 3 })
)
const source = fc.dictionary(fc.constantFrom(...ATTRIBUTES), sourceValue)

function callArity(name: string, count: number): number {
  const definition = defaultFunctionRegistry.getFunction(name)
  if (definition === undefined) throw new Error(name)
  const max = Math.min(definition.maxArgs, definition.minArgs + 4)
  let arity = definition.minArgs + (count % (max - definition.minArgs + 1))
  if (definition.checkArgumentCount?.(arity) !== undefined) arity++
  return arity
}

const { value: wellFormed } = fc.letrec<{ value: string; operand: string; call: string; argument: string }>(
  tie => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      tie('operand'),
      fc.tuple(tie('operand'), operator, tie('operand')).map(([left, op, right]) => `${left} ${op} ${right}`)
    ),
    operand: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.constantFrom(...ATTRIBUTES).map(name => `[${name}]`),
      fc.constantFrom('""', '"x"', '"True"', '1', '-2.5', '&HF', 'vbTextCompare', '"tr-TR"'),
      tie('call')
    ),
    argument: fc.oneof({ depthSize: 'small' }, tie('value'), fc.constant('')),
    call: fc
      .tuple(
        fc.constantFrom(...defaultFunctionRegistry.functionNames()),
        fc.nat(),
        fc.array(tie('argument'), { minLength: 9, maxLength: 9 })
      )
      .map(([name, count, pool]) => {
        const args = pool.slice(0, callArity(name, count))
        const text = args.length === 1 && args[0] === '' ? '[a]' : args.join(', ')
        return `${name}(${text})`
      }),
  })
)

/**
 * Random calls are well-formed but may break a function's own rules on how it is called, checked
 * when compiling: Replace's argument combinations, constant intervals, formats and patterns,
 * SelectUniqueValue only at the top. Those errors name the function and are positioned.
 */
function isCallRuleError(error: unknown): boolean {
  if (!(error instanceof ExpressionSyntaxError)) return false
  const match = /^([A-Za-z]+)(: | must be the whole expression)/.exec(error.reason)
  const definition = match?.[1] === undefined ? undefined : defaultFunctionRegistry.getFunction(match[1])
  const rule =
    match?.[2] === ': ' ? definition?.checkArguments !== undefined : definition?.topLevelOnly === true
  return rule && error.position >= 0 && error.position <= error.expression.length
}

describe('evaluation (property-based)', () => {
  it('compiles well-formed expressions and evaluates them to a mapped value, or fails only positioned', () => {
    fc.assert(
      fc.property(wellFormed, source, (text, attributes) => {
        let compiled
        try {
          compiled = compileExpression(text)
        } catch (error) {
          expect(isCallRuleError(error)).toBe(true)
          return
        }
        let result
        try {
          result = compiled.evaluate({ source: attributes, now: () => new Date(0), random: () => 0.5 })
        } catch (error) {
          expect(error).toBeInstanceOf(ExpressionEvaluationError)
          const positioned = error as ExpressionEvaluationError
          expect(text.slice(positioned.position)).toMatch(/^[A-Za-z]+\(/)
          return
        }
        if (result.flow === 'ignored') {
          expect(text).toContain('IgnoreFlowIfNullOrEmpty')
          return
        }
        expect(result.redacted).toBe(text.includes('Redact('))
        const { value } = result
        const valid =
          value === null ||
          typeof value === 'string' ||
          (Array.isArray(value) && value.length > 0 && value.every(item => typeof item === 'string'))
        expect(valid).toBe(true)
      }),
      { numRuns: 3000 }
    )
  })
})
