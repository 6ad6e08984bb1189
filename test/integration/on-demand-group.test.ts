/**
 * `apply --only-group GROUP [--explain] [--json]`: Entra's provision on demand for a group (§H:
 * "one group with up to 5 members") through the real CLI against the sandbox — the members are
 * created first, then the group with them; a bigger group is refused with nothing written.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SandboxServer } from '../../main/connectors/scim/sandbox/sandbox-server'
import {
  baseJob,
  describeResult,
  expectJson,
  person,
  staff,
  startTarget,
  usersByName,
  Workspace,
} from '../helpers/provisioning-fixture'
import { ScimTraffic } from '../helpers/scim-traffic'
import { logsOf, runsOf } from '../helpers/state-queries'

let server: SandboxServer
let traffic: ScimTraffic

beforeEach(async () => {
  traffic = new ScimTraffic()
  server = await startTarget({ middleware: traffic.middleware })
})

afterEach(async () => {
  await server.close()
})

/** Staff (Research: Alan and Katherine; Engineering: three) and four more engineers: seven. */
function workspace(): Workspace {
  const ws = new Workspace()
  ws.writePeople([
    ...staff(),
    person('1006', 'Linus', 'Torvalds'),
    person('1007', 'Barbara', 'Liskov'),
    person('1008', 'Dennis', 'Ritchie'),
    person('1009', 'Frances', 'Allen'),
  ])
  ws.writeJob({ ...baseJob(server.baseUrl), groups: { fromColumn: 'department' } })
  return ws
}

function groupNamed(name: string): Readonly<Record<string, unknown>> | undefined {
  return server.store.listGroups().find(group => group['displayName'] === name)
}

function memberIds(group: Readonly<Record<string, unknown>> | undefined): string[] {
  const members = group?.['members']
  return Array.isArray(members)
    ? (members as Array<{ value: string }>).map(member => member.value).sort()
    : []
}

describe('provision on demand for a group', () => {
  it('creates the members first, then the group holding them, and shows the group’s steps then each member’s', async () => {
    const ws = workspace()
    traffic.phase = 'group'
    const result = await ws.cli(['apply', '--job', 'job.json', '--only-group', 'research', '--explain'])

    expect(result.code, describeResult('apply --only-group', result)).toBe(0)
    expect(
      traffic
        .writes('group')
        .map(request => `${request.method} ${request.path.replace(/\/(Users|Groups)\/[^/]+$/, '/$1/ID')}`)
    ).toEqual([
      'POST /scim/v2/Users',
      'POST /scim/v2/Users',
      'POST /scim/v2/Groups',
      'PATCH /scim/v2/Groups/ID',
    ])
    expect(traffic.userCreates('group').sort()).toEqual([
      'alan.turing@example.com',
      'katherine.johnson@example.com',
    ])
    const accounts = usersByName(server)
    expect(accounts.size).toBe(2)
    expect(server.store.listGroups()).toHaveLength(1)
    expect(memberIds(groupNamed('Research'))).toEqual(
      ['alan.turing@example.com', 'katherine.johnson@example.com']
        .map(name => String(accounts.get(name)?.['id']))
        .sort()
    )

    const out = result.stdout
    expect(out).toContain('Provision on demand: group Research (source id Research) and 2 member(s)')
    const lines = out.split('\n')
    const steps = lines.filter(line => /^\d+\. |^Member /.test(line))
    expect(steps).toEqual([
      // Groups have no scoping filters: a group is in scope when the source names it.
      '1. Import group: success',
      '2. Match group between source and target: success',
      '3. Decide the action: success',
      '4. Perform action: success',
      'Member alan.turing@example.com (source id 1003):',
      '1. Import user: success',
      '2. Determine if user is in scope: success',
      '3. Match user between source and target: success',
      '4. Decide the action: success',
      '5. Perform action: success',
      'Member katherine.johnson@example.com (source id 1004):',
      '1. Import user: success',
      '2. Determine if user is in scope: success',
      '3. Match user between source and target: success',
      '4. Decide the action: success',
      '5. Perform action: success',
    ])
    // --explain: a member's imported attributes under its import step.
    expect(out).toMatch(/^\s+givenName: "?Alan"?$/m)

    const [run] = runsOf(ws)
    expect(run).toMatchObject({ mode: 'on-demand', status: 'completed' })
    expect(
      logsOf(ws, String(run?.id)).map(entry => `${entry.objectType} ${entry.action} ${entry.sourceId}`)
    ).toEqual(['user create 1003', 'user create 1004', 'group create Research'])
  })

  it('a second time writes nothing and answers --json with the group then its members', async () => {
    const ws = workspace()
    traffic.phase = 'setup'
    expect((await ws.cli(['apply', '--job', 'job.json', '--only-group', 'Research'])).code).toBe(0)
    traffic.phase = 'again'
    const again = expectJson<{
      status: string
      group: { operation: { action: string }; steps: ReadonlyArray<{ type: string }> }
      members: ReadonlyArray<{ operation: { action: string; sourceId: string } }>
    }>(await ws.cli(['apply', '--job', 'job.json', '--only-group', 'Research', '--json']), 0)
    expect(again.status).toBe('completed')
    expect(again.group.operation.action).toBe('unchanged')
    expect(again.group.steps.map(step => step.type)).toEqual(['import', 'matching', 'processing'])
    expect(again.members.map(member => [member.operation.sourceId, member.operation.action])).toEqual([
      ['1003', 'unchanged'],
      ['1004', 'unchanged'],
    ])
    expect(traffic.writes('again')).toEqual([])
  })

  it('refuses a group of more than 5 members, stating Entra’s limit, and writes nothing', async () => {
    const ws = workspace()
    traffic.phase = 'big'
    const result = await ws.cli(['apply', '--job', 'job.json', '--only-group', 'Engineering'])
    expect(result.code, describeResult('apply --only-group', result)).toBe(2)
    expect(result.stderr).toContain(
      'Group "Engineering" (Engineering) has 7 members; provision on demand takes a group with at most 5 members, as Entra does'
    )
    expect(result.stderr).toContain('nothing was changed')
    expect(traffic.writes('big')).toEqual([])
    expect(runsOf(ws)).toEqual([])
  })

  it('refuses an unknown group, a job without groups, and --only with --only-group', async () => {
    const ws = workspace()
    const unknown = await ws.cli(['apply', '--job', 'job.json', '--only-group', 'Marketing'])
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain('No group with id or name "Marketing" is in')
    const both = await ws.cli(['apply', '--job', 'job.json', '--only-group', 'Research', '--only', '1003'])
    expect(both.code).toBe(2)
    expect(both.stderr).toContain('--only provisions one person, --only-group one group: give one of them')
    ws.writeJob(baseJob(server.baseUrl))
    const noGroups = await ws.cli(['apply', '--job', 'job.json', '--only-group', 'Research'])
    expect(noGroups.code).toBe(2)
    expect(noGroups.stderr).toContain('The job provisions no groups')
    expect(traffic.writes()).toEqual([])
  })
})
