/**
 * A local stand-in for Microsoft Graph v1.0 and the Entra ID token endpoint, speaking the
 * documented shapes of ../shared/reference/microsoft-graph.md (section numbers below): the
 * client-credentials token (§1), `/users` and `/groups` with `$select`, `$filter`, `$top`,
 * `$expand=manager` and `@odata.nextLink` paging (§2, §3), members and transitiveMembers (§3.3,
 * §3.4), delta rounds with `@removed`, `manager@delta`, `members@delta` split over repeated
 * group items and `$deltatoken=latest` (§4), expired delta tokens (§4.6), throttling with
 * `Retry-After` and 503/504 (§5), and Graph's error bodies (§5.3).
 */
import type { ServerResponse } from 'node:http'
import { GraphDirectory, type GraphObject } from './graph-directory'
import { type RecordedRequest, startTestServer } from './http-test-server'

export interface GraphServerOptions {
  readonly tenantId?: string
  readonly clientId?: string
  readonly clientSecret?: string
  /** `expires_in` of issued tokens (default 3599). */
  readonly tokenLifetimeSeconds?: number
  /** Items per delta page (default 3, so tests see several pages). */
  readonly deltaPageSize?: number
  /** Members per `members@delta` slice before the group item repeats (default 1000). */
  readonly membersPerDeltaItem?: number
  /** Collections the app has no permission for: 403 Authorization_RequestDenied. */
  readonly denied?: ReadonlyArray<'users' | 'groups'>
}

export interface ThrottleRule {
  /** Requests whose path (and query) match; every Graph request when absent. */
  readonly match?: RegExp
  readonly status: 429 | 503 | 504
  readonly retryAfter?: string
  /** How many matching requests are refused (default 1). */
  readonly times?: number
}

export interface GraphServer {
  readonly origin: string
  readonly graphUrl: string
  /** With `{tenant}`, as the job's `tokenUrl`. */
  readonly tokenUrl: string
  readonly tenantId: string
  readonly clientId: string
  readonly clientSecret: string
  readonly directory: GraphDirectory
  readonly requests: RecordedRequest[]
  /** Graph requests (not token requests), as `GET /v1.0/users?…`. */
  graphRequests(): string[]
  tokenRequests(): RecordedRequest[]
  throttle(rule: ThrottleRule): void
  /** Delta tokens issued so far stop working: 400 syncStateNotFound, or 410 Gone with Location. */
  expireDeltaTokens(how?: 400 | 410): void
  /** Access tokens issued so far stop working (401 InvalidAuthenticationToken). */
  revokeTokens(): void
}

export const GRAPH_TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47'
export const GRAPH_CLIENT = '535fb089-9ff3-47b6-9bfb-4f1264799865'
export const GRAPH_SECRET = 'Xy7~stand-in.client_secret-0123456789'

const DEFAULT_USER_PROPERTIES = [
  'businessPhones',
  'displayName',
  'givenName',
  'jobTitle',
  'mail',
  'mobilePhone',
  'officeLocation',
  'preferredLanguage',
  'surname',
  'userPrincipalName',
]
const NOT_IN_COLLECTIONS = [
  'aboutMe',
  'birthday',
  'hireDate',
  'interests',
  'mySite',
  'mailboxSettings',
  'skills',
]

interface Round {
  readonly items: ReadonlyArray<Record<string, unknown>>
  readonly version: number
  readonly select: ReadonlyArray<string> | null
}

export async function startGraphServer(options: GraphServerOptions = {}): Promise<GraphServer> {
  const tenantId = options.tenantId ?? GRAPH_TENANT
  const clientId = options.clientId ?? GRAPH_CLIENT
  const clientSecret = options.clientSecret ?? GRAPH_SECRET
  const directory = new GraphDirectory()
  const tokens = new Map<string, number>()
  const rounds = new Map<string, Round>()
  const throttles: Array<ThrottleRule & { left: number }> = []
  let expiredUpTo = -1
  let expiry: 400 | 410 = 400
  let issued = 0
  const state = { origin: '' }

  const server = await startTestServer((request, response) => {
    const url = new URL(request.url, 'http://stand-in')
    if (request.method === 'POST' && url.pathname.endsWith('/oauth2/v2.0/token'))
      return token(request, response, url)
    const rule = throttles.find(
      candidate => candidate.left > 0 && (candidate.match?.test(request.url) ?? true)
    )
    if (rule !== undefined) {
      rule.left--
      const headers: Record<string, string> =
        rule.retryAfter === undefined ? {} : { 'retry-after': rule.retryAfter }
      const code =
        rule.status === 429
          ? 'TooManyRequests'
          : rule.status === 503
            ? 'serviceNotAvailable'
            : 'gatewayTimeout'
      return graphError(response, rule.status, code, 'Please retry again later.', headers)
    }
    const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1]
    const expires = bearer === undefined ? undefined : tokens.get(bearer)
    if (expires === undefined || expires < Date.now()) {
      return graphError(
        response,
        401,
        'InvalidAuthenticationToken',
        bearer === undefined ? 'Access token is empty.' : 'Access token has expired or is not yet valid.'
      )
    }
    return route(url, response)
  })
  state.origin = server.origin

  function token(request: RecordedRequest, response: ServerResponse, url: URL): void {
    const form = new URLSearchParams(request.body)
    const tenant = url.pathname.split('/')[1]
    const fail = (status: number, error: string, code: number, text: string) =>
      json(response, status, {
        error,
        error_description: `AADSTS${code}: ${text}\r\nTrace ID: 255d1aef\r\nCorrelation ID: fb3d2015\r\nTimestamp: 2024-01-09 02:02:12Z`,
        error_codes: [code],
        timestamp: '2024-01-09 02:02:12Z',
        trace_id: '255d1aef',
        correlation_id: 'fb3d2015',
      })
    if (tenant !== tenantId) return fail(400, 'invalid_request', 90002, `Tenant '${tenant}' not found.`)
    if (form.get('grant_type') !== 'client_credentials')
      return fail(400, 'unsupported_grant_type', 70003, 'The app requested an unsupported grant type.')
    if (!(form.get('scope') ?? '').endsWith('/.default'))
      return fail(
        400,
        'invalid_scope',
        70011,
        `The provided value for the input parameter 'scope' is not valid.`
      )
    if (form.get('client_id') !== clientId)
      return fail(
        400,
        'unauthorized_client',
        700016,
        'The application was not found in the directory/tenant.'
      )
    if (form.get('client_secret') !== clientSecret)
      return fail(401, 'invalid_client', 7000215, 'Invalid client secret is provided.')
    const lifetime = options.tokenLifetimeSeconds ?? 3599
    const value = `eyJ0eXAiOiJKV1QiLCJhbGciOi.stand-in-token-${++issued}`
    tokens.set(value, Date.now() + lifetime * 1000)
    json(response, 200, { token_type: 'Bearer', expires_in: lifetime, access_token: value })
  }

  function route(url: URL, response: ServerResponse): void {
    const path = url.pathname.replace(/^\/v1\.0/, '').replace(/\/microsoft\.graph\.delta$/, '/delta')
    const collection = path.split('/')[1]
    if ((collection === 'users' || collection === 'groups') && options.denied?.includes(collection)) {
      return graphError(
        response,
        403,
        'Authorization_RequestDenied',
        'Insufficient privileges to complete the operation.'
      )
    }
    if (path === '/users/delta' || path === '/groups/delta') return delta(path, url, response)
    const members = /^\/groups\/([^/]+)\/(members|transitiveMembers)$/.exec(path)
    if (path === '/users') return list(url, response, usersFor(url), DEFAULT_USER_PROPERTIES)
    if (path === '/groups') return list(url, response, groupsFor(url), null)
    if (members !== null) {
      const [, id, kind] = members as unknown as [string, string, string]
      if (!directory.groups.has(id))
        return graphError(
          response,
          404,
          'Request_ResourceNotFound',
          `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`
        )
      const objects = directory.membersOf(id, kind === 'transitiveMembers').map(member => ({
        '@odata.type': directory.typeOf(member),
        ...(directory.users.get(member) ?? directory.groups.get(member)?.properties ?? { id: member }),
      })) as GraphObject[]
      return list(url, response, objects, null)
    }
    graphError(response, 404, 'Request_ResourceNotFound', `Resource not found for the segment '${path}'.`)
  }

  function usersFor(url: URL): GraphObject[] | string {
    const filter = url.searchParams.get('$filter')
    const users = [...directory.users.values()]
    const matching = filter === null ? users : filterObjects(users, filter)
    if (typeof matching === 'string') return matching
    const expand = url.searchParams.get('$expand')
    if (expand === null) return matching
    if (!/^manager(\(\$select=id\))?$/.test(expand)) return `Unsupported $expand: ${expand}`
    return matching.map(user => {
      const manager = directory.managers.get(user.id)
      return manager === undefined
        ? user
        : { ...user, manager: { '@odata.type': '#microsoft.graph.user', id: manager } }
    })
  }

  function groupsFor(url: URL): GraphObject[] | string {
    const filter = url.searchParams.get('$filter')
    const groups = [...directory.groups.values()].map(group => group.properties)
    return filter === null ? groups : filterObjects(groups, filter)
  }

  function list(
    url: URL,
    response: ServerResponse,
    objects: GraphObject[] | string,
    defaults: string[] | null
  ): void {
    if (typeof objects === 'string') return graphError(response, 400, 'Request_UnsupportedQuery', objects)
    const select = selection(url)
    const refused = select?.find(property => NOT_IN_COLLECTIONS.includes(property))
    if (refused !== undefined)
      return graphError(response, 501, 'NotImplemented', 'This operation target is not yet supported.')
    const top = Number(url.searchParams.get('$top') ?? '100')
    if (!Number.isInteger(top) || top < 1 || top > 999)
      return graphError(
        response,
        400,
        'Request_UnsupportedQuery',
        `Invalid page size specified: '${url.searchParams.get('$top')}'. Must be between 1 and 999 inclusive.`
      )
    const offset = Number(decodeToken(url.searchParams.get('$skiptoken'))?.['offset'] ?? 0)
    const page = objects.slice(offset, offset + top).map(object => project(object, select, defaults))
    const body: Record<string, unknown> = {
      '@odata.context': `${state.origin}/v1.0/$metadata#directoryObjects`,
      value: page,
    }
    if (offset + top < objects.length) {
      const next = new URLSearchParams(url.searchParams)
      next.set('$skiptoken', encodeToken({ offset: offset + top }))
      body['@odata.nextLink'] = `${state.origin}${url.pathname}?${next.toString()}`
    }
    json(response, 200, body)
  }

  function delta(path: string, url: URL, response: ServerResponse): void {
    for (const option of ['$top', '$expand', '$orderby']) {
      if (url.searchParams.has(option))
        return graphError(response, 400, 'Request_UnsupportedQuery', `${option} is not supported with delta.`)
    }
    const kind = path === '/users/delta' ? 'user' : 'group'
    const skip = decodeToken(url.searchParams.get('$skiptoken'))
    const deltaToken = url.searchParams.get('$deltatoken')
    let round: Round | undefined
    let offset = 0
    if (skip !== null) {
      round = rounds.get(String(skip['round']))
      offset = Number(skip['offset'])
    } else if (deltaToken === 'latest') {
      const link = `${state.origin}/v1.0${path}?$deltatoken=${encodeToken({ v: directory.version, select: selection(url) })}`
      return json(response, 200, { '@odata.context': 'x', '@odata.deltaLink': link, value: [] })
    } else {
      const since = deltaToken === null ? null : decodeToken(deltaToken)
      if (since !== null && Number(since['v']) <= expiredUpTo) return expired(path, response)
      const select = since === null ? selection(url) : (since['select'] as string[] | null)
      const from = since === null ? null : Number(since['v'])
      const items =
        kind === 'user'
          ? directory.userDelta(from, select)
          : directory.groupDelta(from, select, options.membersPerDeltaItem ?? 1000)
      round = { items, version: directory.version, select }
      rounds.set(String(rounds.size), round)
    }
    if (round === undefined) return graphError(response, 400, 'Request_BadRequest', 'Bad $skiptoken.')
    const roundId = [...rounds].find(([, candidate]) => candidate === round)?.[0]
    const size = options.deltaPageSize ?? 3
    const body: Record<string, unknown> = {
      '@odata.context': 'x',
      value: round.items.slice(offset, offset + size),
    }
    if (offset + size < round.items.length) {
      body['@odata.nextLink'] =
        `${state.origin}/v1.0${path}?$skiptoken=${encodeToken({ round: roundId, offset: offset + size })}`
    } else {
      body['@odata.deltaLink'] =
        `${state.origin}/v1.0${path}?$deltatoken=${encodeToken({ v: round.version, select: round.select })}`
    }
    json(response, 200, body)
  }

  function expired(path: string, response: ServerResponse): void {
    const message =
      'The sync state generation is not found. The delta token is expired and data must be synchronized again.'
    if (expiry === 410) {
      return graphError(response, 410, 'syncStateNotFound', message, {
        location: `${state.origin}/v1.0${path}?$deltatoken=`,
      })
    }
    graphError(response, 400, 'syncStateNotFound', message)
  }

  return {
    origin: server.origin,
    graphUrl: `${server.origin}/v1.0`,
    tokenUrl: `${server.origin}/{tenant}/oauth2/v2.0/token`,
    tenantId,
    clientId,
    clientSecret,
    directory,
    requests: server.requests,
    graphRequests: () =>
      server.requests
        .filter(request => request.method === 'GET')
        .map(request => `GET ${decodeURIComponent(request.url)}`),
    tokenRequests: () => server.requests.filter(request => request.method === 'POST'),
    throttle: rule => throttles.push({ ...rule, left: rule.times ?? 1 }),
    expireDeltaTokens: (how = 400) => {
      expiredUpTo = directory.version
      expiry = how
    },
    revokeTokens: () => tokens.clear(),
  }
}

function selection(url: URL): string[] | null {
  const select = url.searchParams.get('$select')
  return select === null ? null : select.split(',').map(property => property.trim())
}

/** Selected properties (unset ones as null), or the default set (unset as null), or everything. */
function project(
  object: GraphObject,
  select: string[] | null,
  defaults: string[] | null
): Record<string, unknown> {
  const properties = select ?? defaults
  if (properties === null) return object
  const out: Record<string, unknown> = { id: object.id }
  if (object['@odata.type'] !== undefined) out['@odata.type'] = object['@odata.type']
  for (const property of properties) out[property] = object[property] ?? null
  if (object['manager'] !== undefined) out['manager'] = object['manager']
  return out
}

/** `a eq 'x'`, `a eq true`, `startswith(a,'x')`, joined by `and`: what the tests use (§2.3 "Default"). */
function filterObjects(objects: GraphObject[], filter: string): GraphObject[] | string {
  const tests: Array<(object: GraphObject) => boolean> = []
  for (const clause of filter.split(/\s+and\s+/i)) {
    const equals = /^(\w+) eq (?:'([^']*)'|(true|false))$/.exec(clause.trim())
    const starts = /^startswith\((\w+),\s*'([^']*)'\)$/i.exec(clause.trim())
    if (equals !== null) {
      const [, property, text, flag] = equals as unknown as [
        string,
        string,
        string | undefined,
        string | undefined,
      ]
      const wanted = text ?? flag === 'true'
      tests.push(object => object[property] === wanted)
    } else if (starts !== null) {
      const [, property, prefix] = starts as unknown as [string, string, string]
      tests.push(object =>
        String(object[property] ?? '')
          .toLowerCase()
          .startsWith(prefix.toLowerCase())
      )
    } else {
      return 'Unsupported Query.'
    }
  }
  return objects.filter(object => tests.every(test => test(object)))
}

function encodeToken(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url')
}

function decodeToken(token: string | null): Record<string, unknown> | null {
  if (token === null || token === '') return null
  try {
    return JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Record<string, unknown>
  } catch {
    return null
  }
}

function json(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {}
): void {
  response.writeHead(status, { 'content-type': 'application/json; odata.metadata=minimal', ...headers })
  response.end(JSON.stringify(body))
}

function graphError(
  response: ServerResponse,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {}
): void {
  json(
    response,
    status,
    {
      error: {
        code,
        message,
        innerError: {
          date: '2024-01-01T00:00:00',
          'request-id': 'stand-in',
          'client-request-id': 'stand-in',
        },
      },
    },
    { 'request-id': 'stand-in', ...headers }
  )
}
