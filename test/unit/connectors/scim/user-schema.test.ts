/**
 * Reference attributes read from an app's /Schemas (RFC 7643 §7): which attributes name another
 * user, and where a job's mappings disagree with the app's schema.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SANDBOX_EXTENSION_SCHEMA } from '../../../../main/connectors/scim/sandbox/sandbox-extension'
import type { SandboxServer } from '../../../../main/connectors/scim/sandbox/sandbox-server'
import {
  readUserSchema,
  referenceAttributes,
  referenceDisagreements,
} from '../../../../main/connectors/scim/user-schema'
import { parseScimPath } from '../../../../main/mapping/scim-path'
import { ENTERPRISE, type SandboxClient, startTestSandbox } from './sandbox/sandbox-client'

const CUSTOM = 'urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User'

const ref = (referenceTypes: string[], extra: Record<string, unknown> = {}) => ({
  name: '$ref',
  type: 'reference',
  referenceTypes,
  ...extra,
})

/** A /Schemas answer with every form a reference takes, and look-alikes that are not one. */
const SCHEMAS = {
  schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
  Resources: [
    {
      id: 'urn:ietf:params:scim:schemas:core:2.0:User',
      attributes: [
        { name: 'userName', type: 'string' },
        // RFC 7643 §4.1.2: read-only, and a list: the app keeps it, no client writes it.
        {
          name: 'groups',
          type: 'complex',
          multiValued: true,
          mutability: 'readOnly',
          subAttributes: [ref(['User', 'Group'])],
        },
        { name: 'profileUrl', type: 'reference', referenceTypes: ['external'] },
      ],
    },
    {
      id: ENTERPRISE,
      attributes: [
        { name: 'department', type: 'string' },
        {
          name: 'manager',
          type: 'complex',
          subAttributes: [{ name: 'value', type: 'string' }, ref(['User'])],
        },
      ],
    },
    {
      id: CUSTOM,
      attributes: [
        { name: 'sponsor', type: 'reference', referenceTypes: ['user'] },
        { name: 'buddies', type: 'reference', referenceTypes: ['User'], multiValued: true },
        { name: 'costCode', type: 'string' },
      ],
    },
    {
      id: 'urn:ietf:params:scim:schemas:core:2.0:Group',
      attributes: [{ name: 'members', type: 'complex', subAttributes: [ref(['User', 'Group'])] }],
    },
  ],
}

const mapping = (target: string, reference: unknown = null) => ({ target: parseScimPath(target), reference })

describe('readUserSchema', () => {
  it('finds the single, writable attributes of User schemas that name a User', () => {
    const schema = readUserSchema(SCHEMAS)
    expect(schema).not.toBeNull()
    expect(referenceAttributes(schema ?? new Map())).toEqual([`${ENTERPRISE}:manager`, `${CUSTOM}:sponsor`])
    expect(schema?.get('groups')).toEqual({ name: 'groups', type: 'complex', reference: false })
    // Group schemas are not the users' (members is not a user attribute).
    expect(schema?.has('members')).toBe(false)
  })

  it('reads a bare array too, and says nothing for what is not a schema list', () => {
    expect(referenceAttributes(readUserSchema(SCHEMAS.Resources) ?? new Map())).toHaveLength(2)
    for (const body of [null, 'Not found', {}, { Resources: 'x' }, { Resources: [{ id: 'x' }] }]) {
      expect(readUserSchema(body)).toBeNull()
    }
  })
})

describe('referenceDisagreements', () => {
  const schema = readUserSchema(SCHEMAS) ?? new Map()

  it('warns for a reference attribute mapped without "reference", naming the mapping', () => {
    expect(referenceDisagreements(schema, [mapping(`${CUSTOM}:sponsor`)])).toEqual([
      `${CUSTOM}:sponsor names another user in the app's schema: add "reference": {} to its mapping ` +
        '(or {"by": "column"}) so the person\'s account id is sent, not the source value',
    ])
  })

  it('warns for "reference" on an attribute the schema says is not one, or does not have', () => {
    expect(
      referenceDisagreements(schema, [
        mapping(`${CUSTOM}:costCode`, { by: null }),
        mapping(`${CUSTOM}:nothing`, { by: null }),
      ])
    ).toEqual([
      `${CUSTOM}:costCode is mapped as a reference, but the app's schema says it is a string, not a reference to a user: an account id would be sent there`,
      `${CUSTOM}:nothing is mapped as a reference, but the app's schema has no such attribute`,
    ])
  })

  it('accepts agreeing mappings, whatever the case and form of the path', () => {
    expect(
      referenceDisagreements(schema, [
        mapping(`${ENTERPRISE}:manager.value`, { by: null }),
        mapping(`${CUSTOM.toLowerCase()}:SPONSOR`, { by: 'mail' }),
        mapping('urn:ietf:params:scim:schemas:core:2.0:User:userName'),
        mapping(`${ENTERPRISE}:department`),
        mapping('title'),
      ])
    ).toEqual([])
  })
})

describe('the sandbox app’s /Schemas', () => {
  let server: SandboxServer
  let client: SandboxClient
  beforeAll(async () => {
    ;({ server, client } = await startTestSandbox())
  })
  afterAll(() => server.close())

  it('has two reference attributes: the enterprise manager and its own sponsor', async () => {
    const schema = readUserSchema((await client.get('/Schemas')).body)
    expect(referenceAttributes(schema ?? new Map())).toEqual([
      `${ENTERPRISE}:manager`,
      `${SANDBOX_EXTENSION_SCHEMA}:sponsor`,
    ])
  })
})
