import { describe, expect, it } from 'vitest'
import { BENCH_EXPRESSIONS, benchExpressions } from '../../../main/mapping/expression-bench'
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
})
