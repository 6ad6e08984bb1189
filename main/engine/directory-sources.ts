import type { SourceConnector } from '../connectors/connector'
import {
  isScimSourceAttribute,
  SCIM_CORE_GROUP_ATTRIBUTES,
  SCIM_CORE_USER_ATTRIBUTES,
} from '../connectors/scim/scim-flatten'
import { ScimSource } from '../connectors/scim/scim-source'
import type { GraphSourceConfig, ScimSourceConfig } from '../config/job-schema'
import type { LoadedJob } from '../config/load-job'
import { sourceName } from '../config/source-name'
import { checkReferencedAttributes, type CompiledJob, type CompiledObjectMappings } from './compile-job'
import type { SourceContext } from './prepare-run'

/**
 * Opening the directory sources (another SCIM app, Microsoft Entra ID): the job's attribute
 * names are checked against what the source can have before anything is read, as a CSV's are
 * against its header.
 */

/** Whether the job reads the source's own groups (not groups split from a column). */
export function readsSourceGroups(
  job: LoadedJob,
  compiled: CompiledJob
): compiled is CompiledJob & {
  readonly groups: CompiledObjectMappings
} {
  return compiled.groups !== null && job.config.groups?.fromColumn === undefined
}

export function openScimSource(
  job: LoadedJob,
  compiled: CompiledJob,
  config: ScimSourceConfig,
  authorization: string | null
): ScimSource {
  checkNames(job, compiled.users, SCIM_CORE_USER_ATTRIBUTES, name =>
    isScimSourceAttribute(name, SCIM_CORE_USER_ATTRIBUTES)
  )
  if (readsSourceGroups(job, compiled)) {
    checkNames(job, compiled.groups, SCIM_CORE_GROUP_ATTRIBUTES, name =>
      isScimSourceAttribute(name, SCIM_CORE_GROUP_ATTRIBUTES)
    )
  }
  return new ScimSource({
    baseUrl: config.baseUrl,
    authorization,
    timeoutMs: config.timeoutMs,
    maxResponseBytes: config.maxResponseBytes,
    maxResources: config.maxResources,
    connections: 2,
    dialect: { pageSize: config.pageSize },
    filter: config.filter,
    groupFilter: config.groupFilter,
  })
}

export async function openGraphSource(
  _job: LoadedJob,
  _compiled: CompiledJob,
  _config: GraphSourceConfig,
  _context: SourceContext
): Promise<SourceConnector> {
  throw new Error('not yet')
}

/**
 * Refuses attribute names the source cannot have: those `known` lists, and those `accepts`
 * (names built from data, such as `emails.work`, or an app's own extension attributes).
 */
function checkNames(
  job: LoadedJob,
  compiled: CompiledObjectMappings,
  known: ReadonlyArray<string>,
  accepts: (name: string) => boolean
): void {
  const accepted = [...compiled.referencedAttributes.keys()].filter(accepts)
  checkReferencedAttributes(
    job,
    compiled,
    [...known, ...accepted],
    sourceName(job.config.source),
    'attribute'
  )
}
