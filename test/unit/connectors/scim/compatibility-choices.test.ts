/**
 * Entra's SCIM compatibility choices (the aadOptscim062020 flag), one job option each: the exact
 * request each setting sends, through the real ScimTarget to a recording server.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { PatchOperation, TargetResource } from '../../../../main/connectors/connector'
import { removalOperations } from '../../../../main/connectors/scim/scim-members'
import { ScimTarget } from '../../../../main/connectors/scim/scim-target'
import type { ScimDialect } from '../../../../main/connectors/scim/scim-dialect'
import { compileJob } from '../../../../main/engine/plan/compile-job'
import { buildPatchOperations } from '../../../../main/engine/plan/target-requests'
import { PATCH_OP_SCHEMA } from '../../../../main/mapping/scim-schemas'
import { jobFileErrorOf, loadJob } from '../../../helpers/job-fixtures'
import { sendJson, startTestServer, type TestServer } from '../../../helpers/http-test-server'

const servers: TestServer[] = []
const targets: ScimTarget[] = []
afterEach(async () => {
  await Promise.all(targets.splice(0).map(target => target.close()))
  await Promise.all(servers.splice(0).map(server => server.close()))
})

/** The JSON body of the one request `send` makes through a target with `dialect`. */
async function bodySent(
  dialect: Partial<ScimDialect>,
  send: (target: ScimTarget) => Promise<unknown>
): Promise<unknown> {
  const server = await startTestServer((_request, response) => sendJson(response, 200, { id: 'u1' }))
  servers.push(server)
  const target = new ScimTarget({
    baseUrl: server.origin,
    authorization: null,
    timeoutMs: 5_000,
    connections: 1,
    dialect,
  })
  targets.push(target)
  await send(target)
  expect(server.requests).toHaveLength(1)
  return JSON.parse(server.requests[0]?.body ?? '') as unknown
}

function patchBody(...operations: ReadonlyArray<object>): unknown {
  return { schemas: [PATCH_OP_SCHEMA], Operations: operations }
}

const disable: PatchOperation[] = [{ op: 'replace', path: 'active', value: false }]

describe('target.patchOps', () => {
  it('rfc (default) sends lower-case ops; entra sends them capitalised', async () => {
    const add: PatchOperation[] = [{ op: 'add', path: 'nickName', value: 'Babs' }]
    expect(await bodySent({}, target => target.update('user', 'u1', add))).toEqual(
      patchBody({ op: 'add', path: 'nickName', value: 'Babs' })
    )
    expect(await bodySent({ patchOps: 'entra' }, target => target.update('user', 'u1', add))).toEqual(
      patchBody({ op: 'Add', path: 'nickName', value: 'Babs' })
    )
  })
})

describe('target.activeValue', () => {
  it('boolean (default) sends active as a JSON boolean', async () => {
    expect(await bodySent({}, target => target.update('user', 'u1', disable))).toEqual(
      patchBody({ op: 'replace', path: 'active', value: false })
    )
  })

  it('string sends "False" and "True" in PATCH, and the boolean in a create, as Entra does without the flag', async () => {
    const entra = { patchOps: 'entra', activeValue: 'string' } as const
    expect(await bodySent(entra, target => target.update('user', 'u1', disable))).toEqual(
      patchBody({ op: 'Replace', path: 'active', value: 'False' })
    )
    const enable: PatchOperation[] = [{ op: 'replace', path: 'Active', value: true }]
    expect(await bodySent(entra, target => target.update('user', 'u1', enable))).toEqual(
      patchBody({ op: 'Replace', path: 'Active', value: 'True' })
    )
    const create = { schemas: ['s'], userName: 'ada', active: true }
    expect(await bodySent(entra, target => target.create('user', create))).toEqual(create)
  })

  it('string leaves every other attribute, and a non-boolean active, as it is', async () => {
    const operations: PatchOperation[] = [
      { op: 'replace', path: 'title', value: true },
      { op: 'replace', path: 'active', value: 'False' },
    ]
    expect(
      await bodySent({ activeValue: 'string' }, target => target.update('user', 'u1', operations))
    ).toEqual(patchBody(...operations))
  })
})

describe('target.multiValuedUpdates', () => {
  const current: TargetResource = {
    id: 'u1',
    emails: [
      { type: 'work', value: 'old@example.com', primary: true },
      { type: 'home', value: 'ada@home.example' },
    ],
  }

  /** The PATCH a job with `target` sends to change the work email of `current`. */
  async function workEmailChange(target: Record<string, unknown>): Promise<unknown> {
    const mappings = compileJob(loadJob({ target })).users.mappings
    const email = mappings.find(mapping => mapping.target.text === 'emails[type eq "work"].value')
    if (email === undefined) throw new Error('the sample job maps the work email')
    const operations = buildPatchOperations(current, [{ path: email.target, value: 'new@example.com' }])
    return bodySent({}, scim => scim.update('user', 'u1', operations))
  }

  it('path-filter (default) replaces the element through a filter path', async () => {
    expect(await workEmailChange({})).toEqual(
      patchBody({ op: 'replace', path: 'emails[type eq "work"].value', value: 'new@example.com' })
    )
  })

  it('whole-list replaces the whole list, the other elements kept', async () => {
    expect(await workEmailChange({ multiValuedUpdates: 'whole-list' })).toEqual(
      patchBody({
        op: 'replace',
        path: 'emails',
        value: [
          { type: 'work', value: 'new@example.com', primary: true },
          { type: 'home', value: 'ada@home.example' },
        ],
      })
    )
  })
})

describe('target.multiValuedUpdates: whole-list, for an element the account lacks', () => {
  it('sends the list with the new element added, never a filter path', async () => {
    const mappings = compileJob(loadJob({ target: { multiValuedUpdates: 'whole-list' } })).users.mappings
    const email = mappings.find(mapping => mapping.target.text === 'emails[type eq "work"].value')
    if (email === undefined) throw new Error('the sample job maps the work email')
    const current: TargetResource = { id: 'u1', emails: [{ type: 'home', value: 'ada@home.example' }] }
    const operations = buildPatchOperations(current, [{ path: email.target, value: 'ada@example.org' }])
    expect(await bodySent({}, scim => scim.update('user', 'u1', operations))).toEqual(
      patchBody({
        op: 'replace',
        path: 'emails',
        value: [
          { type: 'home', value: 'ada@home.example' },
          { type: 'work', value: 'ada@example.org' },
        ],
      })
    )
  })
})

describe('target.memberRemoval', () => {
  it('path-filter names the member in the path; value-list names it in the value, as Entra does by default', async () => {
    const remove = (form: 'path-filter' | 'value-list') => (target: ScimTarget) =>
      target.update('group', 'g1', removalOperations(['u 7'], form))
    expect(await bodySent({}, remove('path-filter'))).toEqual(
      patchBody({ op: 'remove', path: 'members[value eq "u 7"]' })
    )
    expect(await bodySent({ patchOps: 'entra' }, remove('value-list'))).toEqual(
      patchBody({ op: 'Remove', path: 'members', value: [{ value: 'u 7' }] })
    )
  })
})

describe('compatibility choices in the job file', () => {
  it.each([
    ['patchOps', 'Entra', '"rfc", "entra"'],
    ['activeValue', 'False', '"boolean", "string"'],
    ['multiValuedUpdates', 'replace', '"path-filter", "whole-list"'],
    ['memberRemoval', 'value', '"path-filter", "value-list"'],
  ])('refuses a bad target.%s naming its place and the choices', (option, value, choices) => {
    const [issue, ...others] = jobFileErrorOf(() => loadJob({ target: { [option]: value } })).issues
    expect(others).toEqual([])
    expect(issue).toMatchObject({
      file: 'jobs/job.json',
      field: `target.${option}`,
      message: `must be one of ${choices} (README: "Compatibility choices")`,
    })
    expect(issue?.line).toBeGreaterThan(0)
  })

  it('defaults to the RFC 7644 forms', () => {
    expect(loadJob().config.target).toMatchObject({
      patchOps: 'rfc',
      activeValue: 'boolean',
      multiValuedUpdates: 'path-filter',
      memberRemoval: 'path-filter',
    })
  })
})
