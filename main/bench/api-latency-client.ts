/**
 * The browser's part in api-latency-bench.ts, in its own process (as a browser would be): times
 * `listJobs` through the bridge while idle, then starts a dry run and keeps timing `listJobs`
 * until the dry run answers.
 */
import { performance } from 'node:perf_hooks'

interface Start {
  readonly bridgeUrl: string
  readonly token: string
  readonly jobId: string
}

export interface ClientReport {
  readonly idle: ReadonlyArray<number>
  readonly during: ReadonlyArray<number>
  readonly planMs: number
  readonly plan: unknown
}

process.once('message', async (start: Start) => {
  const call = async (method: string, input?: unknown): Promise<{ ms: number; body: unknown }> => {
    const started = performance.now()
    const send = () =>
      fetch(`${start.bridgeUrl}/rpc/${method}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${start.token}`, 'content-type': 'application/json' },
        body: input === undefined ? '' : JSON.stringify(input),
      })
    // A kept-alive socket the stalled server closed meanwhile: sent again, as a browser does.
    const response = await send().catch(send)
    return { ms: performance.now() - started, body: (await response.json()) as unknown }
  }
  const idle: number[] = []
  for (let i = 0; i < 20; i++) idle.push((await call('listJobs')).ms)
  process.send?.({ type: 'planning' })
  let finished = false
  const plan = call('planJob', { jobId: start.jobId }).finally(() => (finished = true))
  const during: number[] = []
  // Every call sent before the dry run answered counts, also one answered just after it.
  while (!finished) {
    during.push((await call('listJobs')).ms)
    await new Promise(resolve => setTimeout(resolve, 20))
  }
  const planned = await plan
  const report: ClientReport = { idle, during, planMs: planned.ms, plan: planned.body }
  process.send?.({ type: 'report', report })
  process.disconnect()
})
