import { describe, expect, it } from 'vitest'
import {
  compileExpression,
  defaultFunctionRegistry,
  type ExpressionNode,
  ExpressionSyntaxError,
  MAX_EXPRESSION_LENGTH,
  parseExpression,
  printExpression,
} from '../../../main/mapping/expression'
import { syntaxErrorOf, valueOf } from './mapping-test-helpers'

/** The tree without positions, for readable expectations. */
function shape(node: ExpressionNode): unknown {
  switch (node.kind) {
    case 'call':
      return { call: node.name, args: node.args.map(shape) }
    case 'comparison':
      return { compare: node.operator, left: shape(node.left), right: shape(node.right) }
    case 'attribute':
      return { attribute: node.name }
    case 'string':
      return { string: node.value }
    case 'number':
      return node.notation === 'hex' ? { hex: node.value } : { number: node.value }
    case 'identifier':
      return { identifier: node.name }
    case 'omitted':
      return 'omitted'
  }
}

describe('expression syntax (§A.1)', () => {
  describe('whole expressions', () => {
    it.each([
      ['[mail]', { attribute: 'mail' }],
      ['"United States"', { string: 'United States' }],
      ['ToLower([mail])', { call: 'ToLower', args: [{ attribute: 'mail' }] }],
      [
        'Append(Join(".", [givenName], [surname]), "@contoso.com")',
        {
          call: 'Append',
          args: [
            { call: 'Join', args: [{ string: '.' }, { attribute: 'givenName' }, { attribute: 'surname' }] },
            { string: '@contoso.com' },
          ],
        },
      ],
      ['  [mail]\n', { attribute: 'mail' }],
      ['42', { number: 42 }],
    ])('parses %j', (text, expected) => {
      expect(shape(parseExpression(text))).toEqual(expected)
    })

    it('allows whitespace and newlines between every token, as in the multi-line doc examples', () => {
      const text = 'Switch(\n\t[state] ,\r\n  "Australia/Sydney",\n  "NSW" , "Australia/Sydney"\n)'
      expect(printExpression(parseExpression(text))).toBe(
        'Switch([state], "Australia/Sydney", "NSW", "Australia/Sydney")'
      )
    })

    it('allows whitespace between a function name and its parenthesis', () => {
      expect(shape(parseExpression('ToLower ([mail])'))).toEqual({
        call: 'ToLower',
        args: [{ attribute: 'mail' }],
      })
    })

    it('records where every node starts and ends', () => {
      const ast = parseExpression('IIF([a] = "x", Join(",", [b]), )')
      expect(ast).toMatchObject({ kind: 'call', start: 0, end: 32 })
      if (ast.kind !== 'call') throw new Error('expected a call')
      expect(ast.args[0]).toMatchObject({ kind: 'comparison', start: 4, end: 13 })
      expect(ast.args[1]).toMatchObject({ kind: 'call', name: 'Join', start: 15, end: 29 })
      expect(ast.args[2]).toMatchObject({ kind: 'omitted', start: 31, end: 31 })
    })
  })

  describe('attribute names', () => {
    it.each([
      ['[extensionAttribute1]', 'extensionAttribute1'],
      ['[name.givenName]', 'name.givenName'],
      ['[employee-id]', 'employee-id'],
      ['[Preferred First Name]', 'Preferred First Name'],
      [
        '[extension_9d98ed114c4840d298fad781915f27e4_employeeType]',
        'extension_9d98ed114c4840d298fad781915f27e4_employeeType',
      ],
      [
        '[urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber]',
        'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber',
      ],
      ['[ mail ]', ' mail '],
      ['[a"b(c),d]', 'a"b(c),d'],
    ])('%s names the attribute %j, verbatim', (text, name) => {
      expect(shape(parseExpression(text))).toEqual({ attribute: name })
    })
  })

  describe('string constants', () => {
    it.each([
      ['"Company name: \\"Contoso\\""', 'Company name: "Contoso"'],
      ['"a\\\\b"', 'a\\b'],
      ['"\\\\+(?<isdCode>\\\\d* )"', '\\+(?<isdCode>\\d* )'],
      // Documented choice: a backslash before any other character stays as written.
      ['"\\d{10}"', '\\d{10}'],
      ['"\\+(…)"', '\\+(…)'],
      ['"ends with backslash \\\\"', 'ends with backslash \\'],
      ['""', ''],
      ['"line\nbreak"', 'line\nbreak'],
      ['"[not an attribute], (not a call)"', '[not an attribute], (not a call)'],
    ])('%s is the value %j', (text, value) => {
      expect(shape(parseExpression(text))).toEqual({ string: value })
    })

    it('reads the documented and the pasted regex spellings the same', () => {
      expect(valueOf('"\\\\d"')).toBe(valueOf('"\\d"'))
    })
  })

  describe('numbers, hex literals and bare names', () => {
    it.each([
      ['1', { number: 1 }],
      ['-10', { number: -10 }],
      ['2.5', { number: 2.5 }],
      ['1e3', { number: 1000 }],
      ['-0', { number: 0 }],
      ['129699324000000000', { number: 129699324000000000 }],
      ['&HF', { hex: 15 }],
      ['&HF7', { hex: 247 }],
      ['&hff', { hex: 255 }],
      ['vbTextCompare', { identifier: 'vbTextCompare' }],
      ['vbBinaryCompare', { identifier: 'vbBinaryCompare' }],
    ])('%s', (text, expected) => {
      expect(shape(parseExpression(text))).toEqual(expected)
    })

    it('gives enum constants their VB values', () => {
      expect(valueOf('Join(",", vbBinaryCompare, vbTextCompare)')).toBe('0,1')
    })
  })

  describe('omitted arguments', () => {
    it('reads nothing between commas as an omitted argument', () => {
      expect(shape(parseExpression('Replace([mail], "@contoso.com", , ,"", ,)'))).toEqual({
        call: 'Replace',
        args: [
          { attribute: 'mail' },
          { string: '@contoso.com' },
          'omitted',
          'omitted',
          { string: '' },
          'omitted',
          'omitted',
        ],
      })
    })

    it.each([
      ['Now()', []],
      ['Now( )', []],
      ['F(,)', ['omitted', 'omitted']],
      ['ToLower([x], )', [{ attribute: 'x' }, 'omitted']],
      [
        'Switch([Active], , "1", "x")',
        [{ attribute: 'Active' }, 'omitted', { string: '1' }, { string: 'x' }],
      ],
      [
        'FormatDateTime([x], , "in", "out")',
        [{ attribute: 'x' }, 'omitted', { string: 'in' }, { string: 'out' }],
      ],
    ])('%s has arguments %j', (text, args) => {
      expect(shape(parseExpression(text))).toMatchObject({ args })
    })

    it('keeps an omitted argument distinct from "" and from null', () => {
      // Switch's omitted default gives null; an empty-string default gives "".
      expect(valueOf('Switch([x], , "a", "1")', { x: 'b' })).toBeNull()
      expect(valueOf('Switch([x], "", "a", "1")', { x: 'b' })).toBe('')
    })
  })

  describe('comparisons', () => {
    it.each(['=', '<>', '>', '>=', '<', '<='])('parses %s between two operands', operator => {
      expect(shape(parseExpression(`IIF([a]${operator}1, "y", "n")`))).toEqual({
        call: 'IIF',
        args: [
          { compare: operator, left: { attribute: 'a' }, right: { number: 1 } },
          { string: 'y' },
          { string: 'n' },
        ],
      })
    })

    it('takes a call on either side', () => {
      expect(shape(parseExpression('DateDiff("d", Now(), [hire]) > 5'))).toEqual({
        compare: '>',
        left: { call: 'DateDiff', args: [{ string: 'd' }, { call: 'Now', args: [] }, { attribute: 'hire' }] },
        right: { number: 5 },
      })
      expect(shape(parseExpression('0 = InStr([a], "x")'))).toMatchObject({
        compare: '=',
        left: { number: 0 },
      })
    })
  })

  describe('errors', () => {
    it.each([
      ['', 0, /empty/],
      ['   ', 3, /empty/],
      ['"abc', 0, /Unterminated string/],
      ['Join(",", "abc\\")', 10, /Unterminated string/],
      ['[mail', 0, /Unterminated attribute/],
      ['Join(",", [givenName, [surname])', 10, /Unterminated attribute/],
      ['[given\nName]', 0, /Unterminated attribute/],
      ['[]', 0, /Empty attribute name/],
      ['Join(",", [a]', 13, /Missing '\)' to close Join\( opened at line 1, column 1/],
      ['Join(",", [a]))', 14, /Unexpected '\)' after the end/],
      ['[a] [b]', 4, /Unexpected \[b\] after the end/],
      ['Join(" " [a])', 9, /Expected ',' or '\)' after argument 1 of Join, found \[a\]/],
      ['Join(",", [a] @)', 14, /Unexpected character '@'/],
      ['(1)', 0, /parentheses only follow a function name/],
      ['= 1', 0, /Expected a value before '='/],
      ['IIF([a] = , "x", "y")', 10, /Expected a value after '='/],
      ['IIF([a] = [b] = [c], "x", "y")', 14, /can't be chained/],
      ['12abc', 0, /Invalid number/],
      ['1.', 0, /Invalid number/],
      ['&HFG', 0, /Invalid hex literal/],
      ['&H', 0, /Unexpected character '&'/],
      ['[a] & [b]', 4, /Unexpected character '&'/],
      ['[a] + [b]', 4, /arithmetic/],
      ['[a] == "x"', 4, /'==' is not an operator/],
      ['[a] != "x"', 4, /'!=' is not an operator/],
      ['\u201cUSA\u201d', 0, /curly quote/],
      ["'USA'", 0, /Unexpected quote/],
      ['Join(",", [a], \u0001)', 15, /Unexpected character U\+0001/],
    ])('%j fails at offset %i', (text, position, reason) => {
      const error = syntaxErrorOf(text)
      expect(error.reason).toMatch(reason)
      expect(error.position).toBe(position)
      expect(error.expression).toBe(text)
    })

    it.each([
      ['[a] & [b]', 'Join("", a, b)'],
      ['[a] + [b]', 'Join("", a, b)'],
      ['[a] == "x"', 'single ='],
      ['[a] != "x"', '<>'],
      ['\u201cUSA\u201d', 'straight double quotes'],
      ['Join(" " [a])', 'Is a comma missing?'],
    ])('%j suggests a fix', (text, suggestion) => {
      expect(syntaxErrorOf(text).suggestion).toContain(suggestion)
    })

    it('reports line and column (1-based) across \\n, \\r\\n and \\r line breaks', () => {
      const error = syntaxErrorOf('Join(",",\r\n  [a],\r  [b]\n  @)')
      expect(error).toMatchObject({ line: 4, column: 3, position: 26 })
      expect(error.message).toBe("Unexpected character '@' (U+0040) (line 4, column 3)")
    })

    it('formats the message, the offending line and a caret under the position', () => {
      expect(syntaxErrorOf('switch([x], "a", "b", "c")').format()).toBe(
        "Unknown function 'switch' (line 1, column 1) Did you mean Switch?\n" +
          '  switch([x], "a", "b", "c")\n' +
          '  ^'
      )
      expect(syntaxErrorOf('Join(",",\n\t[a] [b])').format()).toBe(
        "Expected ',' or ')' after argument 2 of Join, found [b] (line 2, column 6) Is a comma missing?\n" +
          '   [a] [b])\n' +
          '       ^'
      )
    })

    it('cuts long lines around the position in formatted errors', () => {
      const text = `Join(",", ${'"x", '.repeat(100)}@)`
      const [, line = '', caret = ''] = syntaxErrorOf(text).format().split('\n')
      expect(line.length).toBeLessThan(110)
      expect(line[caret.indexOf('^')]).toBe('@')
    })
  })

  describe('length limit (10,000 characters)', () => {
    const padded = (length: number) => `"${'x'.repeat(length - 2)}"`

    it('accepts exactly 10,000 characters', () => {
      expect(valueOf(padded(MAX_EXPRESSION_LENGTH))).toHaveLength(MAX_EXPRESSION_LENGTH - 2)
    })

    it('refuses 10,001 characters, positioned at offset 10,000', () => {
      const error = syntaxErrorOf(padded(MAX_EXPRESSION_LENGTH + 1))
      expect(error.position).toBe(10_000)
      expect(error.reason).toBe('The expression is 10,001 characters long; the maximum is 10,000')
    })
  })

  describe('names (checked against the registry at compile time)', () => {
    it.each([
      ['switch([x], "d", "a", "b")', 'Did you mean Switch?'],
      ['TOLOWER([x])', 'Did you mean ToLower?'],
      ['Iif([a] = "x", "y", "z")', 'Did you mean IIF?'],
      ['Jion(",", [a])', 'Did you mean Join?'],
      ['ToLowr([x])', 'Did you mean ToLower?'],
      ['Coalese([a], [b])', 'Did you mean Coalesce?'],
    ])('unknown function in %s → "%s"', (text, suggestion) => {
      const error = syntaxErrorOf(text)
      expect(error.reason).toMatch(/^Unknown function '/)
      expect(error.position).toBe(0)
      expect(error.suggestion).toBe(suggestion)
    })

    it('positions an unknown nested function at its name', () => {
      const error = syntaxErrorOf('Join(",", [a], Frobnicate([b]))')
      expect(error).toMatchObject({ position: 15, reason: "Unknown function 'Frobnicate'" })
      expect(error.suggestion).toBeUndefined()
    })

    it('reports the first unknown function in text order', () => {
      expect(syntaxErrorOf('Foo(Bar([a]))').reason).toBe("Unknown function 'Foo'")
    })

    it.each([
      ['Append([a])', 'Append expects exactly 2 arguments but got 1', 'Usage: Append(source, suffix)'],
      [
        'Append([a], "x", "y")',
        'Append expects exactly 2 arguments but got 3',
        'Usage: Append(source, suffix)',
      ],
      [
        'ToLower([a], "en-US", "x")',
        'ToLower expects 1 to 2 arguments but got 3',
        'Usage: ToLower(source, culture)',
      ],
      ['ToLower()', 'ToLower expects 1 to 2 arguments but got 0', 'Usage: ToLower(source, culture)'],
      [
        'Join(",")',
        'Join expects at least 2 arguments but got 1',
        'Usage: Join(separator, source1, source2, …)',
      ],
      [
        'IIF([a] = "x", "y")',
        'IIF expects exactly 3 arguments but got 2',
        'Usage: IIF(condition, valueIfTrue, valueIfFalse)',
      ],
      [
        'Switch([a], "d", "k1", "v1", "k2")',
        'Switch expects an even number of arguments (source, defaultValue, then key/value pairs) but got 5',
        'Usage: Switch(source, defaultValue, key1, value1, key2, value2, …)',
      ],
    ])('wrong argument count in %s', (text, reason, suggestion) => {
      expect(syntaxErrorOf(text)).toMatchObject({ reason, suggestion, position: 0 })
    })

    it('positions an arity error at the offending call', () => {
      expect(syntaxErrorOf('Join(",", [a], ToUpper())').position).toBe(15)
    })

    it('counts omitted arguments toward the arity', () => {
      expect(valueOf('ToLower("ABC", )')).toBe('abc')
      expect(syntaxErrorOf('ToLower("ABC", , )').reason).toBe('ToLower expects 1 to 2 arguments but got 3')
    })

    it('explains a bare name that is neither a constant nor a function', () => {
      expect(syntaxErrorOf('Join(" ", givenName, [surname])')).toMatchObject({
        reason: "Unknown name 'givenName'",
        position: 10,
        suggestion:
          'Attribute references need square brackets: [givenName]; text needs double quotes: "givenName".',
      })
      expect(syntaxErrorOf('Join(",", vbtextcompare)').suggestion).toBe('Did you mean vbTextCompare?')
      expect(syntaxErrorOf('Join(",", ToLower)')).toMatchObject({
        reason: 'ToLower is a function and needs parentheses',
        suggestion: 'Write ToLower(…).',
      })
    })

    it('takes the function list from the registry it is given', () => {
      const bare = defaultFunctionRegistry.with([]).with([
        {
          name: 'Echo',
          minArgs: 1,
          maxArgs: 1,
          signature: 'Echo(x)',
          evaluate: args => (typeof args[0] === 'string' ? args[0] : null),
        },
      ])
      expect(compileExpression('Echo([a])', { functions: bare }).attributes).toEqual(['a'])
      expect(() => compileExpression('Echo([a])')).toThrow(ExpressionSyntaxError)
    })
  })

  describe('deep nesting', () => {
    it('parses, compiles, prints and evaluates calls nested as deep as 10,000 characters allow', () => {
      const depth = 1999
      const text = `${'Not('.repeat(depth)}[a]${')'.repeat(depth)}`
      expect(text.length).toBeLessThanOrEqual(MAX_EXPRESSION_LENGTH)
      const compiled = compileExpression(text)
      expect(printExpression(compiled.ast)).toBe(text)
      // Not(x) is True for anything but "True"; odd depth from "True" flips to False, then True…
      expect(compiled.evaluate({ source: { a: 'True' }, now: () => new Date(), random: () => 0 })).toEqual({
        flow: 'value',
        value: 'False',
        redacted: false,
      })
    })

    it('reports an unknown function in a 3,332-deep nest without overflowing the stack', () => {
      const depth = 3332
      const text = `${'F('.repeat(depth)}[a]${')'.repeat(depth)}`
      expect(syntaxErrorOf(text).reason).toBe("Unknown function 'F'")
    })

    it('reports a missing parenthesis deep inside', () => {
      const text = `${'Not('.repeat(500)}[a]${')'.repeat(499)}`
      expect(syntaxErrorOf(text)).toMatchObject({
        position: text.length,
        reason: /Missing '\)' to close Not\(/,
      })
    })
  })
})
