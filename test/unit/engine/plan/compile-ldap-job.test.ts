/**
 * Groups of an LDAP job come from the directory: `fromColumn` is refused, the default mapping
 * names a group by its `cn`, and group mappings may read any directory attribute.
 */
import { describe, expect, it } from 'vitest'
import { compileJob } from '../../../../main/engine/plan/compile-job'
import { jobFileErrorOf, jobObject, parseJob } from '../../../helpers/job-fixtures'

const LDAP = {
  type: 'ldap',
  url: 'ldaps://dc.example.com',
  bindDn: 'cn=svc,dc=example,dc=com',
  secretRef: 'env:LDAP_PASSWORD',
  baseDn: 'dc=example,dc=com',
  filter: '(objectClass=inetOrgPerson)',
}

function ldapJob(groups: Record<string, unknown>) {
  const job = jobObject({ extra: { groups } })
  job['source'] = LDAP
  return parseJob(JSON.stringify(job, null, 2))
}

describe('compiling an LDAP job with groups', () => {
  it('names a group by its cn by default', () => {
    const compiled = compileJob(ldapJob({}))
    const [mapping] = compiled.groups?.mappings ?? []
    expect(mapping?.target.text).toBe('displayName')
    expect([...(compiled.groups?.referencedAttributes.keys() ?? [])]).toEqual(['cn'])
  })

  it('lets group mappings read directory attributes', () => {
    const compiled = compileJob(
      ldapJob({
        mappings: [
          { target: 'displayName', expression: '[cn]', matchingPrecedence: 1 },
          { target: 'externalId', expression: '[entryUUID]' },
        ],
      })
    )
    expect([...(compiled.groups?.referencedAttributes.keys() ?? [])]).toEqual(['cn', 'entryUUID'])
  })

  it('refuses fromColumn, which is for CSV sources', () => {
    const error = jobFileErrorOf(() => compileJob(ldapJob({ fromColumn: 'departments' })))
    expect(error.issues).toEqual([
      expect.objectContaining({
        field: 'groups.fromColumn',
        message: expect.stringContaining('an LDAP source reads its groups from the directory'),
      }),
    ])
  })
})
