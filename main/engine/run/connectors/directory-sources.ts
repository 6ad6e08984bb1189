import {
  GRAPH_GROUP_PROPERTIES,
  GRAPH_USER_PROPERTIES,
  GRAPH_USER_SINGLE_ONLY,
  graphSelect,
  isGraphAttribute,
} from '../../../connectors/graph/graph-attributes'
import { GraphSource } from '../../../connectors/graph/graph-source'
import {
  isScimSourceAttribute,
  SCIM_CORE_GROUP_ATTRIBUTES,
  SCIM_CORE_USER_ATTRIBUTES,
} from '../../../connectors/scim/scim-flatten'
import { ScimSource } from '../../../connectors/scim/scim-source'
import { openLdapSource as connectLdapSource } from '../../../connectors/ldap/open-ldap-source'
import type { LdapSource } from '../../../connectors/ldap/ldap-source'
import type { GraphSourceConfig, LdapSourceConfig, ScimSourceConfig } from '../../../config/job-schema'
import { formatJsonPath, JobFileError } from '../../../config/job-file-error'
import type { LoadedJob } from '../../../config/load-job'
import { sourceName } from '../../../config/source-name'
import { resolveSecretRef } from '../../../secrets/resolve-secret'
import { sourceMirror } from '../../../store/source-mirror-store'
import {
  checkReferencedAttributes,
  type CompiledJob,
  type CompiledObjectMappings,
} from '../../plan/compile-job'
import type { SourceContext } from './factory'

/**
 * Opening the directory sources (LDAP, another SCIM app, Microsoft Entra ID): the job's attribute
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
  job: LoadedJob,
  compiled: CompiledJob,
  config: GraphSourceConfig,
  context: SourceContext
): Promise<GraphSource> {
  refuseSingleOnly(job, compiled.users)
  checkNames(job, compiled.users, GRAPH_USER_PROPERTIES, name =>
    isGraphAttribute(name, GRAPH_USER_PROPERTIES)
  )
  const users = graphSelect(compiled.users.referencedAttributes.keys())
  let groups = graphSelect([])
  if (readsSourceGroups(job, compiled)) {
    checkNames(job, compiled.groups, GRAPH_GROUP_PROPERTIES, name =>
      isGraphAttribute(name, GRAPH_GROUP_PROPERTIES)
    )
    groups = graphSelect(compiled.groups.referencedAttributes.keys())
  }
  return new GraphSource({
    description: sourceName(config),
    tenantId: config.tenantId,
    clientId: config.clientId,
    clientSecret: await resolveSecretRef(config.secretRef, context.secrets, context.env),
    secretRef: config.secretRef,
    graphUrl: config.graphUrl,
    tokenUrl: config.tokenUrl,
    userSelect: users.select,
    manager: users.manager,
    groupSelect: groups.select,
    filter: config.filter,
    groupFilter: config.groupFilter,
    groupMembers: config.groupMembers,
    pageSize: config.pageSize,
    timeoutMs: config.timeoutMs,
    maxResponseBytes: config.maxResponseBytes,
    mirror: config.delta && context.db !== undefined ? sourceMirror(context.db, job.id) : undefined,
  })
}

/**
 * The job's LDAP source, connected (bind and schema read) so that a wrong password, host or
 * certificate is refused before the target is touched. Unknown names are checked against the
 * directory's schema (an attribute may be absent from any one entry).
 */
export async function openLdapSource(
  job: LoadedJob,
  compiled: CompiledJob,
  config: LdapSourceConfig,
  password: string
): Promise<LdapSource> {
  const users = [...compiled.users.referencedAttributes.keys()]
  const groups = [...(compiled.groups?.referencedAttributes.keys() ?? [])]
  const source = await connectLdapSource(job, config, password, { users, groups })
  const known = source.knownAttributes([...users, ...groups])
  if (known !== null) {
    checkReferencedAttributes(job, compiled.users, known, source.description, 'attribute')
    if (compiled.groups !== null)
      checkReferencedAttributes(job, compiled.groups, known, source.description, 'attribute')
  }
  return source
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

/** Graph answers a listing that selects these with 501: refused at their place before any request. */
function refuseSingleOnly(job: LoadedJob, compiled: CompiledObjectMappings): void {
  const issues = [...compiled.referencedAttributes]
    .filter(([attribute]) => GRAPH_USER_SINGLE_ONLY.includes(attribute))
    .flatMap(([attribute, places]) =>
      places.map(place => ({
        file: job.displayFile,
        ...job.json.locate(place),
        field: formatJsonPath(place),
        message: `Microsoft Graph returns [${attribute}] only for one user at a time, never in a listing of users, so a job cannot read it`,
      }))
    )
  if (issues.length > 0) throw new JobFileError(issues)
}
