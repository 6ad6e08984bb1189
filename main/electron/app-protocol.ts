import { readFile } from 'node:fs/promises'
import { extname, isAbsolute, relative, resolve } from 'node:path'
import { protocol } from 'electron'

export const APP_SCHEME = 'app'
export const APP_HOST = 'provisioner'
/**
 * The packaged renderer's origin.
 *
 * Written out rather than computed: Node's URL gives non-special schemes an opaque "null"
 * origin, which would match every opaque-origin frame.
 */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
}

/**
 * Declares `app://` a standard, secure scheme. Must run before the app is ready.
 *
 * Standard gives the page a real origin (`app://provisioner`) that IPC checks can compare,
 * unlike `file://`; secure gives it a secure context.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
    },
  ])
}

/** Serves the built renderer (out/renderer) on `app://provisioner/`, read-only, with the CSP header. */
export function serveAppProtocol(rendererDir: string, contentSecurityPolicy: string): void {
  protocol.handle(APP_SCHEME, request => respond(rendererDir, contentSecurityPolicy, request))
}

/** The protocol handler itself (exported for tests). Only GETs of files inside `rendererDir` succeed. */
export async function respond(
  rendererDir: string,
  contentSecurityPolicy: string,
  request: Request
): Promise<Response> {
  const url = new URL(request.url)
  if (url.host !== APP_HOST || request.method !== 'GET') {
    return notFound()
  }
  const file = fileFor(rendererDir, url.pathname)
  const type = file === null ? undefined : CONTENT_TYPES[extname(file).toLowerCase()]
  if (file === null || type === undefined) {
    return notFound()
  }
  let body: Buffer
  try {
    body = await readFile(file)
  } catch {
    return notFound()
  }
  return new Response(new Uint8Array(body), {
    status: 200,
    headers: {
      'Content-Type': type,
      'Content-Security-Policy': contentSecurityPolicy,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-cache',
    },
  })
}

/** Maps a URL path to a file strictly inside `rendererDir`, or null (encoded `..` included). */
function fileFor(rendererDir: string, pathname: string): string | null {
  let path: string
  try {
    path = decodeURIComponent(pathname)
  } catch {
    return null
  }
  if (path.includes('\0')) return null
  const root = resolve(rendererDir)
  const file = resolve(root, `.${path === '/' ? '/index.html' : path}`)
  const inside = relative(root, file)
  return inside === '' || inside.startsWith('..') || isAbsolute(inside) ? null : file
}

function notFound(): Response {
  return new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } })
}
