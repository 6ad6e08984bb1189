/**
 * The logs screen at a million entries, in the production build (DESIGN §6: "open / scroll /
 * filter / open a detail each under 200 ms"): a state folder with 1,000,000 log entries written
 * as runs write them, `npm run web -- --production` over it, and Chromium (playwright-core)
 * timing each action in the page, from the input to the rows or panel it brings on screen.
 *
 * `BENCH_ONLY=ui npm run bench`; BENCH_UI_ROWS changes the entry count.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type Page } from 'playwright-core'
import { databasePath } from '../config/app-paths'
import { openDatabase } from '../store/database'
import { saveJob } from '../store/jobs-store'
import { LOG_BENCH_ROWS, writeBenchLog } from './log-bench'

const CHROMIUM = process.env['PROVISIONER_CHROMIUM'] ?? '/usr/bin/chromium'
const WEB_SERVER = fileURLToPath(new URL('../ipc/web-server.ts', import.meta.url))
/** Timed runs of each action; the median is reported. */
const REPEATS = 5

/** Writes a state folder with `rows` log entries of twenty jobs (named, as the app lists them). */
function writeState(home: string, rows: number): number {
  const db = openDatabase(databasePath(home))
  try {
    for (let job = 1; job <= 20; job++) {
      const id = `job-${String(job).padStart(2, '0')}`
      saveJob(db, { id, name: `Job ${job}`, config: { name: `Job ${job}` }, configPath: null })
    }
    return writeBenchLog(db, rows).rows
  } finally {
    db.close()
  }
}

/** `npm run web -- --production` over `home`; resolves with the page URL it prints. */
function startWeb(home: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', WEB_SERVER, '--production'], {
    env: { ...process.env, PROVISIONER_HOME: home, PROVISIONER_WEB_PORT: '0' },
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
async function timed(page: Page, action: string, done: string): Promise<number> {
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
      if (performance.now() - start > 30000) throw new Error('not done after 30 s: ' + ${JSON.stringify(done)})
      await frame()
    }
  })()`)
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] as number
}

const ROW = `document.querySelectorAll('table[aria-label^="Provisioning log"] tbody tr')`
const FIRST_NAME = `${ROW}[0]?.querySelector('button')?.textContent`

/** Each action the admin takes on the logs screen, timed `REPEATS` times. */
async function measure(page: Page, base: string): Promise<Array<{ name: string; ms: number }>> {
  const figures: Array<{ name: string; ms: number }> = []
  const record = async (name: string, run: () => Promise<number>) => {
    const samples: number[] = []
    for (let index = 0; index < REPEATS; index++) samples.push(await run())
    figures.push({ name, ms: median(samples) })
  }
  const settle = () => page.waitForTimeout(300)

  await record('openFromOverview', async () => {
    await page.goto(`${base}#/`)
    await page.getByRole('link', { name: 'Logs', exact: true }).waitFor()
    await settle()
    return timed(page, `document.querySelector('nav a[href="#/logs"]').click()`, `${ROW}.length > 0`)
  })
  await record('scrollWithinWindow', async () => {
    await settle()
    return timed(
      page,
      `const s = document.querySelector('[data-data-table]'); window.__first = ${FIRST_NAME}; s.scrollTop += s.clientHeight`,
      `${FIRST_NAME} !== window.__first`
    )
  })
  // Scrolled to the end of the window: the next (older) page is read and its first rows shown.
  const oldestShown = `Math.min(...[...document.querySelectorAll('[data-data-table] tbody tr')].map(row => Number(row.dataset.rowId)))`
  await record('scrollToNextPage', async () => {
    await settle()
    return timed(
      page,
      `const s = document.querySelector('[data-data-table]'); window.__oldest = ${oldestShown}; s.scrollTop = s.scrollHeight`,
      `${oldestShown} < window.__oldest`
    )
  })
  await record('filterByStatus', async () => {
    await page.goto(`${base}#/logs`)
    await page.locator('tbody tr').first().waitFor()
    await settle()
    return timed(
      page,
      `window.__first = ${FIRST_NAME}; const s = document.querySelector('select[name="status"]'); s.value = 'failure'; s.dispatchEvent(new Event('change', { bubbles: true }))`,
      `location.hash.includes('status=failure') && ${ROW}.length > 0 && ${FIRST_NAME} !== window.__first`
    )
  })
  await record('filterByIdentityMiddleOfName', async () => {
    await page.goto(`${base}#/logs`)
    await page.locator('tbody tr').first().waitFor()
    await page.getByLabel('Identity').fill('ovelace12')
    await settle()
    return timed(
      page,
      `document.querySelector('form[aria-label="Log filters"]').requestSubmit()`,
      `location.hash.includes('identity=') && ${ROW}.length > 0 && /ovelace12/i.test(${FIRST_NAME} ?? '')`
    )
  })
  await record('openDetail', async () => {
    await page.goto(`${base}#/logs`)
    await page.locator('tbody tr').first().waitFor()
    await settle()
    return timed(page, `${ROW}[3].click()`, `document.querySelector('#log-detail') !== null`)
  })
  return figures
}

/** Times the logs screen over `rows` entries; figures are named `ui.logs.*` (bar: each ≤ 200 ms). */
export async function benchUi(rows = LOG_BENCH_ROWS): Promise<Array<{ name: string; ms: number }>> {
  const home = mkdtempSync(join(tmpdir(), 'provisioner-ui-bench-'))
  let web: { url: string; child: ChildProcess } | null = null
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox'] })
  try {
    const written = writeState(home, rows)
    web = await startWeb(home)
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
    const figures = await measure(page, web.url.replace(/#.*$/, ''))
    return [{ name: 'entries', ms: written }, ...figures]
  } finally {
    await browser.close()
    web?.child.kill('SIGTERM')
    rmSync(home, { recursive: true, force: true })
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const rows = Number(process.env['BENCH_UI_ROWS'] ?? LOG_BENCH_ROWS)
  for (const { name, ms } of await benchUi(rows)) {
    process.stdout.write(`${name.padEnd(32)} ${ms.toFixed(1).padStart(10)}\n`)
  }
}
