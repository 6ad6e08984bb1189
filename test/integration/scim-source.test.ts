/**
 * One app's directory feeding another: a sandbox SCIM app as the source (`"source": { "type":
 * "scim" }`) and a second sandbox as the target, through the real CLI. Attributes by their SCIM
 * names, `active`, the enterprise manager (the manager's id in the source app is their source
 * id), the source's own groups with their members, a filter, leavers, and a refused credential.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SandboxServer } from '../../main/connectors/scim/sandbox/sandbox-server'
import {
  describeResult,
  ENTERPRISE,
  expectJson,
  type PlanJson,
  ScimAdmin,
  startTarget,
  TOKEN,
  userCounts,
  usersByName,
  workEmail,
  Workspace,
} from '../helpers/provisioning-fixture'

const TIMEOUT = 120_000
const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group'

let source: SandboxServer
let target: SandboxServer
let hr: ScimAdmin

beforeEach(async () => {
  ;[source, target] = await Promise.all([startTarget(), startTarget()])
  hr = new ScimAdmin(source)
})

afterEach(async () => {
  await Promise.all([source.close(), target.close()])
})

interface Created {
  readonly id: string
}

async function hire(userName: string, given: string, family: string, extra: Record<string, unknown> = {}) {
  return (await hr.createUser({
    userName,
    name: { givenName: given, familyName: family },
    emails: [{ value: userName, type: 'work', primary: true }],
    active: true,
    ...extra,
  })) as Created
}

async function createGroup(displayName: string, members: ReadonlyArray<Created>): Promise<Created> {
  return (await hr.call('POST', '/Groups', {
    schemas: [GROUP_SCHEMA],
    displayName,
    members: members.map(member => ({ value: member.id })),
  })) as Created
}

function job(extraSource: Record<string, unknown> = {}) {
  return {
    id: 'scim-to-scim',
    name: 'HR app to Demo app',
    source: {
      type: 'scim',
      baseUrl: source.baseUrl,
      auth: { type: 'bearer', secretRef: 'env:HR_TOKEN' },
      ...extraSource,
    },
    target: { type: 'scim', baseUrl: target.baseUrl, auth: { type: 'bearer', secretRef: 'env:SCIM_TOKEN' } },
    users: {
      mappings: [
        { target: 'userName', expression: '[userName]', matchingPrecedence: 1 },
        { target: 'externalId', expression: '[id]' },
        { target: 'name.givenName', expression: '[name.givenName]' },
        { target: 'name.familyName', expression: '[name.familyName]' },
        { target: 'displayName', expression: 'Join(" ", [name.givenName], [name.familyName])' },
        { target: 'emails[type eq "work"].value', expression: '[emails.work]' },
        { target: `${ENTERPRISE}:department`, expression: `[${ENTERPRISE}:department]` },
        { target: `${ENTERPRISE}:manager`, expression: `[${ENTERPRISE}:manager]` },
        { target: 'active', expression: '[active]' },
      ],
    },
    groups: {},
    // A handful of people: the percentage threshold would stop every leaver.
    safety: { deletionThresholdPercent: 100 },
  }
}

function workspace(): Workspace {
  return new Workspace({ env: { HR_TOKEN: TOKEN, SCIM_TOKEN: TOKEN } })
}

function memberNames(server: SandboxServer, displayName: string): string[] {
  const byId = new Map(server.store.listUsers().map(user => [user['id'], user['userName']]))
  const group = server.store.listGroups().find(candidate => candidate['displayName'] === displayName)
  const members = (group?.['members'] ?? []) as Array<{ value: string }>
  return members.map(member => String(byId.get(member.value))).sort()
}

describe('a SCIM app as the source', () => {
  it(
    'provisions its people, managers and groups into another app, then follows its changes',
    async () => {
      const ada = await hire('ada@example.com', 'Ada', 'Lovelace', {
        [ENTERPRISE]: { department: 'Engineering' },
      })
      const grace = await hire('grace@example.com', 'Grace', 'Hopper', {
        [ENTERPRISE]: { department: 'Navy', manager: { value: ada.id } },
      })
      const alan = await hire('alan@example.com', 'Alan', 'Turing')
      const kat = await hire('kat@example.com', 'Katherine', 'Johnson', { active: false })
      await createGroup('Research', [ada, alan, kat])
      await createGroup('Leads', [ada])
      const ws = workspace()
      ws.writeJob(job())

      const plan = await ws.plan()
      // Katherine is inactive in the source and has no account yet: none is made for her.
      expect(plan.summary.users).toEqual(userCounts({ create: 3, skipped: 1 }))
      expect(plan.summary.groups).toMatchObject({ create: 2, membersAdded: 3 })
      await ws.apply()

      const accounts = usersByName(target)
      const adaAccount = accounts.get('ada@example.com')
      expect(adaAccount).toMatchObject({
        externalId: ada.id,
        displayName: 'Ada Lovelace',
        active: true,
        name: { givenName: 'Ada', familyName: 'Lovelace' },
      })
      expect(workEmail(adaAccount)).toBe('ada@example.com')
      // The manager is sent as the manager's account in the target, never the source app's id.
      const graceAccount = accounts.get('grace@example.com')
      expect(graceAccount?.[ENTERPRISE]).toMatchObject({
        department: 'Navy',
        manager: { value: adaAccount?.['id'] },
      })
      expect(accounts.has('kat@example.com')).toBe(false)
      expect(memberNames(target, 'Research')).toEqual(['ada@example.com', 'alan@example.com'])
      expect(memberNames(target, 'Leads')).toEqual(['ada@example.com'])

      // Nothing changed: nothing to do.
      const again = await ws.plan()
      expect(again.summary.users).toEqual(userCounts({ unchanged: 3, skipped: 1 }))

      // Grace leaves the source app, Alan is disabled there, Ada changes department and leaves Research.
      await hr.call('DELETE', `/Users/${grace.id}`)
      await hr.call('PATCH', `/Users/${ada.id}`, {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'replace', path: `${ENTERPRISE}:department`, value: 'Research' }],
      })
      await hr.replace(alan.id, 'active', false)
      const research = source.store.listGroups().find(group => group['displayName'] === 'Research')
      await hr.call('PATCH', `/Groups/${String(research?.['id'])}`, {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'remove', path: `members[value eq "${ada.id}"]` }],
      })
      const changes = await ws.apply()
      expect(changes.summary.users).toEqual(userCounts({ update: 1, disable: 2, skipped: 1 }))
      const after = usersByName(target)
      expect(after.get('grace@example.com')?.['active']).toBe(false)
      expect(after.get('alan@example.com')?.['active']).toBe(false)
      expect(after.get('ada@example.com')?.[ENTERPRISE]).toMatchObject({ department: 'Research' })
      // Ada left Research in the source; Alan's account is disabled, which takes him out too.
      expect(memberNames(target, 'Research')).toEqual([])
      expect(memberNames(target, 'Leads')).toEqual(['ada@example.com'])
    },
    TIMEOUT
  )

  it(
    'reads only the people its filter selects',
    async () => {
      await hire('ada@example.com', 'Ada', 'Lovelace')
      await hire('alan@example.com', 'Alan', 'Turing', { active: false })
      const ws = workspace()
      const filtered = job({ filter: 'active eq true' })
      ws.writeJob({ ...filtered, groups: undefined })
      const plan = await ws.plan()
      expect(plan.operations.map(operation => operation.display)).toEqual(['ada@example.com'])
    },
    TIMEOUT
  )

  it(
    'refuses an attribute the source cannot have, at its place, before reading anything',
    async () => {
      const ws = workspace()
      const wrong = job()
      wrong.users.mappings[2] = { target: 'name.givenName', expression: '[givenName]' }
      ws.writeJob(wrong)
      source.resetRequestCounts()
      const result = await ws.cli(['plan', '--job', 'job.json'])
      expect(result.code, describeResult('plan', result)).toBe(2)
      expect(result.stderr).toMatch(
        /job\.json:\d+:\d+: users\.mappings\[2\]\.expression: unknown source attribute \[givenName\]: SCIM http:\/\/127\.0\.0\.1:\d+\/scim\/v2 has no such attribute/
      )
      expect(source.requestCounts).toEqual({})
    },
    TIMEOUT
  )

  it(
    'stops with exit 2 and changes nothing when the source refuses the credential',
    async () => {
      await hire('ada@example.com', 'Ada', 'Lovelace')
      const ws = workspace()
      ws.writeJob(job())
      const result = await ws.cli(['apply', '--job', 'job.json', '--yes'], {
        HR_TOKEN: 'wrong-token-0123456789',
      })
      expect(result.code, describeResult('apply', result)).toBe(2)
      expect(result.stderr).toMatch(/SCIM http:\/\/127\.0\.0\.1:\d+\/scim\/v2 could not be read: .*HTTP 401/)
      expect(result.stderr).toMatch(/check source\.auth/)
      expect(result.stderr).not.toContain('wrong-token-0123456789')
      expect(target.store.userCount()).toBe(0)
      const status = expectJson<{ runs: ReadonlyArray<{ status: string }> }>(
        await ws.cli(['status', '--job', 'job.json', '--json']),
        0
      )
      expect(status.runs.map(run => run.status)).toEqual(['failed'])
    },
    TIMEOUT
  )
})

export type { PlanJson }
