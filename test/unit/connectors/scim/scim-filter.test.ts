import { describe, expect, it } from 'vitest'
import { equalityFilter, filterLiteral } from '../../../../main/connectors/scim/scim-filter'
import { parseScimPath } from '../../../../main/mapping/scim-path'

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'

describe('filterLiteral', () => {
  it.each<[string, string]>([
    ['plain', '"plain"'],
    ['say "hi"', '"say \\"hi\\""'],
    ['C:\\Users\\ada', '"C:\\\\Users\\\\ada"'],
    ['\\"', '"\\\\\\""'],
    ['tab\there', '"tab\\there"'],
    ['line\nbreak\r', '"line\\nbreak\\r"'],
    ['nul\u0000bell\u0007', '"nul\\u0000bell\\u0007"'],
    ['ünïcödé 名前', '"ünïcödé 名前"'],
    ['', '""'],
  ])('escapes %j as a JSON string', (value, expected) => {
    const literal = filterLiteral(value)
    expect(literal).toBe(expected)
    expect(JSON.parse(literal)).toBe(value)
  })
})

describe('equalityFilter', () => {
  it.each<[string, string, string]>([
    ['userName', 'ada@example.com', 'userName eq "ada@example.com"'],
    ['userName', 'o"brien\\x', 'userName eq "o\\"brien\\\\x"'],
    ['name.familyName', 'Lovelace', 'name.familyName eq "Lovelace"'],
    ['externalId', 'line\nbreak', 'externalId eq "line\\nbreak"'],
    [`${ENTERPRISE}:employeeNumber`, '42', `${ENTERPRISE}:employeeNumber eq "42"`],
    [`${ENTERPRISE}:manager.value`, 'M1', `${ENTERPRISE}:manager.value eq "M1"`],
    [
      'emails[type eq "work"].value',
      'a"b@example.com',
      'emails[type eq "work" and value eq "a\\"b@example.com"]',
    ],
    [
      'emails[type eq "work" and primary eq true].display',
      'Ada',
      'emails[type eq "work" and primary eq true and display eq "Ada"]',
    ],
    ['phoneNumbers[type eq "a\\"b"].value', '1', 'phoneNumbers[type eq "a\\"b" and value eq "1"]'],
  ])('%s = %j → %s', (path, value, expected) => {
    expect(equalityFilter(parseScimPath(path), value)).toBe(expected)
  })
})
