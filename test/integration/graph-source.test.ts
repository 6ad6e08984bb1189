/**
 * Microsoft Entra ID as the source, through the real CLI, against the local Graph stand-in
 * (test/helpers/graph-server.ts: the documented token, paging, delta and error shapes) and the
 * sandbox SCIM app as the target. Microsoft itself cannot be reached from here.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SandboxServer } from '../../main/connectors/scim/sandbox/sandbox-server'
import { type GraphServer, startGraphServer } from '../helpers/graph-server'
import {
  describeResult,
  ENTERPRISE,
  startTarget,
  TOKEN,
  userCounts,
  usersByName,
  workEmail,
  Workspace,
} from '../helpers/provisioning-fixture'

const TIMEOUT = 120_000

let graph: GraphServer
let target: SandboxServer

beforeEach(async () => {
  graph = await startGraphServer({ deltaPageSize: 2 })
  target = await startTarget()
})

afterEach(async () => {
  await target.close()
})

function job(source: Record<string, unknown> = {}) {
  return {
    id: 'entra-to-demo',
    name: 'Entra ID to Demo app',
    source: {
      type: 'graph',
      tenantId: graph.tenantId,
      clientId: graph.clientId,
      secretRef: 'env:GRAPH_SECRET',
      graphUrl: graph.graphUrl,
      tokenUrl: graph.tokenUrl,
      delta: true,
      ...source,
    },
    target: { type: 'scim', baseUrl: target.baseUrl, auth: { type: 'bearer', secretRef: 'env:SCIM_TOKEN' } },
    users: {
      mappings: [
        { target: 'userName', expression: '[userPrincipalName]', matchingPrecedence: 1 },
        { target: 'externalId', expression: '[id]' },
        { target: 'name.givenName', expression: '[givenName]' },
        { target: 'name.familyName', expression: '[surname]' },
        { target: 'displayName', expression: '[displayName]' },
        { target: 'emails[type eq "work"].value', expression: '[mail]' },
        { target: `${ENTERPRISE}:department`, expression: '[department]' },
        { target: `${ENTERPRISE}:manager`, expression: '[manager]' },
        { target: 'active', expression: '[accountEnabled]' },
      ],
    },
    groups: {},
    safety: { deletionThresholdPercent: 100 },
  }
}

function workspace(): Workspace {
  return new Workspace({ env: { GRAPH_SECRET: graph.clientSecret, SCIM_TOKEN: TOKEN } })
}

function person(upn: string, given: string, family: string, extra: Record<string, unknown> = {}) {
  return {
    userPrincipalName: upn,
    givenName: given,
    surname: family,
    displayName: `${given} ${family}`,
    mail: upn,
    ...extra,
  }
}

function memberNames(displayName: string): string[] {
  const byId = new Map(target.store.listUsers().map(user => [user['id'], user['userName']]))
  const group = target.store.listGroups().find(candidate => candidate['displayName'] === displayName)
  return ((group?.['members'] ?? []) as Array<{ value: string }>)
    .map(member => String(byId.get(member.value)))
    .sort()
}

describe('Microsoft Entra ID as the source', () => {
  it(
    'provisions users, managers and groups, then follows the directory with delta rounds only',
    async () => {
      const d = graph.directory
      const ada = d.addUser(person('ada@contoso.com', 'Ada', 'Lovelace', { department: 'R&D' }))
      const grace = d.addUser(person('grace@contoso.com', 'Grace', 'Hopper'), ada.id)
      const alan = d.addUser(person('alan@contoso.com', 'Alan', 'Turing'), ada.id)
      d.addGroup({ displayName: 'Research', description: 'R' }, [ada.id, alan.id])
      const ws = workspace()
      ws.writeJob(job())

      const first = await ws.apply()
      expect(first.summary.users).toEqual(userCounts({ create: 3 }))
      const accounts = usersByName(target)
      const adaAccount = accounts.get('ada@contoso.com')
      expect(adaAccount).toMatchObject({ externalId: ada.id, displayName: 'Ada Lovelace', active: true })
      expect(workEmail(adaAccount)).toBe('ada@contoso.com')
      expect(accounts.get('grace@contoso.com')?.[ENTERPRISE]).toMatchObject({
        manager: { value: adaAccount?.['id'] },
      })
      expect(memberNames('Research')).toEqual(['ada@contoso.com', 'alan@contoso.com'])

      // Grace is deleted, Alan disabled, Ada moves department and leaves Research.
      d.deleteUser(grace.id)
      d.updateUser(alan.id, { accountEnabled: false })
      d.updateUser(ada.id, { department: 'Navy' })
      const research = [...d.groups.values()].find(group => group.properties['displayName'] === 'Research')
      d.removeMember(String(research?.properties.id), ada.id)
      graph.requests.length = 0
      const second = await ws.apply()
      expect(second.summary.users).toEqual(userCounts({ update: 1, disable: 2 }))
      const after = usersByName(target)
      expect(after.get('grace@contoso.com')?.['active']).toBe(false)
      expect(after.get('alan@contoso.com')?.['active']).toBe(false)
      expect(after.get('ada@contoso.com')?.[ENTERPRISE]).toMatchObject({ department: 'Navy' })
      expect(memberNames('Research')).toEqual([])
      // Only the delta links were read: no full listing of users or groups.
      expect(
        graph
          .graphRequests()
          .every(request => /\/(users|groups)\/delta\?\$(deltatoken|skiptoken)=/.test(request))
      ).toBe(true)
    },
    TIMEOUT
  )

  it(
    'stops with exit 2 on a wrong client secret, saying what to fix and never showing it',
    async () => {
      graph.directory.addUser(person('ada@contoso.com', 'Ada', 'Lovelace'))
      const ws = workspace()
      ws.writeJob(job())
      const wrong = 'Wr0ng~secret.value_that-must-not-show'
      const result = await ws.cli(['apply', '--job', 'job.json', '--yes'], { GRAPH_SECRET: wrong })
      expect(result.code, describeResult('apply', result)).toBe(2)
      expect(result.stderr).toMatch(
        /Microsoft Entra ID \(tenant [0-9a-f-]+\) could not be read: POST .* failed: HTTP 401 \(invalid_client\): .*AADSTS7000215.*the client secret in env:GRAPH_SECRET is not a secret of the app registration/
      )
      expect(`${result.stdout}${result.stderr}`).not.toContain(wrong)
      expect(JSON.stringify(ws.query('SELECT * FROM runs'))).not.toContain(wrong)
      expect(target.store.userCount()).toBe(0)
    },
    TIMEOUT
  )

  it(
    'refuses an attribute Entra ID does not have, at its place, before asking for a token',
    async () => {
      const ws = workspace()
      const wrong = job()
      wrong.users.mappings[2] = { target: 'name.givenName', expression: '[firstName]' }
      ws.writeJob(wrong)
      const result = await ws.cli(['plan', '--job', 'job.json'])
      expect(result.code, describeResult('plan', result)).toBe(2)
      expect(result.stderr).toMatch(
        /job\.json:\d+:\d+: users\.mappings\[2\]\.expression: unknown source attribute \[firstName\]: Microsoft Entra ID \(tenant [0-9a-f-]+\) has no such attribute/
      )
      expect(graph.requests).toEqual([])
    },
    TIMEOUT
  )

  it(
    "names in the dry run's header where the source's secret and token go",
    async () => {
      graph.directory.addUser(person('ada@contoso.com', 'Ada', 'Lovelace'))
      const ws = workspace()
      ws.writeJob(job({ delta: false }))
      const result = await ws.cli(['plan', '--job', 'job.json'])
      expect(result.code, describeResult('plan', result)).toBe(0)
      const host = new URL(graph.origin).host
      expect(result.stdout).toContain(`Source: Microsoft Entra ID (tenant ${graph.tenantId}) (1 people).`)
      expect(result.stdout).toContain(
        `Source credentials: the client secret in env:GRAPH_SECRET is sent to ${host} over http (this machine), ` +
          `and the access token it gets to ${host} over http (this machine).`
      )
    },
    TIMEOUT
  )
})
