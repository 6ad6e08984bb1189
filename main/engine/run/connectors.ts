import { resolve } from 'node:path'
import type { SourceObject } from '../../connectors/connector'
import { deriveGroupsFromColumn } from '../../connectors/csv/csv-groups'
import { CsvSource } from '../../connectors/csv/csv-source'
import { DEFAULT_RETRY_POLICY } from '../../connectors/scim/retry-policy'
import { probeScimTarget, type ProbeResult } from '../../connectors/scim/probe/probe-scim'
import { ScimTarget } from '../../connectors/scim/scim-target'
import type { ScimPath } from '../../mapping/scim-path'
import type { AuthConfig } from '../../config/job-schema'
import type { LoadedJob } from '../../config/load-job'
import { JobFileError } from '../../config/job-file-error'
import { resolveSecretRef } from '../../secrets/resolve-secret'
import type { SecretStore } from '../../secrets/secret-store'
import { checkReferencedAttributes, type CompiledJob } from '../plan/compile-job'
import { mapSourceObject, type MapOptions, type MappedObject } from '../plan/map-object'
import type { MappedGroup } from '../plan/plan-groups'

/**
 * The job's CSV source, after checking that every column the job names exists (an unknown
 * attribute is refused before anything is read). The groups column is read like any other: the
 * groups are split from it (csv-groups.ts), so naming it for groups does not turn `[Department]`
 * into a list in the user mappings and scoping.
 */
export async function openCsvSource(job: LoadedJob, compiled: CompiledJob): Promise<CsvSource> {
  const config = job.config.source
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
  checkGroupColumn(job, header)
  return source
}

export async function readMappedUsers(
  source: CsvSource,
  compiled: CompiledJob,
  options: MapOptions
): Promise<MappedObject[]> {
  const mapped: MappedObject[] = []
  for await (const object of source.readUsers() as AsyncIterable<SourceObject>) {
    mapped.push(mapSourceObject(object, compiled.users, options))
  }
  return mapped
}

/** The job's groups (from the CSV column), mapped. Empty when the job has no groups. */
export function mappedGroups(
  job: LoadedJob,
  compiled: CompiledJob,
  users: ReadonlyArray<MappedObject>,
  options: MapOptions
): MappedGroup[] {
  const groupsConfig = job.config.groups
  if (compiled.groups === null || groupsConfig?.fromColumn === undefined) {
    return []
  }
  const groupMappings = compiled.groups
  const groups = deriveGroupsFromColumn(
    users.map(user => user.source),
    groupsConfig.fromColumn,
    groupsConfig.separator
  )
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
export function checkGroupColumn(job: LoadedJob, header: ReadonlyArray<string>): void {
  const column = job.config.groups?.fromColumn
  if (column === undefined || header.includes(column)) return
  throw new JobFileError([
    {
      file: job.displayFile,
      ...job.json.locate(['groups', 'fromColumn']),
      field: 'groups.fromColumn',
      message: `${job.config.source.path} has no column "${column}"; available: ${header.join(', ')}`,
    },
  ])
}

export type { ProbeCheck, ProbeResult, ProbeStatus } from '../../connectors/scim/probe/probe-scim'

/** Probes the job's target with the checks of its kind (SCIM: compliance and quirks). */
export function probeJobTarget(
  job: LoadedJob,
  authorization: string | null,
  options: {
    readonly matching: ReadonlyArray<{ readonly target: ScimPath }>
    readonly withGroups: boolean
    readonly write: boolean
  }
): Promise<ProbeResult> {
  const target = job.config.target
  return probeScimTarget({
    ...options,
    baseUrl: target.baseUrl,
    authorization,
    timeoutMs: target.timeoutMs,
    pageSize: target.pageSize,
    patchOps: target.patchOps,
    memberRemoval: target.memberRemoval,
    openConnector: () => createScimTarget(job, authorization),
  })
}
