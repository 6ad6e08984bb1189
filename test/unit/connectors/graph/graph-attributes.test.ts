import { describe, expect, it } from 'vitest'
import {
  flattenGraphObject,
  GRAPH_GROUP_PROPERTIES,
  GRAPH_USER_PROPERTIES,
  graphSelect,
  isGraphAttribute,
} from '../../../../main/connectors/graph/graph-attributes'

describe('flattenGraphObject', () => {
  it('gives Graph properties as source attributes', () => {
    expect(
      flattenGraphObject({
        '@odata.type': '#microsoft.graph.user',
        id: 'u1',
        accountEnabled: false,
        businessPhones: ['+1 425 555 0100'],
        otherMails: [],
        mail: null,
        givenName: '',
        onPremisesExtensionAttributes: { extensionAttribute1: 'E1', extensionAttribute2: null },
        employeeOrgData: { costCenter: 'CC-7', division: null },
        identities: [{ signInType: 'emailAddress', issuerAssignedId: 'x' }],
        manager: { '@odata.type': '#microsoft.graph.user', id: 'm1', displayName: 'Boss' },
        extension_0123456789abcdef0123456789abcdef_badge: 42,
      })
    ).toEqual({
      id: 'u1',
      accountEnabled: 'False',
      businessPhones: ['+1 425 555 0100'],
      'onPremisesExtensionAttributes.extensionAttribute1': 'E1',
      'employeeOrgData.costCenter': 'CC-7',
      manager: 'm1',
      extension_0123456789abcdef0123456789abcdef_badge: '42',
    })
  })
})

describe('graphSelect', () => {
  it('selects the top-level properties a job reads, id always, the manager apart', () => {
    expect(
      graphSelect([
        'mail',
        'onPremisesExtensionAttributes.extensionAttribute3',
        'manager',
        'mail',
        'givenName',
      ])
    ).toEqual({ select: ['givenName', 'id', 'mail', 'onPremisesExtensionAttributes'], manager: true })
    expect(graphSelect([])).toEqual({ select: ['id'], manager: false })
  })
})

describe('isGraphAttribute', () => {
  it.each([
    ['userPrincipalName', true],
    ['manager', true],
    ['onPremisesExtensionAttributes.extensionAttribute15', true],
    ['onPremisesExtensionAttributes.extensionAttribute16', false],
    ['employeeOrgData.costCenter', true],
    ['extension_0123456789abcdef0123456789abcdef_badge', true],
    ['extension_badge', false],
    ['UserPrincipalName', false],
    ['surName', false],
    ['mail.address', false],
  ])('user attribute %s → %s', (name, known) => {
    expect(isGraphAttribute(name, GRAPH_USER_PROPERTIES)).toBe(known)
  })

  it('knows group properties apart from user ones', () => {
    expect(isGraphAttribute('securityEnabled', GRAPH_GROUP_PROPERTIES)).toBe(true)
    expect(isGraphAttribute('userPrincipalName', GRAPH_GROUP_PROPERTIES)).toBe(false)
  })
})
