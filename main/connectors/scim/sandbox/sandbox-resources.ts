/**
 * The sandbox's Users and Groups resource types, declared to scimmy with ingress/egress/degress
 * handlers over the in-memory store.
 *
 * Single resources (GET/POST/PUT/PATCH/DELETE) go entirely through scimmy: schema coercion,
 * PatchOp, error mapping. Listing overrides `read()` because scimmy's list path builds a scimmy
 * `Schema` for every resource the egress handler returns (~0.2 ms each: 100,000 users take 20 s)
 * and re-slices an already-paged result whenever `startIndex` ≤ the page length. The override
 * pages in the store and hands scimmy's `ListResponse` only the page; stored records already went
 * through scimmy's coercion on the way in (seeds excepted), so they need no second pass.
 */
import { requireContext } from './sandbox-context'
import { SANDBOX_EXTENSION } from './sandbox-extension'
import { copyJson } from './sandbox-store'
import {
  GROUP_SCHEMA,
  SCIMMY,
  type SandboxResourceKind,
  SchemaInfo,
  type ScimObject,
  USER_SCHEMA,
  type ScimmyConstraints,
  type ScimmyListResponse,
  isScimObject,
  pagedListResponse,
  scimError,
  treatCanonicalValuesAsSuggestions,
} from './sandbox-scimmy'

/** What the handlers read from the scimmy resource instance they are called for. */
interface ResourceInstance {
  readonly id?: string
}

// Marks scimmy's process-wide declarations as the sandbox's, so a second copy of this module
// (test runners load modules per file) reuses them instead of failing to redeclare.
const BRAND = Symbol.for('provisioner.sandbox.resource-type')

class SandboxUsers extends SCIMMY.Resources.User {
  static readonly [BRAND] = true

  override async read<T>(ctx?: T): Promise<ScimmyListResponse | InstanceType<typeof SCIMMY.Schemas.User>> {
    return this.id === undefined ? listPage('user', this.constraints, ctx) : super.read(ctx)
  }
}

class SandboxGroups extends SCIMMY.Resources.Group {
  static readonly [BRAND] = true

  override async read<T>(ctx?: T): Promise<ScimmyListResponse | InstanceType<typeof SCIMMY.Schemas.Group>> {
    return this.id === undefined ? listPage('group', this.constraints, ctx) : super.read(ctx)
  }
}

let declared: Readonly<Record<SandboxResourceKind, SchemaInfo>> | undefined

/**
 * Declares Users (with the enterprise extension and the sandbox's own) and Groups to scimmy, once per process, and
 * returns what the store needs to know about their schemas.
 */
export function declareSandboxResources(): Readonly<Record<SandboxResourceKind, SchemaInfo>> {
  if (declared !== undefined) return declared
  const existing: Record<string, unknown> = SCIMMY.Resources.declared()
  const ours = (name: string): boolean => {
    const resource = existing[name]
    if (resource === undefined) return false
    if (typeof resource === 'function' && BRAND in resource) return true
    throw new Error(`scimmy already has a '${name}' resource type declared by other code`)
  }
  if (!ours('User')) {
    SCIMMY.Resources.declare(SandboxUsers, {
      name: 'User',
      extensions: [
        { schema: SCIMMY.Schemas.EnterpriseUser, required: false },
        { schema: SANDBOX_EXTENSION, required: false },
      ],
      ...handlers('user'),
    })
  }
  if (!ours('Group')) SCIMMY.Resources.declare(SandboxGroups, { name: 'Group', ...handlers('group') })
  treatCanonicalValuesAsSuggestions(SCIMMY.Schemas.User.definition)
  treatCanonicalValuesAsSuggestions(SCIMMY.Schemas.EnterpriseUser.definition)
  treatCanonicalValuesAsSuggestions(SCIMMY.Schemas.Group.definition)
  declared = {
    user: new SchemaInfo(USER_SCHEMA, SCIMMY.Schemas.User.definition),
    group: new SchemaInfo(GROUP_SCHEMA, SCIMMY.Schemas.Group.definition),
  }
  return declared
}

function handlers(kind: SandboxResourceKind) {
  return {
    ingress: (resource: ResourceInstance, instance: unknown, ctx: unknown): ScimObject => {
      const { store } = requireContext(ctx)
      const data = plain(instance)
      const saved =
        resource.id === undefined ? store.create(kind, data) : store.replace(kind, resource.id, data)
      // scimmy mutates what handlers return while coercing it; stored records are frozen.
      return copyJson(saved, false)
    },
    egress: (resource: ResourceInstance, ctx: unknown): ScimObject | ReadonlyArray<ScimObject> => {
      const { store, filter } = requireContext(ctx)
      if (resource.id !== undefined) return copyJson(store.require(kind, resource.id), false)
      // Only reached if something calls scimmy's own list path; it pages the full result itself.
      const all = store.query(kind, { filter, startIndex: 1, count: Number.POSITIVE_INFINITY })
      return all.resources.map(record => copyJson(record, false))
    },
    degress: (resource: ResourceInstance, ctx: unknown): void => {
      const { store } = requireContext(ctx)
      if (resource.id === undefined) throw scimError(404, null, 'DELETE must target a resource')
      store.delete(kind, resource.id)
    },
  }
}

async function listPage(
  kind: SandboxResourceKind,
  constraints: ScimmyConstraints | undefined,
  ctx: unknown
): Promise<ScimmyListResponse> {
  const { store, settings, filter } = requireContext(ctx)
  const startIndex = Math.max(1, constraints?.startIndex ?? 1)
  // RFC 7644 §3.4.2.4: a server may return fewer than `count`; real ones cap it.
  const count =
    settings.ignoreCount ?? Math.min(constraints?.count ?? settings.maxPageSize, settings.maxPageSize)
  const sortBy = constraints?.sortBy
  const page = store.query(kind, {
    filter,
    startIndex,
    count,
    ...(sortBy !== undefined
      ? { sortBy, sortOrder: constraints?.sortOrder === 'descending' ? 'descending' : 'ascending' }
      : {}),
  })
  return pagedListResponse(page.resources, startIndex, page.totalResults)
}

/** A scimmy Schema instance as plain JSON (its toJSON drops never-returned attributes). */
function plain(instance: unknown): ScimObject {
  const value: unknown = JSON.parse(JSON.stringify(instance))
  if (!isScimObject(value)) throw scimError(400, 'invalidSyntax', 'Expected a single resource object')
  return value
}
