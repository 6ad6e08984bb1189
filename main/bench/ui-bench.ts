/**
 * The logs screen at a million entries, in the production build (DESIGN §6: "open / scroll /
 * filter / open a detail each under 200 ms"): a state folder with 1,000,000 log entries written
 * as runs write them, `npm run web -- --production` over it, and Chromium (playwright-core)
 * timing each action in the page, from the input to the rows or panel it brings on screen; then,
 * in the same state folder, the dry-run review of a 100,000-person job (ui-plan-bench.ts).
 *
 * `BENCH_ONLY=ui npm run bench`; BENCH_UI_ROWS changes the entry count, BENCH_UI_PEOPLE the plan's.
 * BENCH_UI_ONLY=plan measures the plan table alone (scroll, filters, search) on the dry run the
 * bench job's first `plan` recorded: no million log entries, no preview against the CLI.
 * BENCH_UI_ONLY=preview measures the preview against the CLI's `plan` alone (no million log
 * entries, no plan table).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type Page } from 'playwright-core'
import { databasePath } from '../config/app-paths'
import { openDatabase } from '../store/database'
import { saveJob } from '../store/jobs-store'
import { startSandbox } from './bench-setup'
import { LOG_BENCH_ROWS, writeBenchLog } from './log-bench'
import {
  CHROMIUM,
  everyRowSays,
  loadAverage,
  medianOf,
  startWeb,
  timed,
  type UiFigure,
  UNDER_200_MS,
  type WebServer,
} from './ui-bench-page'
import {
  latestPlanRunId,
  measurePlanScreen,
  measurePlanTable,
  measurePreview,
  PLAN_BENCH_PEOPLE,
  PLAN_TOKEN_VARIABLE,
  writePlanJob,
} from './ui-plan-bench'

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

const ROW = `document.querySelectorAll('table[aria-label^="Provisioning log"] tbody tr')`
const FIRST_NAME = `${ROW}[0]?.querySelector('button')?.textContent`

/** Each action the admin takes on the logs screen, timed `REPEATS` times (median). */
async function measureLogs(page: Page, base: string): Promise<UiFigure[]> {
  const figures: UiFigure[] = []
  const record = async (name: string, run: () => Promise<number>) => {
    const load = loadAverage()
    const ms = await medianOf(REPEATS, run)
    figures.push({ name: `ui.logs.${name}Ms`, value: ms, unit: 'ms', bar: UNDER_200_MS })
    figures.push({ name: `ui.logs.${name}LoadAverage`, value: load, unit: 'load' })
  }
  const settle = () => page.waitForTimeout(300)

  // A fresh page each time: the first open reads the log (a repeat within 30 s would show the cached page).
  await record('openFromOverview', async () => {
    await page.goto('about:blank')
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
      `const s = document.querySelector('select[name="status"]'); s.value = 'failure'; s.dispatchEvent(new Event('change', { bubbles: true }))`,
      `location.hash.includes('status=failure') && ${everyRowSays(ROW, 'failure')}`
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
  const actions = figures.filter(figure => figure.unit === 'ms')
  figures.push({
    name: 'ui.logs.slowestMs',
    value: Math.max(...actions.map(figure => figure.value)),
    unit: 'ms',
    bar: UNDER_200_MS,
  })
  return figures
}

/**
 * The app at scale, in the production build: the logs screen over `rows` entries (`ui.logs.*`)
 * and, in the same state folder, a `people`-person job's preview against as many accounts,
 * timed against the CLI's `plan` in the same run, with its plan table (`ui.plan.*`).
 */
export async function benchUi(rows = LOG_BENCH_ROWS, people = PLAN_BENCH_PEOPLE): Promise<UiFigure[]> {
  const only = process.env['BENCH_UI_ONLY']
  const planOnly = only === 'plan'
  const previewOnly = only === 'preview'
  const home = mkdtempSync(join(tmpdir(), 'provisioner-ui-bench-'))
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox'] })
  let web: WebServer | null = null
  const sandbox = await startSandbox(people)
  try {
    const written = planOnly || previewOnly ? 0 : writeState(home, rows)
    const planJob = await writePlanJob(home, sandbox, people)
    web = await startWeb(home, { [PLAN_TOKEN_VARIABLE]: sandbox.token })
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
    const base = web.url.replace(/#.*$/, '')
    const appPid = web.child.pid ?? 0
    if (planOnly) return await measurePlanTable(page, base, latestPlanRunId(home))
    if (previewOnly) return (await measurePreview(page, base, planJob, appPid)).figures
    const logs = await measureLogs(page, base)
    const plan = await measurePlanScreen(page, base, planJob, appPid)
    return [{ name: 'ui.logs.entries', value: written, unit: 'entries' }, ...logs, ...plan]
  } finally {
    await browser.close()
    web?.child.kill('SIGTERM')
    await sandbox.stop()
    rmSync(home, { recursive: true, force: true })
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const rows = Number(process.env['BENCH_UI_ROWS'] ?? LOG_BENCH_ROWS)
  const people = Number(process.env['BENCH_UI_PEOPLE'] ?? PLAN_BENCH_PEOPLE)
  for (const { name, value, unit } of await benchUi(rows, people)) {
    process.stdout.write(`${name.padEnd(40)} ${value.toFixed(1).padStart(10)} ${unit}\n`)
  }
}
