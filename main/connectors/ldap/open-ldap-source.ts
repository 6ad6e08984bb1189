import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { FilterParser } from 'ldapts'
import type { LdapSourceConfig } from '../../config/job-schema'
import { type JobFileIssue, JobFileError } from '../../config/job-file-error'
import type { LoadedJob } from '../../config/load-job'
import { ANY_GROUP_FILTER } from './ldap-groups'
import { LdapSource } from './ldap-source'

export interface LdapJobAttributes {
  /** Attributes the user mappings and scoping read. */
  readonly users: ReadonlyArray<string>
  /** Attributes the group mappings read (empty when the job has no groups). */
  readonly groups: ReadonlyArray<string>
}

/**
 * The job's LDAP source, connected once (bind and schema read) so that a wrong password, host or
 * certificate is refused before the target is touched. The filters and the CA file are checked
 * first, at their place in the job file.
 */
export async function openLdapSource(
  job: LoadedJob,
  config: LdapSourceConfig,
  password: string,
  attributes: LdapJobAttributes
): Promise<LdapSource> {
  const issues: JobFileIssue[] = []
  const issue = (field: 'filter' | 'groupFilter' | 'caFile', message: string) =>
    issues.push({
      file: job.displayFile,
      ...job.json.locate(['source', field]),
      field: `source.${field}`,
      message,
    })
  for (const field of ['filter', 'groupFilter'] as const) {
    const problem = filterProblem(config[field])
    if (problem !== null) issue(field, problem)
  }
  let ca: Buffer | null = null
  if (config.caFile !== undefined) {
    try {
      ca = readFileSync(resolve(job.directory, config.caFile))
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      issue(
        'caFile',
        `cannot read the CA file: ${code === 'ENOENT' ? 'file not found' : (error as Error).message}`
      )
    }
  }
  if (issues.length > 0) throw new JobFileError(issues)
  const source = new LdapSource({
    connection: {
      url: config.url,
      bindDn: config.bindDn,
      password,
      startTls: config.startTls ?? !config.url.toLowerCase().startsWith('ldaps:'),
      ca,
      timeoutMs: config.timeoutMs,
    },
    users: { baseDn: config.baseDn, filter: config.filter, scope: config.scope },
    groups: {
      baseDn: config.groupBaseDn ?? config.baseDn,
      filter: config.groupFilter ?? ANY_GROUP_FILTER,
      scope: 'sub',
      flattenNested: config.flattenNestedGroups,
    },
    pageSize: config.pageSize,
    userAttributes: attributes.users,
    groupAttributes: attributes.groups,
  })
  await source.connect()
  return source
}

/** Why an LDAP filter (RFC 4515) cannot be used, or null. */
function filterProblem(filter: string | undefined): string | null {
  if (filter === undefined) return null
  try {
    FilterParser.parseString(filter)
    return null
  } catch (error) {
    return `is not an LDAP filter (RFC 4515): ${(error as Error).message}`
  }
}
