/**
 * SCIM servers that deviate from RFC 7643/7644 the way independent implementations were seen to
 * (python-scim's scim2-server, Better Auth's SCIM plugin, .NET apps): the sandbox behind a
 * `FaultInjector` whose rules produce exactly the named deviations, so a test starts a server
 * with the deviations it is about and nothing else.
 */
import type { Request } from 'express'
import type { SandboxOptions, SandboxServer } from '../../main/connectors/scim/sandbox/sandbox-server'
import { type FaultRule, FaultInjector, isUserListing, serverError } from './fault-injection'
import { startTarget } from './provisioning-fixture'

export type Deviation =
  /** `totalResults` is the number of resources on the page, not the total. */
  | 'totalResultsIsPageSize'
  /** PATCH with lower-case `op` answers 500 (capitalised ops work). */
  | 'lowerCaseOpsFail500'
  /** Filters joined with `and` are refused with 400 `invalidFilter`. */
  | 'refusesAndFilters'
  /** DELETE of a resource that does not exist answers 500 instead of 404. */
  | 'deleteOfMissing500'
  /** A successful PATCH answers 204 with no body. */
  | 'patchAnswers204'
  /** `active` is refused as a boolean (and so accepted only as "True"/"False"). */
  | 'activeOnlyAsString'
  /** `active` is refused as a boolean in PATCH only (an app built for Entra's default PATCH). */
  | 'patchActiveOnlyAsString'
  /** Group listings (and filtered lookups) leave `members` out. */
  | 'groupsListedWithoutMembers'
  /** A `remove` on `members` with a value list removes every member (RFC 7644 §3.5.2.2 read literally). */
  | 'valueListRemovesAllMembers'
  /** A user's `id` is its userName. */
  | 'idIsUserName'
  /** PATCH paths with a value filter (`emails[type eq "work"].value`) are refused with 400 `invalidPath`. */
  | 'refusesFilterPaths'

export interface DeviantTarget {
  readonly server: SandboxServer
  readonly faults: FaultInjector
}

/**
 * Starts a sandbox with these deviations (and `options` as for `startTarget`). One rule answers a
 * request, so where two deviations concern the same request the earlier one wins (list
 * `activeOnlyAsString` before `patchAnswers204`); `idIsUserName` rewrites every /Users request and
 * is best used alone.
 */
export async function startDeviantTarget(
  deviations: ReadonlyArray<Deviation>,
  options: Omit<SandboxOptions, 'auth' | 'port' | 'middleware'> = {}
): Promise<DeviantTarget> {
  const faults = new FaultInjector()
  const server = await startTarget({ ...options, middleware: faults.middleware })
  for (const deviation of deviations) faults.add(...RULES[deviation](server))
  return { server, faults }
}

const SCIM_ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error'

type Operation = { op?: unknown; path?: unknown; value?: unknown }

const RULES: Readonly<Record<Deviation, (server: SandboxServer) => ReadonlyArray<FaultRule>>> = {
  totalResultsIsPageSize: () => [
    {
      name: 'totalResultsIsPageSize',
      match: isUserListing,
      fault: {
        kind: 'rewrite',
        rewrite: body => ({ ...record(body), totalResults: resources(body).length }),
      },
    },
  ],
  lowerCaseOpsFail500: () => [
    {
      name: 'lowerCaseOpsFail500',
      match: req =>
        req.method === 'PATCH' && operations(req).some(op => op.op === String(op.op).toLowerCase()),
      fault: serverError(500, 'Unexpected error'),
    },
  ],
  refusesAndFilters: () => [
    {
      name: 'refusesAndFilters',
      match: req => req.method === 'GET' && /\sand\s/i.test(String(req.query['filter'] ?? '')),
      fault: refusal(400, 'invalidFilter', 'Logical operators are not supported'),
    },
  ],
  deleteOfMissing500: server => [
    {
      name: 'deleteOfMissing500',
      match: req => {
        const [, endpoint, id] = /\/(Users|Groups)\/([^/]+)$/.exec(req.path) ?? []
        if (req.method !== 'DELETE' || id === undefined) return false
        const key = decodeURIComponent(id)
        return endpoint === 'Users'
          ? server.store.getUser(key) === undefined
          : server.store.getGroup(key) === undefined
      },
      fault: serverError(500, 'Object reference not set to an instance of an object'),
    },
  ],
  patchAnswers204: () => [
    { name: 'patchAnswers204', match: req => req.method === 'PATCH', fault: { kind: 'no-content-after' } },
  ],
  activeOnlyAsString: () => [
    {
      name: 'activeAsBoolean',
      match: sendsBooleanActive,
      fault: refusal(400, 'invalidValue', 'active: expected a string'),
    },
  ],
  patchActiveOnlyAsString: () => [
    {
      name: 'patchActiveAsBoolean',
      match: req => req.method === 'PATCH' && sendsBooleanActive(req),
      fault: refusal(400, 'invalidValue', 'active: expected "True" or "False"'),
    },
  ],
  groupsListedWithoutMembers: () => [
    {
      name: 'groupsListedWithoutMembers',
      match: req => req.method === 'GET' && /\/Groups$/.test(req.path),
      fault: {
        kind: 'rewrite',
        rewrite: body => ({
          ...record(body),
          Resources: resources(body).map(({ members: _members, ...group }) => group),
        }),
      },
    },
  ],
  valueListRemovesAllMembers: () => [
    {
      name: 'valueListRemovesAllMembers',
      match: req => req.method === 'PATCH' && /\/Groups\//.test(req.path),
      fault: {
        kind: 'rewrite-request',
        rewrite: req => {
          const body = req.body as { Operations?: Operation[] }
          body.Operations = operations(req).map(op =>
            String(op.op).toLowerCase() === 'remove' && String(op.path).toLowerCase() === 'members'
              ? { op: op.op, path: op.path }
              : op
          )
        },
      },
    },
  ],
  refusesFilterPaths: () => [
    {
      name: 'refusesFilterPaths',
      match: req =>
        req.method === 'PATCH' &&
        /\/Users\//.test(req.path) &&
        operations(req).some(op => String(op.path ?? '').includes('[')),
      fault: refusal(400, 'invalidPath', 'Filters in PATCH paths are not supported'),
    },
  ],
  idIsUserName: server => [
    {
      name: 'idIsUserName',
      match: req => /\/Users(\/|$)/.test(req.path),
      fault: {
        kind: 'rewrite-request',
        rewrite: req => {
          const [, id] = /\/Users\/([^/?]+)/.exec(req.url) ?? []
          if (id === undefined) return
          const userName = decodeURIComponent(id)
          const user = server.store.listUsers().find(candidate => candidate['userName'] === userName)
          if (user !== undefined) req.url = req.url.replace(`/Users/${id}`, `/Users/${String(user['id'])}`)
        },
        answer: body => {
          const answer = record(body)
          return Array.isArray(answer['Resources'])
            ? { ...answer, Resources: resources(body).map(idAsUserName) }
            : idAsUserName(answer)
        },
      },
    },
  ],
}

function refusal(status: number, scimType: string, detail: string): FaultRule['fault'] {
  return {
    kind: 'status',
    status,
    body: JSON.stringify({ schemas: [SCIM_ERROR], status: String(status), scimType, detail }),
  }
}

function record(body: unknown): Record<string, unknown> {
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {}
}

function resources(body: unknown): Array<Record<string, unknown>> {
  const list = record(body)['Resources']
  return Array.isArray(list) ? (list as Array<Record<string, unknown>>) : []
}

function operations(req: Request): Operation[] {
  const list = (req.body as { Operations?: unknown } | undefined)?.Operations
  return Array.isArray(list) ? (list as Operation[]) : []
}

function sendsBooleanActive(req: Request): boolean {
  if (req.method === 'POST' || req.method === 'PUT') return typeof record(req.body)['active'] === 'boolean'
  if (req.method !== 'PATCH') return false
  return operations(req).some(op =>
    op.path === undefined
      ? typeof record(op.value)['active'] === 'boolean'
      : String(op.path).toLowerCase() === 'active' && typeof op.value === 'boolean'
  )
}

function idAsUserName(resource: Record<string, unknown>): Record<string, unknown> {
  const userName = resource['userName']
  if (typeof userName !== 'string') return resource
  const meta = record(resource['meta'])
  const location =
    typeof meta['location'] === 'string'
      ? meta['location'].replace(/[^/]+$/, encodeURIComponent(userName))
      : undefined
  return { ...resource, id: userName, meta: { ...meta, ...(location === undefined ? {} : { location }) } }
}
