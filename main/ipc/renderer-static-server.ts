import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { extname, join, normalize, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'vite'
import type { RendererDevServer } from './renderer-dev-server'

const RENDERER_CONFIG = fileURLToPath(new URL('../../renderer/vite.config.ts', import.meta.url))
const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
}
const CSP_META = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"\s*\/?>/

/**
 * The renderer as the desktop app ships it (a Vite production build: minified React and Fluent),
 * served on localhost under the production Content-Security-Policy, which lets the page call
 * `bridgeOrigin` too. For `npm run web -- --production` and the UI benchmark: what it measures
 * is what an admin gets.
 */
export async function startRendererStaticServer(options: {
  /** The HTTP bridge's origin, once it is listening (it needs this server's origin first). */
  readonly bridgeOrigin: () => string | undefined
  readonly port?: number
}): Promise<RendererDevServer> {
  const outDir = mkdtempSync(join(tmpdir(), 'provisioner-renderer-'))
  // Vite reads NODE_ENV to choose React's production JSX runtime.
  const nodeEnv = process.env['NODE_ENV']
  process.env['NODE_ENV'] = 'production'
  try {
    await build({ configFile: RENDERER_CONFIG, logLevel: 'warn', build: { outDir, emptyOutDir: true } })
  } finally {
    if (nodeEnv === undefined) delete process.env['NODE_ENV']
    else process.env['NODE_ENV'] = nodeEnv
  }
  // The build's own policy (the one the desktop app serves), letting the page call the bridge too.
  const built = CSP_META.exec(readFileSync(join(outDir, 'index.html'), 'utf8'))?.[1]
  if (built === undefined) throw new Error('The renderer build has no Content-Security-Policy <meta>')
  const server = createServer((request, response) => {
    const bridge = options.bridgeOrigin() ?? ''
    const policy = built.replace(
      /connect-src ([^;]*)/,
      (_, sources: string) => `connect-src ${sources} ${bridge}`
    )
    const path = new URL(request.url ?? '/', 'http://localhost').pathname
    const file = normalize(join(outDir, path === '/' ? 'index.html' : path))
    if (!file.startsWith(`${outDir}${sep}`) || !existsSync(file)) {
      response.writeHead(404).end()
      return
    }
    const body = readFileSync(file)
    const html = extname(file) === '.html'
    response.writeHead(200, {
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      'Content-Security-Policy': policy,
      'Cache-Control': 'no-store',
    })
    // The build's own <meta> policy would refuse the bridge: the page gets this one instead.
    response.end(
      html
        ? body
            .toString('utf8')
            .replace(CSP_META, `<meta http-equiv="Content-Security-Policy" content="${policy}" />`)
        : body
    )
  })
  await new Promise<void>(resolve => server.listen(options.port ?? 0, 'localhost', resolve))
  const { port } = server.address() as AddressInfo
  return {
    origin: `http://localhost:${port}`,
    close: () =>
      new Promise<void>(resolve => {
        server.close(() => resolve())
        server.closeAllConnections()
        rmSync(outDir, { recursive: true, force: true })
      }),
  }
}
