/**
 * The renderer end to end in Debian's Chromium, through the HTTP bridge, over a seeded state
 * database and a sandbox SCIM app: the same page, API and dispatch as the desktop app, with
 * HTTP in place of Electron IPC.
 *
 * Without /usr/bin/chromium the suite is skipped, or fails when PROVISIONER_REQUIRE_BROWSER=1 (CI).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Browser, chromium, type Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { type SandboxServer, startSandboxServer } from '../../main/connectors/scim/sandbox/sandbox-server'
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
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } })
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
    await page.getByRole('heading', { name: 'Overview' }).waitFor()
    await expect.poll(() => page.getByText(harness.home, { exact: true }).count()).toBe(1)
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: UI_JOB_NAME }) })
    await row.waitFor()
    expect(await row.textContent()).toContain('csv people.csv')
    expect(await row.textContent()).toContain('completed')
    expect(await row.textContent()).toContain('dry-run')
    // The job without a job file is listed too, as never run.
    expect(await page.getByRole('row').filter({ hasText: 'Legacy import' }).textContent()).toContain(
      'never run'
    )
    await page.screenshot({ path: screenshotPath('overview'), fullPage: true })
  })

  it('filters the log by status and pages older entries with "Load more"', async () => {
    await page.goto(harness.pageUrl('#/logs'))
    const rows = page.locator('tbody tr.log-row')
    await expect.poll(() => rows.count()).toBe(100)
    await page.getByRole('button', { name: 'Load more' }).click()
    await expect.poll(() => rows.count()).toBe(200)
    await page.getByRole('button', { name: 'Load more' }).click()
    await expect.poll(() => rows.count()).toBe(seed.logCount)
    expect(await page.getByRole('button', { name: 'Load more' }).count()).toBe(0)

    await page.getByLabel('Status').selectOption('failure')
    await expect.poll(() => rows.count()).toBe(seed.failureCount)
    expect(await rows.first().textContent()).toContain('Grace Hopper')
    expect(page.url()).toContain('status=failure')

    await page.getByLabel('Status').selectOption('')
    await page.getByLabel('Identity').fill('alan')
    await page.getByRole('button', { name: 'Apply' }).click()
    await expect.poll(() => rows.count()).toBe(1)
    expect(await rows.first().textContent()).toContain('skipped')
  })

  it("shows a log entry's steps and modified properties, old → new", async () => {
    await page.goto(harness.pageUrl(`#/logs?runId=${seed.failedRunId}`))
    await page.getByRole('button', { name: 'Grace Hopper' }).click()
    const panel = page.getByRole('complementary', { name: 'Grace Hopper' })
    await panel.waitFor()
    const steps = panel.locator('ol.steps > li')
    expect(await steps.count()).toBe(5)
    expect(await steps.locator('.step-title > span:first-child').allTextContents()).toEqual([
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
    await page.screenshot({ path: screenshotPath('logs') })

    // A skipped entry shows where it stopped: scoping, with the filter that excluded it.
    await page.getByRole('button', { name: 'Alan Turing' }).click()
    const alan = page.getByRole('complementary', { name: 'Alan Turing' })
    await alan.waitFor()
    expect(await alan.locator('.step-missing').count()).toBe(3)
    expect(await alan.textContent()).toContain('type EQUALS staff')
  })

  it('runs a dry-run preview of a job and shows the summary and the changes', async () => {
    await page.goto(harness.pageUrl(`#/jobs/${UI_JOB_ID}`))
    await page.getByRole('heading', { name: UI_JOB_NAME, level: 1 }).waitFor()
    await expect.poll(() => page.locator('section[aria-labelledby="runs-heading"] tbody tr').count()).toBe(3)
    sandbox.resetRequestCounts()

    await page.getByRole('button', { name: 'Preview (dry run)' }).click()
    const summary = page.locator('table.summary-table').first()
    await summary.waitFor({ timeout: 30_000 })
    const headers = await summary.locator('th').allTextContents()
    const counts = await summary.locator('td').allTextContents()
    const create = counts[headers.indexOf('Create')]
    expect(create).toBe('3')
    const operations = page.locator('.plan-preview table.data-table tbody tr')
    expect(await operations.count()).toBeGreaterThanOrEqual(3)
    const ada = operations.filter({ hasText: 'ada.lovelace@example.com' }).first()
    expect(await ada.textContent()).toContain('create')
    expect(await ada.textContent()).toContain('userName')
    // The new dry run is announced and the runs table refreshes itself.
    await expect.poll(() => page.locator('section[aria-labelledby="runs-heading"] tbody tr').count()).toBe(4)
    await page.screenshot({ path: screenshotPath('preview'), fullPage: true })

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
})

function screenshotPath(name: string): string {
  const dir = process.env['PROVISIONER_SCREENSHOT_DIR'] ?? tmpdir()
  return join(dir, `provisioner-ui-${name}.png`)
}
