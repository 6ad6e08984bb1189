/**
 * A value the target attribute cannot hold — a list for a single-valued attribute — is caught by
 * the dry run as an error for that person, naming the attribute and the values, and apply sends
 * nothing for them instead of collecting a 400 from the app.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SandboxServer } from '../../main/connectors/scim/sandbox/sandbox-server'
import {
  baseJob,
  ENTERPRISE,
  enterprise,
  person,
  startTarget,
  usersByName,
  Workspace,
  writeCounts,
} from '../helpers/provisioning-fixture'

let server: SandboxServer

beforeEach(async () => {
  server = await startTarget()
})

afterEach(async () => {
  await server.close()
})

describe('a list mapped to a single-valued attribute', () => {
  it('is an ExpressionEvaluationFailed for that person in the dry run, and apply sends nothing for them', async () => {
    const ws = new Workspace()
    ws.writePeople([
      person('1001', 'Ada', 'Lovelace', { department: 'Engineering;Research' }),
      person('1002', 'Grace', 'Hopper', { department: 'Engineering' }),
    ])
    const job = baseJob(server.baseUrl)
    // The department column is read as a list; the job maps it to the enterprise department.
    job.source['multiValued'] = { department: ';' }
    ws.writeJob(job)

    const plan = await ws.plan()

    const ada = plan.operations.find(operation => operation.sourceId === '1001')
    expect(ada).toMatchObject({ action: 'skip', errorCode: 'ExpressionEvaluationFailed' })
    expect(ada?.reason).toBe(
      `Cannot provision: ${ENTERPRISE}:department: the expression gives 2 values ["Engineering","Research"], ` +
        'but the attribute holds one value (single-valued in RFC 7643; pick one value, e.g. with Item() or Join())'
    )
    expect(plan.operations.find(operation => operation.sourceId === '1002')?.changes).toContainEqual({
      path: `${ENTERPRISE}:department`,
      from: null,
      to: 'Engineering',
    })

    const result = await ws.apply([], 1)

    expect(result.failures).toEqual([
      expect.objectContaining({
        sourceId: '1001',
        errorCode: 'ExpressionEvaluationFailed',
        httpStatus: null,
      }),
    ])
    expect(writeCounts(server)).toMatchObject({ POST: 1, PATCH: 0 })
    expect([...usersByName(server).keys()]).toEqual(['grace.hopper@example.com'])
    expect(enterprise(usersByName(server).get('grace.hopper@example.com'), 'department')).toBe('Engineering')
  })
})
