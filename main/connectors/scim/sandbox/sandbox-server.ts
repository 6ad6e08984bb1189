/**
 * The built-in "sandbox" SCIM 2.0 service provider: scimmy + scimmy-routers on express 4,
 * in-process on 127.0.0.1, over an in-memory store. `provisioner demo` and `provisioner sandbox`
 * point users at it, and the integration tests and benchmark run against it.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import express, { type RequestHandler } from 'express'
import SCIMMYRouters from 'scimmy-routers'
import { type SandboxAuth, isAuthorized, randomBearerAuth } from './sandbox-auth'
import { contextOf } from './sandbox-context'
import { authenticate, notFound, prepareRequests, readOnlyDiscovery, scimErrors } from './sandbox-http'
import { declareSandboxResources } from './sandbox-resources'
import { SCIMMY } from './sandbox-scimmy'
import { InMemorySandboxStore, type SandboxStore } from './sandbox-store'

export type { SandboxAuth } from './sandbox-auth'
export type { SandboxStore } from './sandbox-store'

/** Where the SCIM API is mounted; `baseUrl` ends with it. */
const BASE_PATH = '/scim/v2'

export interface SandboxOptions {
  /** 0 (default) = a free port. */
  readonly port?: number
  /** Default: bearer with a random 32-byte hex token. */
  readonly auth?: SandboxAuth
  /** Largest `count` honoured (default 1000); larger requests are clamped, as real servers do. */
  readonly maxPageSize?: number
  /** When set, the server ignores the client's `count` and always returns pages of this size (a real-world quirk). */
  readonly ignoreCount?: number
  /** Inserted before authentication and the SCIM routes (tests inject faults here). */
  readonly middleware?: ReadonlyArray<RequestHandler>
  /** SCIM user resources to preload (ids assigned if missing); trusted, so not schema-validated. */
  readonly seedUsers?: ReadonlyArray<Record<string, unknown>>
}

export interface SandboxServer {
  /** e.g. http://127.0.0.1:PORT/scim/v2 */
  readonly baseUrl: string
  /** The effective credentials. */
  readonly auth: SandboxAuth
  /** Direct read access for tests and the demo. */
  readonly store: SandboxStore
  /** Requests received, by HTTP method (including refused ones). */
  readonly requestCounts: Readonly<Record<string, number>>
  resetRequestCounts(): void
  close(): Promise<void>
}

/** Starts a sandbox SCIM server on 127.0.0.1 and resolves once it is listening. */
export async function startSandboxServer(options: SandboxOptions = {}): Promise<SandboxServer> {
  const maxPageSize = positiveInteger('maxPageSize', options.maxPageSize ?? 1000)
  const ignoreCount =
    options.ignoreCount === undefined ? undefined : positiveInteger('ignoreCount', options.ignoreCount)
  const auth = options.auth ?? randomBearerAuth()
  const schemas = declareSandboxResources()
  const store = new InMemorySandboxStore(schemas)
  if (options.seedUsers !== undefined) store.seedUsers(options.seedUsers)

  const counts: Record<string, number> = {}
  // baseUrl is known once the port is; requests cannot arrive before then.
  const settings = { baseUrl: '', maxPageSize, ignoreCount }

  const app = express()
  app.disable('x-powered-by')
  // Express's automatic ETag hashes every body and answers If-None-Match with 304; SCIM
  // versioning is a different thing (and unsupported here).
  app.set('etag', false)
  app.use((req, _res, next) => {
    counts[req.method] = (counts[req.method] ?? 0) + 1
    next()
  })
  for (const handler of options.middleware ?? []) app.use(handler)
  app.use(
    BASE_PATH,
    authenticate(auth),
    readOnlyDiscovery(),
    express.json({ type: ['application/scim+json', 'application/json'], limit: '10mb' }),
    prepareRequests(settings, store, schemas, auth),
    scimRouters(auth)
  )
  app.use(notFound())
  app.use(scimErrors())

  const server = createServer(app)
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  const { port } = server.address() as AddressInfo
  settings.baseUrl = `http://127.0.0.1:${port}${BASE_PATH}`

  let closing: Promise<void> | undefined
  return {
    baseUrl: settings.baseUrl,
    auth,
    store,
    get requestCounts() {
      return { ...counts }
    },
    resetRequestCounts() {
      for (const method of Object.keys(counts)) delete counts[method]
    },
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close(error => (error ? reject(error) : resolve()))
        // Keep-alive sockets would otherwise hold close() open until they time out.
        server.closeAllConnections()
      })
      return closing
    },
  }
}

function scimRouters(auth: SandboxAuth): RequestHandler {
  // Each SCIMMYRouters appends its scheme to scimmy's process-wide config; start from empty so
  // the list does not grow with every sandbox (responses report per-server schemes anyway).
  SCIMMY.Config.set('authenticationSchemes', [])
  return new SCIMMYRouters({
    type: auth.type,
    // `authenticate` has already checked; scimmy-routers insists on its own handler, and /Me
    // uses the id it returns.
    handler: req => {
      if (!isAuthorized(auth, req.header('authorization'))) throw new Error('Missing or invalid credentials')
      return 'sandbox'
    },
    context: req => contextOf(req),
  })
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1)
    throw new RangeError(`${name} must be a positive integer, got ${value}`)
  return value
}
