/**
 * Express middleware around scimmy-routers: authentication, the request rewrites scimmy needs
 * (escaped filter literals, Entra's PATCH dialect), and response finishing (absolute
 * `meta.location`, `Location` on 201, attribute projection, per-server ServiceProviderConfig).
 */
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express'
import { type SandboxAuth, authenticationScheme, challenge, isAuthorized } from './sandbox-auth'
import { type RequestContext, type SandboxSettings, bindContext } from './sandbox-context'
import { type ParsedFilter, parseFilter } from './sandbox-filter'
import { normalisePatch } from './sandbox-patch'
import { project, projectionFrom } from './sandbox-projection'
import { checkResourceValues } from './sandbox-values'
import {
  SCIMMY,
  type SandboxResourceKind,
  type SchemaInfo,
  type ScimErrorStatus,
  type ScimErrorType,
  type ScimObject,
  errorBody,
  isEngineMessage,
  isScimObject,
  scimError,
} from './sandbox-scimmy'
import type { InMemorySandboxStore } from './sandbox-store'

const SCIM_JSON = 'application/scim+json'

const ENDPOINTS: Readonly<Record<SandboxResourceKind, string>> = { user: 'Users', group: 'Groups' }

const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error'

const DISCOVERY = /^\/(ServiceProviderConfig|ResourceTypes|Schemas)(\/|$)/i

const INTERNAL_ERROR = 'Internal server error'

/** The operation scimmy names at the end of a PATCH error. */
const PATCH_CONTEXT = / for '\w+' op of operation \d+ in PatchOp request body$/

/** 401 with a SCIM error body and a challenge unless the request carries the credentials. */
export function authenticate(auth: SandboxAuth): RequestHandler {
  return (req, res, next) => {
    if (isAuthorized(auth, req.header('authorization'))) {
      next()
      return
    }
    res.setHeader('WWW-Authenticate', challenge(auth))
    sendError(res, 401, null, 'Missing or invalid credentials')
  }
}

/** RFC 7644 §4: the discovery endpoints are read-only; any other method is 405 with `Allow: GET`. */
export function readOnlyDiscovery(): RequestHandler {
  return (req, res, next) => {
    if (req.method === 'GET' || req.method === 'HEAD' || !DISCOVERY.test(req.path)) {
      next()
      return
    }
    res.setHeader('Allow', 'GET')
    res
      .status(405)
      .type(SCIM_JSON)
      .send(
        JSON.stringify({
          schemas: [ERROR_SCHEMA],
          status: '405',
          detail: `${req.method} is not allowed here`,
        })
      )
  }
}

/** Builds the request context and rewrites what scimmy cannot take as sent. */
export function prepareRequests(
  settings: SandboxSettings,
  store: InMemorySandboxStore,
  schemas: Readonly<Record<SandboxResourceKind, SchemaInfo>>,
  auth: SandboxAuth
): RequestHandler {
  return (req, res, next) => {
    try {
      const search = req.method === 'POST' && req.path.endsWith('/.search')
      // SearchRequest parameters live in the body, everything else in the query string.
      const params: Record<string, unknown> = search ? (isScimObject(req.body) ? req.body : {}) : req.query
      let filter: ParsedFilter | undefined
      if (typeof params.filter === 'string' && params.filter.trim() !== '') {
        filter = parseFilter(params.filter)
        params.filter = filter.scimmyExpression
      }
      const kind = kindOfPath(req.path)
      const projection =
        projectionFrom('include', params.attributes) ?? projectionFrom('exclude', params.excludedAttributes)
      // Kept from scimmy, which mishandles them (see sandbox-projection.ts); applied on the way out.
      if (projection !== undefined && (search || kind !== undefined)) {
        delete params.attributes
        delete params.excludedAttributes
      }
      if (req.method === 'PATCH' && kind !== undefined) {
        normalisePatch(req.body, patchTarget(req.path, kind, store), schemas[kind])
      } else if ((req.method === 'POST' || req.method === 'PUT') && kind !== undefined && !search) {
        checkResourceValues(req.body, schemas[kind])
      } else if (req.method === 'POST' && /^\/Bulk$/i.test(req.path)) {
        prepareBulk(req.body, store, schemas)
      }
      const context: RequestContext = { store, settings, filter, projection }
      bindContext(req, context)
      finishResponses(req, res, context, schemas, auth)
      next()
    } catch (error) {
      next(error)
    }
  }
}

/** Renders anything thrown outside scimmy-routers (body parsing, filter parsing) as a SCIM error. */
export function scimErrors(): ErrorRequestHandler {
  return (error: unknown, _req, res, _next) => {
    // scimmy-routers has already answered and passes 5xx errors on only for logging.
    if (res.headersSent) return
    if (error instanceof SCIMMY.Types.Error) {
      sendError(res, validStatus(error.status), validType(error.scimType), error.message)
      return
    }
    const status = isScimObject(error) && typeof error.status === 'number' ? error.status : 500
    const type = isScimObject(error) ? error.type : undefined
    if (type === 'entity.parse.failed') sendError(res, 400, 'invalidSyntax', 'Request body is not valid JSON')
    else if (status === 413) sendError(res, 413, null, 'Request body too large')
    else if (status >= 400 && status < 500)
      sendError(res, 400, null, error instanceof Error ? error.message : 'Bad request')
    else sendError(res, 500, null, INTERNAL_ERROR)
  }
}

/** 404 with a SCIM body for paths outside the SCIM base. */
export function notFound(): RequestHandler {
  return (_req, res) => sendError(res, 404, null, 'Endpoint Not Found')
}

function sendError(
  res: Response,
  status: ScimErrorStatus,
  scimType: ScimErrorType | null,
  detail: string
): void {
  res
    .status(status)
    .type(SCIM_JSON)
    .send(JSON.stringify(errorBody(status, scimType, detail)))
}

function finishResponses(
  req: Request,
  res: Response,
  context: RequestContext,
  schemas: Readonly<Record<SandboxResourceKind, SchemaInfo>>,
  auth: SandboxAuth
): void {
  const origin = new URL(context.settings.baseUrl).origin
  const json = res.json.bind(res)

  const finishResource = (value: unknown): unknown => {
    const resource = plain(value)
    if (!isScimObject(resource) || !isScimObject(resource.meta)) return resource
    const kind = kindOfType(resource.meta.resourceType)
    if (kind === undefined) return withLocation(resource, absolute(origin, resource.meta.location))
    const shown =
      context.projection === undefined ? resource : project(resource, context.projection, schemas[kind])
    return withLocation(shown, `${context.settings.baseUrl}/${ENDPOINTS[kind]}/${String(resource.id)}`)
  }

  res.json = (body?: unknown) => {
    if (res.statusCode >= 400) return json(publicError(body, res.statusCode))
    if (!isScimObject(body)) return json(body)
    if (body instanceof SCIMMY.Messages.ListResponse) {
      return json({
        schemas: body.schemas,
        totalResults: body.totalResults,
        // RFC 7644 §3.4.2: the number returned, which scimmy's own lists report as the page size.
        itemsPerPage: body.Resources.length,
        startIndex: body.startIndex,
        Resources: body.Resources.map(finishResource),
      })
    }
    if (body instanceof SCIMMY.Messages.BulkResponse) {
      const response = plain(body) as ScimObject
      const operations = Array.isArray(response.Operations) ? response.Operations : []
      return json({
        ...response,
        Operations: operations.map((operation: unknown) => {
          if (!isScimObject(operation)) return operation
          const location =
            typeof operation.location === 'string' ? absolute(origin, operation.location) : undefined
          const answer =
            operation.response === undefined
              ? undefined
              : publicError(operation.response, Number(operation.status))
          return {
            ...operation,
            ...(location !== undefined ? { location } : {}),
            ...(answer !== undefined ? { response: answer } : {}),
          }
        }),
      })
    }
    if (req.path === '/ServiceProviderConfig') {
      const config = plain(body) as ScimObject
      return json(
        withLocation(
          {
            ...config,
            // scimmy keeps one process-wide config; each sandbox reports its own settings.
            filter: { supported: true, maxResults: context.settings.maxPageSize },
            authenticationSchemes: [authenticationScheme(auth)],
          },
          isScimObject(config.meta) ? absolute(origin, config.meta.location) : undefined
        )
      )
    }
    const resource = finishResource(body)
    // RFC 7644 §3.3: a created resource's URI goes in the Location header too.
    if (res.statusCode === 201 && isScimObject(resource) && isScimObject(resource.meta)) {
      res.location(String(resource.meta.location))
    }
    return json(resource)
  }
}

/**
 * An error body fit to send: a 500 says only that it is one, and a detail carrying a JavaScript
 * engine message (scimmy passes through what its own code threw, e.g. "Cannot convert undefined or
 * null to object") is replaced; scimmy's "for 'add' op of operation N" context is kept.
 */
function publicError(body: unknown, status: number): unknown {
  if (!isScimObject(body) || typeof body.detail !== 'string') return body
  if (status === 500) return { ...body, detail: INTERNAL_ERROR }
  if (!isEngineMessage(body.detail)) return body
  const context = PATCH_CONTEXT.exec(body.detail)?.[0] ?? ''
  return { ...body, detail: `The request holds a value that cannot be used here${context}` }
}

/**
 * The POST /Bulk body, each operation rewritten as the same request sent on its own would be. An
 * operation the checks refuse goes to scimmy as sent: scimmy answers it in its own slot of the
 * BulkResponse (RFC 7644 §3.7.3), and `publicError` keeps engine text out of that answer.
 */
function prepareBulk(
  body: unknown,
  store: InMemorySandboxStore,
  schemas: Readonly<Record<SandboxResourceKind, SchemaInfo>>
): void {
  if (!isScimObject(body) || !Array.isArray(body.Operations)) return
  body.Operations.forEach((operation: unknown, index: number) => {
    if (!isScimObject(operation)) {
      throw scimError(400, 'invalidSyntax', `BulkRequest operation #${index + 1} is not an object`)
    }
    const path = typeof operation.path === 'string' ? operation.path : ''
    const kind = kindOfPath(path)
    const method = String(operation.method).toUpperCase()
    if (kind === undefined || method !== 'PATCH') return
    try {
      normalisePatch(operation.data, patchTarget(path, kind, store), schemas[kind])
    } catch {
      // Answered by scimmy in this operation's slot.
    }
  })
}

/** scimmy `Schema` instances to plain JSON (their toJSON applies `returned` rules). */
function plain(value: unknown): unknown {
  return value instanceof SCIMMY.Types.Schema ? JSON.parse(JSON.stringify(value)) : value
}

function withLocation(resource: ScimObject, location: string | undefined): ScimObject {
  if (location === undefined || !isScimObject(resource.meta)) return resource
  return { ...resource, meta: { ...resource.meta, location } }
}

/** scimmy builds relative locations (its baseUri hook sets process-wide state, racy across servers). */
function absolute(origin: string, location: unknown): string | undefined {
  if (typeof location !== 'string') return undefined
  return location.startsWith('/') ? `${origin}${location}` : location
}

function kindOfType(resourceType: unknown): SandboxResourceKind | undefined {
  return resourceType === 'User' ? 'user' : resourceType === 'Group' ? 'group' : undefined
}

/** The resource a PATCH to `/Users/:id` or `/Groups/:id` targets, if it exists. */
function patchTarget(
  path: string,
  kind: SandboxResourceKind,
  store: InMemorySandboxStore
): Readonly<ScimObject> | undefined {
  const [, , id] = path.split('/')
  if (id === undefined || id === '') return undefined
  try {
    return store.get(kind, decodeURIComponent(id))
  } catch {
    return undefined // a malformed escape; scimmy-routers answers for the path itself
  }
}

function kindOfPath(path: string): SandboxResourceKind | undefined {
  if (/^\/Users(\/|$)/i.test(path)) return 'user'
  if (/^\/Groups(\/|$)/i.test(path)) return 'group'
  return undefined
}

function validStatus(status: unknown): ScimErrorStatus {
  const valid: ReadonlyArray<number> = [400, 401, 403, 404, 409, 412, 413, 500, 501]
  return typeof status === 'number' && valid.includes(status) ? (status as ScimErrorStatus) : 500
}

function validType(scimType: unknown): ScimErrorType | null {
  return typeof scimType === 'string' && scimType !== '' ? (scimType as ScimErrorType) : null
}
