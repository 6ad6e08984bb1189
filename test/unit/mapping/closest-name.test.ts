import { describe, expect, it } from 'vitest'
import { closestName, editDistance } from '../../../main/mapping/functions/closest-name'

describe('closestName', () => {
  const names = ['Append', 'Coalesce', 'IIF', 'Join', 'Not', 'Switch', 'ToLower', 'ToUpper']

  it.each([
    ['switch', 'Switch'],
    ['iif', 'IIF'],
    ['Jion', 'Join'],
    ['Jon', 'Join'],
    ['ToLowr', 'ToLower'],
    ['ToUper', 'ToUpper'],
    ['Coalese', 'Coalesce'],
    ['Apend', 'Append'],
    ['Foo', undefined],
    ['Concat', undefined],
    ['Frobnicate', undefined],
    ['X', undefined],
  ])('%s → %s', (name, expected) => {
    expect(closestName(name, names)).toBe(expected)
  })

  it.each([
    ['', '', 0],
    ['abc', '', 3],
    ['', 'abc', 3],
    ['join', 'join', 0],
    ['jion', 'join', 1],
    ['kitten', 'sitting', 3],
    ['ca', 'abc', 3],
  ])('editDistance(%j, %j) = %i', (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance)
  })
})
