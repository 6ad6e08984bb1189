import { describe, expect, it } from 'vitest'
import {
  compileExpression,
  type EvaluationContext,
  ExpressionEvaluationError,
} from '../../../main/mapping/expression'
import { evaluationErrorOf, run, valueOf } from './mapping-test-helpers'

describe('evaluating expressions', () => {
  describe('direct mappings and constants', () => {
    it.each([
      ['[mail]', { mail: 'john@contoso.com' }, 'john@contoso.com'],
      ['[mail]', {}, null],
      ['[mail]', { mail: '' }, ''],
      ['[proxyAddresses]', { proxyAddresses: ['smtp:a@x', 'SMTP:b@x'] }, ['smtp:a@x', 'SMTP:b@x']],
      ['[proxyAddresses]', { proxyAddresses: [] }, null],
      ['[name.givenName]', { 'name.givenName': 'John' }, 'John'],
      ['"United States"', {}, 'United States'],
      ['""', {}, ''],
    ])('%s with %j → %j', (text, source, expected) => {
      expect(valueOf(text, source)).toEqual(expected)
    })

    it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty'])(
      'reads [%s] as null, not as something inherited from Object.prototype',
      name => {
        expect(valueOf(`[${name}]`, {})).toBeNull()
        expect(valueOf(`[${name}]`, JSON.parse(`{"${name}": "own"}`) as Record<string, string>)).toBe('own')
      }
    )

    it('renders numbers in the invariant culture and keeps hex values', () => {
      expect(valueOf('2.5')).toBe('2.5')
      expect(valueOf('-10')).toBe('-10')
      expect(valueOf('&HF7')).toBe('247')
      expect(valueOf('129699324000000000')).toBe('129699324000000000')
    })

    it('renders booleans as True/False', () => {
      expect(valueOf('IsPresent([a])', { a: 'x' })).toBe('True')
      expect(valueOf('IsPresent([a])', {})).toBe('False')
      expect(valueOf('[a] = "x"', { a: 'x' })).toBe('True')
    })
  })

  describe('compiled expressions', () => {
    it('keeps the text and the tree', () => {
      const compiled = compileExpression('ToLower( [mail] )')
      expect(compiled.text).toBe('ToLower( [mail] )')
      expect(compiled.ast).toMatchObject({ kind: 'call', name: 'ToLower' })
    })

    it('lists every attribute once, in order of appearance', () => {
      const compiled = compileExpression(
        'IIF([country]="USA", Join(" ", [givenName], [surname], [country]), Coalesce([nickname], [givenName]))'
      )
      expect(compiled.attributes).toEqual(['country', 'givenName', 'surname', 'nickname'])
      expect(compileExpression('"constant"').attributes).toEqual([])
    })

    it('evaluates the same compiled expression against many sources', () => {
      const compiled = compileExpression('Join(" ", [givenName], [surname])')
      const evaluate = (source: EvaluationContext['source']) =>
        compiled.evaluate({ source, now: () => new Date(), random: () => 0 })
      expect(evaluate({ givenName: 'John', surname: 'Doe' })).toEqual({
        flow: 'value',
        value: 'John Doe',
        redacted: false,
      })
      expect(evaluate({ givenName: 'Jane' })).toEqual({ flow: 'value', value: 'Jane', redacted: false })
      expect(evaluate({})).toEqual({ flow: 'value', value: null, redacted: false })
    })

    it('does not modify the source', () => {
      const source = Object.freeze({ mail: 'A@B', list: Object.freeze(['X', 'Y']) })
      expect(valueOf('ToLower([list])', source)).toEqual(['x', 'y'])
      expect(source.list).toEqual(['X', 'Y'])
    })
  })

  describe('comparisons (IIF conditions)', () => {
    it.each([
      // Strings: ordinal and case-sensitive.
      ['[a] = "USA"', { a: 'USA' }, 'True'],
      ['[a] = "USA"', { a: 'usa' }, 'False'],
      ['[a] <> "USA"', { a: 'usa' }, 'True'],
      ['[a] < "b"', { a: 'B' }, 'True'],
      ['[a] > "b"', { a: 'c' }, 'True'],
      ['[a] = ""', { a: '' }, 'True'],
      // Numbers compare numerically when both sides read as numbers (§A.4: [StatusRehire]=1).
      ['[StatusRehire] = 1', { StatusRehire: '1' }, 'True'],
      ['[StatusRehire] = "1"', { StatusRehire: '1.0' }, 'True'],
      ['[level] > 5', { level: '10' }, 'True'],
      ['[level] > "5"', { level: '10' }, 'True'],
      ['[level] <= 14', { level: '14' }, 'True'],
      ['[level] >= -1', { level: '-2' }, 'False'],
      ['[level] > 5', { level: 'ten' }, 'True'], // "ten" > "5" as text
      ['&HF = 15', {}, 'True'],
      // Booleans compare with their text, in any case.
      ['IsPresent([a]) = "True"', { a: 'x' }, 'True'],
      ['IsPresent([a]) = "true"', { a: 'x' }, 'True'],
      ['IsPresent([a]) = "False"', {}, 'True'],
      ['IsPresent([a]) <> IsNull([a])', { a: 'x' }, 'True'],
      // A null operand makes the condition check fail: every operator is false, <> included.
      ['[a] = "x"', {}, 'False'],
      ['[a] <> "x"', {}, 'False'],
      ['[a] = [b]', {}, 'False'],
      ['[a] < "x"', {}, 'False'],
      // Multi-valued: one value compares as that value; several never compare.
      ['[a] = "x"', { a: ['x'] }, 'True'],
      ['[a] = "x"', { a: ['x', 'y'] }, 'False'],
      ['[a] <> "x"', { a: ['x', 'y'] }, 'False'],
    ])('%s with %j → %s', (text, source, expected) => {
      expect(valueOf(text, source)).toBe(expected)
    })
  })

  describe('flow and redaction', () => {
    it('drops the whole mapping when IgnoreFlowIfNullOrEmpty fires, wherever it is nested', () => {
      expect(run('Join(",", IgnoreFlowIfNullOrEmpty([a]), [b])', { b: 'x' })).toEqual({ flow: 'ignored' })
      expect(run('Join(",", IgnoreFlowIfNullOrEmpty([a]), [b])', { a: 'y', b: 'x' })).toEqual({
        flow: 'value',
        value: 'y,x',
        redacted: false,
      })
    })

    it('marks every result of an expression containing Redact, whichever branch was taken', () => {
      expect(run('IIF([a] = "x", Redact([secret]), "public")', { a: 'y', secret: 's' })).toEqual({
        flow: 'value',
        value: 'public',
        redacted: true,
      })
    })
  })

  describe('evaluation errors', () => {
    it('positions the error at the failing call and names the function', () => {
      const error = evaluationErrorOf('Join(",", [a], ToLower([b], [culture]))', {
        b: 'X',
        culture: 'not a culture!',
      })
      expect(error.functionName).toBe('ToLower')
      expect(error.position).toBe(15)
      expect(error.reason).toMatch(/culture "not a culture!" is not a valid culture name/)
      expect(error.format()).toBe(
        `${error.message}\n  Join(",", [a], ToLower([b], [culture]))\n                 ^`
      )
    })

    it('refuses a multi-valued attribute where a single value is needed', () => {
      const error = evaluationErrorOf('Append([a], [b])', { a: 'x', b: ['1', '2'] })
      expect(error).toBeInstanceOf(ExpressionEvaluationError)
      expect(error.message).toBe(
        'Append: suffix must be a single value, but got a multi-valued attribute with 2 values (line 1, column 1)'
      )
    })

    it('does not evaluate the branch IIF does not take', () => {
      expect(valueOf('IIF([a] = "x", "fine", Append([a], [b]))', { a: 'x', b: ['1', '2'] })).toBe('fine')
    })
  })
})
