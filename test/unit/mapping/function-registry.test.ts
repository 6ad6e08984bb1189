import { describe, expect, it } from 'vitest'
import {
  compileExpression,
  defaultFunctionRegistry,
  type EagerFunctionDefinition,
  ExpressionEvaluationError,
  FunctionRegistry,
  type LazyFunctionDefinition,
} from '../../../main/mapping/expression'
import { type ArgumentValue, DateTimeValue, OMITTED } from '../../../main/mapping/values/value'
import { FIXED_NOW, run, syntaxErrorOf, valueOf } from './mapping-test-helpers'

describe('FunctionRegistry', () => {
  it('holds the 43 functions of the function reference, and the InStr constants', () => {
    expect(defaultFunctionRegistry.functionNames()).toEqual([
      'AppRoleAssignmentsComplex',
      'Append',
      'BitAnd',
      'CBool',
      'CDate',
      'CStr',
      'Coalesce',
      'ConvertToBase64',
      'ConvertToUTF8Hex',
      'Count',
      'DateAdd',
      'DateDiff',
      'DateFromNum',
      'FormatDateTime',
      'Guid',
      'IIF',
      'IgnoreFlowIfNullOrEmpty',
      'InStr',
      'IsNull',
      'IsNullOrEmpty',
      'IsPresent',
      'IsString',
      'Item',
      'Join',
      'Left',
      'Mid',
      'NormalizeDiacritics',
      'Not',
      'Now',
      'NumFromDate',
      'PCase',
      'RandomString',
      'Redact',
      'RemoveDuplicates',
      'Replace',
      'SelectUniqueValue',
      'SingleAppRoleAssignment',
      'Split',
      'StripSpaces',
      'Switch',
      'ToLower',
      'ToUpper',
      'Word',
    ])
    expect(defaultFunctionRegistry.functionNames()).toHaveLength(43)
    expect(defaultFunctionRegistry.constantNames()).toEqual(['vbBinaryCompare', 'vbTextCompare'])
  })

  describe('adding a function needs no change to the parser or evaluator', () => {
    const seen: Array<ReadonlyArray<ArgumentValue>> = []
    const probe: EagerFunctionDefinition = {
      name: 'Probe',
      minArgs: 0,
      maxArgs: Infinity,
      signature: 'Probe(…)',
      evaluate(args) {
        seen.push(args)
        return args.length
      },
    }
    const now: EagerFunctionDefinition = {
      name: 'Clock',
      minArgs: 0,
      maxArgs: 0,
      signature: 'Clock()',
      evaluate: (_args, context) => DateTimeValue.fromDate(context.now()),
    }
    const firstGiven: LazyFunctionDefinition = {
      name: 'FirstGiven',
      minArgs: 1,
      maxArgs: Infinity,
      lazy: true,
      signature: 'FirstGiven(a, …)',
      evaluate(args, context) {
        for (const arg of args) {
          const value = arg(context)
          if (value !== OMITTED) return value
        }
        return null
      },
    }
    const registry = defaultFunctionRegistry.with([probe, now, firstGiven], [{ name: 'Answer', value: 42 }])

    it('passes evaluated arguments, omitted ones as OMITTED, to an eager function', () => {
      seen.length = 0
      expect(
        valueOf('Probe([a], , "x", 2, IsPresent([a]), Answer)', { a: 'v' }, { functions: registry })
      ).toBe('6')
      expect(seen).toEqual([['v', OMITTED, 'x', 2, true, 42]])
    })

    it('gives functions the context (clock) and renders their date-times', () => {
      expect(valueOf('Clock()', {}, { functions: registry })).toBe('7/2/2021 3:33:38 PM')
      expect(FIXED_NOW.toISOString()).toBe('2021-07-02T15:33:38.000Z')
    })

    it('lets a lazy function decide which arguments to evaluate', () => {
      seen.length = 0
      expect(valueOf('FirstGiven(, "first", Probe())', {}, { functions: registry })).toBe('first')
      expect(seen).toEqual([])
    })

    it('checks arity for new functions too', () => {
      expect(syntaxErrorOf('Clock(1)', { functions: registry }).reason).toBe(
        'Clock expects no arguments but got 1'
      )
      expect(syntaxErrorOf('FirstGiven()', { functions: registry }).reason).toBe(
        'FirstGiven expects at least 1 argument but got 0'
      )
    })

    it('leaves the registry it was derived from unchanged', () => {
      expect(defaultFunctionRegistry.getFunction('Probe')).toBeUndefined()
      expect(syntaxErrorOf('Clock()').reason).toBe("Unknown function 'Clock'")
    })
  })

  describe('function failures', () => {
    const failing = defaultFunctionRegistry.with([
      {
        name: 'Broken',
        minArgs: 0,
        maxArgs: 0,
        signature: 'Broken()',
        evaluate: () => {
          throw new TypeError('boom')
        },
      },
      {
        name: 'Refuse',
        minArgs: 0,
        maxArgs: 0,
        signature: 'Refuse()',
        evaluate: (_args, _context, site) => site.fail('no value for you'),
      },
    ])
    const evaluate = (text: string) =>
      compileExpression(text, { functions: failing }).evaluate({
        source: {},
        now: () => FIXED_NOW,
        random: () => 0,
      })

    it('reports a function defect as an evaluation error at its call, keeping the cause', () => {
      let caught: unknown
      try {
        evaluate('Join(",", "a", Broken())')
      } catch (error) {
        caught = error
      }
      expect(caught).toBeInstanceOf(ExpressionEvaluationError)
      const error = caught as ExpressionEvaluationError
      expect(error).toMatchObject({
        functionName: 'Broken',
        position: 15,
        reason: 'failed unexpectedly: boom',
      })
      expect(error.cause).toBeInstanceOf(TypeError)
    })

    it('keeps the inner position when an error crosses enclosing calls', () => {
      expect(() => evaluate('ToUpper(Join(",", Refuse()))')).toThrow(
        expect.objectContaining({ functionName: 'Refuse', position: 18, reason: 'no value for you' })
      )
    })
  })

  it('applies a function-specific argument-count rule', () => {
    const registry = new FunctionRegistry([
      {
        name: 'Pairs',
        minArgs: 0,
        maxArgs: Infinity,
        signature: 'Pairs(k1, v1, …)',
        checkArgumentCount: count => (count % 2 === 0 ? undefined : 'expects pairs'),
        evaluate: args => args.length,
      },
    ])
    expect(valueOf('Pairs(1, 2)', {}, { functions: registry })).toBe('2')
    expect(syntaxErrorOf('Pairs(1)', { functions: registry })).toMatchObject({
      reason: 'Pairs expects pairs',
      suggestion: 'Usage: Pairs(k1, v1, …)',
    })
  })

  it('marks results of custom redacting functions', () => {
    const registry = new FunctionRegistry([
      {
        name: 'Secret',
        minArgs: 0,
        maxArgs: 0,
        signature: 'Secret()',
        redactsResult: true,
        evaluate: () => 's3cr3t',
      },
    ])
    expect(run('Secret()', {}, { functions: registry })).toEqual({
      flow: 'value',
      value: 's3cr3t',
      redacted: true,
    })
  })

  it.each([
    [
      [
        { name: 'Dup', minArgs: 0, maxArgs: 0 },
        { name: 'Dup', minArgs: 0, maxArgs: 0 },
      ],
      [],
      /registered twice/,
    ],
    [[{ name: 'Bad Name', minArgs: 0, maxArgs: 0 }], [], /can't be written in an expression/],
    [[{ name: 'Range', minArgs: 2, maxArgs: 1 }], [], /invalid argument range/],
    [[{ name: 'Negative', minArgs: -1, maxArgs: 1 }], [], /invalid argument range/],
    [[{ name: 'Half', minArgs: 0, maxArgs: 1.5 }], [], /invalid argument range/],
    [[{ name: 'Clash', minArgs: 0, maxArgs: 0 }], [{ name: 'Clash', value: 1 }], /registered twice/],
  ])('refuses invalid definitions (%#)', (functions, constants, message) => {
    const definitions = functions.map(partial => ({ ...partial, signature: 'x', evaluate: () => null }))
    expect(() => new FunctionRegistry(definitions, constants)).toThrow(message)
  })
})
