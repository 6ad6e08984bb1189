/** A small SCIM client over undici for the sandbox tests. */
import { request } from 'undici'
import {
  type SandboxOptions,
  type SandboxServer,
  startSandboxServer,
} from '../../../../../main/connectors/scim/sandbox/sandbox-server'

export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User'
export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group'
export const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'
export const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error'
export const LIST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse'

export interface ScimResource {
  readonly id: string
  readonly schemas: ReadonlyArray<string>
  readonly meta: {
    readonly resourceType: string
    readonly created: string
    readonly lastModified: string
    readonly location: string
  }
  readonly [attribute: string]: unknown
}

export interface ScimList {
  readonly schemas: ReadonlyArray<string>
  readonly totalResults: number
  readonly itemsPerPage: number
  readonly startIndex: number
  readonly Resources: ReadonlyArray<ScimResource>
}

export interface ScimErrorBody {
  readonly schemas: ReadonlyArray<string>
  readonly status: string
  readonly scimType?: string
  readonly detail?: string
}

export interface ScimResponse {
  readonly status: number
  readonly headers: Readonly<Record<string, string | ReadonlyArray<string> | undefined>>
  readonly text: string
  /** The body parsed as JSON (undefined when empty). */
  readonly body: unknown
  resource(): ScimResource
  list(): ScimList
  error(): ScimErrorBody
}

export type PatchOperation = { readonly op: string; readonly path?: string; readonly value?: unknown }

/** A PatchOp message (RFC 7644 §3.5.2). */
export function patchOp(...operations: ReadonlyArray<PatchOperation>): Record<string, unknown> {
  return { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: operations }
}

export class SandboxClient {
  constructor(
    readonly baseUrl: string,
    readonly authorization: string | undefined
  ) {}

  static for(server: SandboxServer): SandboxClient {
    return new SandboxClient(server.baseUrl, authorizationFor(server.auth))
  }

  withAuthorization(authorization: string | undefined): SandboxClient {
    return new SandboxClient(this.baseUrl, authorization)
  }

  async call(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    path: string,
    body?: unknown,
    headers: Readonly<Record<string, string>> = {}
  ): Promise<ScimResponse> {
    const response = await request(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...(this.authorization !== undefined ? { authorization: this.authorization } : {}),
        ...(body !== undefined ? { 'content-type': 'application/scim+json' } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    })
    const text = await response.body.text()
    const parsed: unknown = text === '' ? undefined : JSON.parse(text)
    return {
      status: response.statusCode,
      headers: response.headers,
      text,
      body: parsed,
      // The tests assert on these shapes; the casts only name what the assertions then check.
      resource: () => parsed as ScimResource,
      list: () => parsed as ScimList,
      error: () => parsed as ScimErrorBody,
    }
  }

  get(path: string): Promise<ScimResponse> {
    return this.call('GET', path)
  }

  /** Lists with a filter, URL-encoding it. */
  filter(endpoint: string, filter: string, extra = ''): Promise<ScimResponse> {
    return this.call('GET', `${endpoint}?filter=${encodeURIComponent(filter)}${extra}`)
  }

  async createUser(attributes: Record<string, unknown>): Promise<ScimResource> {
    const response = await this.call('POST', '/Users', { schemas: [USER_SCHEMA], ...attributes })
    if (response.status !== 201) throw new Error(`create user failed: ${response.status} ${response.text}`)
    return response.resource()
  }

  async createGroup(attributes: Record<string, unknown>): Promise<ScimResource> {
    const response = await this.call('POST', '/Groups', { schemas: [GROUP_SCHEMA], ...attributes })
    if (response.status !== 201) throw new Error(`create group failed: ${response.status} ${response.text}`)
    return response.resource()
  }

  patch(path: string, ...operations: ReadonlyArray<PatchOperation>): Promise<ScimResponse> {
    return this.call('PATCH', path, patchOp(...operations))
  }
}

export function authorizationFor(auth: SandboxServer['auth']): string | undefined {
  if (auth === undefined) return undefined
  return auth.type === 'bearer'
    ? `Bearer ${auth.token}`
    : `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`
}

/** Starts a sandbox and a client for it. */
export async function startTestSandbox(
  options: SandboxOptions = {}
): Promise<{ readonly server: SandboxServer; readonly client: SandboxClient }> {
  const server = await startSandboxServer(options)
  return { server, client: SandboxClient.for(server) }
}
