/**
 * The renderer end to end in Debian's Chromium, through the HTTP bridge, over a seeded state
 * database and a sandbox SCIM app: the same page, API and dispatch as the desktop app, with
 * HTTP in place of Electron IPC.
 *
 * Without /usr/bin/chromium the suite is skipped, or fails when PROVISIONER_REQUIRE_BROWSER=1 (CI).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { type SandboxServer, startSandboxServer } from '../../main/connectors/scim/sandbox/sandbox-server'
import {
  type BridgeHarness,
  seedUiState,
  startBridgeHarness,
  UI_JOB_ID,
  UI_GROUP_MEMBERS,
  UI_JOB_NAME,
  UI_TOKEN_VARIABLE,
  type UiSeed,
  writeUiJobWorkspace,
} from '../helpers/bridge-harness'

const CHROMIUM = '/usr/bin/chromium'
const HAS_BROWSER = existsSync(CHROMIUM)
const REQUIRE_BROWSER = process.env['PROVISIONER_REQUIRE_BROWSER'] === '1'
const SCIM_TOKEN = 'e2e-sandbox-token-5f0c1d2e3a4b'

if (!HAS_BROWSER && REQUIRE_BROWSER) {
  describe('browser tests', () => {
    it(`need Chromium at ${CHROMIUM} (PROVISIONER_REQUIRE_BROWSER=1)`, () => {
      expect(existsSync(CHROMIUM)).toBe(true)
    })
  })
}

describe.skipIf(!HAS_BROWSER)('the UI in Chromium through the HTTP bridge', () => {
  let workspace: string
  let sandbox: SandboxServer
  let harness: BridgeHarness
  let seed: UiSeed
  let browser: Browser
  /** One context for all tests: the dev server's modules stay in its HTTP cache between pages. */
  let context: BrowserContext
  let page: Page
  /** Console errors, failed requests and CSP violations: any of them fails the test. */
  let problems: string[]
  /** Everything the bridge sent the page, to prove no secret ever reached it. */
  let bridgeBodies: string[]

  beforeAll(async () => {
    workspace = mkdtempSync(join(tmpdir(), 'provisioner-e2e-'))
    sandbox = await startSandboxServer({
      auth: { type: 'bearer', token: SCIM_TOKEN },
      seedUsers: [
        {
          schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
          userName: 'grace.hopper@example.com',
          title: 'Commodore',
          active: true,
        },
      ],
    })
    harness = await startBridgeHarness({ withRenderer: true, env: { [UI_TOKEN_VARIABLE]: SCIM_TOKEN } })
    seed = seedUiState(harness.db, writeUiJobWorkspace(workspace, sandbox.baseUrl))
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    })
    context = await browser.newContext({ viewport: { width: 1400, height: 900 } })
  })

  afterAll(async () => {
    await browser?.close()
    await harness?.close()
    await sandbox?.close()
    if (workspace !== undefined) rmSync(workspace, { recursive: true, force: true })
  })

  beforeEach(async () => {
    problems = []
    bridgeBodies = []
    page = await context.newPage()
    page.on('console', message => {
      if (message.type() === 'error' || message.type() === 'warning')
        problems.push(`console: ${message.text()}`)
    })
    page.on('pageerror', error => problems.push(`page error: ${error.message}`))
    page.on('requestfailed', request => {
      // Vite's HMR socket and EventSource reconnects are torn down when the page closes.
      if (!request.url().includes('/events')) problems.push(`request failed: ${request.url()}`)
    })
    page.on('response', response => {
      if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`)
      if (response.url().startsWith(harness.bridge.url) && response.url().includes('/rpc/')) {
        response.text().then(
          body => bridgeBodies.push(body),
          () => undefined
        )
      }
    })
  })

  afterEach(async () => {
    await page.close()
    expect(problems).toEqual([])
  })

  it('shows the state folder and lists the job with its last run', async () => {
    await page.goto(harness.pageUrl())
    await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor()
    await expect.poll(() => page.getByText(harness.home, { exact: true }).count()).toBe(1)
    const row = page
      .getByRole('row')
      .filter({ has: page.getByRole('link', { name: UI_JOB_NAME, exact: true }) })
    await row.waitFor()
    expect(await row.textContent()).toContain('csv people.csv')
    expect(await row.textContent()).toContain('completed')
    expect(await row.textContent()).toContain('dry-run')
    // The job without a job file is listed too, as never run.
    expect(await page.getByRole('row').filter({ hasText: 'Legacy import' }).textContent()).toContain(
      'never run'
    )
    expect(await page.title()).toBe('Overview – Provisioner')
  })

  it('counts the log, scrolls older entries in, and filters by status and by a part of a name', async () => {
    await page.goto(harness.pageUrl('#/logs'))
    const count = page.getByRole('status').filter({ hasText: /entr(y|ies) match/ })
    await expect.poll(() => count.textContent()).toBe(`${seed.logCount} entries match`)
    // Every matching entry is in the table for assistive technology, though only those in view are rendered.
    expect(await logTable(page).getAttribute('aria-rowcount')).toBe(String(seed.logCount + 1))
    expect(await logTable(page).getByRole('row').count()).toBeLessThan(60)
    // Scrolling to the end brings in the older pages, down to the oldest entry.
    const scroller = page.locator('[data-data-table]').first()
    const oldest = logTable(page).getByRole('button', { name: 'bulk.person0@example.com', exact: true })
    for (let step = 0; step < 20 && (await oldest.count()) === 0; step++) {
      await scroller.evaluate(element => element.scrollTo({ top: element.scrollHeight }))
      await page.waitForTimeout(150)
    }
    expect(await oldest.count()).toBe(1)

    await page.getByLabel('Status').selectOption('failure')
    await expect.poll(() => count.textContent()).toBe(`${seed.failureCount} entry matches`)
    expect(await logTable(page).getByRole('row').nth(1).textContent()).toContain('Grace Hopper')
    expect(page.url()).toContain('status=failure')

    await page.getByLabel('Status').selectOption('')
    await page.getByLabel('Identity').fill('turing')
    await page.getByRole('button', { name: 'Apply' }).click()
    await expect.poll(() => count.textContent()).toBe('1 entry matches')
    expect(await logTable(page).getByRole('row').nth(1).textContent()).toContain('skipped')
  })

  it("shows a log entry's steps and modified properties, old → new", async () => {
    await page.goto(harness.pageUrl(`#/logs?runId=${seed.failedRunId}`))
    await page.getByRole('button', { name: 'Grace Hopper' }).click()
    const panel = page.getByRole('complementary', { name: 'Grace Hopper' })
    await panel.waitFor()
    const steps = panel.getByRole('list', { name: 'Steps' }).getByRole('listitem')
    expect(await steps.count()).toBe(5)
    const labels = (await steps.allTextContents()).map(
      text => text.split(/success|failure|warning|skipped/)[0]
    )
    expect(labels).toEqual([
      'Import from source',
      'Determine if in scope',
      'Match between source and target',
      'Determine the action',
      'Export to target',
    ])
    expect(await steps.nth(4).textContent()).toContain('PATCH /Users/d4e5f6 failed: HTTP 400 (invalidValue)')
    expect(await steps.nth(2).textContent()).toContain('Matching attribute')
    const title = panel.getByRole('row').filter({ hasText: 'title' })
    expect(await title.locator('td').allTextContents()).toEqual(['Commodore', 'Rear Admiral'])
    expect(await panel.textContent()).toContain('title is too long for this plan')

    // A skipped entry shows where it stopped: scoping, with the filter that excluded it.
    await page.getByRole('button', { name: 'Alan Turing' }).click()
    const alan = page.getByRole('complementary', { name: 'Alan Turing' })
    await alan.waitFor()
    expect(await alan.getByText('not reached').count()).toBe(3)
    expect(await alan.textContent()).toContain('type EQUALS staff')
  })

  it("shows all of a group's steps and its member changes readably, beside the table at 1024 and 1440 px", async () => {
    for (const width of [1024, 1440]) {
      await page.setViewportSize({ width, height: 800 })
      await page.goto(harness.pageUrl(`#/logs?runId=${seed.failedRunId}`))
      await page.getByRole('button', { name: 'Engineering' }).click()
      const panel = page.getByRole('complementary', { name: 'Engineering' })
      await panel.waitFor()
      // Both processing steps, the member warning included.
      expect(await panel.textContent()).toContain('Member 1005 not added: not provisioned by this job')
      expect(await panel.textContent()).toContain('Decided the action from the attribute differences')

      // The panel sits beside the table: neither covers the other, and the table keeps a usable width.
      const table = await logTable(page).boundingBox()
      const side = await panel.boundingBox()
      expect(table !== null && side !== null).toBe(true)
      expect(table!.x + table!.width).toBeLessThanOrEqual(side!.x)
      expect(table!.width).toBeGreaterThanOrEqual(width * 0.45)
      expect(side!.x + side!.width).toBeLessThanOrEqual(width)
      const scroller = page.locator('[data-data-table]').first()
      expect(await scroller.evaluate(element => element.scrollWidth <= element.clientWidth)).toBe(true)

      // Each member id is one item, at least a GUID's half wide: never one letter per line.
      const members = panel.getByRole('table', { name: /modified properties/i }).getByRole('listitem')
      expect(await members.allTextContents()).toEqual([
        ...UI_GROUP_MEMBERS.added,
        ...UI_GROUP_MEMBERS.removed,
      ])
      for (const box of await Promise.all((await members.all()).map(member => member.boundingBox()))) {
        expect(box!.width).toBeGreaterThanOrEqual(120)
        expect(box!.height).toBeLessThanOrEqual(40)
      }
    }
  })

  it('moves between log rows with the keyboard, opens one with Enter and closes it with Escape', async () => {
    await page.goto(harness.pageUrl(`#/logs?runId=${seed.failedRunId}`))
    const first = logTable(page).getByRole('row').nth(1).getByRole('button')
    await first.waitFor()
    await first.focus()
    await page.keyboard.press('ArrowDown')
    const focusedName = () => page.evaluate<string>("document.activeElement?.textContent ?? ''")
    expect(await focusedName()).toBe('Alan Turing')
    await page.keyboard.press('ArrowUp')
    expect(await focusedName()).toBe('Engineering')
    await page.keyboard.press('ArrowDown')
    // Focus is visible (Fluent marks keyboard focus), then Enter opens the details.
    expect(
      await page.evaluate<boolean>("document.activeElement?.hasAttribute('data-fui-focus-visible') ?? false")
    ).toBe(true)
    await page.keyboard.press('Enter')
    const panel = page.getByRole('complementary', { name: 'Alan Turing' })
    await panel.waitFor()
    expect(await page.evaluate<string>("document.activeElement?.id ?? ''")).toBe('log-detail-heading')
    await page.keyboard.press('Escape')
    await panel.waitFor({ state: 'detached' })
    expect(await focusedName()).toBe('Alan Turing')
  })

  it('runs a dry-run preview of a job and shows the summary and the changes', async () => {
    await page.setViewportSize({ width: 1024, height: 800 })
    await page.goto(harness.pageUrl(`#/jobs/${UI_JOB_ID}`))
    await page.getByRole('heading', { name: UI_JOB_NAME, level: 1 }).waitFor()
    expect(await page.title()).toBe(`${UI_JOB_NAME} – Job – Provisioner`)
    const runs = page.getByRole('table', { name: 'Runs', exact: true }).getByRole('row')
    await expect.poll(() => runs.count()).toBe(1 + 3)
    sandbox.resetRequestCounts()

    await page.getByRole('button', { name: 'Preview (dry run)' }).click()
    const summary = page.getByRole('table', { name: 'Planned changes: users' })
    await summary.waitFor({ timeout: 30_000 })
    const headers = await summary.locator('th').allTextContents()
    const counts = await summary.locator('td').allTextContents()
    const create = counts[headers.indexOf('Create')]
    expect(create).toBe('3')
    const operationsTable = page.getByRole('table', { name: 'Planned operations' })
    const operations = operationsTable.getByRole('row')
    expect(await operations.count()).toBeGreaterThanOrEqual(1 + 3)
    const ada = operations.filter({ hasText: 'ada.lovelace@example.com' }).first()
    expect(await ada.textContent()).toContain('create')
    expect(await ada.textContent()).toContain('userName')
    // The outcome is announced in a short status; the table itself is not a live region.
    expect(await page.getByRole('status').filter({ hasText: 'Dry run finished' }).textContent()).toContain(
      '3 to create'
    )
    expect(await operationsTable.evaluate(table => table.closest('[aria-live]') === null)).toBe(true)
    // The new dry run is announced and the runs table refreshes itself.
    await expect.poll(() => runs.count()).toBe(1 + 4)

    // Rows stay compact at 1024 px: ids end in an ellipsis instead of wrapping onto many lines.
    const grace = operations.filter({ hasText: 'grace.hopper@example.com' }).first()
    // Grace's account exists (a GUID id), so the plan links it; more changes than a row shows.
    expect(await grace.textContent()).toMatch(/and \d+ more/)
    for (const box of await Promise.all((await operations.all()).map(row => row.boundingBox()))) {
      expect(box!.height).toBeLessThanOrEqual(100)
    }

    // Opening a row shows all its changes beside the table.
    await grace.getByRole('button', { name: 'grace.hopper@example.com' }).click()
    const detail = page.getByRole('complementary', { name: 'grace.hopper@example.com' })
    expect(
      await detail.getByRole('row').filter({ hasText: 'title' }).locator('td').allTextContents()
    ).toEqual(['Commodore', 'Rear Admiral'])

    const writes = ['POST', 'PATCH', 'PUT', 'DELETE'].map(method => sandbox.requestCounts[method] ?? 0)
    expect(writes).toEqual([0, 0, 0, 0])
    await expect
      .poll(() => bridgeBodies.some(body => body.includes('"planJob"') || body.includes('"runId"')))
      .toBe(true)
    expect(bridgeBodies.join('\n')).not.toContain(SCIM_TOKEN)
  })

  it('explains a refused preview instead of failing silently', async () => {
    await page.goto(harness.pageUrl('#/jobs/legacy-import'))
    await page.getByRole('heading', { name: 'Legacy import', level: 1 }).waitFor()
    // No job file on record: the button is disabled and the API refuses the call with a reason.
    expect(await page.getByRole('button', { name: 'Preview (dry run)' }).isDisabled()).toBe(true)
    expect(await page.getByText('none recorded').count()).toBe(1)
  })

  it('says an unknown job is not found, and so does an unknown page', async () => {
    await page.goto(harness.pageUrl('#/jobs/no-such-job'))
    await page.getByRole('heading', { name: 'Job not found', level: 1 }).waitFor()
    expect(await page.getByRole('alert').textContent()).toContain('no-such-job')
    expect(await page.getByRole('button', { name: 'Preview (dry run)' }).count()).toBe(0)
    expect(await page.title()).toBe('Job not found – Provisioner')
    await page.goto(harness.pageUrl('#/nowhere'))
    await page.getByRole('heading', { name: 'Page not found', level: 1 }).waitFor()
  })

  it('shows times in local time with the zone, and the stored instant on hover', async () => {
    const berlinContext = await browser.newContext({ locale: 'en-GB', timezoneId: 'Europe/Berlin' })
    const berlin = await berlinContext.newPage()
    try {
      await berlin.goto(harness.pageUrl(`#/jobs/${UI_JOB_ID}`))
      const started = berlin.locator(
        `time[datetime="${new Date(Date.parse('2024-03-01T11:00:00Z')).toISOString()}"]`
      )
      await started.waitFor()
      expect(await started.textContent()).toBe('1 Mar 2024, 12:00:00 CET')
      expect(await started.getAttribute('title')).toBe('2024-03-01T11:00:00.000Z')
    } finally {
      await berlinContext.close()
    }
  })

  it('saves a screenshot of every screen in both themes at 1024 and 1440 px', async () => {
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
          await shot.getByRole('link', { name: UI_JOB_NAME, exact: true }).waitFor()
          // The app's global styles apply (the page fills the window: no default body margin).
          expect(await shot.locator('header').evaluate(header => header.getBoundingClientRect().x)).toBe(0)
          await shot.screenshot({ path: name('overview'), fullPage: true })

          await shot.goto(harness.pageUrl(`#/jobs/${UI_JOB_ID}`))
          await shot.getByRole('button', { name: 'Preview (dry run)' }).click()
          await shot.getByRole('table', { name: 'Planned operations' }).waitFor({ timeout: 30_000 })
          await shot.screenshot({ path: name('job-preview'), fullPage: true })
          await shot.getByRole('button', { name: 'grace.hopper@example.com' }).click()
          await shot.getByRole('complementary').waitFor()
          await shot.screenshot({ path: name('job-preview-detail'), fullPage: true })

          await shot.goto(harness.pageUrl('#/logs'))
          await logTable(shot).waitFor()
          await shot.screenshot({ path: name('logs'), fullPage: true })
          await shot.goto(harness.pageUrl(`#/logs?runId=${seed.failedRunId}`))
          await shot.getByRole('button', { name: 'Engineering' }).click()
          await shot.getByRole('complementary').waitFor()
          await shot.screenshot({ path: name('logs-detail'), fullPage: true })

          await shot.goto(harness.pageUrl('#/logs?identity=nobody-at-all'))
          await shot.getByText('No log entries match these filters').waitFor()
          await shot.screenshot({ path: name('logs-empty'), fullPage: true })

          await shot.goto(harness.pageUrl('#/jobs/legacy-import'))
          await shot.getByRole('heading', { name: 'Legacy import', level: 1 }).waitFor()
          await shot.screenshot({ path: name('job-without-file'), fullPage: true })

          await shot.goto(harness.pageUrl('#/jobs/no-such-job'))
          await shot.getByRole('heading', { name: 'Job not found' }).waitFor()
          await shot.screenshot({ path: name('job-not-found'), fullPage: true })
        } finally {
          await themed.close()
        }
      }
    }
  })
})

function logTable(page: Page) {
  return page.getByRole('table', { name: 'Provisioning log entries, newest first' })
}

/** Screens land in out/screenshots/ (gitignored) unless PROVISIONER_SCREENSHOT_DIR says otherwise. */
function screenshotPath(name: string): string {
  const dir =
    process.env['PROVISIONER_SCREENSHOT_DIR'] ??
    fileURLToPath(new URL('../../out/screenshots/', import.meta.url))
  mkdirSync(dir, { recursive: true })
  return join(dir, `${name}.png`)
}
