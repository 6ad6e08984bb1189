/**
 * The connector factory: the one engine file that knows concrete connectors. It opens the job's
 * source and target from their `type`; the rest of the engine sees only the `SourceConnector`
 * and `TargetConnector` interfaces (connectors/connector.ts). A new kind of source is a member
 * of the job schema's `source` union, a case in `openSource`, and its folder in connectors/.
 */
import { resolve } from 'node:path'
import type { SourceConnector, SourceGroup, SourceObject, TargetConnector } from '../../connectors/connector'
import { deriveGroupsFromColumn } from '../../connectors/csv/csv-groups'
import { CsvSource } from '../../connectors/csv/csv-source'
import { probeScimTarget, type ProbeResult } from '../../connectors/scim/probe/probe-scim'
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../../connectors/scim/retry-policy'
import { ScimTarget } from '../../connectors/scim/scim-target'
import { JobFileError } from '../../config/job-file-error'
import type { AuthConfig, CsvSourceConfig, SourceConfig } from '../../config/job-schema'
import type { LoadedJob } from '../../config/load-job'
import type { ScimPath } from '../../mapping/scim-path'
import { resolveSecretRef } from '../../secrets/resolve-secret'
import type { SecretStore } from '../../secrets/secret-store'
import { checkReferencedAttributes, type CompiledJob } from '../plan/compile-job'

export type { ProbeCheck, ProbeResult, ProbeStatus } from '../../connectors/scim/probe/probe-scim'

/** The job's source, opened and checked against what the job reads from it. */
export interface OpenedSource {
  readonly connector: SourceConnector
  /** How plans, logs and messages name the source ("people.csv"). */
  readonly name: string
  /** The source's groups with their members, given everyone read from it (none: the job has no groups). */
  readGroups(people: ReadonlyArray<SourceObject>): Promise<ReadonlyArray<SourceGroup>>
}

/** Opens the job's source; an attribute the job names that the source lacks is refused before anything is read. */
export async function openSource(job: LoadedJob, compiled: CompiledJob): Promise<OpenedSource> {
  const config = job.config.source
  switch (config.type) {
    case 'csv':
      return openedCsvSource(job, config, await openCsvSource(job, compiled))
  }
}

/** How messages name a source: the file of a CSV. */
export function sourceName(config: SourceConfig): string {
  switch (config.type) {
    case 'csv':
      return config.path
  }
}

/** Opens the job's target with its credential, read from the keychain or the environment. */
export async function openTarget(
  job: LoadedJob,
  secrets: SecretStore,
  env?: NodeJS.ProcessEnv
): Promise<TargetConnector> {
  const config = job.config.target
  switch (config.type) {
    case 'scim':
      return createScimTarget(job, await authorizationHeader(config.auth, secrets, env))
  }
}

/** How requests to the job's target are repeated: attempts, and the most time spent waiting out throttling. */
export function retryPolicyOf(job: LoadedJob): RetryPolicy {
  const retries = job.config.target.retries
  return {
    ...DEFAULT_RETRY_POLICY,
    maxAttempts: retries.maxAttempts,
    maxRetryAfterMs: retries.maxWaitSeconds * 1000,
  }
}

/** Probes the job's target with the checks of its kind (SCIM: compliance and quirks). */
export async function probeJobTarget(
  job: LoadedJob,
  secrets: SecretStore,
  options: {
    readonly env?: NodeJS.ProcessEnv
    readonly matching: ReadonlyArray<{ readonly target: ScimPath }>
    readonly withGroups: boolean
    readonly write: boolean
  }
): Promise<ProbeResult> {
  const target = job.config.target
  const authorization = await authorizationHeader(target.auth, secrets, options.env)
  return probeScimTarget({
    matching: options.matching,
    withGroups: options.withGroups,
    write: options.write,
    baseUrl: target.baseUrl,
    authorization,
    timeoutMs: target.timeoutMs,
    pageSize: target.pageSize,
    patchOps: target.patchOps,
    memberRemoval: target.memberRemoval,
    openConnector: () => createScimTarget(job, authorization),
  })
}

/**
 * The job's CSV source, after checking that every column the job names exists (an unknown
 * attribute is refused before anything is read). The groups column is read like any other: the
 * groups are split from it (csv-groups.ts), so naming it for groups does not turn `[Department]`
 * into a list in the user mappings and scoping.
 */
export async function openCsvSource(job: LoadedJob, compiled: CompiledJob): Promise<CsvSource> {
  const config = job.config.source
  if (config.type !== 'csv') throw new Error(`The job's source is not a CSV file (type ${config.type})`)
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

/** A CSV's groups are the distinct names in its groups column, with the people listing each. */
function openedCsvSource(job: LoadedJob, config: CsvSourceConfig, connector: CsvSource): OpenedSource {
  const groups = job.config.groups
  return {
    connector,
    name: config.path,
    readGroups: async people =>
      groups?.fromColumn === undefined
        ? []
        : deriveGroupsFromColumn(people, groups.fromColumn, groups.separator),
  }
}

/** A groups column named in the job but missing from the file is a job-file error. */
function checkGroupColumn(job: LoadedJob, header: ReadonlyArray<string>): void {
  const column = job.config.groups?.fromColumn
  if (column === undefined || header.includes(column)) return
  throw new JobFileError([
    {
      file: job.displayFile,
      ...job.json.locate(['groups', 'fromColumn']),
      field: 'groups.fromColumn',
      message: `${sourceName(job.config.source)} has no column "${column}"; available: ${header.join(', ')}`,
    },
  ])
}

function createScimTarget(job: LoadedJob, authorization: string | null): ScimTarget {
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
    retry: retryPolicyOf(job),
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
