/**
 * Mapping types in the job editor, in Chromium through the HTTP bridge: the table shows each
 * mapping's type as Entra names it (Direct, Constant, Expression, None); the admin turns a new
 * mapping into a None mapping with a default value (refused as a matching attribute), marks an
 * extension attribute as a reference, and saves both into the file the CLI loads.
 *
 * Without /usr/bin/chromium the suite is skipped, or fails when PROVISIONER_REQUIRE_BROWSER=1 (CI).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadJobFile } from '../../main/config/load-job'
import {
  type BridgeHarness,
  startBridgeHarness,
  UI_JOB_ID,
  writeUiJobWorkspace,
} from '../helpers/bridge-harness'
import {
  expressionInput,
  HAS_BROWSER,
  REQUIRE_BROWSER,
  screenshotPath,
  typeExpression,
  watchedBrowser,
} from './browser-helpers'

const SPONSOR = 'urn:ietf:params:scim:schemas:extension:sandbox:2.0:User:sponsor'

describe.skipIf(!HAS_BROWSER && !REQUIRE_BROWSER)(
  'mapping types in the job editor (Chromium, HTTP bridge)',
  () => {
    let workspace: string
    let jobFile: string
    let harness: BridgeHarness
    let page: Page
    const browser = watchedBrowser()

    beforeAll(async () => {
      workspace = mkdtempSync(join(tmpdir(), 'provisioner-mapping-types-'))
      // The app is never reached: the editor checks and saves the file only.
      jobFile = writeUiJobWorkspace(workspace, 'https://app.example.com/scim/v2')
      harness = await startBridgeHarness({ withRenderer: true })
      await harness.api.openJobFile({ path: jobFile })
    })

    afterAll(async () => {
      await harness?.close()
      if (workspace !== undefined) rmSync(workspace, { recursive: true, force: true })
    })

    /** The Type cell of each row of the mappings table, by target. */
    async function typesByTarget(): Promise<Record<string, string>> {
      const rows = page.getByRole('table', { name: 'User mappings' }).getByRole('row')
      const result: Record<string, string> = {}
      for (const row of (await rows.all()).slice(1)) {
        const [target = '', type = ''] = await row.getByRole('cell').allTextContents()
        result[target] = type
      }
      return result
    }

    /** Adds a mapping to `target` and returns its panel. */
    async function addMapping(target: string) {
      await page.getByRole('button', { name: 'Add mapping' }).click()
      await page.getByRole('complementary', { name: 'New mapping' }).waitFor()
      const picker = page.getByRole('combobox', { name: /Target attribute/ })
      await picker.fill(target)
      await picker.press('Tab')
      const panel = page.getByRole('complementary', { name: target })
      await panel.waitFor()
      return panel
    }

    it('shows each mapping’s type, sets up a None mapping with a default and a sponsor reference, and saves them', async () => {
      page = await browser.open()
      await page.goto(harness.pageUrl(`#/jobs/${UI_JOB_ID}/edit`))
      // The first page load compiles the renderer: slow on a busy machine.
      await page.getByRole('tab', { name: 'User mappings' }).click({ timeout: 90_000 })
      await page
        .getByRole('table', { name: 'User mappings' })
        .getByRole('button', { name: 'userName' })
        .waitFor()
      expect(await typesByTarget()).toMatchObject({
        userName: 'Direct',
        displayName: 'Expression',
        active: 'Expression',
      })

      // A Constant is read from its expression.
      const title = await addMapping('nickName')
      await typeExpression(page, '"Staff"')
      await expect.poll(typesByTarget).toMatchObject({ nickName: 'Constant' })
      await expect.poll(() => title.getByRole('radio', { name: 'Constant' }).isChecked()).toBe(true)

      // None: no expression, a default value that is required, and it cannot match.
      const none = await addMapping('preferredLanguage')
      await typeExpression(page, '[title]')
      await none.getByRole('radio', { name: 'None (default value only)' }).check()
      expect(await expressionInput(page).count()).toBe(0)
      expect(await none.getByRole('radiogroup', { name: 'Apply this mapping' }).count()).toBe(0)
      await none.getByText(/it needs a "default", the value new accounts get/).waitFor()
      await none.getByRole('textbox', { name: /Default value/ }).fill('en-US')
      await expect.poll(() => none.getByText(/it needs a "default"/).count()).toBe(0)
      await expect.poll(typesByTarget).toMatchObject({ preferredLanguage: 'None' })
      await none.getByRole('checkbox', { name: 'Use to match existing accounts' }).check()
      await expect
        .poll(() => page.getByText(/it cannot match accounts, it has no source value to match on/).count())
        .toBeGreaterThan(0)
      await none.getByRole('checkbox', { name: 'Use to match existing accounts' }).uncheck()
      await expect
        .poll(() => page.getByText(/it cannot match accounts, it has no source value to match on/).count())
        .toBe(0)
      // Fixed: the row no longer says so.
      const row = page
        .getByRole('table', { name: 'User mappings' })
        .getByRole('row')
        .filter({ hasText: 'preferredLanguage' })
      await expect.poll(() => row.textContent()).not.toContain('needs a fix')
      await page.setViewportSize({ width: 1440, height: 1200 })
      await page.screenshot({ path: screenshotPath('mapping-editor-none') })
      await page.setViewportSize({ width: 1440, height: 900 })

      // Back to an expression restores the one typed; None again for the file.
      await none.getByRole('radio', { name: 'Direct, Constant or Expression' }).check()
      await expect.poll(() => expressionInput(page).textContent()).toBe('[title]')
      await expect.poll(typesByTarget).toMatchObject({ preferredLanguage: 'Direct' })
      await none.getByRole('radio', { name: 'None (default value only)' }).check()

      // An extension attribute the admin marks as a reference (the sandbox app's sponsor).
      const sponsor = await addMapping(SPONSOR)
      await typeExpression(page, '[mail]')
      await sponsor.getByRole('checkbox', { name: /Names another user/ }).check()
      await sponsor.getByRole('combobox', { name: /The expression gives the person's/ }).selectOption('mail')

      await page.getByRole('button', { name: 'Save' }).click()
      await page
        .getByRole('status')
        .filter({ hasText: /^Saved$/ })
        .waitFor()
      const mappings = loadJobFile(jobFile).config.users.mappings
      expect(mappings.find(mapping => mapping.target === 'preferredLanguage')).toEqual({
        target: 'preferredLanguage',
        type: 'none',
        default: 'en-US',
        apply: 'on-create',
        required: false,
      })
      expect(mappings.find(mapping => mapping.target === SPONSOR)).toMatchObject({
        expression: '[mail]',
        reference: { by: 'mail' },
      })
    }, 180_000)
  }
)
