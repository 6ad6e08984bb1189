import { describe, expect, it } from 'vitest'
import { evaluationErrorOf, valueOf } from './mapping-test-helpers'

describe('Coalesce(source1, source2, …, defaultValue)', () => {
  it.each([
    // Documented example.
    [
      'Coalesce([mail],[userPrincipalName])',
      { userPrincipalName: 'John.Doe@contoso.com' },
      'John.Doe@contoso.com',
    ],
    ['Coalesce([mail],[userPrincipalName])', { mail: 'j@x', userPrincipalName: 'u@x' }, 'j@x'],
    // All null: the default if present, else null.
    ['Coalesce([a], [b], "default")', {}, 'default'],
    ['Coalesce([a], [b])', {}, null],
    ['Coalesce([a], )', {}, null],
    ['Coalesce([a], "")', {}, ''],
    // "" is a value, not null (the AI-written guide's Coalesce("", "Robert") → Robert is wrong).
    ['Coalesce("", "Robert")', {}, ''],
    ['Coalesce([a], [b])', { a: '', b: 'x' }, ''],
    // Omitted arguments are skipped like null.
    ['Coalesce(, [b])', { b: 'x' }, 'x'],
    // Multi-valued values come back whole.
    ['Coalesce([a], [b])', { b: ['x', 'y'] }, ['x', 'y']],
    ['Coalesce([a], [b])', { a: [], b: 'x' }, 'x'],
    ['Coalesce([a])', { a: 'only' }, 'only'],
    ['Coalesce([a], IsPresent([a]))', {}, 'False'],
  ])('%s with %j → %j', (text, source, expected) => {
    expect(valueOf(text, source)).toEqual(expected)
  })

  it('stops evaluating at the first value', () => {
    expect(valueOf('Coalesce([a], Append([a], [b]))', { a: 'x', b: ['1', '2'] })).toBe('x')
  })
})

describe('IIF(condition, valueIfTrue, valueIfFalse)', () => {
  it.each([
    // Documented example and the documented AND/OR nestings.
    ['IIF([country]="USA",[country],[department])', { country: 'USA', department: 'Sales' }, 'USA'],
    ['IIF([country]="USA",[country],[department])', { country: 'FR', department: 'Sales' }, 'Sales'],
    [
      'IIF([country]="USA",IIF([state]="CA","True","False"),"False")',
      { country: 'USA', state: 'CA' },
      'True',
    ],
    [
      'IIF([country]="USA",IIF([state]="CA","True","False"),"False")',
      { country: 'USA', state: 'WA' },
      'False',
    ],
    ['IIF([country]="USA","True",IIF([state]="CA","True","False"))', { country: 'FR', state: 'CA' }, 'True'],
    ['IIF([country]="USA","True",IIF([state]="CA","True","False"))', { country: 'FR', state: 'WA' }, 'False'],
    // The Switch known-issue rewrite from the docs.
    [
      'IIF([companyName] = "Company A", "A", IIF([companyName] = "Company B", "B", "External"))',
      { companyName: 'Company B' },
      'B',
    ],
    [
      'IIF([companyName] = "Company A", "A", IIF([companyName] = "Company B", "B", "External"))',
      { companyName: 'Other' },
      'External',
    ],
    // Null source: the condition check fails → the false branch.
    ['IIF([country]="USA","us","other")', {}, 'other'],
    ['IIF([country]<>"USA","not us","us")', {}, 'us'],
    ['IIF([country]="","Other",[country])', {}, null],
    ['IIF([country]="","Other",[country])', { country: '' }, 'Other'],
    // The guides' IsNullOrEmpty/IsPresent conditions work here.
    ['IIF(IsNullOrEmpty([telephoneNumber]),"000-000-0000",[telephoneNumber])', {}, '000-000-0000'],
    ['IIF(IsPresent([country]),[country],"Other")', { country: 'NZ' }, 'NZ'],
    // Text and numbers as conditions, read as CBool would.
    ['IIF([flag], "y", "n")', { flag: 'True' }, 'y'],
    ['IIF([flag], "y", "n")', { flag: 'false' }, 'n'],
    ['IIF([flag], "y", "n")', { flag: ' TRUE ' }, 'y'],
    ['IIF([flag], "y", "n")', { flag: '1' }, 'y'],
    ['IIF([flag], "y", "n")', { flag: '0' }, 'n'],
    ['IIF([flag], "y", "n")', { flag: '' }, 'n'],
    ['IIF([flag], "y", "n")', {}, 'n'],
    ['IIF([flag], "y", "n")', { flag: ['True'] }, 'y'],
    // Results pass through whole; an omitted branch is null.
    ['IIF([a]="x", [list], "n")', { a: 'x', list: ['1', '2'] }, ['1', '2']],
    ['IIF([a]="x", , "n")', { a: 'x' }, null],
  ])('%s with %j → %j', (text, source, expected) => {
    expect(valueOf(text, source)).toEqual(expected)
  })

  it('fails when the condition is text that is not True/False', () => {
    const error = evaluationErrorOf('IIF([flag], "y", "n")', { flag: 'yes' })
    expect(error).toMatchObject({
      functionName: 'IIF',
      reason: 'condition must be True or False, but is "yes"',
    })
  })

  it('fails when the condition is a multi-valued attribute with several values', () => {
    expect(evaluationErrorOf('IIF([flag], "y", "n")', { flag: ['True', 'False'] }).reason).toMatch(
      /condition must be a single value/
    )
  })
})

describe('Switch(source, defaultValue, key1, value1, …)', () => {
  const state =
    'Switch([state], "Australia/Sydney", "NSW", "Australia/Sydney","QLD", "Australia/Brisbane", "SA", "Australia/Adelaide")'
  const caseInsensitive = 'Switch(ToLower([statusFlag]), "0", "true", "1", "false", "0")'
  const emptyKey = 'Switch([statusFlag], "Default Value", "true", "1", "", "0")'

  it.each([
    // Documented examples.
    [state, { state: 'QLD' }, 'Australia/Brisbane'],
    [state, { state: 'NSW' }, 'Australia/Sydney'],
    [state, { state: 'SA' }, 'Australia/Adelaide'],
    [state, { state: 'WA' }, 'Australia/Sydney'],
    [caseInsensitive, { statusFlag: 'True' }, '1'],
    [caseInsensitive, { statusFlag: 'true' }, '1'],
    [caseInsensitive, { statusFlag: 'TRUE' }, '1'],
    [caseInsensitive, { statusFlag: 'FALSE' }, '0'],
    [emptyKey, { statusFlag: '' }, '0'],
    [emptyKey, { statusFlag: 'true' }, '1'],
    [emptyKey, { statusFlag: 'other' }, 'Default Value'],
    ['Switch([country],[country],"","Other")', { country: '' }, 'Other'],
    ['Switch([country],[country],"","Other")', { country: 'NZ' }, 'NZ'],
    ['Switch([status], "True", "terminated", "False")', { status: 'terminated' }, 'False'],
    ['Switch([status], "True", "terminated", "False")', { status: 'active' }, 'True'],
    // Case-sensitive.
    [state, { state: 'qld' }, 'Australia/Sydney'],
    // Absent source is treated like "" (documented choice).
    [emptyKey, {}, '0'],
    ['Switch([country],[country],"","Other")', {}, 'Other'],
    ['Switch([x], "d", "", "0")', {}, '0'],
    ['Switch([x], "d", "a", "1")', {}, 'd'],
    // An omitted or absent key is "" too.
    ['Switch([x], "d", , "empty")', { x: '' }, 'empty'],
    ['Switch([x], "d", [k], "matched")', { x: '' }, 'matched'],
    // Omitted default → null; "" default → "".
    ['Switch([Active], , "1", "yes", "0", "no")', { Active: '2' }, null],
    ['Switch([Active], "", "1", "yes")', { Active: '2' }, ''],
    // First matching key wins.
    ['Switch([x], "d", "a", "first", "a", "second")', { x: 'a' }, 'first'],
    // Booleans and numbers as source or key compare by their text.
    ['Switch(IsPresent([a]), "?", "True", "present", "False", "absent")', { a: 'x' }, 'present'],
    ['Switch([n], "?", 1, "one", 2, "two")', { n: '2' }, 'two'],
    ['Switch([n], "?", 1, "one")', { n: '1.0' }, '?'],
    // One-value multi-valued source is that value; values come back whole.
    ['Switch([x], "d", "a", [list])', { x: ['a'], list: ['1', '2'] }, ['1', '2']],
    // The IgnoreFlow example: no key matches → "" default.
    [
      'Switch([prefix], "", "3443", "Dr.", "3444", "Prof.", "3445", "Prof. Dr.")',
      { prefix: '3444' },
      'Prof.',
    ],
  ])('%s with %j → %j', (text, source, expected) => {
    expect(valueOf(text, source)).toEqual(expected)
  })

  it('evaluates only up to the matching key and its value', () => {
    expect(
      valueOf('Switch([x], "d", "a", "hit", Append([x], [bad]), "never")', { x: 'a', bad: ['1', '2'] })
    ).toBe('hit')
  })

  it('fails for a multi-valued source with several values', () => {
    expect(evaluationErrorOf('Switch([x], "d", "a", "1")', { x: ['a', 'b'] }).reason).toMatch(
      /source must be a single value/
    )
  })
})

describe('IsNull / IsNullOrEmpty / IsPresent', () => {
  it.each([
    // [expression input, IsNull, IsNullOrEmpty, IsPresent]
    [{}, 'True', 'True', 'False'],
    [{ a: '' }, 'False', 'True', 'False'],
    [{ a: ' ' }, 'False', 'False', 'True'],
    [{ a: 'x' }, 'False', 'False', 'True'],
    [{ a: ['x', 'y'] }, 'False', 'False', 'True'],
    [{ a: [] }, 'True', 'True', 'False'],
  ])('with %j: IsNull %s, IsNullOrEmpty %s, IsPresent %s', (source, isNull, isNullOrEmpty, isPresent) => {
    expect(valueOf('IsNull([a])', source)).toBe(isNull)
    expect(valueOf('IsNullOrEmpty([a])', source)).toBe(isNullOrEmpty)
    expect(valueOf('IsPresent([a])', source)).toBe(isPresent)
  })

  it('documented example: IsNull([displayName]) is True when the attribute is absent', () => {
    expect(valueOf('IsNull([displayName])', {})).toBe('True')
  })

  it('treats function results and constants as values', () => {
    expect(valueOf('IsNull(Join(",", [a]))', {})).toBe('True')
    expect(valueOf('IsNullOrEmpty(Join(",", [a]))', { a: '' })).toBe('True')
    expect(valueOf('IsPresent(0)')).toBe('True')
    expect(valueOf('IsPresent(IsNull([a]))')).toBe('True')
    expect(valueOf('IsNull(Switch([x], , "a", "b"))', { x: 'z' })).toBe('True')
  })
})

describe('Not(source)', () => {
  it.each([
    // Documented: "True" → False, otherwise True.
    ['True', 'False'],
    ['False', 'True'],
    ['true', 'False'],
    [' TRUE ', 'False'],
    ['yes', 'True'],
    ['', 'True'],
    ['1', 'False'],
    ['0', 'True'],
  ])('Not(%j) → %s', (input, expected) => {
    expect(valueOf('Not([a])', { a: input })).toBe(expected)
  })

  it.each([
    ['Not([a])', {}, 'True'],
    ['Not([a])', { a: ['True'] }, 'False'],
    ['Not([a])', { a: ['True', 'True'] }, 'True'],
    ['Not(IsPresent([a]))', { a: 'x' }, 'False'],
    ['Not([a] = "x")', { a: 'y' }, 'True'],
    ['Not(Not([a]))', { a: 'True' }, 'True'],
  ])('%s with %j → %s', (text, source, expected) => {
    expect(valueOf(text, source)).toBe(expected)
  })
})

describe('IsString(Expression)', () => {
  it.each([
    // Text values, "" included.
    ['IsString([a])', { a: 'x' }, 'True'],
    ['IsString([a])', { a: '' }, 'True'],
    ['IsString("constant")', {}, 'True'],
    ['IsString(CStr(Count([a])))', {}, 'True'],
    ['IsString(Join(",", [a]))', { a: ['x', 'y'] }, 'True'],
    // Absent, typed function results, and multi-valued attributes are not strings.
    ['IsString([a])', {}, 'False'],
    ['IsString([a])', { a: ['x', 'y'] }, 'False'],
    ['IsString([a])', { a: ['x'] }, 'False'],
    ['IsString(Count([a]))', {}, 'False'],
    ['IsString(42)', {}, 'False'],
    ['IsString(IsPresent([a]))', {}, 'False'],
    ['IsString(Now())', {}, 'False'],
  ])('%s with %j → %s', (text, source, expected) => {
    expect(valueOf(text, source)).toBe(expected)
  })
})
