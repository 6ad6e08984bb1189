import { describe, expect, it } from 'vitest'
import {
  flattenScimResource,
  isScimSourceAttribute,
  listsMembers,
  SCIM_CORE_USER_ATTRIBUTES,
  scimMemberIds,
} from '../../../../main/connectors/scim/scim-flatten'

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'

describe('flattenScimResource', () => {
  it('names simple, complex, multi-valued and extension attributes as expressions can write them', () => {
    const attributes = flattenScimResource({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ENTERPRISE],
      id: 'u-1',
      externalId: 'E1',
      userName: 'ada@example.com',
      active: false,
      name: { givenName: 'Ada', familyName: 'Lovelace', formatted: '' },
      emails: [
        { value: 'ada@home.example', type: 'home' },
        { value: 'ada@example.com', type: 'work', primary: true },
        { value: 'ada2@example.com', type: 'work' },
      ],
      addresses: [{ type: 'work', locality: 'London', country: 'GB' }],
      roles: [{ value: 'admin' }, { value: 'dev' }],
      meta: { resourceType: 'User', lastModified: '2024-01-02T03:04:05Z' },
      [ENTERPRISE]: { department: 'R&D', employeeNumber: 7, manager: { value: 'u-9', displayName: 'Boss' } },
    })
    expect(attributes).toEqual({
      id: 'u-1',
      externalId: 'E1',
      userName: 'ada@example.com',
      active: 'False',
      'name.givenName': 'Ada',
      'name.familyName': 'Lovelace',
      emails: ['ada@home.example', 'ada@example.com', 'ada2@example.com'],
      'emails.home': 'ada@home.example',
      'emails.work': 'ada@example.com',
      'emails.primary': 'ada@example.com',
      'addresses.work.locality': 'London',
      'addresses.work.country': 'GB',
      roles: ['admin', 'dev'],
      'meta.resourceType': 'User',
      'meta.lastModified': '2024-01-02T03:04:05Z',
      [`${ENTERPRISE}:department`]: 'R&D',
      [`${ENTERPRISE}:employeeNumber`]: '7',
      [`${ENTERPRISE}:manager`]: 'u-9',
      [`${ENTERPRISE}:manager.displayName`]: 'Boss',
    })
  })

  it('spells core names as the RFC does whatever case the server writes', () => {
    expect(flattenScimResource({ ID: 'x', USERNAME: 'a', Name: { GIVENNAME: 'A' }, Active: true })).toEqual({
      id: 'x',
      userName: 'a',
      'name.givenName': 'A',
      active: 'True',
    })
  })

  it('leaves out nulls, empty strings and empty lists (an absent attribute is not a key)', () => {
    expect(flattenScimResource({ id: 'x', title: null, nickName: '', emails: [], name: {} })).toEqual({
      id: 'x',
    })
  })
})

describe('scimMemberIds', () => {
  it('lists the member ids, leaving nested groups out', () => {
    const group = {
      id: 'g',
      members: [
        { value: 'u-1', display: 'Ada' },
        { value: 'g-2', type: 'Group' },
        { value: 'u-2', type: 'User' },
        { display: 'no value' },
      ],
    }
    expect(scimMemberIds(group)).toEqual(['u-1', 'u-2'])
    expect(listsMembers(group)).toBe(true)
    expect(listsMembers({ id: 'g' })).toBe(false)
    expect(scimMemberIds({ id: 'g' })).toEqual([])
  })
})

describe('isScimSourceAttribute', () => {
  it.each([
    ['userName', true],
    ['name.givenName', true],
    ['emails.work', true],
    [`${ENTERPRISE}:manager`, true],
    ['urn:example:custom:2.0:User:skills', true],
    ['mail', false],
    ['username', false],
    ['givenName', false],
  ])('%s → %s', (name, known) => {
    expect(isScimSourceAttribute(name, SCIM_CORE_USER_ATTRIBUTES)).toBe(known)
  })
})
