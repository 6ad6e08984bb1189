/**
 * A job for an app without SCIM, in Chromium through the HTTP bridge: the admin turns the job's
 * target into a CSV hand-off, tests its folder, saves, dry-runs and sees the file apply would
 * write. The real API, engine and CSV connector; no SCIM server at all.
 *
 * Without /usr/bin/chromium the suite is skipped, or fails when PROVISIONER_REQUIRE_BROWSER=1 (CI).
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadJobFile } from '../../main/config/load-job'
import {
  type BridgeHarness,
  startBridgeHarness,
  UI_JOB_ID,
  writeUiJobWorkspace,
} from '../helpers/bridge-harness'
import { HAS_BROWSER, REQUIRE_BROWSER, screenshotPath, watchedBrowser } from './browser-helpers'

describe.skipIf(!HAS_BROWSER && !REQUIRE_BROWSER)(
  'a CSV hand-off job in the app (Chromium, HTTP bridge)',
  () => {
    let workspace: string
    let jobFile: string
    let harness: BridgeHarness
    const browser = watchedBrowser()

    beforeAll(async () => {
      workspace = mkdtempSync(join(tmpdir(), 'provisioner-handoff-'))
      // A SCIM job to begin with; its app is never reached (the admin switches it to a hand-off).
      jobFile = writeUiJobWorkspace(workspace, 'https://app.example.com/scim/v2')
      writeFileSync(join(workspace, 'not-a-folder'), 'x')
      harness = await startBridgeHarness({ withRenderer: true })
      await harness.api.openJobFile({ path: jobFile })
    })

    afterAll(async () => {
      await harness?.close()
      if (workspace !== undefined) rmSync(workspace, { recursive: true, force: true })
    })

    it('switches the target to a hand-off, tests its folder, and the dry run shows the file rows', async () => {
      const page = await browser.open()
      await page.goto(harness.pageUrl(`#/jobs/${UI_JOB_ID}/edit/target`))
      await page.getByRole('combobox', { name: 'Type' }).selectOption('csv-handoff')
      const folder = page.getByRole('textbox', { name: /^Folder/ })
      await folder.waitFor()
      expect(await page.getByRole('textbox', { name: /SCIM base URL/ }).count()).toBe(0)

      // A folder under a file can never be made: Test connection says so.
      await folder.fill('not-a-folder/handoff')
      await page.getByRole('button', { name: 'Test connection' }).click()
      await page.getByText('The folder cannot be used as configured.').waitFor({ timeout: 30_000 })
      const checks = page.getByRole('list', { name: 'Connection checks' }).getByRole('listitem')
      expect(await checks.first().textContent()).toMatch(/^fail\s*Hand-off folder.*is a file/)

      mkdirSync(join(workspace, 'handoff'))
      await folder.fill('handoff')
      await page.getByRole('combobox', { name: 'Delimiter' }).selectOption(';')
      await page.getByRole('textbox', { name: 'Value for disable' }).fill('deactivate')
      await page.getByRole('textbox', { name: 'Header of userName' }).fill('Login')
      await page.getByRole('button', { name: 'Test connection' }).click()
      await page.getByText('The folder can be used.').waitFor({ timeout: 30_000 })
      expect(await checks.allTextContents()).toEqual([
        expect.stringMatching(/^pass\s*Hand-off folder/),
        expect.stringMatching(/^pass\s*Writable/),
      ])
      await page.getByRole('button', { name: 'Save' }).click()
      await page
        .getByRole('status')
        .filter({ hasText: /^Saved$/ })
        .waitFor()
      expect(loadJobFile(jobFile).config.target).toMatchObject({
        type: 'csv-handoff',
        directory: 'handoff',
        delimiter: ';',
        headers: { userName: 'Login' },
      })
      // Tall enough for the whole form: a full-page shot would draw the sticky bars mid-page.
      await page.setViewportSize({ width: 1440, height: 1500 })
      await page.screenshot({ path: screenshotPath('job-editor-handoff') })
      await page.setViewportSize({ width: 1440, height: 900 })

      // Groups: a hand-off takes none, and says so.
      await page.getByRole('tab', { name: 'Groups' }).click()
      await page.getByText(/Groups cannot be handed off/).waitFor()

      // The dry run shows the file apply would write, and writes nothing.
      await page.getByRole('tab', { name: 'Runs & preview' }).click()
      await page.getByRole('button', { name: 'Preview (dry run)' }).click()
      const file = page.getByRole('table', { name: 'File apply would write' })
      await file.waitFor({ timeout: 30_000 })
      const header = await file.getByRole('columnheader').allTextContents()
      expect(header.slice(0, 3)).toEqual(['action', 'Login', 'externalId'])
      const rows = file.getByRole('row')
      expect(await rows.count()).toBe(5)
      expect(await rows.nth(1).getByRole('cell').allTextContents()).toEqual(
        expect.arrayContaining(['create', 'ada.lovelace@example.com', '1001'])
      )
      expect(readdirSync(join(workspace, 'handoff'))).toEqual([])
      await page.screenshot({ path: screenshotPath('dry-run-handoff'), fullPage: true })
    }, 180_000)
  }
)
