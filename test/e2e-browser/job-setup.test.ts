/**
 * Setting up a job in the app, end to end in Chromium through the HTTP bridge: the real API,
 * engine, CSV connector and probe against the built-in sandbox SCIM app, and the OS keychain
 * (CI runs a Secret Service; elsewhere, without one, the token goes to an in-memory store).
 *
 * Without /usr/bin/chromium the suite is skipped, or fails when PROVISIONER_REQUIRE_BROWSER=1 (CI).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { loadJobFile } from '../../main/config/load-job'
import { type SandboxServer, startSandboxServer } from '../../main/connectors/scim/sandbox/sandbox-server'
import { KeytarSecretStore } from '../../main/secrets/keytar-secret-store'
import { MemorySecretStore } from '../../main/secrets/memory-secret-store'
import type { SecretStore } from '../../main/secrets/secret-store'
import { type BridgeHarness, startBridgeHarness } from '../helpers/bridge-harness'
import { keychainAvailable } from '../helpers/keychain'
import {
  expressionInput,
  HAS_BROWSER,
  launchChromium,
  REQUIRE_BROWSER,
  screenshotPath,
  typeExpression,
  watchedPage,
} from './browser-helpers'

const TOKEN = 'e2e-setup-token-7c1f9a2b4d6e8f0a'
/** A keychain service of the tests' own, so nothing of the machine's user is touched. */
const KEYCHAIN_SERVICE = 'ProvisionerE2E'
const JOB_ID = 'hr-to-sandbox'

const PEOPLE = [
  'employeeId,givenName,surname,mail,title,type,status',
  '1001,Ada,Lovelace,ada@example.com,Principal Engineer,staff,Active',
  '1002,Grace,Hopper,grace@example.com,Rear Admiral,staff,Active',
  '1003,Alan,Turing,alan@example.com,Researcher,staff,Active',
  '1004,Linus,Torvalds,linus@example.com,Kernel Maintainer,contractor,Active',
].join('\n')

describe.skipIf(!HAS_BROWSER && !REQUIRE_BROWSER)(
  'setting up a job in the app (Chromium, HTTP bridge)',
  () => {
    let workspace: string
    let sandbox: SandboxServer
    let harness: BridgeHarness
    let secrets: SecretStore
    let browser: Browser
    let context: BrowserContext
    let page: Page
    let problems: string[]
    let bridgeBodies: string[]

    beforeAll(async () => {
      workspace = mkdtempSync(join(tmpdir(), 'provisioner-setup-'))
      writeFileSync(join(workspace, 'people.csv'), `${PEOPLE}\n`)
      sandbox = await startSandboxServer({ auth: { type: 'bearer', token: TOKEN } })
      secrets = (await keychainAvailable())
        ? new KeytarSecretStore(KEYCHAIN_SERVICE)
        : new MemorySecretStore()
      harness = await startBridgeHarness({ withRenderer: true, secrets })
      browser = await launchChromium()
      context = await browser.newContext({ viewport: { width: 1440, height: 900 } })
    })

    afterAll(async () => {
      await secrets?.delete(`${JOB_ID}-target`).catch(() => undefined)
      await browser?.close()
      await harness?.close()
      await sandbox?.close()
      if (workspace !== undefined) rmSync(workspace, { recursive: true, force: true })
    })

    beforeEach(async () => {
      problems = []
      bridgeBodies = []
      page = await watchedPage(context, problems, body => bridgeBodies.push(body), harness.bridge.url)
    })

    afterEach(async ({ task }) => {
      // A failed step leaves its screen behind, to see what the admin would have seen.
      if (task.result?.state === 'fail') {
        await page.screenshot({ path: screenshotPath(`failed-${task.name.slice(0, 40)}`), fullPage: true })
      }
      await page.close()
      expect(problems).toEqual([])
      expect(bridgeBodies.join('\n')).not.toContain(TOKEN)
    })

    it('first run offers the sandbox app, a new job or a job file (screens in both themes)', async () => {
      for (const colorScheme of ['light', 'dark'] as const) {
        for (const width of [1024, 1440]) {
          const themed = await browser.newContext({ colorScheme, viewport: { width, height: 900 } })
          const shot = await watchedPage(themed, problems)
          try {
            await shot.goto(harness.pageUrl())
            await shot.getByRole('button', { name: 'Try it with the sandbox app' }).waitFor()
            await shot.screenshot({
              path: screenshotPath(`first-run-${colorScheme}-${width}`),
              fullPage: true,
            })
            await shot.goto(harness.pageUrl('#/jobs/new'))
            await shot.getByRole('heading', { name: 'New job', level: 1 }).waitFor()
            await field(shot, 'Name').fill('HR to Slack')
            await field(shot, 'CSV file').fill(join(workspace, 'people.csv'))
            await shot.getByRole('table', { name: 'First rows of the file' }).waitFor()
            await shot.screenshot({ path: screenshotPath(`new-job-${colorScheme}-${width}`), fullPage: true })
          } finally {
            await themed.close()
          }
        }
      }
    }, 120_000)

    it('creates a job from scratch, tests the connection, edits mappings and scoping live, and saves into the file keeping its comments', async () => {
      // The new job: source, target and the token, which goes to the keychain.
      await page.goto(harness.pageUrl())
      await page.getByRole('button', { name: 'New job' }).click()
      await field(page, 'Name').fill('HR to Sandbox')
      await field(page, 'CSV file').fill(join(workspace, 'people.csv'))
      const preview = page.getByRole('region', { name: 'File preview' })
      await expect.poll(() => preview.textContent()).toContain('7 columns')
      expect(await preview.textContent()).toContain('Delimiter: comma (detected)')
      await page.getByRole('combobox', { name: 'Id column' }).selectOption('employeeId')
      await page.getByRole('switch', { name: 'The file lists everyone (authoritative)' }).check()
      await field(page, 'SCIM base URL').fill(sandbox.baseUrl)
      await field(page, 'Token').fill(TOKEN)
      await page.getByRole('button', { name: 'Create job' }).click()

      await page.getByRole('heading', { name: 'Target', exact: true, level: 2 }).waitFor({ timeout: 30_000 })
      expect(page.url()).toContain(`#/jobs/${JOB_ID}/edit/target`)
      await page.getByText(`Stored in the keychain as ${JOB_ID}-target`).waitFor()
      expect(await secrets.get(`${JOB_ID}-target`)).toBe(TOKEN)
      const jobFile = join(harness.home, 'jobs', `${JOB_ID}.json`)
      expect(readFileSync(jobFile, 'utf8')).toContain(`"secretRef": "keychain:${JOB_ID}-target"`)

      // Test connection: the checks arrive one by one, then the verdict; writes only after confirming.
      await page.getByRole('button', { name: 'Test connection' }).click()
      await page.getByText('The app can be used.').waitFor({ timeout: 30_000 })
      const checks = page.getByRole('list', { name: 'Connection checks' }).getByRole('listitem')
      expect(await checks.count()).toBeGreaterThanOrEqual(4)
      expect(await checks.first().textContent()).toMatch(/^pass\s*Connection/)
      sandbox.resetRequestCounts()
      await page.getByRole('button', { name: 'Also try writes…' }).click()
      const dialog = page.getByRole('alertdialog')
      expect(await dialog.textContent()).toContain('throwaway user')
      await dialog.getByRole('button', { name: 'Create and delete test objects' }).click()
      await page.getByText('The app can be used.').waitFor({ timeout: 30_000 })
      await expect.poll(() => checks.filter({ hasText: 'Create' }).first().textContent()).toMatch(/^pass/)
      expect(sandbox.requestCounts['POST'] ?? 0).toBeGreaterThan(0)
      expect(sandbox.store.listUsers()).toEqual([])

      // The admin adds a comment to the job file in a text editor; the open editor takes the new file.
      const withComment = readFileSync(jobFile, 'utf8').replace(
        '{\n',
        '{\n  // Owned by IT; reviewed every quarter.\n'
      )
      writeFileSync(jobFile, withComment)
      await page
        .getByText('The job file changed on disk; this is its new content.')
        .waitFor({ timeout: 10_000 })

      // Mappings: the starter ones from the columns, a new one with a live result.
      await page.getByRole('tab', { name: 'User mappings' }).click()
      const mappings = page.getByRole('table', { name: 'User mappings' })
      await mappings.getByRole('button', { name: 'userName' }).waitFor()
      expect(await mappings.textContent()).toContain('Join(" ", [givenName], [surname])')
      await page.getByRole('button', { name: 'Add mapping' }).click()
      const panel = page.getByRole('complementary', { name: 'New mapping' })
      await panel.waitFor()
      // The panel takes the attribute's name once it is chosen.
      const targetAttribute = page.getByRole('combobox', { name: /Target attribute/ })
      await targetAttribute.pressSequentially('usertype')
      const listbox = page.getByRole('listbox')
      await listbox.waitFor()
      // The open list covers only itself, not the page (a popup's layer once hid everything).
      const covered = await page.evaluate<boolean>(
        "document.elementFromPoint(20, 20)?.closest('[data-portal-node]') != null"
      )
      expect(covered).toBe(false)
      await listbox.getByRole('option').filter({ hasText: 'Kind of user' }).click()
      expect(await targetAttribute.inputValue()).toBe('userType')
      await typeExpression(page, 'ToUpper([type])')
      const detail = page.getByRole('complementary', { name: 'userType' })
      const live = detail.getByRole('region', { name: 'Live result' })
      await expect.poll(() => live.textContent(), { timeout: 15_000 }).toContain('STAFF')
      await typeExpression(page, 'Join(" / ", [type], [title])')
      await expect.poll(() => live.textContent(), { timeout: 15_000 }).toContain('staff / Principal Engineer')

      // A broken expression: the engine's message, and the mark at its exact place.
      await typeExpression(page, 'Join(" / ", Joinn([type]), [title])')
      const error = detail.getByText(/Unknown function 'Joinn'/)
      await error.waitFor({ timeout: 15_000 })
      expect(await error.textContent()).toBe(
        "Unknown function 'Joinn' (line 1, column 13) Did you mean Join?"
      )
      await expect.poll(() => detail.locator('.cm-lintRange-error').textContent()).toBe('Joinn')
      await typeExpression(page, 'Join(" / ", [type], [title])')
      await expect.poll(() => live.textContent(), { timeout: 15_000 }).toContain('staff / Principal Engineer')

      // Scoping: staff only, and the counts follow.
      await page.getByRole('tab', { name: 'Scoping' }).click()
      const counts = page.getByRole('region', { name: 'Who is in scope' })
      await expect.poll(() => counts.textContent()).toContain('In scope: 4 of 4')
      await page.getByRole('button', { name: 'Add a filter' }).click()
      await page.getByRole('combobox', { name: 'Attribute' }).fill('type')
      await page.getByRole('textbox', { name: 'Value' }).fill('staff')
      await expect.poll(() => counts.textContent(), { timeout: 15_000 }).toContain('In scope: 3 of 4')
      expect(await counts.textContent()).toContain('Linus Torvalds')

      // Save: the file on disk has the changes, its comment and layout, and still loads as the CLI loads it.
      await page.getByRole('button', { name: 'Save' }).click()
      await page
        .getByRole('status')
        .filter({ hasText: /^Saved$/ })
        .waitFor()
      const saved = readFileSync(jobFile, 'utf8')
      expect(saved).toContain('// Owned by IT; reviewed every quarter.')
      expect(saved).toContain('"expression": "Join(\\" / \\", [type], [title])"')
      expect(saved.startsWith(withComment.slice(0, withComment.indexOf('"users"')))).toBe(true)
      const loaded = loadJobFile(jobFile)
      expect(loaded.config.users.scoping).toEqual([
        { title: '', clauses: [{ attribute: 'type', operator: 'EQUALS', value: 'staff' }] },
      ])
      expect(loaded.config.users.mappings.at(-1)).toMatchObject({ target: 'userType' })

      // And it runs: a dry run of what was just set up.
      await page.getByRole('tab', { name: 'Runs & preview' }).click()
      await page.getByRole('button', { name: 'Preview (dry run)' }).click()
      await page
        .getByRole('status')
        .filter({ hasText: 'Dry run finished: 3 to create' })
        .waitFor({ timeout: 30_000 })
    }, 180_000)

    it('asks before leaving unsaved changes', async () => {
      await page.goto(harness.pageUrl(`#/jobs/${JOB_ID}/edit/policies`))
      await field(page, 'Keep log entries for (days)').fill('60')
      await page.getByRole('link', { name: 'Logs' }).click()
      const dialog = page.getByRole('alertdialog', { name: 'Leave without saving?' })
      await dialog.waitFor()
      await dialog.getByRole('button', { name: 'Stay and save' }).click()
      expect(page.url()).toContain('/edit/policies')
      await page.getByRole('link', { name: 'Logs' }).click()
      await page.getByRole('alertdialog').getByRole('button', { name: 'Discard changes and leave' }).click()
      await page.getByRole('heading', { name: 'Logs', level: 1 }).waitFor()
    })

    it('saves a screenshot of every editor screen in both themes at 1024 and 1440 px', async () => {
      for (const colorScheme of ['light', 'dark'] as const) {
        for (const width of [1024, 1440]) {
          const themed = await browser.newContext({ colorScheme, viewport: { width, height: 900 } })
          const shot = await watchedPage(themed, problems)
          const name = (screen: string) => screenshotPath(`${screen}-${colorScheme}-${width}`)
          try {
            for (const section of ['source', 'target', 'groups', 'scoping', 'policies']) {
              await shot.goto(harness.pageUrl(`#/jobs/${JOB_ID}/edit/${section}`))
              await shot.getByRole('tab', { name: /./, selected: true }).last().waitFor()
              await shot.waitForLoadState('networkidle')
              if (section === 'target') {
                await shot.getByRole('button', { name: 'Test connection' }).click()
                await shot.getByText('The app can be used.').waitFor({ timeout: 30_000 })
              }
              if (section === 'scoping') await shot.getByText(/In scope: \d+ of \d+/).waitFor()
              await shot.screenshot({ path: name(`job-editor-${section}`), fullPage: true })
            }
            await shot.goto(harness.pageUrl(`#/jobs/${JOB_ID}/edit/users`))
            await shot.getByRole('button', { name: 'displayName' }).click()
            await shot
              .getByRole('complementary', { name: 'displayName' })
              .getByText(/Ada Lovelace \(1001\)/)
              .waitFor()
            await shot.screenshot({ path: name('mapping-editor'), fullPage: true })
            await typeExpressionIn(shot, 'Join(" ", [givenName], Joinn([surname]))')
            await shot.getByText(/Unknown function 'Joinn'/).waitFor()
            await shot.screenshot({ path: name('mapping-editor-error'), fullPage: true })
            await shot.getByRole('button', { name: 'Discard changes' }).click()
            await shot.goto(harness.pageUrl(`#/jobs/${JOB_ID}`))
            await shot.getByRole('button', { name: 'Job file' }).click()
            await shot.getByRole('menuitem', { name: 'Delete…' }).click()
            await shot.getByRole('alertdialog').waitFor()
            await shot.screenshot({ path: name('delete-job-dialog') })
          } finally {
            await themed.close()
          }
        }
      }
    }, 180_000)
  }
)

/** Typing in a page that may have unsaved changes afterwards (the screenshot pages). */
async function typeExpressionIn(page: Page, text: string): Promise<void> {
  await expressionInput(page).waitFor()
  await typeExpression(page, text)
}

/** A form field by its label, which a required field's asterisk follows. */
function field(page: Page, label: string) {
  return page.getByLabel(new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\*?$`))
}
