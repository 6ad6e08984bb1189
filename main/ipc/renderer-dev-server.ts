import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import { createServer, type LogLevel } from 'vite'

export interface RendererDevServerOptions {
  /** Preferred port (default 5173); the next free one is used when it is taken. 0 = any free port. */
  readonly port?: number
  readonly logLevel?: LogLevel
  /** Watch files for hot reload (default true; tests turn it off). */
  readonly watch?: boolean
}

export interface RendererDevServer {
  /** e.g. `http://localhost:5173`: the one origin the HTTP bridge lets in. */
  readonly origin: string
  close(): Promise<void>
}

/** renderer/vite.config.ts, found from this file so the server starts from any working directory. */
const RENDERER_CONFIG = fileURLToPath(new URL('../../renderer/vite.config.ts', import.meta.url))

/**
 * Starts Vite's dev server for renderer/ (development and browser tests only).
 *
 * It listens on `localhost`, so its origin differs from the bridge's (127.0.0.1) and every API
 * call is a CORS request the bridge can check.
 */
export async function startRendererDevServer(
  options: RendererDevServerOptions = {}
): Promise<RendererDevServer> {
  const server = await createServer({
    configFile: RENDERER_CONFIG,
    logLevel: options.logLevel ?? 'info',
    clearScreen: false,
    server: {
      host: 'localhost',
      port: options.port ?? 5173,
      strictPort: false,
      ...(options.watch === false ? { watch: null, hmr: false } : {}),
    },
  })
  try {
    await server.listen()
  } catch (error) {
    await server.close()
    throw error
  }
  const address = server.httpServer?.address() as AddressInfo | null | undefined
  if (address === null || address === undefined) {
    await server.close()
    throw new Error('The Vite dev server did not report its address')
  }
  return { origin: `http://localhost:${address.port}`, close: () => server.close() }
}
