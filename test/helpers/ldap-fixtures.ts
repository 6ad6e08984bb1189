/**
 * LDIF for the directories the LDAP tests load: people (inetOrgPerson), groups (groupOfNames,
 * groupOfUniqueNames) and Active Directory-shaped users and groups (Debian's msuser.schema).
 */
import { GROUPS, PEOPLE } from './slapd'

export interface LdapPerson {
  readonly uid: string
  readonly givenName: string
  readonly sn: string
  readonly mail?: string
  /** The uid of the manager (written as their DN). */
  readonly manager?: string
  readonly employeeType?: string
  readonly employeeNumber?: string
  readonly extra?: Readonly<Record<string, string | ReadonlyArray<string>>>
}

export const personDn = (uid: string) => `uid=${uid},${PEOPLE}`
export const groupDn = (cn: string) => `cn=${cn},${GROUPS}`

/** One `name: value` line; base64 (`name:: …`) when LDIF needs it (non-ASCII, leading space or colon). */
export function ldifLine(name: string, value: string): string {
  const safe = /^[\x01-\x09\x0b\x0c\x0e-\x1f\x21-\x39\x3b\x3d-\x7f][\x01-\x09\x0b\x0c\x0e-\x7f]*$/.test(value)
  return safe && !value.endsWith(' ')
    ? `${name}: ${value}`
    : `${name}:: ${Buffer.from(value).toString('base64')}`
}

function entry(
  dn: string,
  attributes: ReadonlyArray<readonly [string, string | ReadonlyArray<string> | undefined]>
) {
  const lines = [ldifLine('dn', dn)]
  for (const [name, value] of attributes) {
    if (value === undefined) continue
    for (const item of typeof value === 'string' ? [value] : value) lines.push(ldifLine(name, item))
  }
  return `${lines.join('\n')}\n`
}

export function personLdif(person: LdapPerson): string {
  return entry(personDn(person.uid), [
    ['objectClass', ['inetOrgPerson']],
    ['uid', person.uid],
    ['cn', `${person.givenName} ${person.sn}`],
    ['givenName', person.givenName],
    ['sn', person.sn],
    ['mail', person.mail ?? `${person.uid}@example.com`],
    ['manager', person.manager === undefined ? undefined : personDn(person.manager)],
    ['employeeType', person.employeeType],
    ['employeeNumber', person.employeeNumber],
    ...Object.entries(person.extra ?? {}),
  ])
}

export function groupLdif(
  cn: string,
  members: { readonly people?: ReadonlyArray<string>; readonly groups?: ReadonlyArray<string> },
  options: { readonly unique?: boolean; readonly description?: string } = {}
): string {
  const dns = [...(members.people ?? []).map(personDn), ...(members.groups ?? []).map(groupDn)]
  // groupOfNames needs at least one member; an empty group names the base, as admins do.
  const values = dns.length === 0 ? [GROUPS] : dns
  return entry(groupDn(cn), [
    ['objectClass', options.unique === true ? 'groupOfUniqueNames' : 'groupOfNames'],
    ['cn', cn],
    ['description', options.description],
    [options.unique === true ? 'uniqueMember' : 'member', values],
  ])
}

/** Entries separated by blank lines, as ldapadd and slapadd read them. */
export const ldif = (...entries: ReadonlyArray<string>) => entries.join('\n')

/** An Active Directory user as Debian's msuser.schema lets slapd hold one (AD's required attributes included). */
export interface AdUser {
  readonly cn: string
  readonly userPrincipalName: string
  readonly givenName: string
  readonly sn: string
  /** 16 bytes, hex, as AD stores them. */
  readonly objectGUID: string
  /** The SID's bytes, hex. */
  readonly objectSid: string
  readonly userAccountControl?: string
  readonly accountExpires?: string
  readonly manager?: string
}

const AD_SYSTEM = [
  ['instanceType', '4'],
  ['nTSecurityDescriptor', 'AQAEjA=='],
] as const

export const adUserDn = (cn: string) => `CN=${cn},${PEOPLE}`

export function adUserLdif(user: AdUser): string {
  return [
    ldifLine('dn', adUserDn(user.cn)),
    'objectClass: user',
    // msuser.schema lacks AD's securityPrincipal class (objectSid, sAMAccountName).
    'objectClass: extensibleObject',
    ...AD_SYSTEM.map(([name, value]) => ldifLine(name, value)),
    ldifLine('objectCategory', `CN=Person,CN=Schema,CN=Configuration,${PEOPLE}`),
    ldifLine('cn', user.cn),
    ldifLine('userPrincipalName', user.userPrincipalName),
    ldifLine('givenName', user.givenName),
    ldifLine('sn', user.sn),
    `objectGUID:: ${Buffer.from(user.objectGUID, 'hex').toString('base64')}`,
    `objectSid:: ${Buffer.from(user.objectSid, 'hex').toString('base64')}`,
    ...(user.userAccountControl === undefined
      ? []
      : [ldifLine('userAccountControl', user.userAccountControl)]),
    ...(user.accountExpires === undefined ? [] : [ldifLine('accountExpires', user.accountExpires)]),
    ...(user.manager === undefined ? [] : [ldifLine('manager', adUserDn(user.manager))]),
    '',
  ].join('\n')
}

export function adGroupLdif(cn: string, objectGUID: string, members: ReadonlyArray<string>): string {
  return [
    ldifLine('dn', `CN=${cn},${GROUPS}`),
    'objectClass: group',
    ...AD_SYSTEM.map(([name, value]) => ldifLine(name, value)),
    ldifLine('objectCategory', `CN=Group,CN=Schema,CN=Configuration,${GROUPS}`),
    ldifLine('cn', cn),
    ldifLine('groupType', '-2147483646'),
    `objectGUID:: ${Buffer.from(objectGUID, 'hex').toString('base64')}`,
    ...members.map(member => ldifLine('member', adUserDn(member))),
    '',
  ].join('\n')
}
