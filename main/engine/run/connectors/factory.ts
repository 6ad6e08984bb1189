/**
 * The connector factory: with its folder, the one part of the engine that knows concrete
 * connectors. It opens the job's source and target from their `type`; the rest of the engine
 * sees only the `SourceConnector` and `TargetConnector` interfaces (connectors/connector.ts). A
 * new kind of source is a member of the job schema's `source` union, a case in `openSource`, and
 * its folder in connectors/ (test/unit/engine/engine-layout.test.ts holds the engine to this).
 */
import type {
  SourceConnector,
  SourceGroup,
  SourceObject,
  TargetConnector,
} from '../../../connectors/connector'
import { deriveGroupsFromColumn } from '../../../connectors/csv/csv-groups'
import { probeScimTarget, type ProbeResult } from '../../../connectors/scim/probe/probe-scim'
import type { MappingAsReference } from '../../../connectors/scim/user-schema'
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../../../connectors/scim/retry-policy'
import { ScimTarget } from '../../../connectors/scim/scim-target'
import type { AuthConfig, ScimTargetConfig } from '../../../config/job-schema'
import { JobFileError } from '../../../config/job-file-error'
import { targetTuning } from '../../../config/target-settings'
import { openCsvHandoffTarget } from '../../../connectors/csv-handoff/open-csv-handoff'
import { handoffLedger } from '../../../store/handoff-store'
import type { LoadedJob } from '../../../config/load-job'
import { sourceName } from '../../../config/source-name'
import type { ScimPath } from '../../../mapping/scim-path'
import { resolveSecretRef } from '../../../secrets/resolve-secret'
import type { SecretStore } from '../../../secrets/secret-store'
import type { WritableDB } from '../../../store/database'
import type { CompiledJob } from '../../plan/compile-job'
import { openCsvSource } from './csv-source'
import { openGraphSource, openLdapSource, openScimSource } from './directory-sources'

import type { ProbeCheck } from '../../../connectors/scim/probe/probe-scim'
export type { ProbeCheck, ProbeResult, ProbeStatus } from '../../../connectors/scim/probe/probe-scim'

/** The job's source, opened and checked against what the job reads from it. */
export interface OpenedSource {
  readonly connector: SourceConnector
  /** How plans, logs and messages name the source ("people.csv"). */
  readonly name: string
  /** The source's groups with their members, given everyone read from it (none: the job has no groups). */
  readGroups(people: ReadonlyArray<SourceObject>): Promise<ReadonlyArray<SourceGroup>>
  /** Ends the source's connection, if it keeps one (LDAP). */
  close(): Promise<void>
}

/** What opening a source may need besides the job: credentials, and the state for incremental reads. */
export interface SourceContext {
  readonly secrets: SecretStore
  readonly env?: NodeJS.ProcessEnv
  /** The state database, for sources that keep a watermark (Graph delta); absent = read everything. */
  readonly db?: WritableDB
}

/** Opens the job's source; an attribute the job names that the source lacks is refused before anything is read. */
export async function openSource(
  job: LoadedJob,
  compiled: CompiledJob,
  context: SourceContext
): Promise<OpenedSource> {
  return opened(job, await openConnector(job, compiled, context))
}

async function openConnector(
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
    case 'ldap':
      return openLdapSource(
        job,
        compiled,
        config,
        await resolveSecretRef(config.secretRef, context.secrets, context.env)
      )
  }
}

/**
 * The groups are split from a column of the people (`groups.fromColumn`: a CSV, or a directory's
 * attribute), or are the source's own group objects (LDAP, Entra ID, a SCIM app).
 */
function opened(job: LoadedJob, connector: SourceConnector): OpenedSource {
  const groups = job.config.groups
  return {
    connector,
    name: sourceName(job.config.source),
    readGroups: async people => {
      if (groups === undefined) return []
      if (groups.fromColumn !== undefined) {
        return deriveGroupsFromColumn(people, groups.fromColumn, groups.separator)
      }
      const read: SourceGroup[] = []
      if (connector.readGroups !== undefined)
        for await (const group of connector.readGroups()) read.push(group)
      return read
    },
    close: async () => {
      await connector.close?.()
    },
  }
}

/** What opening a target may need besides the job: credentials, and the state (a hand-off's ledger). */
export interface TargetContext {
  readonly secrets: SecretStore
  readonly env?: NodeJS.ProcessEnv
  readonly db: WritableDB
}

/** Opens the job's target by its type: a SCIM app (credential read here) or a CSV hand-off folder. */
export async function openTarget(job: LoadedJob, context: TargetContext): Promise<TargetConnector> {
  const config = job.config.target
  switch (config.type) {
    case 'scim':
      return createScimTarget(
        job,
        config,
        await authorizationHeader(config.auth, context.secrets, context.env)
      )
    case 'csv-handoff':
      return openCsvHandoffTarget({
        id: job.id,
        directory: job.directory,
        target: config,
        userMappings: job.config.users.mappings,
        ledger: handoffLedger(context.db, job.id),
      })
  }
}

/** How requests to the job's target are repeated: attempts, and the most time spent waiting out throttling. */
export function retryPolicyOf(job: LoadedJob): RetryPolicy {
  const retries = targetTuning(job.config.target).retries
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
    /** The user mappings (reference attributes are compared with the app's /Schemas). */
    readonly mappings: ReadonlyArray<MappingAsReference>
    readonly withGroups: boolean
    readonly write: boolean
    /** Each check as it completes, before the next one starts. */
    readonly onCheck?: (check: ProbeCheck) => void
  }
): Promise<ProbeResult> {
  const target = job.config.target
  if (target.type !== 'scim') {
    throw new JobFileError([
      {
        file: job.displayFile,
        ...job.json.locate(['target', 'type']),
        field: 'target.type',
        message:
          'probe checks a SCIM app; a CSV hand-off target has no server to check (run `plan` to see its file)',
      },
    ])
  }
  const authorization = await authorizationHeader(target.auth, secrets, options.env)
  return probeScimTarget({
    matching: options.matching,
    mappings: options.mappings,
    withGroups: options.withGroups,
    write: options.write,
    onCheck: options.onCheck,
    baseUrl: target.baseUrl,
    authorization,
    timeoutMs: target.timeoutMs,
    pageSize: target.pageSize,
    patchOps: target.patchOps,
    activeValue: target.activeValue,
    multiValuedUpdates: target.multiValuedUpdates,
    memberRemoval: target.memberRemoval,
    openConnector: () => createScimTarget(job, target, authorization),
  })
}

function createScimTarget(
  job: LoadedJob,
  target: ScimTargetConfig,
  authorization: string | null
): ScimTarget {
  return new ScimTarget({
    baseUrl: target.baseUrl,
    authorization,
    timeoutMs: target.timeoutMs,
    maxResponseBytes: target.maxResponseBytes,
    maxResources: target.maxResources,
    connections: target.concurrency,
    dialect: {
      pageSize: target.pageSize ?? 'largest',
      patchOps: target.patchOps,
      activeValue: target.activeValue,
    },
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
