/**
 * Entra's SCIM compatibility choices in the job editor, in Chromium through the HTTP bridge:
 * Test connection (with writes) against an app built for Entra's default PATCH suggests the two
 * choices it refuses; the admin applies them, picks the op spelling, saves, and the job file
 * holds all of them.
 *
 * Without /usr/bin/chromium the suite is skipped, or fails when PROVISIONER_REQUIRE_BROWSER=1 (CI).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadJobFile } from '../../main/config/load-job'
import {
  type BridgeHarness,
  startBridgeHarness,
  UI_JOB_ID,
  UI_TOKEN_VARIABLE,
  writeUiJobWorkspace,
} from '../helpers/bridge-harness'
import { type DeviantTarget, startDeviantTarget } from '../helpers/deviant-target'
import { TOKEN } from '../helpers/provisioning-fixture'
import { HAS_BROWSER, REQUIRE_BROWSER, screenshotPath, watchedBrowser } from './browser-helpers'

describe.skipIf(!HAS_BROWSER && !REQUIRE_BROWSER)(
  'SCIM compatibility choices in the job editor (Chromium, HTTP bridge)',
  () => {
    let workspace: string
    let jobFile: string
    let app: DeviantTarget
    let harness: BridgeHarness
    const browser = watchedBrowser()

    beforeAll(async () => {
      workspace = mkdtempSync(join(tmpdir(), 'provisioner-compat-'))
      app = await startDeviantTarget(['patchActiveOnlyAsString', 'refusesFilterPaths'])
      jobFile = writeUiJobWorkspace(workspace, app.server.baseUrl)
      harness = await startBridgeHarness({ withRenderer: true, env: { [UI_TOKEN_VARIABLE]: TOKEN } })
      await harness.api.openJobFile({ path: jobFile })
    })

    afterAll(async () => {
      await harness?.close()
      await app?.server.close()
      if (workspace !== undefined) rmSync(workspace, { recursive: true, force: true })
    })

    it('applies the choices Test connection suggests, and saves all four into the job file', async () => {
      const page = await browser.open()
      await page.goto(harness.pageUrl(`#/jobs/${UI_JOB_ID}/edit/target`))
      const card = page.getByRole('region', { name: 'SCIM compatibility choices' })
      const active = card.getByRole('combobox', { name: 'active in PATCH' })
      const lists = card.getByRole('combobox', { name: 'Multi-valued attributes' })
      await active.waitFor()
      expect(await active.inputValue()).toBe('')
      expect(await lists.inputValue()).toBe('')

      await page.getByRole('button', { name: 'Also try writes…' }).click()
      await page
        .getByRole('alertdialog')
        .getByRole('button', { name: 'Create and delete test objects' })
        .click()
      await page.getByText('The app cannot be used as configured.').waitFor({ timeout: 30_000 })
      const checks = page.getByRole('list', { name: 'Connection checks' }).getByRole('listitem')
      for (const [check, setting] of [
        ['Multi-valued update', 'target.multiValuedUpdates: "whole-list"'],
        ['Disable', 'target.activeValue: "string"'],
      ] as const) {
        const item = checks.filter({ hasText: check })
        expect(await item.textContent()).toContain(`Suggested setting: ${setting}`)
        await item.getByRole('button', { name: 'Apply to the job' }).click()
      }
      expect(await active.inputValue()).toBe('string')
      expect(await lists.inputValue()).toBe('whole-list')
      await card.getByRole('combobox', { name: 'PATCH operations' }).selectOption('entra')
      await card.getByRole('combobox', { name: 'Member removal' }).selectOption('value-list')
      await card.scrollIntoViewIfNeeded()
      await page.screenshot({ path: screenshotPath('job-editor-compatibility-choices') })

      await page.getByRole('button', { name: 'Save', exact: true }).click()
      await page
        .getByRole('status')
        .filter({ hasText: /^Saved$/ })
        .waitFor()
      expect(loadJobFile(jobFile).config.target).toMatchObject({
        patchOps: 'entra',
        activeValue: 'string',
        multiValuedUpdates: 'whole-list',
        memberRemoval: 'value-list',
      })
      // Everything the writes created is gone again.
      expect(app.server.store.listUsers()).toEqual([])
    })
  }
)
