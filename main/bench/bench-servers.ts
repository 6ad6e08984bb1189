/**
 * The benchmark's SCIM servers, each in its own process so a benchmark's client and server do not
 * share one event loop (as they would not in real life), and the bare client that reads them.
 */
import { fork, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import { Agent, request } from 'undici'

export interface BenchServer {
  readonly baseUrl: string
  readonly token: string
  stop(): Promise<void>
}

/** Starts `script` (sandbox-process.ts, stream-scim-process.ts) with a fresh token and `settings`. */
export async function startBenchServer(
  script: string,
  settings: Record<string, unknown>
): Promise<BenchServer> {
  const token = randomBytes(16).toString('hex')
  const child: ChildProcess = fork(fileURLToPath(new URL(script, import.meta.url)), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  const baseUrl = await new Promise<string>((resolve, reject) => {
    child.once('message', message => resolve((message as { baseUrl: string }).baseUrl))
    child.once('exit', code => reject(new Error(`${script} exited with ${code}`)))
    child.send({ type: 'start', token, ...settings })
  })
  return {
    baseUrl,
    token,
    stop: () =>
      new Promise<void>(resolve => {
        child.once('exit', () => resolve())
        child.disconnect()
      }),
  }
}

/** What any client must do to read every account: page through /Users sequentially. */
export async function bareListAll(
  server: BenchServer,
  pageSize: number
): Promise<{ ms: number; count: number }> {
  const agent = new Agent({ connections: 1 })
  const started = performance.now()
  let startIndex = 1
  let count = 0
  for (;;) {
    const response = await request(`${server.baseUrl}/Users?startIndex=${startIndex}&count=${pageSize}`, {
      dispatcher: agent,
      headers: { authorization: `Bearer ${server.token}`, accept: 'application/scim+json' },
    })
    const page = (await response.body.json()) as { totalResults: number; Resources?: unknown[] }
    const length = page.Resources?.length ?? 0
    count += length
    startIndex += length
    if (length === 0 || startIndex > page.totalResults) break
  }
  await agent.close()
  return { ms: performance.now() - started, count }
}
