import { resolve } from 'node:path'
import type { SourceConnector, SourceGroup } from '../connectors/connector'
import { deriveGroupsFromColumn } from '../connectors/csv/csv-groups'
import { CsvSource } from '../connectors/csv/csv-source'
import { openLdapSource } from '../connectors/ldap/open-ldap-source'
import { DEFAULT_RETRY_POLICY } from '../connectors/scim/retry-policy'
import { ScimTarget } from '../connectors/scim/scim-target'
import type { AuthConfig, CsvSourceConfig } from '../config/job-schema'
import type { LoadedJob } from '../config/load-job'
import { JobFileError } from '../config/job-file-error'
import { resolveSecretRef } from '../secrets/resolve-secret'
import type { SecretStore } from '../secrets/secret-store'
import { checkReferencedAttributes, type CompiledJob } from './compile-job'
import { openGraphSource, openScimSource, type SourceContext } from './directory-sources'
import { mapSourceObject, type MapOptions, type MappedObject } from './map-object'
import type { MappedGroup } from './plan-groups'

/** The job's source, after checking that every attribute the job names can exist there. */
export async function openSource(
  job: LoadedJob,
  compiled: CompiledJob,
  context: SourceContext
): Promise<SourceConnector> {
  const config = job.config.source
  switch (config.type) {
    case 'csv':
      return openCsvSource(job, compiled, config)
    case 'scim':
      return openScimSource(
        job,
        compiled,
        config,
        await authorizationHeader(config.auth, context.secrets, context.env)
      )
    case 'graph':
      return openGraphSource(job, compiled, config, context)
    case 'ldap': {
      const users = [...compiled.users.referencedAttributes.keys()]
      const groups = [...(compiled.groups?.referencedAttributes.keys() ?? [])]
      const password = await resolveSecretRef(config.secretRef, context.secrets, context.env)
      const source = await openLdapSource(job, config, password, { users, groups })
      // Unknown names are checked against the directory's schema (attributes may be absent from any entry).
      const known = source.knownAttributes([...users, ...groups])
      if (known !== null)
        checkReferencedAttributes(job, compiled.users, known, source.description, 'attribute')
      if (known !== null && compiled.groups !== null)
        checkReferencedAttributes(job, compiled.groups, known, source.description, 'attribute')
      return source
    }
  }
}

/**
 * The job's CSV source, after checking that every column the job names exists (an unknown
 * attribute is refused before anything is read). The groups column is read like any other: the
 * groups are split from it (csv-groups.ts), so naming it for groups does not turn `[Department]`
 * into a list in the user mappings and scoping.
 */
async function openCsvSource(
  job: LoadedJob,
  compiled: CompiledJob,
  config: CsvSourceConfig
): Promise<CsvSource> {
  const source = new CsvSource({
    path: resolve(job.directory, config.path),
    displayPath: config.path,
    idColumn: config.idColumn,
    delimiter: config.delimiter,
    encoding: config.encoding,
    multiValued: config.multiValued,
    emptyValues: config.emptyValues,
  })
  const header = await source.readHeader()
  checkReferencedAttributes(job, compiled.users, header, config.path)
  checkGroupColumn(job, header, config.path)
  return source
}

export async function readMappedUsers(
  source: SourceConnector,
  compiled: CompiledJob,
  options: MapOptions
): Promise<MappedObject[]> {
  const mapped: MappedObject[] = []
  for await (const object of source.readUsers()) {
    mapped.push(mapSourceObject(object, compiled.users, options))
  }
  return mapped
}

/**
 * The job's groups, mapped: split from a column of the people (`groups.fromColumn`), or the
 * source's own group objects (Entra ID, a SCIM app). Empty when the job has no groups.
 */
export async function mappedGroups(
  job: LoadedJob,
  compiled: CompiledJob,
  users: ReadonlyArray<MappedObject>,
  options: MapOptions,
  source: SourceConnector
): Promise<MappedGroup[]> {
  const groupsConfig = job.config.groups
  if (compiled.groups === null || groupsConfig === undefined) {
    return []
  }
  const groupMappings = compiled.groups
  const groups: SourceGroup[] = []
  if (groupsConfig.fromColumn !== undefined) {
    groups.push(
      ...deriveGroupsFromColumn(
        users.map(user => user.source),
        groupsConfig.fromColumn,
        groupsConfig.separator
      )
    )
  } else if (source.readGroups !== undefined) {
    for await (const group of source.readGroups()) groups.push(group)
  }
  return groups.map(group => ({ group, mapped: mapSourceObject(group, groupMappings, options) }))
}

export function createScimTarget(job: LoadedJob, authorization: string | null): ScimTarget {
  const target = job.config.target
  return new ScimTarget({
    baseUrl: target.baseUrl,
    authorization,
    timeoutMs: target.timeoutMs,
    maxResponseBytes: target.maxResponseBytes,
    maxResources: target.maxResources,
    connections: target.concurrency,
    dialect: { pageSize: target.pageSize, patchOps: target.patchOps },
    requestsPerSecond: target.rateLimitPerSecond ?? null,
    retry: {
      ...DEFAULT_RETRY_POLICY,
      maxAttempts: target.retries.maxAttempts,
      maxRetryAfterMs: target.retries.maxWaitSeconds * 1000,
    },
  })
}

/** The `Authorization` header for the target, reading the secret from the keychain or the environment. */
export async function authorizationHeader(
  auth: AuthConfig,
  secrets: SecretStore,
  env?: NodeJS.ProcessEnv
): Promise<string | null> {
  switch (auth.type) {
    case 'none':
      return null
    case 'bearer':
      return `Bearer ${await resolveSecretRef(auth.secretRef, secrets, env)}`
    case 'basic': {
      const password = await resolveSecretRef(auth.secretRef, secrets, env)
      return `Basic ${Buffer.from(`${auth.username}:${password}`).toString('base64')}`
    }
  }
}

/** A groups column named in the job but missing from the file is a job-file error. */
export function checkGroupColumn(job: LoadedJob, header: ReadonlyArray<string>, file: string): void {
  const column = job.config.groups?.fromColumn
  const source = job.config.source
  if (column === undefined || source.type !== 'csv' || header.includes(column)) return
  throw new JobFileError([
    {
      file: job.displayFile,
      ...job.json.locate(['groups', 'fromColumn']),
      field: 'groups.fromColumn',
      message: `${file} has no column "${column}"; available: ${header.join(', ')}`,
    },
  ])
}
