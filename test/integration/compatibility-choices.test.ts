/**
 * Entra's SCIM compatibility choices through the real CLI: an app built for Entra's default
 * PATCH (active as "False", no filter paths) is provisioned end to end once the job says so.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { SandboxServer } from '../../main/connectors/scim/sandbox/sandbox-server'
import { startDeviantTarget } from '../helpers/deviant-target'
import type { FaultInjector } from '../helpers/fault-injection'
import { baseJob, person, usersByName, Workspace } from '../helpers/provisioning-fixture'

let server: SandboxServer | undefined

afterEach(async () => {
  await server?.close()
  server = undefined
})

const ada = person('1', 'Ada', 'Lovelace')

async function entraStyleApp(): Promise<{ target: SandboxServer; faults: FaultInjector }> {
  const { server: target, faults } = await startDeviantTarget([
    'patchActiveOnlyAsString',
    'refusesFilterPaths',
  ])
  server = target
  return { target, faults }
}

function workspace(baseUrl: string, target: Record<string, unknown>): Workspace {
  const ws = new Workspace()
  const job = baseJob(baseUrl)
  ws.writeJob({ ...job, target: { ...job.target, ...target } })
  ws.writePeople([ada])
  return ws
}

describe('compatibility choices against an app that takes only Entra-default PATCHes', () => {
  it('updates a work email by whole list and disables with "False" when the job sets them', async () => {
    const { target, faults } = await entraStyleApp()
    const ws = workspace(target.baseUrl, { activeValue: 'string', multiValuedUpdates: 'whole-list' })
    await ws.apply()
    const moved = { ...ada, mail: 'ada@example.org' }
    ws.writePeople([moved])
    expect((await ws.apply()).summary.users.update).toBe(1)
    expect(usersByName(target).get('ada@example.org')?.['emails']).toEqual([
      expect.objectContaining({ type: 'work', value: 'ada@example.org' }),
    ])
    ws.writePeople([{ ...moved, status: 'Terminated' }])
    expect((await ws.apply()).summary.users.disable).toBe(1)
    expect(usersByName(target).get('ada@example.org')?.['active']).toBe(false)
    expect(faults.hits('refusesFilterPaths')).toBe(0)
    expect(faults.hits('patchActiveAsBoolean')).toBe(0)
  })

  it('fails the same changes with the RFC forms, naming the refusal', async () => {
    const { target, faults } = await entraStyleApp()
    const ws = workspace(target.baseUrl, {})
    await ws.apply()
    ws.writePeople([{ ...ada, status: 'Terminated' }])
    const run = await ws.apply([], 1)
    expect(run.failures).toHaveLength(1)
    expect(run.failures[0]?.message).toMatch(/HTTP 400 \(invalidValue\): "active: expected \\"True\\"/)
    expect(faults.hits('patchActiveAsBoolean')).toBeGreaterThan(0)
    expect(usersByName(target).get('ada.lovelace@example.com')?.['active']).toBe(true)
  })
})
