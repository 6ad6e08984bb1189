/**
 * The app's dry-run review at 100,000 people (issue 13), in the production build: "Preview" to
 * the summary on screen against the CLI's `provisioner plan` for the same job, state folder and
 * target in the same run (alternating, median of each); then the plan table, reopened from the
 * run history: its scroll (frame by frame) and its filters.
 */
import { spawn } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Page } from 'playwright-core'
import { buildCli } from '../cli/build-cli.mjs'
import { currentCompiledCli } from '../cli/compiled-cli.mjs'
import { databasePath } from '../config/app-paths'
import { openDatabase } from '../store/database'
import { listRuns } from '../store/runs-store'
import { benchJob } from './bench-data'
import { writeCsv } from './bench-data'
import type { Sandbox } from './bench-setup'
import { highWaterKb, nodeArgs } from './plan-curve-bench'
import { childrenCpuMs, childrenOf, endedChildrenCpuMs, treeCpuMs } from './process-cpu'
import {
  everyRowSays,
  loadAverage,
  median,
  medianOf,
  timed,
  type UiFigure,
  UNDER_200_MS,
} from './ui-bench-page'

export const PLAN_BENCH_PEOPLE = 100_000
/** The environment variable the bench job's bearer token is read from (`env:BENCH_TOKEN`). */
export const PLAN_TOKEN_VARIABLE = 'BENCH_TOKEN'
const BIN = fileURLToPath(new URL('../cli/bin.mjs', import.meta.url))
/** benchJob's id. */
const JOB_ID = 'bench'
/** Dry runs of each kind (CLI, app), alternating; the median of each is reported. */
const PREVIEWS = 3
/** Timed runs of each filter. */
const REPEATS = 5
/** A brisk wheel scroll: pixels per frame, for this many frames (several pages of 100 rows). */
const SCROLL_STEP_PX = 100
const SCROLL_FRAMES = 300

export interface PlanJob {
  readonly home: string
  readonly jobFile: string
  readonly env: NodeJS.ProcessEnv
}

/**
 * Writes the bench job (`people` people against the sandbox's accounts) into the state folder's
 * `bench-job/` and runs its first `plan` from the CLI, which records the job as an admin's first
 * plan does (the app lists it from then on).
 */
export async function writePlanJob(home: string, sandbox: Sandbox, people: number): Promise<PlanJob> {
  const dir = join(home, 'bench-job')
  mkdirSync(dir, { recursive: true })
  await writeCsv(join(dir, 'people.csv'), people)
  const jobFile = join(dir, 'job.json')
  writeFileSync(jobFile, JSON.stringify(benchJob(sandbox.baseUrl, 'people.csv', 16, true)))
  if (currentCompiledCli() === null && !(await buildCli({ quiet: true }))) {
    throw new Error('the compiled CLI cannot be built (esbuild missing)')
  }
  const job = { home, jobFile, env: { [PLAN_TOKEN_VARIABLE]: sandbox.token } }
  await cliPlan(job)
  return job
}

/** What one dry run took: wall time and the CPU time of the processes that ran it. */
interface Timed {
  readonly ms: number
  readonly cpuMs: number
}

/** `provisioner plan --job FILE` as an admin runs it (a new process, summary printed). */
function cliPlan(job: PlanJob): Promise<Timed> {
  const cpuBefore = endedChildrenCpuMs()
  const started = performance.now()
  const child = spawn(
    process.execPath,
    [...nodeArgs(), BIN, 'plan', '--job', job.jobFile, '--home', job.home],
    {
      env: { ...process.env, ...job.env },
      stdio: ['ignore', 'ignore', 'pipe'],
    }
  )
  let errors = ''
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (errors += chunk))
  return new Promise((resolve, reject) => {
    child.once('error', reject)
    child.once('exit', code => {
      const ms = performance.now() - started
      if (code === 0) resolve({ ms, cpuMs: endedChildrenCpuMs() - cpuBefore })
      else reject(new Error(`provisioner plan exited with ${code}: ${errors}`))
    })
  })
}

const SUMMARY_SHOWN = `[...document.querySelectorAll('caption')].some(c => c.textContent === 'Planned changes: users')`
const PLAN_ROWS = `document.querySelectorAll('table[aria-label="Planned operations"] tbody tr')`

/**
 * Clicks "Preview" on a freshly opened job page: the milliseconds until the summary is painted,
 * then until the plan table's first rows are, and the dry run's id.
 */
async function appPreview(
  page: Page,
  base: string,
  appPid: number
): Promise<{ summaryMs: number; tableMs: number; runId: string; cpuMs: number; browserCpuMs: number }> {
  await page.goto('about:blank')
  await page.goto(`${base}#/jobs/${JOB_ID}`)
  const button = page.getByRole('button', { name: 'Preview (dry run)' })
  await button.waitFor()
  await page.waitForTimeout(300)
  const cpuBefore = treeCpuMs(appPid)
  const browserBefore = childrenCpuMs('chrom')
  const shown = await page.evaluate<{ summaryMs: number; tableMs: number; runId: string }>(`(async () => {
    const frame = () => new Promise(resolve => requestAnimationFrame(resolve))
    const painted = async () => { await frame(); await new Promise(resolve => setTimeout(resolve, 0)) }
    // Watched on each change of the page, not polled every frame: a frame-by-frame poll keeps the
    // browser busy (~60 ms of CPU a second) on cores the API host shares, which the CLI's run is spared.
    const until = (shown, what) => new Promise((resolve, reject) => {
      if (shown()) return resolve()
      const observer = new MutationObserver(() => {
        if (!shown()) return
        observer.disconnect()
        clearTimeout(timer)
        resolve()
      })
      const timer = setTimeout(() => { observer.disconnect(); reject(new Error('no ' + what + ' after 10 minutes')) }, 600000)
      observer.observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true })
    })
    const button = [...document.querySelectorAll('button')].find(b => b.textContent.startsWith('Preview (dry run)'))
    const start = performance.now()
    button.click()
    await until(() => ${SUMMARY_SHOWN}, 'summary')
    await painted()
    const summaryMs = performance.now() - start
    await until(() => ${PLAN_ROWS}.length > 0, 'plan rows')
    await painted()
    const tableMs = performance.now() - start
    const runId = /as dry run (\\S+)\\./.exec(document.body.innerText)?.[1]
    return { summaryMs, tableMs, runId }
  })()`)
  return {
    ...shown,
    cpuMs: treeCpuMs(appPid) - cpuBefore,
    browserCpuMs: childrenCpuMs('chrom') - browserBefore,
  }
}

/**
 * The CLI's plan and the app's preview, alternating; medians and their ratio (bar: ≤ 1.2×). CPU
 * times too: the CLI process's, and the app's web bridge and API host's while it previews (the
 * browser's apart: it shares the cores), steadier than wall time on a shared machine.
 */
export async function measurePreview(
  page: Page,
  base: string,
  job: PlanJob,
  appPid: number
): Promise<{ figures: UiFigure[]; runId: string }> {
  const cli: Timed[] = []
  const app: Array<Awaited<ReturnType<typeof appPreview>>> = []
  const load = loadAverage()
  for (let run = 0; run < PREVIEWS; run++) {
    cli.push(await cliPlan(job))
    app.push(await appPreview(page, base, appPid))
  }
  const of = <T>(list: ReadonlyArray<T>, value: (item: T) => number) => median(list.map(value))
  const ratio = of(app, run => run.summaryMs) / of(cli, run => run.ms)
  return {
    runId: app.at(-1)?.runId ?? '',
    figures: [
      { name: 'ui.plan.cliPlanMs', value: of(cli, run => run.ms), unit: 'ms' },
      { name: 'ui.plan.previewToSummaryMs', value: of(app, run => run.summaryMs), unit: 'ms' },
      { name: 'ui.plan.previewToTableMs', value: of(app, run => run.tableMs), unit: 'ms' },
      { name: 'ui.plan.previewRatioToCli', value: ratio, unit: 'x', bar: { op: '<=', limit: 1.2 } },
      { name: 'ui.plan.cliPlanCpuMs', value: of(cli, run => run.cpuMs), unit: 'ms' },
      { name: 'ui.plan.previewCpuMs', value: of(app, run => run.cpuMs), unit: 'ms' },
      {
        name: 'ui.plan.previewCpuRatioToCli',
        value: of(app, run => run.cpuMs) / of(cli, run => run.cpuMs),
        unit: 'x',
      },
      { name: 'ui.plan.previewBrowserCpuMs', value: of(app, run => run.browserCpuMs), unit: 'ms' },
      { name: 'ui.plan.previewLoadAverage', value: load, unit: 'load' },
      // The API host's high-water mark after the previews (what a reviewed plan keeps shows here).
      { name: 'ui.plan.previewHostPeakRssMB', value: hostPeakKb(appPid) / 1024, unit: 'MB' },
    ],
  }
}

/** The largest resident-set high-water mark of the web bridge's children (its API host). */
function hostPeakKb(appPid: number): number {
  return Math.max(0, ...childrenOf(appPid).map(highWaterKb))
}

/**
 * Scrolls the plan table `SCROLL_STEP_PX` a frame for `SCROLL_FRAMES` frames (the next pages
 * load on the way) and times every frame: a frame longer than 1.5 display periods dropped one.
 */
async function scrollFrames(page: Page): Promise<{ dropped: number; longestMs: number; periodMs: number }> {
  return page.evaluate<{ dropped: number; longestMs: number; periodMs: number }>(`(async () => {
    const frame = () => new Promise(resolve => requestAnimationFrame(resolve))
    const scroller = document.querySelector('table[aria-label="Planned operations"]').closest('[data-data-table]')
    const intervals = []
    let last = await frame()
    for (let index = 0; index < ${SCROLL_FRAMES}; index++) {
      scroller.scrollTop += ${SCROLL_STEP_PX}
      const now = await frame()
      intervals.push(now - last)
      last = now
    }
    const sorted = [...intervals].sort((a, b) => a - b)
    const periodMs = sorted[Math.floor(sorted.length / 2)]
    return {
      dropped: intervals.filter(ms => ms > 1.5 * periodMs).length,
      longestMs: sorted.at(-1),
      periodMs,
    }
  })()`)
}

const ACTION_SELECT = `document.getElementById([...document.querySelectorAll('label')].find(l => l.textContent === 'Action').htmlFor)`

/** The plan table of the reopened dry run `runId`: reopen, scroll, filter, search. */
export async function measurePlanTable(page: Page, base: string, runId: string): Promise<UiFigure[]> {
  const runPage = `${base}#/jobs/${JOB_ID}/runs/${runId}`
  const open = async () => {
    await page.goto('about:blank')
    await page.goto(runPage)
    await page.locator('table[aria-label="Planned operations"] tbody tr').first().waitFor()
    await page.waitForTimeout(300)
  }
  const figures: UiFigure[] = []
  const record = async (name: string, run: () => Promise<number>) => {
    const load = loadAverage()
    figures.push({
      name: `ui.plan.${name}Ms`,
      value: await medianOf(REPEATS, run),
      unit: 'ms',
      bar: UNDER_200_MS,
    })
    figures.push({ name: `ui.plan.${name}LoadAverage`, value: load, unit: 'load' })
  }
  await record('reopenFromHistory', async () => {
    await page.goto('about:blank')
    await page.goto(`${base}#/jobs/${JOB_ID}`)
    await page.getByRole('button', { name: 'Preview (dry run)' }).waitFor()
    await page.waitForTimeout(300)
    return timed(
      page,
      `location.hash = ${JSON.stringify(`#/jobs/${JOB_ID}/runs/${runId}`)}`,
      `${PLAN_ROWS}.length > 0`
    )
  })
  await open()
  const load = loadAverage()
  const frames = await scrollFrames(page)
  figures.push(
    { name: 'ui.plan.scrollFrames', value: SCROLL_FRAMES, unit: 'frames' },
    {
      name: 'ui.plan.scrollDroppedFrames',
      value: frames.dropped,
      unit: 'frames',
      bar: { op: '<=', limit: 0 },
    },
    { name: 'ui.plan.scrollLongestFrameMs', value: frames.longestMs, unit: 'ms' },
    { name: 'ui.plan.scrollFramePeriodMs', value: frames.periodMs, unit: 'ms' },
    { name: 'ui.plan.scrollLoadAverage', value: load, unit: 'load' }
  )
  await record('filterByAction', async () => {
    await open()
    return timed(
      page,
      `const s = ${ACTION_SELECT}; s.value = 'create'; s.dispatchEvent(new Event('change', { bubbles: true }))`,
      everyRowSays(PLAN_ROWS, 'create')
    )
  })
  // Sparse matches (one person by source id, eleven by part of a name): the search reads the whole plan.
  for (const [name, text] of [
    ['searchById', '104242'],
    ['searchByName', 'person4242'],
  ] as const) {
    await record(name, async () => {
      await open()
      await page.getByLabel('Search').fill(text)
      return timed(
        page,
        `document.querySelector('form[aria-label="Plan filters"]').requestSubmit()`,
        `${PLAN_ROWS}.length > 0 && [...${PLAN_ROWS}].every(row => row.textContent.includes(${JSON.stringify(text)}))`
      )
    })
  }
  return figures
}

/** The preview against the CLI, then the plan table; figures named `ui.plan.*`. */
export async function measurePlanScreen(
  page: Page,
  base: string,
  job: PlanJob,
  appPid: number
): Promise<UiFigure[]> {
  const preview = await measurePreview(page, base, job, appPid)
  return [...preview.figures, ...(await measurePlanTable(page, base, preview.runId))]
}

/** The latest dry run of the bench job in `home` (the one writePlanJob's `plan` recorded). */
export function latestPlanRunId(home: string): string {
  const db = openDatabase(databasePath(home))
  try {
    const run = listRuns(db, JOB_ID, 1)[0]
    if (run === undefined) throw new Error(`no dry run of job ${JOB_ID} in ${home}`)
    return run.id
  } finally {
    db.close()
  }
}
