import { expect } from 'vitest'
import {
  compileExpression,
  type CompileOptions,
  type EvaluationContext,
  type EvaluationResult,
  ExpressionEvaluationError,
  ExpressionSyntaxError,
  type MappedValue,
} from '../../../main/mapping/expression'

/** A source object as tests write it: absent keys are null. */
export type Source = Readonly<Record<string, string | ReadonlyArray<string>>>

export const FIXED_NOW = new Date('2021-07-02T15:33:38Z')

/** Compiles and evaluates once against `source`, with a fixed clock and randomness. */
export function run(text: string, source: Source = {}, options?: CompileOptions): EvaluationResult {
  return compileExpression(text, options).evaluate({ source, now: () => FIXED_NOW, random: () => 0.5 })
}

/** The mapped value; fails the test if the flow was ignored. */
export function valueOf(text: string, source: Source = {}, options?: CompileOptions): MappedValue {
  const result = run(text, source, options)
  if (result.flow !== 'value') {
    throw new Error(`expected a value from ${text}, but the flow was ignored`)
  }
  return result.value
}

/** The syntax error compiling `text` throws; fails the test if it compiles. */
export function syntaxErrorOf(text: string, options?: CompileOptions): ExpressionSyntaxError {
  try {
    compileExpression(text, options)
  } catch (error) {
    expect(error).toBeInstanceOf(ExpressionSyntaxError)
    return error as ExpressionSyntaxError
  }
  throw new Error(`expected a syntax error compiling ${text}`)
}

/** The evaluation error evaluating `text` throws; fails the test if it evaluates. */
export function evaluationErrorOf(text: string, source: Source = {}): ExpressionEvaluationError {
  const compiled = compileExpression(text)
  try {
    compiled.evaluate({ source, now: () => FIXED_NOW, random: () => 0.5 })
  } catch (error) {
    expect(error).toBeInstanceOf(ExpressionEvaluationError)
    return error as ExpressionEvaluationError
  }
  throw new Error(`expected an evaluation error from ${text}`)
}

/** The mapped value with parts of the context replaced (clock, randomness, isUnique). */
export function valueWith(text: string, context: Partial<EvaluationContext>): MappedValue {
  const result = compileExpression(text).evaluate({
    source: {},
    now: () => FIXED_NOW,
    random: () => 0.5,
    ...context,
  })
  if (result.flow !== 'value') {
    throw new Error(`expected a value from ${text}, but the flow was ignored`)
  }
  return result.value
}
