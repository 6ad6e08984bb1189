/**
 * Running a job from the app, in Chromium through the HTTP bridge, against the sandbox SCIM app
 * pre-populated with accounts (some matching, one person ambiguous): resolve the ambiguous match,
 * dry run, apply the reviewed plan, trip the deletion threshold and approve, provision one
 * person on demand, and undo a run. Screens are saved to out/screenshots/ (or
 * PROVISIONER_SCREENSHOT_DIR).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { type SandboxServer, startSandboxServer } from '../../main/connectors/scim/sandbox/sandbox-server'
import { loadJobFile } from '../../main/config/load-job'
import { saveJob } from '../../main/store/jobs-store'
import { listRuns } from '../../main/store/runs-store'
import { type BridgeHarness, startBridgeHarness } from '../helpers/bridge-harness'
import {
  RUN_JOB_ID,
  RUN_JOB_NAME,
  RUN_SEED_ACCOUNTS,
  RUN_TOKEN,
  RUN_TOKEN_VARIABLE,
  writeRunJob,
} from '../helpers/run-fixture'

const CHROMIUM = '/usr/bin/chromium'
const HAS_BROWSER = existsSync(CHROMIUM)

describe.skipIf(!HAS_BROWSER)('running a job from the app, in Chromium', () => {
  let workspace: string
  let sandbox: SandboxServer
  let harness: BridgeHarness
  let browser: Browser
  let context: BrowserContext
  let page: Page
  let problems: string[]

  const account = (userName: string) => sandbox.store.listUsers().find(user => user['userName'] === userName)

  beforeAll(async () => {
    workspace = mkdtempSync(join(tmpdir(), 'provisioner-e2e-run-'))
    sandbox = await startSandboxServer({
      auth: { type: 'bearer', token: RUN_TOKEN },
      seedUsers: RUN_SEED_ACCOUNTS,
    })
    harness = await startBridgeHarness({ withRenderer: true, env: { [RUN_TOKEN_VARIABLE]: RUN_TOKEN } })
    const job = loadJobFile(writeRunJob(workspace, sandbox.baseUrl))
    saveJob(harness.db, { id: job.id, name: job.config.name, config: job.config, configPath: job.file })
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
      ],
    })
    context = await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true })
  })

  afterAll(async () => {
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
    page.on('response', response => {
      if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`)
    })
  })

  afterEach(async () => {
    await page.close()
    expect(problems).toEqual([])
  })

  it('shows the workbench tabs, finds and exports, and resolves the ambiguous match', async () => {
    await page.goto(harness.pageUrl(`#/jobs/${RUN_JOB_ID}/matching`))
    await page.getByRole('heading', { name: 'Matching workbench', level: 1 }).waitFor()
    await page.getByRole('tab', { name: 'Matched (2)' }).waitFor({ timeout: 30_000 })
    for (const name of [
      'Will be created (2)',
      'Ambiguous (1)',
      'No matching value (1)',
      'Unmanaged accounts (1)',
    ]) {
      expect(await page.getByRole('tab', { name }).count()).toBe(1)
    }
    const table = page.getByRole('table', { name: 'matched rows' })
    const katherine = table.getByRole('row').filter({ hasText: 'katherine.johnson@example.com' })
    expect(await katherine.textContent()).toContain('Linking re-enables this disabled account')
    expect(await table.getByRole('row').filter({ hasText: 'grace.hopper' }).textContent()).toContain(
      'userName = "grace.hopper@example.com"'
    )
    await page.screenshot({ path: screenshotPath('matching-workbench-matched-1440') })

    await page.getByRole('searchbox', { name: 'Search this tab' }).fill('katherine')
    await expect.poll(() => table.getByRole('row').count()).toBe(1 + 1)
    const download = page.waitForEvent('download')
    await page.getByRole('button', { name: 'Export tab (CSV)' }).click()
    const file = await (await download).path()
    const csv = readFileSync(file, 'utf8')
    expect(csv.split('\n')[0]).toContain('"Matched on"')
    expect(csv).toContain('katherine.johnson@example.com')
    expect(csv).not.toContain('grace.hopper@example.com')

    // The search stays while switching tabs (to find one person across them); cleared here.
    await page.getByRole('searchbox', { name: 'Search this tab' }).fill('')
    await page.getByRole('tab', { name: 'Ambiguous (1)' }).click()
    const ambiguous = page.getByRole('table', { name: 'ambiguous rows' })
    await ambiguous.getByRole('button', { name: 'alan.turing@example.com' }).click()
    const panel = page.getByRole('complementary', { name: 'alan.turing@example.com' })
    const candidates = panel.getByRole('list', { name: 'Candidate accounts' }).getByRole('listitem')
    expect(await candidates.allTextContents()).toEqual([
      expect.stringContaining('aturingAlan Turing'),
      expect.stringContaining('alan.t.oldAlan M. Turing · disabled'),
    ])
    await page.screenshot({ path: screenshotPath('matching-workbench-ambiguous-1440') })
    // At 1024 px the details stay beside the table, which drops columns rather than scroll sideways.
    await page.setViewportSize({ width: 1024, height: 768 })
    // (The table re-fits its columns once it has measured the new width.)
    await expect
      .poll(async () => {
        const [tableBox, panelBox] = await Promise.all([ambiguous.boundingBox(), panel.boundingBox()])
        return tableBox!.x + tableBox!.width <= panelBox!.x
      })
      .toBe(true)
    const lastTab = await page.getByRole('tab', { name: 'Managed by another job (0)' }).boundingBox()
    expect(lastTab!.x + lastTab!.width).toBeLessThanOrEqual(1024)
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(1024)
    await page.screenshot({ path: screenshotPath('matching-workbench-ambiguous-1024') })
    await page.setViewportSize({ width: 1440, height: 900 })
    await panel.getByRole('button', { name: 'Link to aturing' }).click()
    await page.getByRole('status').filter({ hasText: 'Linked by the admin to account acc-alan-1' }).waitFor()
    await page.getByRole('tab', { name: 'Ambiguous (0)' }).waitFor()
    await page.getByRole('tab', { name: 'Matched (3)' }).click()
    const alan = page
      .getByRole('table', { name: 'matched rows' })
      .getByRole('row')
      .filter({ hasText: 'alan.turing' })
    expect(await alan.textContent()).toContain('you linked')
    // Linking renames the account's userName: the admin is told before any write.
    expect(await alan.textContent()).toContain('The next run renames the account\'s userName from "aturing"')
    expect(sandbox.store.userCount()).toBe(RUN_SEED_ACCOUNTS.length)
  })

  it('dry runs and applies exactly the reviewed plan after a confirmation with the numbers', async () => {
    await page.goto(harness.pageUrl(`#/jobs/${RUN_JOB_ID}`))
    await page.getByRole('heading', { name: RUN_JOB_NAME, level: 1 }).waitFor()
    await page.getByRole('button', { name: 'Preview (dry run)' }).click()
    const apply = page.getByRole('button', { name: 'Apply this plan' })
    await apply.waitFor({ timeout: 30_000 })
    await page.screenshot({ path: screenshotPath('dry-run-1440'), fullPage: true })
    await apply.click()
    const dialog = page.getByRole('dialog', { name: 'Apply this plan?' })
    expect(await dialog.textContent()).toContain('2 create, 1 update, 1 enable, 1 link')
    expect(await dialog.textContent()).toContain('1 skipped person is not written.')
    await dialog.getByRole('button', { name: 'Apply: 2 create, 1 update, 1 enable, 1 link' }).click()
    await page.getByText('Plan applied:').waitFor({ timeout: 30_000 })
    await page.screenshot({ path: screenshotPath('apply-result-1440'), fullPage: true })
    expect(await page.getByRole('link', { name: "Open the run's log" }).getAttribute('href')).toContain(
      'runId='
    )
    expect(account('ada.lovelace@example.com')).toBeDefined()
    expect(account('alan.turing@example.com')?.['id']).toBe('acc-alan-1')
    expect(account('katherine.johnson@example.com')?.['active']).toBe(true)
  })

  it('stops at the deletion threshold and applies the staged disables once approved', async () => {
    writeRunJob(workspace, sandbox.baseUrl, ['ada', 'nobody'])
    await page.goto(harness.pageUrl(`#/jobs/${RUN_JOB_ID}`))
    await page.getByRole('button', { name: 'Preview (dry run)' }).click()
    await page.getByRole('button', { name: 'Apply this plan' }).click({ timeout: 30_000 })
    await page.getByRole('dialog').getByRole('button', { name: 'Apply: 4 disable' }).click()
    await page.getByText('Stopped at the deletion threshold:').waitFor({ timeout: 30_000 })
    const staged = page.getByRole('region', { name: 'Staged deletions' })
    await staged.getByRole('table', { name: 'Staged deletions' }).waitFor()
    expect(await staged.textContent()).toContain('deletion threshold')
    await page.screenshot({ path: screenshotPath('staged-deletions-1440'), fullPage: true })
    expect(account('grace.hopper@example.com')?.['active']).toBe(true)

    await staged.getByRole('button', { name: 'Approve 4' }).click()
    await page.getByRole('dialog').getByRole('button', { name: 'Approve and apply 4' }).click()
    await page.getByText('Approved deletions applied:').waitFor({ timeout: 30_000 })
    expect(account('grace.hopper@example.com')?.['active']).toBe(false)
    expect(account('mary.jackson@example.com')?.['active']).toBe(false)
  })

  it('provisions one person on demand and shows each step', async () => {
    writeRunJob(workspace, sandbox.baseUrl)
    await page.goto(harness.pageUrl(`#/jobs/${RUN_JOB_ID}/on-demand`))
    await page.getByRole('searchbox', { name: 'Find a person in the source' }).fill('hopper')
    await page.getByRole('button', { name: 'Provision grace.hopper@example.com' }).click({ timeout: 30_000 })
    const steps = page.getByRole('list', { name: 'Steps' })
    await steps.waitFor({ timeout: 30_000 })
    const text = await steps.textContent()
    for (const title of [
      'Import user',
      'Determine if user is in scope',
      'Match user between source and target system',
      'Perform action',
      'Export to the app',
    ]) {
      expect(text).toContain(title)
    }
    await page.screenshot({ path: screenshotPath('provision-on-demand-1440'), fullPage: true })
    expect(account('grace.hopper@example.com')?.['active']).toBe(true)
    expect(account('mary.jackson@example.com')?.['active']).toBe(false)
  })

  it('undoes a run: the inverse as a dry run first, applied on confirmation', async () => {
    const runs = listRuns(harness.db, RUN_JOB_ID, 50)
    const firstApply = runs.filter(run => run.mode === 'apply').at(-1)
    expect(firstApply).toBeDefined()
    await page.goto(harness.pageUrl(`#/jobs/${RUN_JOB_ID}`))
    await page.getByRole('button', { name: `Undo run ${firstApply!.id}` }).click()
    const dialog = page.getByRole('dialog', { name: `Undo run ${firstApply!.id}` })
    await dialog.getByText('Dry run of the undo').waitFor({ timeout: 30_000 })
    expect(account('ada.lovelace@example.com')).toBeDefined()
    await page.screenshot({ path: screenshotPath('undo-preview-1440') })
    await dialog.getByRole('button', { name: /^Apply the undo: / }).click()
    await dialog.getByText('Run undone:').waitFor({ timeout: 30_000 })
    expect(account('ada.lovelace@example.com')).toBeUndefined()
  })
})

/** Screens land in out/screenshots/ (gitignored) unless PROVISIONER_SCREENSHOT_DIR says otherwise. */
function screenshotPath(name: string): string {
  const dir =
    process.env['PROVISIONER_SCREENSHOT_DIR'] ??
    fileURLToPath(new URL('../../out/screenshots/', import.meta.url))
  mkdirSync(dir, { recursive: true })
  return join(dir, `${name}.png`)
}
