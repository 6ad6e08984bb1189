/**
 * `provisioner plan` and `apply` with an LDAP source (a real slapd over ldaps:// with a CA file)
 * into the sandbox SCIM app: people with UTF-8 names, managers sent as account ids, groups with
 * their members, a disabled account, a rename that keeps the link, group changes; and the
 * refusals that exit 2 having changed nothing (wrong password, unreachable server, untrusted
 * certificate, unknown attribute).
 */
import { copyFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SandboxServer } from '../../main/connectors/scim/sandbox/sandbox-server'
import { groupDn, groupLdif, ldif, type LdapPerson, personDn, personLdif } from '../helpers/ldap-fixtures'
import {
  ENTERPRISE,
  type JobDocument,
  NO_WRITES,
  startTarget,
  TOKEN,
  userCounts,
  usersByName,
  Workspace,
  writeCounts,
} from '../helpers/provisioning-fixture'
import { GROUPS, PEOPLE, SERVICE_DN, SERVICE_PASSWORD, type Slapd, startSlapd } from '../helpers/slapd'

const TEAM: LdapPerson[] = [
  { uid: 'ada', givenName: 'Ada', sn: 'Lovelace', manager: 'grace', employeeType: 'staff' },
  { uid: 'zoe', givenName: 'Zoë', sn: 'Ångström', manager: 'ada', employeeType: 'staff' },
  { uid: 'li', givenName: '小龙', sn: '李', employeeType: 'staff' },
  { uid: 'alan', givenName: 'Alan', sn: 'Turing', employeeType: 'disabled' },
  { uid: 'grace', givenName: 'Grace', sn: 'Hopper', employeeType: 'staff' },
]

let slapd: Slapd
let server: SandboxServer

beforeAll(async () => {
  slapd = await startSlapd({
    tls: true,
    ldif: ldif(
      ...TEAM.map(personLdif),
      groupLdif('engineers', { people: ['ada', 'zoe'] }),
      groupLdif('research', { people: ['li', 'grace', 'alan'] }, { unique: true })
    ),
  })
  server = await startTarget()
})

afterAll(async () => {
  await server.close()
  await slapd.stop()
})

function ldapJob(source: Record<string, unknown> = {}): JobDocument {
  return {
    id: 'ldap-job',
    name: 'Directory to sandbox',
    source: {
      type: 'ldap',
      url: slapd.ldapsUrl,
      bindDn: SERVICE_DN,
      secretRef: 'env:LDAP_PASSWORD',
      baseDn: PEOPLE,
      filter: '(objectClass=inetOrgPerson)',
      groupBaseDn: GROUPS,
      groupFilter: '(|(objectClass=groupOfNames)(objectClass=groupOfUniqueNames))',
      caFile: 'ca.pem',
      pageSize: 2,
      ...source,
    },
    target: { type: 'scim', baseUrl: server.baseUrl, auth: { type: 'bearer', secretRef: 'env:SCIM_TOKEN' } },
    users: {
      mappings: [
        { target: 'userName', expression: '[mail]', matchingPrecedence: 1 },
        { target: 'name.givenName', expression: '[givenName]' },
        { target: 'name.familyName', expression: '[sn]' },
        { target: 'displayName', expression: '[cn]' },
        { target: 'emails[type eq "work"].value', expression: '[mail]' },
        { target: 'active', expression: 'Switch([employeeType], "True", "disabled", "False")' },
        { target: `${ENTERPRISE}:manager`, expression: '[manager]' },
      ],
    },
    groups: {},
  }
}

function workspace(job: JobDocument = ldapJob(), password = SERVICE_PASSWORD): Workspace {
  const ws = new Workspace({ env: { SCIM_TOKEN: TOKEN, LDAP_PASSWORD: password } })
  copyFileSync(slapd.caFile, ws.path('ca.pem'))
  ws.writeJob(job)
  return ws
}

const account = (uid: string) => usersByName(server).get(`${uid}@example.com`)
const accountId = (uid: string) => String(account(uid)?.['id'])
const managerOf = (uid: string) =>
  (account(uid)?.[ENTERPRISE] as { manager?: { value?: string } } | undefined)?.manager?.value
const membersOf = (cn: string) => {
  const group = server.store.listGroups().find(candidate => candidate['displayName'] === cn)
  return ((group?.['members'] ?? []) as Array<{ value: string }>).map(member => member.value).sort()
}

describe('an LDAP directory provisioned into a SCIM app', () => {
  it('creates people, managers and groups, then keeps them in step with the directory', async () => {
    const ws = workspace()
    const plan = await ws.plan()
    // Alan is disabled in the directory: no account is made for someone who may not sign in.
    expect(plan.summary.users).toEqual(userCounts({ create: 4, skipped: 1 }))
    expect(plan.summary.groups).toMatchObject({ create: 2, membersAdded: 4 })
    expect(writeCounts(server)).toEqual(NO_WRITES)

    const first = await ws.apply()
    expect(first.status).toBe('completed')
    expect(account('zoe')).toMatchObject({
      displayName: 'Zoë Ångström',
      name: { givenName: 'Zoë', familyName: 'Ångström' },
      active: true,
    })
    expect(account('li')).toMatchObject({
      displayName: '小龙 李',
      name: { givenName: '小龙', familyName: '李' },
    })
    expect(account('alan')).toBeUndefined()
    // Managers arrive as the manager's account id, whoever comes first in the directory.
    expect(managerOf('ada')).toBe(accountId('grace'))
    expect(managerOf('zoe')).toBe(accountId('ada'))
    expect(membersOf('engineers')).toEqual([accountId('ada'), accountId('zoe')].sort())
    expect(membersOf('research')).toEqual([accountId('li'), accountId('grace')].sort())
    const again = await ws.plan()
    expect(again.summary.users).toEqual(userCounts({ unchanged: 4, skipped: 1 }))
    expect(again.summary.groups).toMatchObject({ create: 0, update: 0, unchanged: 2 })

    // Ada is renamed and moved (a new DN and a new mail), Zoë is disabled, groups change.
    const adaId = accountId('ada')
    await slapd.add(`dn: ou=alumni,${PEOPLE}\nobjectClass: organizationalUnit\nou: alumni\n`)
    await slapd.modify(
      [
        `dn: ${personDn('ada')}\nchangetype: modrdn\nnewrdn: uid=ada.king\ndeleteoldrdn: 1\nnewsuperior: ou=alumni,${PEOPLE}\n`,
        `dn: uid=ada.king,ou=alumni,${PEOPLE}\nchangetype: modify\nreplace: mail\nmail: ada.king@example.com\n`,
        `dn: ${personDn('zoe')}\nchangetype: modify\nreplace: employeeType\nemployeeType: disabled\n`,
        `dn: ${groupDn('research')}\nchangetype: modify\nadd: uniqueMember\nuniqueMember: uid=ada.king,ou=alumni,${PEOPLE}\n`,
        `dn: ${groupDn('engineers')}\nchangetype: modify\nadd: member\nmember: ${personDn('grace')}\n`,
      ].join('\n')
    )
    // refint rewrites the DNs that named Ada (Zoë's manager, engineers' member) in the background.
    await slapd.waitFor(`(manager=uid=ada.king,ou=alumni,${PEOPLE})`)
    await slapd.waitFor(`(member=uid=ada.king,ou=alumni,${PEOPLE})`)
    const second = await ws.apply()
    expect(second.summary.users).toEqual(userCounts({ update: 1, disable: 1, unchanged: 2, skipped: 1 }))
    expect(account('ada.king')?.['id']).toBe(adaId)
    expect(account('ada')).toBeUndefined()
    expect(account('zoe')?.['active']).toBe(false)
    expect(membersOf('research')).toEqual([adaId, accountId('li'), accountId('grace')].sort())
    // Zoë's account was disabled, so she left engineers; Grace joined.
    expect(membersOf('engineers')).toEqual([adaId, accountId('grace')].sort())
    expect(managerOf('zoe')).toBe(adaId)
  })
})

describe('the dry run on a terminal', () => {
  it('names the directory and where the bind password goes', async () => {
    const result = await workspace(ldapJob({ pageSize: 500 })).cli(['plan', '--job', 'job.json'])
    expect(result.code).toBe(0)
    const host = new URL(slapd.ldapsUrl).host
    expect(result.stdout).toContain(`Source: ${slapd.ldapsUrl} (${PEOPLE}) (5 people).`)
    expect(result.stdout).toContain(
      `Source credentials: the bind password of "${SERVICE_DN}" in env:LDAP_PASSWORD is sent to ${host} over ldaps (TLS).`
    )
    const plain = await workspace(ldapJob({ url: slapd.url, startTls: false, caFile: undefined })).cli([
      'plan',
      '--job',
      'job.json',
    ])
    expect(plain.stdout).toContain(`is sent to ${new URL(slapd.url).host} in clear text (this machine).`)
    const upgraded = await workspace(ldapJob({ url: slapd.url })).cli(['plan', '--job', 'job.json'])
    expect(upgraded.stdout).toContain(`is sent to ${new URL(slapd.url).host} over StartTLS.`)
  })
})

describe('refusals that change nothing (exit 2)', () => {
  async function refused(ws: Workspace, command: 'plan' | 'apply' = 'plan') {
    const before = writeCounts(server)
    const result = await ws.cli([command, '--job', 'job.json', ...(command === 'apply' ? ['--yes'] : [])])
    expect(result.code).toBe(2)
    expect(writeCounts(server)).toEqual(before)
    expect(result.stdout + result.stderr).not.toContain(SERVICE_PASSWORD)
    return result.stderr
  }

  it('a wrong bind password', async () => {
    const stderr = await refused(workspace(ldapJob(), 'not-the-password'), 'apply')
    expect(stderr).toContain('The source cannot be read (nothing was changed):')
    expect(stderr).toContain(
      `${slapd.ldapsUrl}: the directory refused the bind as ${SERVICE_DN}: invalid credentials`
    )
  })

  it('a server that cannot be reached', async () => {
    const gone = await startSlapd()
    await gone.stop()
    const stderr = await refused(workspace(ldapJob({ url: gone.url, caFile: undefined })))
    expect(stderr).toContain(`${gone.url}: cannot connect: the connection was refused`)
  })

  it('a certificate the CA file did not sign', async () => {
    const ws = workspace()
    copyFileSync(slapd.otherCaFile, ws.path('ca.pem'))
    expect(await refused(ws)).toContain("the server's TLS certificate is not trusted")
  })

  it('an attribute the directory does not have, located in the job file', async () => {
    const job = ldapJob()
    job.users.mappings.push({ target: 'title', expression: '[titel]' })
    const stderr = await refused(workspace(job))
    expect(stderr).toContain('The job file cannot be used (nothing was changed):')
    expect(stderr).toMatch(
      /job\.json:\d+:\d+: users\.mappings\[7\]\.expression: unknown source attribute \[titel\]/
    )
    expect(stderr).toContain('did you mean [title]?')
  })

  it('a filter that is not an LDAP filter', async () => {
    const stderr = await refused(workspace(ldapJob({ filter: '(objectClass=inetOrgPerson' })))
    expect(stderr).toMatch(/job\.json:\d+:\d+: source\.filter: is not an LDAP filter/)
  })
})
