/**
 * Per-request state handed to scimmy's handlers through scimmy-routers' `context` hook.
 *
 * scimmy keeps declared resource types (and so their handlers) in process-wide singletons, so
 * several sandboxes in one process share the handlers; the context is how a handler finds the
 * store of the sandbox that received the request.
 */
import type { Request } from 'express'
import type { ParsedFilter } from './sandbox-filter'
import type { Projection } from './sandbox-projection'
import { scimError } from './sandbox-scimmy'
import type { InMemorySandboxStore } from './sandbox-store'

/** Server-wide settings a request is served under. */
export interface SandboxSettings {
  /** e.g. http://127.0.0.1:PORT/scim/v2 */
  readonly baseUrl: string
  readonly maxPageSize: number
  readonly ignoreCount: number | undefined
}

/** Everything the scimmy handlers need to serve one request. */
export interface RequestContext {
  readonly store: InMemorySandboxStore
  readonly settings: SandboxSettings
  /** The request's filter with string literals decoded (scimmy sees a placeholder form). */
  readonly filter: ParsedFilter | undefined
  /** attributes / excludedAttributes, applied to responses after scimmy. */
  readonly projection: Projection | undefined
}

// A registry symbol, not a class: if this module is loaded twice (test runners do that), the
// handlers scimmy holds from the first copy must still recognise contexts made by the second.
const BRAND = Symbol.for('provisioner.sandbox.request-context')

const contexts = new WeakMap<Request, RequestContext>()

export function bindContext(req: Request, context: RequestContext): void {
  contexts.set(req, Object.assign({ [BRAND]: true }, context))
}

/** The context bound to a request (scimmy-routers' `context` hook). */
export function contextOf(req: Request): RequestContext {
  const context = contexts.get(req)
  if (context === undefined) throw new Error('sandbox request context missing')
  return context
}

/** Narrows the `ctx` scimmy passes its handlers back to a sandbox context. */
export function requireContext(ctx: unknown): RequestContext {
  if (typeof ctx !== 'object' || ctx === null || !(BRAND in ctx)) {
    // A SCIM error, because scimmy reports any other exception from a handler as a 404.
    throw scimError(500, null, 'scimmy called a sandbox handler without a sandbox context')
  }
  // Only bindContext() makes branded objects, and it copies a RequestContext.
  return ctx as unknown as RequestContext
}
