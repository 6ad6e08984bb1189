/**
 * Provision on demand for a group in the app, in Chromium through the HTTP bridge: the admin
 * switches to groups, sees which are small enough (Entra's 5 members), provisions one and reads
 * the group's steps, then each member's. The real API and engine against the sandbox SCIM app.
 *
 * Without /usr/bin/chromium the suite is skipped, or fails when PROVISIONER_REQUIRE_BROWSER=1 (CI).
 */
import { rmSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadJobFile } from '../../main/config/load-job'
import { type SandboxServer, startSandboxServer } from '../../main/connectors/scim/sandbox/sandbox-server'
import { saveJob } from '../../main/store/jobs-store'
import { type BridgeHarness, startBridgeHarness } from '../helpers/bridge-harness'
import {
  RUN_JOB_ID,
  RUN_SEED_ACCOUNTS,
  RUN_TOKEN,
  RUN_TOKEN_VARIABLE,
  writeRunJobWithTeams,
} from '../helpers/run-fixture'
import { makeTempDir } from '../helpers/temp-dir'
import { HAS_BROWSER, REQUIRE_BROWSER, screenshotPath, watchedBrowser } from './browser-helpers'

describe.skipIf(!HAS_BROWSER && !REQUIRE_BROWSER)(
  'provision on demand for a group (Chromium, HTTP bridge)',
  () => {
    let workspace: string
    let sandbox: SandboxServer
    let harness: BridgeHarness
    const browser = watchedBrowser()

    beforeAll(async () => {
      workspace = makeTempDir('provisioner-on-demand-group-')
      sandbox = await startSandboxServer({
        auth: { type: 'bearer', token: RUN_TOKEN },
        seedUsers: RUN_SEED_ACCOUNTS,
      })
      harness = await startBridgeHarness({ withRenderer: true, env: { [RUN_TOKEN_VARIABLE]: RUN_TOKEN } })
      const job = loadJobFile(writeRunJobWithTeams(workspace, sandbox.baseUrl))
      saveJob(harness.db, { id: job.id, name: job.config.name, config: job.config, configPath: job.file })
    })

    afterAll(async () => {
      await harness?.close()
      await sandbox?.close()
      if (workspace !== undefined) rmSync(workspace, { recursive: true, force: true })
    })

    it('offers only groups of at most 5 members, and shows the group’s steps then each member’s', async () => {
      const page = await browser.open()
      await page.goto(harness.pageUrl(`#/jobs/${RUN_JOB_ID}/on-demand`))
      await page.getByRole('tab', { name: 'A group' }).click()
      const groups = page.getByRole('list', { name: 'Matching groups' })
      await groups.waitFor({ timeout: 30_000 })
      expect(await groups.getByRole('listitem').allTextContents()).toEqual([
        expect.stringMatching(/^NavyNavy · 2 membersProvision$/),
        expect.stringMatching(/^AllAll · 6 members · more than 5: provisioned by a run of the jobProvision$/),
      ])
      expect(await page.getByRole('button', { name: 'Provision group All' }).isDisabled()).toBe(true)
      await page.getByRole('searchbox', { name: 'Find a group in the source' }).fill('nav')
      await expect.poll(() => groups.getByRole('listitem').count()).toBe(1)

      await page.getByRole('button', { name: 'Provision group Navy' }).click()
      const groupSteps = page.getByRole('list', { name: 'Steps of the group' })
      await groupSteps.waitFor({ timeout: 30_000 })
      expect(await groupSteps.getByRole('listitem').allTextContents()).toEqual([
        expect.stringMatching(/^Import group/),
        expect.stringMatching(/^Match group between source and target system/),
        expect.stringMatching(/^Perform action/),
        expect.stringMatching(/^Export to the app/),
      ])
      // The group first, then each member in the source's order.
      const headings = await page.getByRole('heading', { level: 3 }).allTextContents()
      expect(headings.filter(text => text.startsWith('Member '))).toEqual([
        'Member ada.lovelace@example.com',
        'Member grace.hopper@example.com',
      ])
      const ada = page.getByRole('list', { name: 'Steps of ada.lovelace@example.com' })
      expect(await ada.getByRole('listitem').first().textContent()).toMatch(/^Import user/)
      const result = page.getByRole('region', { name: 'Result: group Navy' })
      expect(await result.textContent()).toMatch(
        /Import group.*Member ada\.lovelace@example\.com.*Member grace\.hopper/s
      )
      await page.screenshot({ path: screenshotPath('provision-on-demand-group-1440'), fullPage: true })

      const navy = sandbox.store.listGroups().find(group => group['displayName'] === 'Navy')
      expect((navy?.['members'] as unknown[] | undefined)?.length).toBe(2)
      expect(sandbox.store.listGroups()).toHaveLength(1)
    })
  }
)
