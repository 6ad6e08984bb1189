/**
 * The LDAP source of a job file: DESIGN's shape, its defaults, and located refusals (unknown
 * options, missing fields, URLs that are not LDAP, TLS settings that would send the bind
 * password in clear).
 */
import { describe, expect, it } from 'vitest'
import type { LdapSourceConfig } from '../../../main/config/job-schema'
import { jobFileErrorOf, jobObject, loadJob, parseJob } from '../../helpers/job-fixtures'

const LDAP = {
  type: 'ldap',
  url: 'ldaps://dc.example.com',
  bindDn: 'cn=svc,dc=example,dc=com',
  secretRef: 'keychain:ad-bind',
  baseDn: 'ou=people,dc=example,dc=com',
  filter: '(objectClass=inetOrgPerson)',
}

function ldapJob(source: Record<string, unknown>): string {
  const job = jobObject()
  job['source'] = source
  return JSON.stringify(job, null, 2)
}

function issuesOf(source: Record<string, unknown>) {
  return jobFileErrorOf(() => parseJob(ldapJob(source))).issues.map(issue => ({
    field: issue.field,
    message: issue.message,
    line: issue.line,
  }))
}

describe('job file: LDAP source', () => {
  it("loads DESIGN's shape and fills the defaults", () => {
    const source = parseJob(ldapJob({ ...LDAP, groupBaseDn: 'ou=groups,dc=example,dc=com' })).config
      .source as LdapSourceConfig
    expect(source).toMatchObject({
      ...LDAP,
      scope: 'sub',
      groupBaseDn: 'ou=groups,dc=example,dc=com',
      flattenNestedGroups: false,
      pageSize: 500,
      authoritative: true,
      allowInsecureLdap: false,
    })
    expect(source.startTls).toBeUndefined()
  })

  it('refuses an unknown option at its key', () => {
    const [issue] = issuesOf({ ...LDAP, baseDN: 'dc=example' })
    expect(issue).toMatchObject({ field: 'source', message: 'unknown option "baseDN"' })
  })

  it('names each missing field', () => {
    const { baseDn: _baseDn, filter: _filter, ...rest } = LDAP
    const issues = issuesOf(rest)
    expect(issues.map(issue => [issue.field, issue.message])).toEqual([
      ['source.baseDn', 'is required'],
      ['source.filter', 'is required'],
    ])
  })

  it.each(['https://dc.example.com', 'ldap://dc.example.com/ou=people', 'dc.example.com'])(
    'refuses the URL %s',
    url => {
      expect(issuesOf({ ...LDAP, url })).toEqual([
        expect.objectContaining({
          field: 'source.url',
          message: 'must be ldap://host[:port] or ldaps://host[:port] (no path)',
        }),
      ])
    }
  )

  it('refuses StartTLS on an ldaps:// URL', () => {
    expect(issuesOf({ ...LDAP, startTls: true })).toEqual([
      expect.objectContaining({
        field: 'source.startTls',
        message: 'StartTLS is for ldap:// URLs; ldaps:// is TLS from the start',
      }),
    ])
  })

  it('refuses a bind without TLS to another machine, unless the job says the network is trusted', () => {
    const plain = { ...LDAP, url: 'ldap://dc.example.com:389', startTls: false }
    const [issue] = issuesOf(plain)
    expect(issue?.field).toBe('source.startTls')
    expect(issue?.message).toContain('would send the bind password in clear text to dc.example.com')
    expect(() => parseJob(ldapJob({ ...plain, allowInsecureLdap: true }))).not.toThrow()
    expect(() => parseJob(ldapJob({ ...plain, url: 'ldap://127.0.0.1:3389' }))).not.toThrow()
    expect(() => parseJob(ldapJob({ ...LDAP, url: 'ldap://dc.example.com' }))).not.toThrow()
  })

  it('refuses a bind password written in the job file', () => {
    const [issue] = issuesOf({ ...LDAP, bindPassword: 'hunter2' })
    expect(issue?.field).toBe('source.bindPassword')
    expect(issue?.message).toContain('provisioner secrets set NAME')
  })

  it('refuses an unknown source type, naming the known ones', () => {
    const [issue] = issuesOf({ ...LDAP, type: 'ldapv2' })
    expect(issue?.field).toBe('source.type')
    expect(issue?.message).toBe('unknown source type; known: csv, ldap, graph, scim')
  })

  it('still loads a CSV source as before', () => {
    expect(loadJob().config.source).toMatchObject({ type: 'csv', path: 'people.csv' })
  })
})
