/** What the UI benches share: the production web server, the browser, timing in the page. */
import { type ChildProcess, spawn } from 'node:child_process'
import { loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'
import type { Page } from 'playwright-core'
import { words } from './plan-curve-bench'

export const CHROMIUM = process.env['PROVISIONER_CHROMIUM'] ?? '/usr/bin/chromium'
const WEB_SERVER = fileURLToPath(new URL('../ipc/web-server.ts', import.meta.url))

/** One UI figure, as `npm run bench` prints it (a bar when the issue sets one). */
export interface UiFigure {
  readonly name: string
  readonly value: number
  readonly unit: string
  readonly bar?: { readonly op: '<=' | '>='; readonly limit: number }
}

/** The action bar of the issue: each admin action under 200 ms. */
export const UNDER_200_MS = { op: '<=', limit: 200 } as const

/** The machine's one-minute load average: UI figures on a shared machine read with it. */
export function loadAverage(): number {
  return loadavg()[0] ?? 0
}

export interface WebServer {
  readonly url: string
  readonly child: ChildProcess
}

/**
 * `npm run web -- --production` over `home`; resolves with the page URL it prints.
 * BENCH_WEB_NODE_ARGS: Node options for the web bridge and its API host (`--cpu-prof`, …).
 */
export function startWeb(home: string, env: NodeJS.ProcessEnv = {}): Promise<WebServer> {
  const args = [...words(process.env['BENCH_WEB_NODE_ARGS']), '--import', 'tsx', WEB_SERVER, '--production']
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...env, PROVISIONER_HOME: home, PROVISIONER_WEB_PORT: '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  return new Promise((resolve, reject) => {
    let output = ''
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk
      const url = /Open: (\S+)/.exec(output)?.[1]
      if (url !== undefined) resolve({ url, child })
    })
    child.once('exit', code => reject(new Error(`web server exited with ${code}: ${output}`)))
  })
}

/**
 * Runs `action` in the page and returns the milliseconds until `done` holds (checked every
 * frame): what the admin waits for, measured in the page itself.
 */
export async function timed(page: Page, action: string, done: string): Promise<number> {
  // A script, not a function: this file is compiled for Node, the page has the DOM.
  return page.evaluate<number>(`(async () => {
    const frame = () => new Promise(resolve => requestAnimationFrame(resolve))
    const start = performance.now()
    ${action}
    for (;;) {
      if (${done}) {
        // Until that frame is painted: React's work in the event counts, and so do layout and paint.
        await frame()
        await new Promise(resolve => setTimeout(resolve, 0))
        return performance.now() - start
      }
      if (performance.now() - start > 60000) throw new Error('not done after 60 s: ' + ${JSON.stringify(done)})
      await frame()
    }
  })()`)
}

/** A script: whether the table `rows` (a NodeList expression) shows rows, each with a badge saying `word`. */
export function everyRowSays(rows: string, word: string): string {
  return `(${rows}.length > 0 && [...${rows}].every(row => [...row.querySelectorAll('.fui-Badge')].some(badge => badge.textContent === ${JSON.stringify(word)})))`
}

export function median(values: ReadonlyArray<number>): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] as number
}

/** The median of `repeats` runs of `run`. */
export async function medianOf(repeats: number, run: () => Promise<number>): Promise<number> {
  const samples: number[] = []
  for (let index = 0; index < repeats; index++) samples.push(await run())
  return median(samples)
}
