/**
 * Entra's target object actions (users.actions) through the real CLI against the sandbox: a
 * write the job does not allow is never sent, and the dry run says why.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SandboxServer } from '../../main/connectors/scim/sandbox/sandbox-server'
import {
  baseJob,
  NO_WRITES,
  person,
  startTarget,
  USER_SCHEMA,
  usersByName,
  Workspace,
  writeCounts,
} from '../helpers/provisioning-fixture'

const alice = person('2001', 'Alice', 'Smith', { mail: 'alice@example.com', title: 'Analyst' })
const carol = person('2003', 'Carol', 'White')

const ALICE_ACCOUNT = {
  id: 'acc-alice',
  schemas: [USER_SCHEMA],
  userName: 'alice@example.com',
  name: { givenName: 'Alice', familyName: 'Smith' },
  displayName: 'Alice Smith',
  title: 'Intern',
  active: true,
}

let server: SandboxServer

afterEach(async () => {
  await server.close()
})

function workspace(actions: ReadonlyArray<string>): Workspace {
  const ws = new Workspace()
  const job = baseJob(server.baseUrl)
  ws.writeJob({ ...job, users: { ...job.users, actions: [...actions] } })
  return ws
}

describe('an update-only job against an app that already holds accounts', () => {
  beforeEach(async () => {
    server = await startTarget({ seedUsers: [ALICE_ACCOUNT] })
  })

  it('links and updates the existing account and never creates one (no POST)', async () => {
    const ws = workspace(['update', 'delete'])
    ws.writePeople([alice, carol])

    const plan = await ws.plan()
    const bySource = new Map(plan.operations.map(operation => [operation.sourceId, operation]))
    expect(bySource.get('2001')).toMatchObject({ action: 'link', targetId: 'acc-alice' })
    expect(bySource.get('2003')).toMatchObject({ action: 'skip', errorCode: 'ActionNotEnabled' })
    const why = 'one would be created, but the "Create" action is not enabled for users (users.actions)'
    expect(bySource.get('2003')?.reason).toContain(why)
    const text = await ws.cli(['plan', '--job', 'job.json'])
    expect(text.code).toBe(0)
    expect(text.stdout).toContain(why)

    await ws.apply()
    expect(writeCounts(server)).toEqual({ ...NO_WRITES, PATCH: 1 })
    expect(server.store.getUser('acc-alice')).toMatchObject({ title: 'Analyst' })
    expect(usersByName(server).has('carol.white@example.com')).toBe(false)
  })
})

describe('a job without "delete"', () => {
  beforeEach(async () => {
    server = await startTarget()
  })

  it('leaves a leaver active and says why in the dry run', async () => {
    const ws = workspace(['create', 'update', 'delete'])
    ws.writePeople([alice, carol])
    await ws.apply()
    const aliceId = String(usersByName(server).get('alice@example.com')?.['id'])

    const job = baseJob(server.baseUrl)
    ws.writeJob({ ...job, users: { ...job.users, actions: ['create', 'update'] } })
    ws.writePeople([carol])
    server.resetRequestCounts()

    const plan = await ws.plan()
    const leaver = plan.operations.find(operation => operation.sourceId === '2001')
    expect(leaver).toMatchObject({ action: 'skip', errorCode: 'ActionNotEnabled', targetId: aliceId })
    expect(leaver?.reason).toContain(
      'Person removed from the source: the account would be disabled, but the "Delete" action is not enabled'
    )
    await ws.apply()
    expect(writeCounts(server)).toEqual(NO_WRITES)
    expect(server.store.getUser(aliceId)).toMatchObject({ active: true })
  })
})
