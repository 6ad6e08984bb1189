/**
 * The Access and Reviews pages in Debian's Chromium through the HTTP bridge, over two sandbox
 * apps provisioned by real runs: the people × apps grid, the unmanaged accounts, a leaver's
 * checklist, and an access review that is resumed after a reload, exported and closed.
 *
 * Without /usr/bin/chromium the suite is skipped, or fails when PROVISIONER_REQUIRE_BROWSER=1 (CI).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { loadJobFile } from '../../main/config/load-job'
import { type SandboxServer, startSandboxServer } from '../../main/connectors/scim/sandbox/sandbox-server'
import { runJob } from '../../main/engine/run/run-job'
import { MemorySecretStore } from '../../main/secrets/memory-secret-store'
import {
  type BridgeHarness,
  startBridgeHarness,
  UI_JOB_NAME,
  UI_TOKEN_VARIABLE,
  writeUiJobWorkspace,
} from '../helpers/bridge-harness'

const CHROMIUM = '/usr/bin/chromium'
const HAS_BROWSER = existsSync(CHROMIUM)
const SCIM_TOKEN = 'e2e-access-token-7a1b2c3d4e5f'
const WIKI_JOB = 'HR to Wiki'

describe.skipIf(!HAS_BROWSER)('the Access and Reviews pages in Chromium', () => {
  let workspace: string
  let demoApp: SandboxServer
  let wikiApp: SandboxServer
  let harness: BridgeHarness
  let browser: Browser
  let context: BrowserContext
  let page: Page
  let problems: string[]

  beforeAll(async () => {
    workspace = mkdtempSync(join(tmpdir(), 'provisioner-e2e-access-'))
    const auth = { type: 'bearer' as const, token: SCIM_TOKEN }
    demoApp = await startSandboxServer({
      auth,
      seedUsers: [
        {
          schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
          userName: 'svc-backup@example.com',
          displayName: 'Backup service',
          active: true,
        },
      ],
    })
    wikiApp = await startSandboxServer({ auth })
    const env = { [UI_TOKEN_VARIABLE]: SCIM_TOKEN }
    harness = await startBridgeHarness({ withRenderer: true, env })
    const demoFile = writeUiJobWorkspace(workspace, demoApp.baseUrl)
    // The wiki job: same HR file, another app, Katherine is a break-glass admin there.
    const wiki = JSON.parse(readFileSync(demoFile, 'utf8')) as Record<string, unknown>
    const wikiFile = join(workspace, 'wiki.json')
    writeFileSync(
      wikiFile,
      JSON.stringify({
        ...wiki,
        id: 'hr-wiki',
        name: WIKI_JOB,
        target: { ...(wiki['target'] as object), baseUrl: wikiApp.baseUrl },
        safety: { deletionThresholdPercent: 100, protectedAccounts: ['1004'] },
      })
    )
    const apply = async (file: string) =>
      runJob({ job: loadJobFile(file), db: harness.db, secrets: new MemorySecretStore(), mode: 'apply', env })
    await apply(demoFile)
    await apply(wikiFile)
    // Katherine leaves: disabled in the demo app, still active (protected) in the wiki.
    const people = readFileSync(join(workspace, 'people.csv'), 'utf8')
    writeFileSync(join(workspace, 'people.csv'), people.replace(/^1004,.*\n/m, ''))
    const demoJob = JSON.parse(readFileSync(demoFile, 'utf8')) as Record<string, unknown>
    writeFileSync(demoFile, JSON.stringify({ ...demoJob, safety: { deletionThresholdPercent: 100 } }))
    await apply(demoFile)
    await apply(wikiFile)
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
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
    await harness?.close()
    await demoApp?.close()
    await wikiApp?.close()
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

  it('shows people × apps, the unmanaged accounts and the leaver still active in the wiki', async () => {
    await page.goto(harness.pageUrl('#/access'))
    await page.getByRole('heading', { name: 'Access', level: 1 }).waitFor()
    const grid = page.getByRole('table', { name: 'People and their accounts per app' })
    const katherine = grid.getByRole('row').filter({ hasText: 'Katherine Johnson' })
    await katherine.waitFor()
    expect(await grid.getByRole('columnheader').allTextContents()).toEqual(['Person', UI_JOB_NAME, WIKI_JOB])
    expect((await katherine.getByRole('cell').allTextContents()).slice(1)).toEqual([
      'disabledkatherine.johnson@example.com',
      'activekatherine.johnson@example.com',
    ])
    await page.screenshot({ path: screenshotPath('access'), fullPage: true })

    await page.getByLabel('Person or account').fill('grace')
    await expect.poll(() => grid.getByRole('row').count()).toBe(2)
    await page.getByLabel('Person or account').fill('')

    await page.getByRole('tab', { name: 'Unmanaged accounts' }).click()
    const unmanaged = page.getByRole('table', { name: 'Unmanaged accounts' })
    await unmanaged.getByRole('row').filter({ hasText: 'svc-backup@example.com' }).waitFor()
    expect(await unmanaged.getByRole('row').count()).toBe(2)
    expect(page.url()).toContain('view=unmanaged')

    await page.getByRole('tab', { name: 'Leavers' }).click()
    const apps = page.getByRole('list', { name: 'Apps of Katherine Johnson' }).getByRole('listitem')
    await apps.first().waitFor()
    const texts = await apps.allTextContents()
    expect(texts).toHaveLength(2)
    expect(texts.find(text => text.startsWith(wikiApp.baseUrl.toLowerCase()))).toContain('protected account')
    expect(texts.find(text => text.startsWith(demoApp.baseUrl.toLowerCase()))).toContain('Disabled by run')

    // Closed by hand in the wiki and ticked off: stored, so a reload (or the CLI) still shows it.
    const wikiBox = page.getByRole('checkbox', { name: wikiApp.baseUrl.toLowerCase() })
    expect(await wikiBox.isChecked()).toBe(false)
    await wikiBox.click()
    const wikiItem = apps.filter({ hasText: wikiApp.baseUrl.toLowerCase() })
    await expect.poll(() => wikiItem.textContent()).toContain('closed by hand: ')
    await page.reload()
    await wikiItem.filter({ hasText: 'closed by hand: ' }).waitFor()
    expect(await page.getByRole('checkbox', { name: wikiApp.baseUrl.toLowerCase() }).isChecked()).toBe(true)
    expect((await harness.db.prepare('SELECT sourceId, app FROM leaverTicks').all()) as unknown[]).toEqual([
      { sourceId: '1004', app: wikiApp.baseUrl.toLowerCase() },
    ])
    await page.screenshot({ path: screenshotPath('access-leavers'), fullPage: true })
  })

  it('runs a review: decisions survive a reload, export as CSV, and closing lists the unmanaged removals', async () => {
    await page.goto(harness.pageUrl('#/reviews'))
    await page.getByRole('heading', { name: 'Access reviews', level: 1 }).waitFor()
    await page.getByRole('checkbox', { name: UI_JOB_NAME }).check()
    await page.getByLabel('Reviewer').fill('Auditor Alice')
    await page.getByRole('button', { name: 'Start review' }).click()
    await page.getByRole('heading', { name: /^Access review / }).waitFor()
    const counts = page.getByRole('status').filter({ hasText: 'accounts:' })
    await expect
      .poll(() => counts.textContent())
      .toContain('5 accounts: 0 keep, 0 remove, 0 investigate, 5 undecided')

    await page.getByLabel('Decision for svc-backup@example.com').selectOption('remove')
    await expect.poll(() => counts.textContent()).toContain('1 remove')
    await page.getByLabel('Comment for svc-backup@example.com').fill('Old backup tool')
    await page.getByLabel('Comment for svc-backup@example.com').blur()
    await page.getByLabel('Decision for ada.lovelace@example.com').selectOption('keep')
    await expect.poll(() => counts.textContent()).toContain('1 keep')

    // Resumed: a fresh load shows what was decided.
    await page.reload()
    await expect
      .poll(() => counts.textContent())
      .toContain('5 accounts: 1 keep, 1 remove, 0 investigate, 3 undecided')
    expect(await page.getByLabel('Comment for svc-backup@example.com').inputValue()).toBe('Old backup tool')
    await page.screenshot({ path: screenshotPath('review'), fullPage: true })

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ])
    const csv = readFileSync((await download.path()) ?? '', 'utf8')
    expect(csv.trim().split('\n')).toHaveLength(6)
    expect(csv).toContain('"svc-backup@example.com","Backup service","active","remove","Old backup tool"')
    expect(csv).toMatch(/"ada.lovelace@example.com","Ada Lovelace","active","keep"/)

    // The browser UI has no save dialog: the printable report is an HTML download.
    const [report] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Printable report' }).click(),
    ])
    expect(readFileSync((await report.path()) ?? '', 'utf8')).toContain('Auditor Alice')

    await page.getByLabel('Decision for grace.hopper@example.com').selectOption('remove')
    await expect.poll(() => counts.textContent()).toContain('2 remove')
    await page.getByRole('button', { name: 'Close review' }).click()
    await page.getByRole('heading', { name: 'What happens next' }).waitFor()
    expect(
      await page.getByRole('listitem').filter({ hasText: 'svc-backup@example.com' }).textContent()
    ).toContain('Old backup tool')

    // Grace's removal stands until withdrawn; withdrawing records who and why.
    const removals = page.getByRole('list', { name: 'Removals' })
    await page.getByLabel('Why withdraw the removal of Grace Hopper').fill('Still on the team')
    await page.screenshot({ path: screenshotPath('review-removals'), fullPage: true })
    await removals.getByRole('button', { name: 'Withdraw removal' }).click()
    await expect.poll(() => removals.textContent()).toMatch(/withdrawn by .+Still on the team/)
    expect(harness.db.prepare('SELECT count(*) AS n FROM accessRevocations').get()).toEqual({ n: 0 })
    await page.goto(harness.pageUrl('#/reviews'))
    const row = page.getByRole('row').filter({ hasText: 'Auditor Alice' })
    await row.waitFor()
    expect(await row.textContent()).toContain('closed')
    expect(await row.textContent()).toContain('3 of 5')
  })
})

function screenshotPath(name: string): string {
  const dir =
    process.env['PROVISIONER_SCREENSHOT_DIR'] ??
    fileURLToPath(new URL('../../out/screenshots/', import.meta.url))
  mkdirSync(dir, { recursive: true })
  return join(dir, `${name}.png`)
}
