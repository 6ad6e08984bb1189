import { describe, expect, it } from 'vitest'
import { valueOf } from './mapping-test-helpers'

describe('SingleAppRoleAssignment([appRoleAssignments])', () => {
  it.each([
    // One role: that role.
    [{ appRoleAssignments: ['Admin'] }, 'Admin'],
    [{ appRoleAssignments: 'Admin' }, 'Admin'],
    // Several (Entra: unsupported, unpredictable): the first non-empty, in source order.
    [{ appRoleAssignments: ['Admin', 'User'] }, 'Admin'],
    [{ appRoleAssignments: ['User', 'Admin'] }, 'User'],
    [{ appRoleAssignments: ['', 'User'] }, 'User'],
    // No roles.
    [{}, null],
    [{ appRoleAssignments: [] }, null],
    [{ appRoleAssignments: '' }, null],
    [{ appRoleAssignments: [''] }, null],
  ])('with %j → %j', (source, expected) => {
    expect(valueOf('SingleAppRoleAssignment([appRoleAssignments])', source)).toEqual(expected)
  })
})

describe('AppRoleAssignmentsComplex([appRoleAssignments])', () => {
  it.each([
    // Every role, each once, in source order; empty values dropped.
    [{ appRoleAssignments: ['Admin', 'User'] }, ['Admin', 'User']],
    [{ appRoleAssignments: ['User', 'Admin', 'User', ''] }, ['User', 'Admin']],
    [{ appRoleAssignments: ['Admin'] }, ['Admin']],
    [{ appRoleAssignments: 'Admin' }, ['Admin']],
    // No roles.
    [{}, null],
    [{ appRoleAssignments: '' }, null],
    [{ appRoleAssignments: [''] }, null],
  ])('with %j → %j', (source, expected) => {
    expect(valueOf('AppRoleAssignmentsComplex([appRoleAssignments])', source)).toEqual(expected)
  })

  it('counts and joins like any multi-valued result', () => {
    const source = { appRoleAssignments: ['Admin', 'User'] }
    expect(valueOf('Count(AppRoleAssignmentsComplex([appRoleAssignments]))', source)).toBe('2')
    expect(valueOf('Join(",", AppRoleAssignmentsComplex([appRoleAssignments]))', source)).toBe('Admin,User')
  })
})
