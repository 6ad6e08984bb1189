import { describe, expect, it } from 'vitest'
import {
  findFilteredElement,
  getKey,
  getPathValue,
  selectElement,
  parseScimPath,
  type ScimPath,
  ScimPathError,
  setPathValue,
  topLevelName,
} from '../../../main/mapping/scim-path'

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'

function pathErrorOf(text: string): ScimPathError {
  try {
    parseScimPath(text)
  } catch (error) {
    expect(error).toBeInstanceOf(ScimPathError)
    return error as ScimPathError
  }
  throw new Error(`expected ${JSON.stringify(text)} to be refused`)
}

describe('parseScimPath', () => {
  it.each<[string, Omit<ScimPath, 'text'>]>([
    ['userName', { schema: null, attribute: 'userName', filter: null, subAttribute: null }],
    ['name.givenName', { schema: null, attribute: 'name', filter: null, subAttribute: 'givenName' }],
    [
      'emails[type eq "work"].value',
      {
        schema: null,
        attribute: 'emails',
        filter: [{ attribute: 'type', value: 'work' }],
        subAttribute: 'value',
      },
    ],
    [
      'emails[type eq "work" and primary eq true].value',
      {
        schema: null,
        attribute: 'emails',
        filter: [
          { attribute: 'type', value: 'work' },
          { attribute: 'primary', value: true },
        ],
        subAttribute: 'value',
      },
    ],
    [
      'addresses[type EQ "work" AND primary eq False].streetAddress',
      {
        schema: null,
        attribute: 'addresses',
        filter: [
          { attribute: 'type', value: 'work' },
          { attribute: 'primary', value: false },
        ],
        subAttribute: 'streetAddress',
      },
    ],
    [
      'phoneNumbers[ type eq "mobile" ].value',
      {
        schema: null,
        attribute: 'phoneNumbers',
        filter: [{ attribute: 'type', value: 'mobile' }],
        subAttribute: 'value',
      },
    ],
    [
      'x509Certificates[display eq null and rank eq -2.5].value',
      {
        schema: null,
        attribute: 'x509Certificates',
        filter: [
          { attribute: 'display', value: null },
          { attribute: 'rank', value: -2.5 },
        ],
        subAttribute: 'value',
      },
    ],
    [
      'emails[type eq "a \\"quoted\\" ] type"].value',
      {
        schema: null,
        attribute: 'emails',
        filter: [{ attribute: 'type', value: 'a "quoted" ] type' }],
        subAttribute: 'value',
      },
    ],
    [
      `${ENTERPRISE}:employeeNumber`,
      { schema: ENTERPRISE, attribute: 'employeeNumber', filter: null, subAttribute: null },
    ],
    [
      `${ENTERPRISE}:manager.value`,
      { schema: ENTERPRISE, attribute: 'manager', filter: null, subAttribute: 'value' },
    ],
    [
      'urn:example:custom:1.0:User:badges[kind eq "door"].code',
      {
        schema: 'urn:example:custom:1.0:User',
        attribute: 'badges',
        filter: [{ attribute: 'kind', value: 'door' }],
        subAttribute: 'code',
      },
    ],
  ])('parses %s', (text, expected) => {
    expect(parseScimPath(text)).toEqual({ text, ...expected })
  })

  it.each<[string, number, RegExp]>([
    ['', 0, /non-empty/],
    [' userName', 0, /surrounding spaces/],
    ['userName ', 0, /surrounding spaces/],
    ['1userName', 0, /expected an attribute name/],
    ['name.', 5, /expected a sub-attribute name after "\."/],
    ['name.givenName.extra', 14, /unexpected "\.extra"/],
    ['user name', 4, /unexpected " name"/],
    ['emails[type eq "work"', 6, /unterminated "\[" filter/],
    ['emails[type eq "work"]', 22, /a filtered path must name a sub-attribute/],
    ['emails[type eq "work"]value', 22, /unexpected "value"/],
    ['emails[type co "work"].value', 7, /expected a filter of the form attr eq "value"/],
    ['emails[type eq "work" and ].value', 25, /expected a filter of the form/],
    ['emails[type eq "work" or primary eq true].value', 22, /unexpected text in filter/],
    ['emails[].value', 7, /expected a filter of the form/],
    [`${ENTERPRISE}:`, ENTERPRISE.length + 1, /needs an attribute after the schema URN/],
    ['urn:x', 5, /needs an attribute after the schema URN/],
  ])('refuses %j at position %i', (text, position, message) => {
    const error = pathErrorOf(text)
    expect(error.position).toBe(position)
    expect(error.path).toBe(text)
    expect(error.message).toMatch(message)
    expect(error.message).toContain(
      `Invalid SCIM attribute path ${JSON.stringify(text)} at position ${position + 1}:`
    )
  })

  it('names the top-level attribute a path writes', () => {
    expect(topLevelName(parseScimPath('name.givenName'))).toBe('name')
    expect(topLevelName(parseScimPath('emails[type eq "work"].value'))).toBe('emails')
    expect(topLevelName(parseScimPath(`${ENTERPRISE}:manager.value`))).toBe(`${ENTERPRISE}:manager`)
  })
})

describe('reading values', () => {
  const resource = {
    id: 'T1',
    UserName: 'ada@example.com',
    NAME: { GivenName: 'Ada', familyName: 'Lovelace' },
    Emails: [
      { type: 'home', value: 'ada@home.example' },
      { Type: 'WORK', Value: 'ada@work.example', primary: 'True' },
    ],
    [ENTERPRISE.toUpperCase()]: { EmployeeNumber: '42', manager: { value: 'M1' } },
    active: false,
  }

  it.each<[string, unknown]>([
    ['userName', 'ada@example.com'],
    ['username', 'ada@example.com'],
    ['name.givenName', 'Ada'],
    ['name.familyName', 'Lovelace'],
    ['emails[type eq "work"].value', 'ada@work.example'],
    ['emails[type eq "work" and primary eq true].value', 'ada@work.example'],
    ['emails[type eq "home"].value', 'ada@home.example'],
    ['emails[type eq "home" and primary eq true].value', undefined],
    ['emails[type eq "other"].value', undefined],
    [`${ENTERPRISE}:employeeNumber`, '42'],
    [`${ENTERPRISE}:manager.value`, 'M1'],
    [`${ENTERPRISE}:department`, undefined],
    ['urn:example:other:1.0:User:x', undefined],
    ['active', false],
    ['title', undefined],
    ['active.value', undefined],
  ])('reads %s case-insensitively', (text, expected) => {
    expect(getPathValue(resource, parseScimPath(text))).toEqual(expected)
  })

  it('finds the element a filter selects, and nothing for an unfiltered path', () => {
    expect(findFilteredElement(resource, parseScimPath('emails[type eq "work"].value'))).toBe(
      resource.Emails[1]
    )
    expect(findFilteredElement(resource, parseScimPath('userName'))).toBeUndefined()
    expect(
      findFilteredElement({ id: 'x', emails: 'not a list' }, parseScimPath('emails[type eq "work"].value'))
    ).toBe(undefined)
  })

  it('prefers an exact key over a case-insensitive one', () => {
    expect(getKey({ userName: 'exact', USERNAME: 'other' }, 'userName')).toBe('exact')
    expect(getKey({ USERNAME: 'other' }, 'userName')).toBe('other')
    expect(getKey({}, 'userName')).toBeUndefined()
  })
})

describe('an untyped element (brownfield accounts often hold one email without a type)', () => {
  const adopting = (text: string) => ({ ...parseScimPath(text), adoptsUntyped: true })
  const untyped = { value: 'ada@old.example', primary: true }

  it('is what the first type-filtered path of the attribute reads when no element has its type', () => {
    const resource = { id: 'T1', emails: [{ type: 'home', value: 'ada@home.example' }, untyped] }
    expect(getPathValue(resource, adopting('emails[type eq "work"].value'))).toBe('ada@old.example')
    expect(getPathValue(resource, adopting('emails[type eq "work"].primary'))).toBe(true)
    expect(selectElement(resource, adopting('emails[type eq "work"].value'))).toEqual({
      element: untyped,
      untyped: true,
    })
  })

  it('is not read by a path the job compiler did not mark, nor through a filter on another attribute', () => {
    const resource = { id: 'T1', emails: [untyped] }
    expect(getPathValue(resource, parseScimPath('emails[type eq "work"].value'))).toBeUndefined()
    expect(getPathValue(resource, adopting('emails[display eq "x"].value'))).toBeUndefined()
  })

  it('is left alone when an element has the type, or when several elements have none', () => {
    const typed = { id: 'T1', emails: [{ type: 'Work', value: 'ada@work.example' }, untyped] }
    expect(selectElement(typed, adopting('emails[type eq "work"].value'))).toEqual({
      element: typed.emails[0],
      untyped: false,
    })
    const other = { id: 'T1', emails: [{ type: 'work', primary: false, value: 'a@b' }, untyped] }
    expect(getPathValue(other, adopting('emails[type eq "work" and primary eq true].value'))).toBeUndefined()
    const two = { id: 'T1', emails: [untyped, { value: 'ada@second.example' }] }
    expect(getPathValue(two, adopting('emails[type eq "work"].value'))).toBeUndefined()
    const blank = { id: 'T1', emails: [{ type: '', value: 'ada@blank.example' }] }
    expect(getPathValue(blank, adopting('emails[type eq "work"].value'))).toBe('ada@blank.example')
  })

  it('must also satisfy the filter’s other clauses', () => {
    const resource = { id: 'T1', phoneNumbers: [{ value: '+44 20', primary: false }] }
    expect(getPathValue(resource, adopting('phoneNumbers[type eq "work" and primary eq true].value'))).toBe(
      undefined
    )
    expect(getPathValue(resource, adopting('phoneNumbers[type eq "work" and primary eq false].value'))).toBe(
      '+44 20'
    )
  })
})

describe('writing values', () => {
  it.each<[string, unknown, Record<string, unknown>]>([
    ['userName', 'ada@example.com', { userName: 'ada@example.com' }],
    ['name.givenName', 'Ada', { name: { givenName: 'Ada' } }],
    [
      'emails[type eq "work"].value',
      'ada@example.com',
      { emails: [{ type: 'work', value: 'ada@example.com' }] },
    ],
    [
      'emails[type eq "work" and primary eq true].value',
      'ada@example.com',
      { emails: [{ type: 'work', primary: true, value: 'ada@example.com' }] },
    ],
    [`${ENTERPRISE}:employeeNumber`, '42', { [ENTERPRISE]: { employeeNumber: '42' } }],
    [`${ENTERPRISE}:manager.value`, 'M1', { [ENTERPRISE]: { manager: { value: 'M1' } } }],
  ])('sets %s on an empty resource, and reads it back', (text, value, expected) => {
    const path = parseScimPath(text)
    const resource: Record<string, unknown> = {}
    setPathValue(resource, path, value)
    expect(resource).toEqual(expected)
    expect(getPathValue(resource, path)).toEqual(value)
  })

  it('fills in an existing element and object, keeping their spelling and other values', () => {
    const resource: Record<string, unknown> = {
      Name: { GivenName: 'Old' },
      Emails: [{ Type: 'Work', Value: 'old@example.com', display: 'keep' }],
      [ENTERPRISE]: { department: 'R&D' },
    }
    setPathValue(resource, parseScimPath('name.givenName'), 'Ada')
    setPathValue(resource, parseScimPath('name.familyName'), 'Lovelace')
    setPathValue(resource, parseScimPath('emails[type eq "work"].value'), 'ada@example.com')
    setPathValue(resource, parseScimPath('emails[type eq "home"].value'), 'ada@home.example')
    setPathValue(resource, parseScimPath(`${ENTERPRISE}:employeeNumber`), '42')
    expect(resource).toEqual({
      Name: { GivenName: 'Ada', familyName: 'Lovelace' },
      Emails: [
        { Type: 'Work', Value: 'ada@example.com', display: 'keep' },
        { type: 'home', value: 'ada@home.example' },
      ],
      [ENTERPRISE]: { department: 'R&D', employeeNumber: '42' },
    })
  })

  it('replaces a non-object where an object is needed', () => {
    const resource: Record<string, unknown> = { name: 'flat', emails: 'flat' }
    setPathValue(resource, parseScimPath('name.givenName'), 'Ada')
    setPathValue(resource, parseScimPath('emails[type eq "work"].value'), 'a@example.com')
    expect(resource).toEqual({
      name: { givenName: 'Ada' },
      emails: [{ type: 'work', value: 'a@example.com' }],
    })
  })
})
