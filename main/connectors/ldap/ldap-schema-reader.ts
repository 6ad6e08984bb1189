import { ResultCodeError } from 'ldapts'
import { ldapFailure } from './ldap-errors'
import { LdapSchema } from './ldap-schema'
import type { LdapSession } from './ldap-session'

/**
 * The directory's attribute types, from the subschema entry the root DSE names (RFC 4512 §5.1).
 * Null when the directory will not show them to the bind account: the job's attribute names are
 * then not checked, rather than the run refused.
 */
export async function readSchema(session: LdapSession): Promise<LdapSchema | null> {
  const { client, connection } = session
  try {
    const root = await client.search('', {
      scope: 'base',
      filter: '(objectClass=*)',
      attributes: ['subschemaSubentry'],
    })
    const subschema = root.searchEntries[0]?.['subschemaSubentry']
    const dn = Array.isArray(subschema) ? subschema[0] : subschema
    if (typeof dn !== 'string' || dn === '') return null
    const result = await client.search(dn, {
      scope: 'base',
      filter: '(objectClass=subschema)',
      attributes: ['attributeTypes'],
    })
    const types = result.searchEntries[0]?.['attributeTypes']
    const definitions = (Array.isArray(types) ? types : types === undefined ? [] : [types]).map(value =>
      typeof value === 'string' ? value : value.toString('utf8')
    )
    return definitions.length === 0 ? null : new LdapSchema(definitions)
  } catch (error) {
    if (error instanceof ResultCodeError) return null
    throw ldapFailure(error, connection.url, {
      kind: 'search',
      what: 'the schema',
      baseDn: 'the root DSE',
      read: 0,
    })
  }
}
