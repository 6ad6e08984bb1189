import { describe, expect, it } from 'vitest'
import type { TargetResource } from '../../../../main/connectors/connector'
import type { CompiledMapping } from '../../../../main/engine/plan/compile-job'
import type { DesiredValue, MappedAttribute } from '../../../../main/engine/plan/map-object'
import {
  type AttributeChange,
  buildCreateBody,
  buildPatchOperations,
  currentActive,
} from '../../../../main/engine/plan/target-requests'
import { parseScimPath } from '../../../../main/mapping/scim-path'
import { CORE_USER_SCHEMA } from '../../../../main/mapping/scim-schemas'
import { ENTERPRISE, compileUsers, mapAll, staff } from '../../../helpers/job-fixtures'

function attribute(path: string, value: DesiredValue): MappedAttribute {
  return {
    mapping: { target: parseScimPath(path) } as CompiledMapping,
    value,
    redacted: false,
    fromDefault: false,
  }
}

function change(path: string, value: DesiredValue): AttributeChange {
  return { path: parseScimPath(path), value }
}

describe('buildCreateBody', () => {
  it('lists only the core schema when every path is a core attribute', () => {
    const body = buildCreateBody([attribute('userName', 'ada@example.com'), attribute('active', true)])
    expect(body).toEqual({ schemas: [CORE_USER_SCHEMA], userName: 'ada@example.com', active: true })
  })

  it('adds each extension schema once, after the core schema', () => {
    const body = buildCreateBody([
      attribute(`${ENTERPRISE}:employeeNumber`, '42'),
      attribute('userName', 'ada@example.com'),
      attribute(`${ENTERPRISE}:manager.value`, 'M1'),
      attribute('urn:example:custom:1.0:User:badge', 'B-7'),
    ])
    expect(body).toEqual({
      schemas: [CORE_USER_SCHEMA, ENTERPRISE, 'urn:example:custom:1.0:User'],
      [ENTERPRISE]: { employeeNumber: '42', manager: { value: 'M1' } },
      userName: 'ada@example.com',
      'urn:example:custom:1.0:User': { badge: 'B-7' },
    })
  })

  it('builds elements of multi-valued attributes from their filters, and copies lists', () => {
    const nicknames: ReadonlyArray<string> = ['Ada', 'Countess']
    const body = buildCreateBody([
      attribute('emails[type eq "work"].value', 'ada@example.com'),
      attribute('emails[type eq "work"].display', 'Ada (work)'),
      attribute('phoneNumbers[type eq "mobile" and primary eq true].value', '+44 20 0000'),
      attribute('urn:example:custom:1.0:User:aliases', nicknames),
    ])
    expect(body).toEqual({
      schemas: [CORE_USER_SCHEMA, 'urn:example:custom:1.0:User'],
      emails: [{ type: 'work', value: 'ada@example.com', display: 'Ada (work)' }],
      phoneNumbers: [{ type: 'mobile', primary: true, value: '+44 20 0000' }],
      'urn:example:custom:1.0:User': { aliases: ['Ada', 'Countess'] },
    })
    expect((body['urn:example:custom:1.0:User'] as { aliases: unknown }).aliases).not.toBe(nicknames)
  })

  it('turns a list of role names mapped to roles into SCIM role objects (AppRoleAssignmentsComplex)', () => {
    const body = buildCreateBody([attribute('roles', ['Admin', 'User'])])
    expect(body['roles']).toEqual([
      { primary: false, display: 'Admin', value: 'Admin' },
      { primary: false, display: 'User', value: 'User' },
    ])
  })

  it('builds the sample job’s body from a mapped person', () => {
    const compiled = compileUsers()
    const [mapped] = mapAll(compiled, [staff('E1', 'Ada', 'Lovelace')])
    expect(buildCreateBody(mapped?.attributes ?? [])).toEqual({
      schemas: [CORE_USER_SCHEMA],
      userName: 'ada@example.com',
      externalId: 'E1',
      name: { givenName: 'Ada', familyName: 'Lovelace' },
      displayName: 'Ada Lovelace',
      emails: [{ type: 'work', value: 'ada@example.com' }],
      active: true,
    })
  })
})

describe('buildPatchOperations', () => {
  const current: TargetResource = {
    id: 'T1',
    userName: 'ada@example.com',
    name: { givenName: 'Ada' },
    emails: [{ type: 'Work', value: 'ada@example.com' }],
    active: true,
  }

  it('replaces simple, sub-attribute, extension and present filtered paths by their path', () => {
    expect(
      buildPatchOperations(current, [
        change('userName', 'ada.l@example.com'),
        change('name.familyName', 'Lovelace'),
        change('emails[type eq "work"].value', 'ada.l@example.com'),
        change(`${ENTERPRISE}:department`, 'R&D'),
        change('active', false),
      ])
    ).toEqual([
      { op: 'replace', path: 'userName', value: 'ada.l@example.com' },
      { op: 'replace', path: 'name.familyName', value: 'Lovelace' },
      { op: 'replace', path: 'emails[type eq "work"].value', value: 'ada.l@example.com' },
      { op: 'replace', path: `${ENTERPRISE}:department`, value: 'R&D' },
      { op: 'replace', path: 'active', value: false },
    ])
  })

  it('adds a missing element whole instead of replacing through a filter that matches nothing', () => {
    expect(
      buildPatchOperations(current, [change('phoneNumbers[type eq "mobile"].value', '+44 20 0000')])
    ).toEqual([{ op: 'add', path: 'phoneNumbers', value: [{ type: 'mobile', value: '+44 20 0000' }] }])
  })

  it('merges two sub-attributes of the same missing element into one element', () => {
    expect(
      buildPatchOperations(current, [
        change('addresses[type eq "work"].streetAddress', '1 Main St'),
        change('userName', 'x@example.com'),
        change('addresses[type eq "work"].postalCode', 'AB1 2CD'),
        change('addresses[type eq "home"].postalCode', 'ZZ9 9ZZ'),
      ])
    ).toEqual([
      { op: 'replace', path: 'userName', value: 'x@example.com' },
      {
        op: 'add',
        path: 'addresses',
        value: [{ type: 'work', streetAddress: '1 Main St', postalCode: 'AB1 2CD' }],
      },
      { op: 'add', path: 'addresses', value: [{ type: 'home', postalCode: 'ZZ9 9ZZ' }] },
    ])
  })

  it('adds a missing extension element under its full name, with every filter value', () => {
    expect(
      buildPatchOperations(current, [
        change('urn:example:custom:1.0:User:badges[kind eq "door" and primary eq true].code', 'D-1'),
      ])
    ).toEqual([
      {
        op: 'add',
        path: 'urn:example:custom:1.0:User:badges',
        value: [{ kind: 'door', primary: true, code: 'D-1' }],
      },
    ])
  })

  it('sends lists as copies', () => {
    const groups: ReadonlyArray<string> = ['a', 'b']
    const [operation] = buildPatchOperations(current, [change('urn:example:custom:1.0:User:aliases', groups)])
    expect(operation).toEqual({
      op: 'replace',
      path: 'urn:example:custom:1.0:User:aliases',
      value: ['a', 'b'],
    })
    expect(operation?.value).not.toBe(groups)
  })

  it('replaces the whole roles list with role objects, removing roles no longer assigned', () => {
    const [operation] = buildPatchOperations(current, [change('roles', ['Reader'])])
    expect(operation).toEqual({
      op: 'replace',
      path: 'roles',
      value: [{ primary: false, display: 'Reader', value: 'Reader' }],
    })
  })

  describe('an untyped element and primary values', () => {
    const adopting = (path: string, value: DesiredValue): AttributeChange => ({
      path: { ...parseScimPath(path), adoptsUntyped: true },
      value,
    })

    it('updates the only untyped element and gives it the type, instead of adding a second element', () => {
      const account: TargetResource = {
        id: 'T1',
        emails: [
          { value: 'ada@old.example', primary: true },
          { type: 'home', value: 'ada@home.example' },
        ],
      }
      expect(
        buildPatchOperations(account, [
          change('userName', 'ada@example.com'),
          adopting('emails[type eq "work"].value', 'ada@example.com'),
          adopting('emails[type eq "work"].display', 'Ada'),
        ])
      ).toEqual([
        { op: 'replace', path: 'userName', value: 'ada@example.com' },
        {
          op: 'replace',
          path: 'emails',
          value: [
            { value: 'ada@example.com', primary: true, type: 'work', display: 'Ada' },
            { type: 'home', value: 'ada@home.example' },
          ],
        },
      ])
      // The account as read is not modified.
      expect(account['emails']).toEqual([
        { value: 'ada@old.example', primary: true },
        { type: 'home', value: 'ada@home.example' },
      ])
    })

    it('rewrites the list once when an adopted element and a new element of the same attribute change', () => {
      const account: TargetResource = { id: 'T1', phoneNumbers: [{ value: '+44 20 1111' }] }
      expect(
        buildPatchOperations(account, [
          adopting('phoneNumbers[type eq "work"].value', '+44 20 2222'),
          change('phoneNumbers[type eq "mobile"].value', '+44 77 3333'),
        ])
      ).toEqual([
        {
          op: 'replace',
          path: 'phoneNumbers',
          value: [
            { value: '+44 20 2222', type: 'work' },
            { type: 'mobile', value: '+44 77 3333' },
          ],
        },
      ])
    })

    it('never leaves two primary elements: a new primary element clears the old primary', () => {
      const account: TargetResource = {
        id: 'T1',
        emails: [{ type: 'home', value: 'ada@home.example', primary: 'True' }],
      }
      expect(
        buildPatchOperations(account, [
          change('emails[type eq "work"].value', 'ada@example.com'),
          change('emails[type eq "work"].primary', true),
        ])
      ).toEqual([
        {
          op: 'replace',
          path: 'emails',
          value: [
            { type: 'home', value: 'ada@home.example', primary: false },
            { type: 'work', value: 'ada@example.com', primary: true },
          ],
        },
      ])
    })

    it('never leaves two primary elements: making an existing element primary clears the other', () => {
      const account: TargetResource = {
        id: 'T1',
        emails: [
          { type: 'work', value: 'ada@example.com', primary: false },
          { type: 'home', value: 'ada@home.example', primary: true },
        ],
      }
      expect(buildPatchOperations(account, [change('emails[type eq "work"].primary', true)])).toEqual([
        {
          op: 'replace',
          path: 'emails',
          value: [
            { type: 'work', value: 'ada@example.com', primary: true },
            { type: 'home', value: 'ada@home.example', primary: false },
          ],
        },
      ])
    })

    it('keeps the filtered replace when no other element is primary', () => {
      const account: TargetResource = { id: 'T1', emails: [{ type: 'work', value: 'a@b', primary: false }] }
      expect(buildPatchOperations(account, [change('emails[type eq "work"].primary', true)])).toEqual([
        { op: 'replace', path: 'emails[type eq "work"].primary', value: true },
      ])
      const other: TargetResource = { id: 'T1', emails: [{ type: 'home', value: 'a@b', primary: false }] }
      expect(
        buildPatchOperations(other, [change('emails[type eq "work" and primary eq true].value', 'c@d')])
      ).toEqual([{ op: 'add', path: 'emails', value: [{ type: 'work', primary: true, value: 'c@d' }] }])
    })
  })

  it('returns no operation for no change', () => {
    expect(buildPatchOperations(current, [])).toEqual([])
  })
})

describe('currentActive', () => {
  it('reads active whatever its spelling', () => {
    expect(currentActive({ id: 'x', Active: 'False' })).toBe('False')
    expect(currentActive({ id: 'x' })).toBeUndefined()
  })
})
