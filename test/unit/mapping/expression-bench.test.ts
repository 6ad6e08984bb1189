import { describe, expect, it } from 'vitest'
import {
  BENCH_EXPRESSIONS,
  BENCH_REPLACE_EXPRESSIONS,
  benchExpressions,
} from '../../../main/mapping/expression-bench'
import { compileExpression } from '../../../main/mapping/expression'

// Throughput is measured by running benchExpressions(), not asserted here: timings in tests flake.
describe('benchExpressions', () => {
  it('compiles the typical mapping set', () => {
    expect(BENCH_EXPRESSIONS.map(text => compileExpression(text).attributes)).toEqual([
      ['mail'],
      ['employeeId'],
      ['givenName', 'surname'],
      ['mail'],
      ['status'],
      ['nickname', 'givenName'],
    ])
  })

  it('reports a throughput figure', () => {
    const { mappingsPerSecond } = benchExpressions({ records: 2_000 })
    expect(Number.isFinite(mappingsPerSecond)).toBe(true)
    expect(mappingsPerSecond).toBeGreaterThan(0)
  })

  it('measures a Replace-heavy mapping set on the same records', () => {
    expect(BENCH_REPLACE_EXPRESSIONS.map(text => compileExpression(text).attributes)).toEqual([
      ['mail'],
      ['givenName'],
      ['employeeId'],
      ['givenName', 'surname'],
    ])
    const { mappingsPerSecond } = benchExpressions({ records: 2_000, expressions: BENCH_REPLACE_EXPRESSIONS })
    expect(mappingsPerSecond).toBeGreaterThan(0)
  })
})
