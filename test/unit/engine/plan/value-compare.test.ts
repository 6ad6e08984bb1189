import { describe, expect, it } from 'vitest'
import type { DesiredValue } from '../../../../main/engine/plan/map-object'
import {
  coerceToTargetType,
  isCaseExact,
  TargetTypeError,
  targetValueType,
} from '../../../../main/engine/plan/target-types'
import { isActive, valuesEqual } from '../../../../main/engine/plan/value-compare'
import { parseScimPath } from '../../../../main/mapping/scim-path'
import { ENTERPRISE } from '../../../helpers/job-fixtures'

describe('valuesEqual', () => {
  it.each<[string, unknown, DesiredValue, boolean, boolean]>([
    ['same string', 'ada', 'ada', false, true],
    ['case differs, caseExact=false', 'ADA@Example.com', 'ada@example.com', false, true],
    ['case differs, caseExact=true', 'E1', 'e1', true, false],
    ['different text', 'ada', 'bob', false, false],
    ['absent', undefined, 'ada', false, false],
    ['null', null, 'ada', false, false],
    ['absent vs false', undefined, false, false, false],
    ['boolean equal', false, false, false, true],
    ['boolean differs', true, false, false, false],
    ['"False" vs false', 'False', false, false, true],
    ['" TRUE " vs true', ' TRUE ', true, false, true],
    ['"False" vs true', 'False', true, false, false],
    ['"0" vs false (not a boolean spelling)', '0', false, false, false],
    ['number vs string', 42, '42', false, true],
    ['boolean vs string', true, 'True', false, true],
    ['number equal', 42, 42, false, true],
    ['numeric string vs number', '42', 42, false, true],
    ['"42.0" vs 42', '42.0', 42, false, true],
    ['number differs', 41, 42, false, false],
    ['object vs string', { value: 'x' }, 'x', false, true],
    ['object without value', { display: 'x' }, 'x', false, false],
    ['list in any order', ['b', 'a'], ['a', 'b'], false, true],
    ['list with case differences', ['A', 'b'], ['a', 'B'], false, true],
    ['caseExact list with case differences', ['A', 'b'], ['a', 'B'], true, false],
    ['list of { value }', [{ value: 'b' }, { value: 'a' }], ['a', 'b'], false, true],
    ['list with a missing item', ['a'], ['a', 'b'], false, false],
    ['list with an extra item', ['a', 'b', 'c'], ['a', 'b'], false, false],
    ['duplicates count', ['a', 'a', 'b'], ['a', 'b', 'b'], false, false],
    ['scalar vs list', 'a', ['a'], false, false],
  ])('%s', (_label, current, desired, caseExact, expected) => {
    expect(valuesEqual(current, desired, caseExact)).toBe(expected)
  })
})

describe('isActive', () => {
  it.each<[unknown, boolean]>([
    [true, true],
    [undefined, true],
    ['True', true],
    [false, false],
    ['false', false],
    [' FALSE ', false],
  ])('active=%j → %s', (active, expected) => {
    expect(isActive(active === undefined ? {} : { active })).toBe(expected)
  })
})

describe('target types', () => {
  it.each<[string, string]>([
    ['active', 'boolean'],
    ['emails[type eq "work"].primary', 'boolean'],
    ['userName', 'string'],
    [`${ENTERPRISE}:active`, 'string'],
  ])('%s is %s by the core schema', (path, type) => {
    expect(targetValueType(parseScimPath(path), {})).toBe(type)
  })

  it('lets the job override a type by full path or top-level name', () => {
    expect(
      targetValueType(parseScimPath(`${ENTERPRISE}:isContractor`), {
        [`${ENTERPRISE}:isContractor`]: 'boolean',
      })
    ).toBe('boolean')
    expect(targetValueType(parseScimPath('name.age'), { name: 'integer' })).toBe('integer')
    expect(targetValueType(parseScimPath('active'), { active: 'string' })).toBe('string')
  })

  it('treats id and externalId as caseExact, and what the job lists', () => {
    expect(isCaseExact(parseScimPath('externalId'), [])).toBe(true)
    expect(isCaseExact(parseScimPath('id'), [])).toBe(true)
    expect(isCaseExact(parseScimPath('userName'), [])).toBe(false)
    expect(isCaseExact(parseScimPath('userName'), ['userName'])).toBe(true)
    expect(isCaseExact(parseScimPath('emails[type eq "work"].value'), ['emails'])).toBe(true)
  })

  it.each<[string, 'string' | 'boolean' | 'integer' | 'decimal', unknown]>([
    ['True', 'boolean', true],
    [' false ', 'boolean', false],
    ['FALSE', 'boolean', false],
    ['1', 'boolean', true],
    ['0', 'boolean', false],
    ['42', 'integer', 42],
    [' -7 ', 'integer', -7],
    ['4.25', 'decimal', 4.25],
    ['-1e3', 'decimal', -1000],
    ['.5', 'decimal', 0.5],
    ['True', 'string', 'True'],
    ['', 'string', ''],
    // An empty value has nothing a typed attribute can hold: it is not provisioned.
    ['', 'boolean', null],
    [' ', 'integer', null],
    ['', 'decimal', null],
  ])('coerces %j to %s as %j', (value, type, expected) => {
    expect(coerceToTargetType(value, type)).toBe(expected)
  })

  it.each<[string, 'boolean' | 'integer' | 'decimal', RegExp]>([
    ['yes', 'boolean', /^"yes" is not a boolean \(true or false/],
    ['Y', 'boolean', /^"Y" is not a boolean/],
    ['2', 'boolean', /^"2" is not a boolean/],
    ['4.2', 'integer', /^"4.2" is not an integer/],
    ['12abc', 'integer', /^"12abc" is not an integer/],
    ['99999999999999999999', 'integer', /^"99999999999999999999" is not an integer/],
    ['abc', 'decimal', /^"abc" is not a number/],
    ['0x10', 'decimal', /^"0x10" is not a number/],
    ['1,5', 'decimal', /^"1,5" is not a number/],
    ['Infinity', 'decimal', /^"Infinity" is not a number/],
  ])('refuses %j for a %s attribute, naming the value', (value, type, message) => {
    expect(() => coerceToTargetType(value, type)).toThrow(TargetTypeError)
    expect(() => coerceToTargetType(value, type)).toThrow(message)
  })
})
