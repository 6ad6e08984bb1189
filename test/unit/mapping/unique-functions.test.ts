import { describe, expect, it } from 'vitest'
import { compileExpression, ExpressionEvaluationError } from '../../../main/mapping/expression'
import { FIXED_NOW, syntaxErrorOf, valueWith } from './mapping-test-helpers'

// The documented example.
const EXAMPLE = `SelectUniqueValue(
    Join("@", NormalizeDiacritics(StripSpaces(Join(".",  [PreferredFirstName], [PreferredLastName]))), "contoso.com"),
    Join("@", NormalizeDiacritics(StripSpaces(Join(".",  Mid([PreferredFirstName], 1, 1), [PreferredLastName]))), "contoso.com"),
    Join("@", NormalizeDiacritics(StripSpaces(Join(".",  Mid([PreferredFirstName], 1, 2), [PreferredLastName]))), "contoso.com"))`

const JOHN = { PreferredFirstName: 'John', PreferredLastName: 'Smith' }

function taken(...values: string[]): (value: string) => boolean {
  return value => !values.includes(value)
}

describe('SelectUniqueValue(uniqueValueRule1, uniqueValueRule2, …)', () => {
  it.each([
    [[], 'John.Smith@contoso.com'],
    [['John.Smith@contoso.com'], 'J.Smith@contoso.com'],
    [['John.Smith@contoso.com', 'J.Smith@contoso.com'], 'Jo.Smith@contoso.com'],
    [['J.Smith@contoso.com'], 'John.Smith@contoso.com'],
  ])('documented example with %j already in the target → %s', (existing, expected) => {
    expect(valueWith(EXAMPLE, { source: JOHN, isUnique: taken(...existing) })).toBe(expected)
  })

  it('normalizes diacritics and spaces in the candidates, as the docs advise', () => {
    expect(
      valueWith(EXAMPLE, {
        source: { PreferredFirstName: 'Zoë Ann', PreferredLastName: 'Müller' },
        isUnique: taken('ZoeAnn.Muller@contoso.com'),
      })
    ).toBe('Z.Muller@contoso.com')
  })

  it('fails with "all values already exist in the target" when every value is taken, so the object is escrowed', () => {
    const compiled = compileExpression(EXAMPLE)
    let caught: unknown
    try {
      compiled.evaluate({
        source: JOHN,
        now: () => FIXED_NOW,
        random: () => 0.5,
        isUnique: taken('John.Smith@contoso.com', 'J.Smith@contoso.com', 'Jo.Smith@contoso.com'),
      })
    } catch (error) {
      caught = error
    }
    expect(caught).toBeInstanceOf(ExpressionEvaluationError)
    expect(caught).toMatchObject({
      functionName: 'SelectUniqueValue',
      position: 0,
      reason: 'all values already exist in the target (3 candidates tried)',
    })
  })

  it('offers the values in order and evaluates no rule after the first unique value', () => {
    const offered: string[] = []
    const isUnique = (value: string) => {
      offered.push(value)
      return value === 'b'
    }
    // The third rule would fail (a multi-valued suffix) if it were evaluated.
    expect(
      valueWith('SelectUniqueValue("a", "b", Append("c", [list]))', {
        source: { list: ['1', '2'] },
        isUnique,
      })
    ).toBe('b')
    expect(offered).toEqual(['a', 'b'])
  })

  it('skips empty candidates and returns null when every rule is empty', () => {
    const offered: string[] = []
    const isUnique = (value: string) => {
      offered.push(value)
      return true
    }
    expect(valueWith('SelectUniqueValue([a], "", [b])', { source: { b: 'x' }, isUnique })).toBe('x')
    expect(offered).toEqual(['x'])
    expect(valueWith('SelectUniqueValue([a], "")', { isUnique })).toBeNull()
  })

  it('returns the first non-empty value when the context checks nothing', () => {
    expect(valueWith(EXAMPLE, { source: JOHN })).toBe('John.Smith@contoso.com')
    expect(valueWith('SelectUniqueValue([a], Join("", [b], 1))', { source: { b: 'x' } })).toBe('x1')
  })

  it.each([
    ['Join(",", SelectUniqueValue("a", "b"))', 10],
    ['ToLower(SelectUniqueValue("a", "b"))', 8],
    ['Redact(SelectUniqueValue("a", "b"))', 7],
    ['SelectUniqueValue("a", "b") = "a"', 0],
    ['SelectUniqueValue("a", SelectUniqueValue("b", "c"))', 23],
  ])('must be the whole expression: %s is refused when compiling', (text, position) => {
    const error = syntaxErrorOf(text)
    expect(error.reason).toBe(
      "SelectUniqueValue must be the whole expression; it can't be nested inside another function or a comparison"
    )
    expect(error.position).toBe(position)
  })

  it('fails for a rule giving several values', () => {
    expect(() => valueWith('SelectUniqueValue([a], "b")', { source: { a: ['x', 'y'] } })).toThrow(
      /uniqueValueRule1 must be a single value/
    )
  })

  it('needs at least two rules', () => {
    expect(syntaxErrorOf('SelectUniqueValue("a")').reason).toBe(
      'SelectUniqueValue expects at least 2 arguments but got 1'
    )
  })
})
