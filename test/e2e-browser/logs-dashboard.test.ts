/**
 * The logs at scale, the dashboard, stored dry runs and live runs, in Chromium through the HTTP
 * bridge over a real state database: tens of thousands of seeded log entries, a sandbox SCIM
 * app, and the real `provisioner` command running against the same state folder while the page
 * is open.
 *
 * Without /usr/bin/chromium the suite is skipped, or fails when PROVISIONER_REQUIRE_BROWSER=1 (CI).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'csv-parse/sync'
import type { NextFunction, Request, Response } from 'express'
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { writeBenchLog } from '../../main/bench/log-bench'
import { type SandboxServer, startSandboxServer } from '../../main/connectors/scim/sandbox/sandbox-server'
import type { NewLogEntry } from '../../main/model/log-entry'
import { inTransaction } from '../../main/store/database'
import { insertLogEntries } from '../../main/store/logs-store'
import {
  type BridgeHarness,
  seedUiState,
  startBridgeHarness,
  UI_JOB_ID,
  UI_JOB_NAME,
  UI_TOKEN_VARIABLE,
  type UiSeed,
  writeUiJobWorkspace,
} from '../helpers/bridge-harness'
import { startCli } from '../helpers/killable-cli'

const CHROMIUM = '/usr/bin/chromium'
const HAS_BROWSER = existsSync(CHROMIUM)
const SCIM_TOKEN = 'e2e-logs-sandbox-token-7a1b'
/** Entries of twenty other jobs written as the runs do, so the log is big and varied. */
const BULK_LOG = 30_000
/** People in the CSV the live CLI run provisions; creates past the first few wait for the test. */
const LIVE_PEOPLE = 60
const LET_THROUGH = 10

/** Waiting for the bridge's answer: a count over tens of thousands of entries can take seconds on a busy CI machine. */
const SERVER_ANSWER = { timeout: 15_000 }

describe.skipIf(!HAS_BROWSER)('logs, dashboard and live runs in Chromium', () => {
  let workspace: string
  let sandbox: SandboxServer
  let harness: BridgeHarness
  let seed: UiSeed
  let browser: Browser
  let context: BrowserContext
  let page: Page
  let problems: string[]
  /** Creates the sandbox holds until the test releases them (a CLI run that stays in progress). */
  const gate = { open: true, passed: 0, waiting: [] as Array<() => void> }

  beforeAll(async () => {
    workspace = mkdtempSync(join(tmpdir(), 'provisioner-e2e-logs-'))
    sandbox = await startSandboxServer({
      auth: { type: 'bearer', token: SCIM_TOKEN },
      middleware: [
        (req: Request, _res: Response, next: NextFunction) => {
          if (req.method !== 'POST' || gate.open || gate.passed++ < LET_THROUGH) return next()
          gate.waiting.push(next)
        },
      ],
    })
    harness = await startBridgeHarness({
      withRenderer: true,
      env: { [UI_TOKEN_VARIABLE]: SCIM_TOKEN },
      watchIntervalMs: 200,
    })
    seed = seedUiState(harness.db, writeUiJobWorkspace(workspace, sandbox.baseUrl))
    writeBenchLog(harness.db, BULK_LOG)
    inTransaction(harness.db, () => insertLogEntries(harness.db, conflicts()))
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run'],
    })
    context = await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true })
  }, 120_000)

  afterAll(async () => {
    for (const release of gate.waiting.splice(0)) release()
    await browser?.close()
    await harness?.close()
    await sandbox?.close()
    if (workspace !== undefined) rmSync(workspace, { recursive: true, force: true })
  })

  beforeEach(async () => {
    problems = []
    page = await context.newPage()
    page.on('console', message => {
      if (message.type() === 'error' || message.type() === 'warning')
        problems.push(`console: ${message.text()}`)
    })
    page.on('pageerror', error => problems.push(`page error: ${error.message}`))
  })

  afterEach(async () => {
    await page.close()
    expect(problems).toEqual([])
  })

  it('opens a log of tens of thousands of entries, counts it, and holds only a window of it while scrolling', async () => {
    await page.goto(harness.pageUrl('#/logs'))
    const count = page.getByRole('status').filter({ hasText: /match/ })
    const total = seed.logCount + BULK_LOG + conflicts().length
    await expect
      .poll(() => count.textContent(), SERVER_ANSWER)
      .toBe(`${total.toLocaleString('en-US')} entries match`)
    const scroller = page.locator('[data-data-table]').first()
    for (let step = 0; step < 12; step++) {
      await scroller.evaluate(element => element.scrollTo({ top: element.scrollHeight }))
      await page.waitForTimeout(120)
    }
    // However far it scrolled, the table holds a few pages and renders a screenful.
    const rendered = await logTable(page).getByRole('row').count()
    expect(rendered).toBeLessThan(60)
    const indexes = await logTable(page)
      .locator('tr[data-index]')
      .evaluateAll(rows => rows.map(row => Number(row.getAttribute('data-index'))))
    expect(Math.max(...indexes)).toBeLessThan(500)
    await page.screenshot({ path: screenshotPath('logs-scrolled-1440'), fullPage: false })
  })

  it('finds people by a middle part of their name, conflicts by their own action, and a date range', async () => {
    await page.goto(harness.pageUrl('#/logs'))
    const count = page.getByRole('status').filter({ hasText: /match/ })
    await expect.poll(() => count.textContent(), SERVER_ANSWER).toMatch(/^[\d,]+ entries match$/)
    const everything = await count.textContent()
    await page.getByLabel('Identity').fill('ovelac')
    await page.getByRole('button', { name: 'Apply' }).click()
    await expect.poll(() => page.url(), SERVER_ANSWER).toContain('identity=ovelac')
    await expect.poll(() => count.textContent(), SERVER_ANSWER).not.toBe(everything)
    expect(await count.textContent()).toMatch(/^[\d,]+ entr(y|ies) match(es)?$/)
    const names = await logTable(page).locator('tbody button').allTextContents()
    expect(names.length).toBeGreaterThan(0)
    expect(names.every(name => /ovelac/i.test(name))).toBe(true)

    await page.getByRole('button', { name: 'Clear' }).click()
    await expect.poll(() => page.url(), SERVER_ANSWER).toMatch(/#\/logs$/)
    await page.getByLabel('Action').selectOption('conflict')
    await expect.poll(() => count.textContent(), SERVER_ANSWER).toBe(`${conflicts().length} entries match`)
    const rows = logTable(page).getByRole('row')
    expect(await rows.nth(1).textContent()).toContain('conflict')
    expect(page.url()).toContain('action=conflict')

    // A date range in local time: the job's second run, between 10:30 and 11:30 UTC.
    await page.getByRole('button', { name: 'Clear' }).click()
    await expect.poll(() => page.url(), SERVER_ANSWER).toMatch(/#\/logs$/)
    await page.getByLabel('Job').selectOption(UI_JOB_ID)
    await page.getByLabel('From').fill(localInput('2024-03-01T10:30:00Z'))
    await page.getByLabel('To').fill(localInput('2024-03-01T11:30:00Z'))
    await page.getByRole('button', { name: 'Apply' }).click()
    await expect.poll(() => count.textContent(), SERVER_ANSWER).toBe('4 entries match')
    expect(page.url()).toContain('since=2024-03-01T10%3A30%3A00.000Z')
  })

  it('shows every step and a troubleshooting hint in the details, and Escape puts focus back on the row', async () => {
    await page.goto(harness.pageUrl('#/logs?action=conflict'))
    const first = logTable(page).getByRole('row').nth(1)
    await first.waitFor()
    const name = (await first.getByRole('button').first().textContent()) ?? ''
    await first.locator('td').nth(3).click()
    const panel = page.getByRole('complementary', { name })
    await panel.waitFor()
    expect(await panel.textContent()).toContain('Several accounts in the app match this person')
    expect(await panel.getByRole('list', { name: 'Steps' }).getByRole('listitem').count()).toBe(5)
    await page.screenshot({ path: screenshotPath('logs-detail-troubleshooting-1440'), fullPage: false })
    await page.keyboard.press('Escape')
    await panel.waitFor({ state: 'detached' })
    expect(await page.evaluate<string>("document.activeElement?.textContent ?? ''")).toBe(name)
    expect(
      await page.evaluate<string>(
        "document.activeElement?.closest('tr')?.getAttribute('aria-rowindex') ?? ''"
      )
    ).toBe('2')
  })

  it('exports the filtered entries, every one of them, as a CSV download and as JSON Lines', async () => {
    await page.goto(harness.pageUrl('#/logs?action=conflict'))
    await logTable(page).getByRole('row').nth(1).waitFor()
    for (const [item, parseRows] of [
      [
        'CSV (spreadsheets)',
        (text: string) => parse(text, { columns: true }) as Array<Record<string, string>>,
      ],
      [
        'JSON Lines',
        (text: string) =>
          text
            .trimEnd()
            .split('\n')
            .map(line => JSON.parse(line) as Record<string, string>),
      ],
    ] as const) {
      await page.getByRole('button', { name: 'Export' }).click()
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('menuitem', { name: item }).click(),
      ])
      const file = join(workspace, download.suggestedFilename())
      await download.saveAs(file)
      const rows = parseRows(readFileSync(file, 'utf8'))
      expect(rows).toHaveLength(conflicts().length)
      expect(rows.every(row => row['action'] === 'conflict')).toBe(true)
      expect(download.suggestedFilename()).toMatch(/^provisioner-logs-.*\.(csv|jsonl)$/)
    }
    expect(await page.getByRole('status').filter({ hasText: 'Download started' }).count()).toBe(1)
  })

  it('reopens a dry run from the run history with every operation, paged from the store', async () => {
    await page.goto(harness.pageUrl(`#/jobs/${UI_JOB_ID}`))
    await page.getByRole('button', { name: 'Preview (dry run)' }).click()
    await page.getByRole('table', { name: 'Planned operations' }).waitFor({ timeout: 30_000 })
    const runs = page.getByRole('table', { name: 'Runs', exact: true })
    const plan = runs.getByRole('link', { name: /^Plan: dry run / }).first()
    await expect
      .poll(() => runs.getByRole('link', { name: /^Plan: dry run / }).count(), SERVER_ANSWER)
      .toBeGreaterThan(1)
    await plan.click()
    await page.getByRole('heading', { name: `Dry run of ${UI_JOB_NAME}`, level: 1 }).waitFor()
    const operations = page.getByRole('table', { name: 'Planned operations' })
    await operations.getByRole('button', { name: 'ada.lovelace@example.com' }).waitFor()
    expect(
      await page
        .getByRole('status')
        .filter({ hasText: /operations?$/ })
        .textContent()
    ).toBe('4 operations')
    await page.getByLabel('Search').fill('hopper')
    await expect.poll(() => operations.getByRole('row').count(), SERVER_ANSWER).toBe(2)
    await page.getByLabel('Search').fill('')
    await page.screenshot({ path: screenshotPath('dry-run-reopened-1440'), fullPage: true })
  })

  it('shows a CLI run while it runs and when it finishes, on the dashboard and the job page, without a reload', async () => {
    writePeople(LIVE_PEOPLE)
    await page.goto(harness.pageUrl())
    const jobs = page.getByRole('table', { name: 'Jobs' })
    const row = jobs
      .getByRole('row')
      .filter({ has: page.getByRole('link', { name: UI_JOB_NAME, exact: true }) })
    await row.waitFor()
    gate.open = false
    gate.passed = 0
    const cli = startCli(
      { dir: workspace, home: harness.home, env: { [UI_TOKEN_VARIABLE]: SCIM_TOKEN } } as never,
      ['apply', '--job', join(workspace, 'job.json'), '--yes']
    )
    try {
      await expect.poll(() => row.textContent(), { timeout: 30_000 }).toContain('running')
      await expect.poll(() => row.textContent(), { timeout: 30_000 }).toMatch(/\d+ of \d+ changes done/)
      await page.screenshot({ path: screenshotPath('overview-live-run-1440'), fullPage: true })
    } finally {
      gate.open = true
      for (const release of gate.waiting.splice(0)) release()
    }
    const result = await cli.finished
    expect(result.code, result.stderr).toBe(0)
    await expect.poll(() => row.textContent(), { timeout: 30_000 }).toContain('healthy')
    expect(await row.textContent()).not.toContain('changes done')
    expect(await row.textContent()).toMatch(/Users: \d+ create/)
    expect(await row.textContent()).toMatch(/[\d,]+ linked accounts/)
    // The chart of applied runs has the CLI's run.
    await page.getByRole('region', { name: 'Runs over time' }).locator('svg').first().waitFor()

    // The job page's runs table shows it finished too, without a reload.
    await page.goto(harness.pageUrl(`#/jobs/${UI_JOB_ID}`))
    const runs = page.getByRole('table', { name: 'Runs', exact: true })
    expect(await runs.getByRole('row').nth(1).textContent()).toContain('completed')
  })

  it('saves a screenshot of each new screen in both themes at 1024 and 1440 px', async () => {
    // New joiners beside the people the live run created: a dry run with changes to show.
    writePeople(LIVE_PEOPLE + 12)
    const { runId: dryRunId } = await harness.api.planJob({ jobId: UI_JOB_ID })
    for (const colorScheme of ['light', 'dark'] as const) {
      for (const width of [1024, 1440]) {
        const themed = await browser.newContext({ colorScheme, viewport: { width, height: 900 } })
        const shot = await themed.newPage()
        shot.on('console', message => {
          if (message.type() === 'error' || message.type() === 'warning')
            problems.push(`console: ${message.text()}`)
        })
        const name = (screen: string) => screenshotPath(`${screen}-${colorScheme}-${width}`)
        try {
          await shot.goto(harness.pageUrl())
          await shot.getByRole('table', { name: 'Jobs' }).waitFor()
          await shot.getByRole('region', { name: 'Runs over time' }).waitFor()
          await shot.waitForTimeout(300)
          // Nothing covers the page (the chart's tooltips live in portals, which once took the window's height).
          expect(
            await shot.evaluate<boolean>("document.elementFromPoint(200, 300)?.closest('main') !== null")
          ).toBe(true)
          await shot.screenshot({ path: name('dashboard'), fullPage: true })

          await shot.goto(harness.pageUrl('#/logs'))
          await logTable(shot).getByRole('row').nth(1).waitFor()
          await shot.screenshot({ path: name('logs-at-scale'), fullPage: true })

          await shot.goto(harness.pageUrl('#/logs?action=conflict'))
          await logTable(shot).getByRole('row').nth(1).locator('td').nth(3).click()
          await shot.getByRole('complementary').waitFor()
          await shot.screenshot({ path: name('logs-conflict-detail'), fullPage: true })

          await shot.goto(harness.pageUrl(`#/logs?runId=${seed.failedRunId}`))
          await shot.getByRole('button', { name: 'Grace Hopper' }).click()
          await shot.getByRole('complementary').waitFor()
          await shot.screenshot({ path: name('logs-failure-detail'), fullPage: true })

          await shot.goto(harness.pageUrl(`#/jobs/${UI_JOB_ID}/runs/${dryRunId}`))
          await shot.getByRole('table', { name: 'Planned operations' }).waitFor()
          await shot.screenshot({ path: name('dry-run'), fullPage: true })
          // A dry run recorded before plans were kept: its counts, and why its operations are not there.
          await shot.goto(harness.pageUrl(`#/jobs/${UI_JOB_ID}/runs/${seed.dryRunId}`))
          await shot.getByText('The operations of this dry run are not kept').waitFor()
          await shot.screenshot({ path: name('dry-run-not-kept'), fullPage: true })
        } finally {
          await themed.close()
        }
      }
    }
  })

  /** The job's people.csv with `count` people (the live run creates them). */
  function writePeople(count: number): void {
    const rows = Array.from(
      { length: count },
      (_, index) => `${5000 + index},Given${index},Family${index},live${index}@example.com,Engineer,Active`
    )
    writeFileSync(
      join(workspace, 'people.csv'),
      `employeeId,givenName,surname,mail,title,status\n${rows.join('\n')}\n`
    )
  }
})

/** Conflicts of the UI job: several accounts match one person. */
function conflicts(): NewLogEntry[] {
  return Array.from({ length: 3 }, (_, index) => ({
    time: new Date(Date.parse('2024-03-02T08:00:00Z') + index * 1000).toISOString(),
    jobId: UI_JOB_ID,
    runId: '20240302-080000-conflicts',
    changeId: `conflict-${index}`,
    objectType: 'user' as const,
    action: 'conflict' as const,
    status: 'failure' as const,
    sourceId: `C${index}`,
    sourceDisplay: `Conflicted Person ${index}`,
    targetId: null,
    targetDisplay: null,
    steps: [
      {
        type: 'import' as const,
        status: 'success' as const,
        description: `Imported C${index} from people.csv`,
      },
      { type: 'scoping' as const, status: 'success' as const, description: 'In scope: no scoping filters' },
      {
        type: 'matching' as const,
        status: 'failure' as const,
        description: 'userName matches 2 accounts: acc-1, acc-2',
        details: { 'Matching attribute': 'userName' },
      },
      { type: 'processing' as const, status: 'failure' as const, description: 'Conflict: nothing done' },
      { type: 'export' as const, status: 'skipped' as const, description: 'Nothing sent' },
    ],
    modified: [],
    reason: 'Several accounts match this person',
    errorCode: 'DuplicateTargetEntries',
    httpStatus: null,
    scimType: null,
    scimDetail: null,
    durationMs: 0,
    attempts: 1,
  }))
}

function logTable(page: Page) {
  return page.getByRole('table', { name: 'Provisioning log entries, newest first' })
}

/** An instant as a `datetime-local` field takes it, in local time (the browser's zone is this machine's). */
function localInput(iso: string): string {
  const date = new Date(iso)
  const pad = (value: number) => String(value).padStart(2, '0')
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`
}

/** Screens land in out/screenshots/ (gitignored) unless PROVISIONER_SCREENSHOT_DIR says otherwise. */
function screenshotPath(name: string): string {
  const dir =
    process.env['PROVISIONER_SCREENSHOT_DIR'] ??
    fileURLToPath(new URL('../../out/screenshots/', import.meta.url))
  mkdirSync(dir, { recursive: true })
  return join(dir, `${name}.png`)
}
