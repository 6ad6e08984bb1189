/**
 * Watching an apply (and the preview's dry run) from the app, in Chromium through the HTTP bridge, against the sandbox SCIM
 * app slowed by the job's `target.rateLimitPerSecond` so a run lasts a few seconds: the bar moves
 * and reaches 100 %, and a Cancel stops a run part-way (a later apply writes the rest). Screens
 * are saved to out/screenshots/ (or PROVISIONER_SCREENSHOT_DIR).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { NextFunction, Request, Response } from 'express'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { type SandboxServer, startSandboxServer } from '../../main/connectors/scim/sandbox/sandbox-server'
import { loadJobFile } from '../../main/config/load-job'
import { saveJob } from '../../main/store/jobs-store'
import { listRuns } from '../../main/store/runs-store'
import { type BridgeHarness, startBridgeHarness } from '../helpers/bridge-harness'
import { startCli } from '../helpers/killable-cli'
import { HAS_BROWSER, launchChromium, REQUIRE_BROWSER, screenshotPath, watchedPage } from './browser-helpers'

const JOB_ID = 'hr-progress'
const JOB_NAME = 'HR to Slow App'
const TOKEN_VARIABLE = 'PROGRESS_TEST_SCIM_TOKEN'
const TOKEN = 'progress-test-token-0123456789'
/** Creates per run: at the rate below, about five seconds of writes. */
const BATCH = 40
const RATE_PER_SECOND = 8
const RUN_TIMEOUT = { timeout: 60_000 }

/**
 * Writes people.csv with `count` people and the job file; returns the job file. A small
 * `pageSize` makes reading the app's accounts take a page per request (a slow dry run).
 */
function writeJob(dir: string, baseUrl: string, count: number, pageSize?: number): string {
  const rows = Array.from({ length: count }, (_, index) => {
    const id = 2000 + index
    return `${id},Person${id},Tester,person${id}@example.com`
  })
  writeFileSync(join(dir, 'people.csv'), `employeeId,givenName,surname,mail\n${rows.join('\n')}\n`)
  const job = {
    id: JOB_ID,
    name: JOB_NAME,
    source: { type: 'csv', path: 'people.csv', idColumn: 'employeeId', authoritative: true },
    target: {
      type: 'scim',
      baseUrl,
      auth: { type: 'bearer', secretRef: `env:${TOKEN_VARIABLE}` },
      concurrency: 2,
      rateLimitPerSecond: RATE_PER_SECOND,
      ...(pageSize === undefined ? {} : { pageSize }),
    },
    users: {
      mappings: [
        { target: 'userName', expression: '[mail]', matchingPrecedence: 1 },
        { target: 'name.givenName', expression: '[givenName]' },
        { target: 'name.familyName', expression: '[surname]' },
        { target: 'displayName', expression: 'Join(" ", [givenName], [surname])' },
      ],
    },
  }
  const file = join(dir, 'job.json')
  writeFileSync(file, `${JSON.stringify(job, null, 2)}\n`)
  return file
}

/**
 * Records every "N of M changes done" the page shows, however briefly, and whether it said
 * "Stopping after the writes in flight", from the moment it is called (a MutationObserver in the page: polling from the test would miss quick changes).
 */
async function recordProgress(page: Page): Promise<() => Promise<Array<[number, number]>>> {
  // A string: the tests' TypeScript has no DOM types (other browser tests do the same).
  await page.evaluate(`(() => {
    const seen = []
    window.progressSeen = seen
    const look = () => {
      const text = document.body.textContent ?? ''
      if (text.includes('Stopping after the writes in flight')) window.stoppingSeen = true
      const match = /(\\d[\\d,]*) of (\\d[\\d,]*) changes? done/.exec(text)
      if (match === null) return
      const pair = [Number(match[1].replace(/,/g, '')), Number(match[2].replace(/,/g, ''))]
      const last = seen.at(-1)
      if (last === undefined || last[0] !== pair[0] || last[1] !== pair[1]) seen.push(pair)
    }
    new MutationObserver(look).observe(document.body, { subtree: true, childList: true, characterData: true })
  })()`)
  return () => page.evaluate<Array<[number, number]>>('window.progressSeen')
}

/** Whether "Stopping after the writes in flight…" showed since `recordProgress` (however briefly). */
function stoppingSeen(page: Page): Promise<boolean> {
  return page.evaluate<boolean>('window.stoppingSeen === true')
}

/** The job page's Preview section down to the progress under way: what an admin watches. */
async function progressShot(page: Page, name: string): Promise<void> {
  const section = await page
    .locator('section')
    .filter({ has: page.getByRole('heading', { name: 'Preview' }) })
    .boundingBox()
  const bar = await page.getByRole('progressbar').boundingBox()
  if (section === null || bar === null)
    throw new Error('the Preview section or the progress bar is not on screen')
  const top = Math.max(0, section.y - 16)
  await page.screenshot({
    path: screenshotPath(name),
    clip: { x: 0, y: top, width: 1440, height: bar.y + 72 - top },
  })
}

describe.skipIf(!HAS_BROWSER && !REQUIRE_BROWSER)(
  'an apply from the app: progress and Cancel, in Chromium',
  () => {
    let workspace: string
    let sandbox: SandboxServer
    let harness: BridgeHarness
    let browser: Browser
    let context: BrowserContext
    let page: Page
    let problems: string[]

    const accounts = () => sandbox.store.userCount()
    /** While on, the app refuses the 3rd and 5th account it is asked to create (a run with failures). */
    const refusals = { on: false, posts: 0 }

    beforeAll(async () => {
      workspace = mkdtempSync(join(tmpdir(), 'provisioner-e2e-progress-'))
      sandbox = await startSandboxServer({
        auth: { type: 'bearer', token: TOKEN },
        middleware: [
          (req: Request, res: Response, next: NextFunction) => {
            if (!refusals.on || req.method !== 'POST' || !req.path.endsWith('/Users')) return next()
            refusals.posts++
            if (refusals.posts !== 3 && refusals.posts !== 5) return next()
            res
              .status(400)
              .type('application/scim+json')
              .send(
                JSON.stringify({
                  schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
                  status: '400',
                  scimType: 'invalidValue',
                  detail: 'Refused by the test',
                })
              )
          },
        ],
      })
      harness = await startBridgeHarness({
        withRenderer: true,
        env: { [TOKEN_VARIABLE]: TOKEN },
        watchIntervalMs: 200,
      })
      const job = loadJobFile(writeJob(workspace, sandbox.baseUrl, BATCH))
      saveJob(harness.db, { id: job.id, name: job.config.name, config: job.config, configPath: job.file })
      browser = await launchChromium()
      context = await browser.newContext({ viewport: { width: 1440, height: 900 } })
    }, 120_000)

    afterAll(async () => {
      await browser?.close()
      await harness?.close()
      await sandbox?.close()
      if (workspace !== undefined) rmSync(workspace, { recursive: true, force: true })
    })

    beforeEach(async () => {
      problems = []
      page = await watchedPage(context, problems)
    })

    afterEach(async () => {
      await page.close()
      expect(problems).toEqual([])
    })

    /** Dry run, then Apply this plan and its confirmation; returns what the confirmation states. */
    async function dryRunAndApply(): Promise<string> {
      await page.goto(harness.pageUrl(`#/jobs/${JOB_ID}`))
      await page.getByRole('heading', { name: JOB_NAME, level: 1 }).waitFor()
      await page.getByRole('button', { name: 'Preview (dry run)' }).click()
      await page.getByRole('button', { name: 'Apply this plan' }).click(RUN_TIMEOUT)
      const confirm = page
        .getByRole('dialog', { name: 'Apply this plan?' })
        .getByRole('button', { name: /^Apply: / })
      const label = (await confirm.textContent()) ?? ''
      await confirm.click()
      return label
    }

    it('applies the plan and watches the progress move and reach 100 %', async () => {
      expect(await dryRunAndApply()).toBe(`Apply: ${BATCH} create`)
      const seen = await recordProgress(page)
      const bar = page.getByRole('progressbar')
      await page.getByText('Writing the changes to the app').waitFor(RUN_TIMEOUT)
      await expect
        .poll(async () => Number(await bar.getAttribute('aria-valuenow')), RUN_TIMEOUT)
        .toBeGreaterThan(0.2)
      await page.screenshot({ path: screenshotPath('apply-progress-1440'), fullPage: true })
      await progressShot(page, 'apply-progress-light-1440')
      await page.getByText('Plan applied:').waitFor(RUN_TIMEOUT)
      await page.screenshot({ path: screenshotPath('apply-progress-result-1440'), fullPage: true })

      const counts = await seen()
      const done = counts.map(([count]) => count)
      // It moved: several counts, each at least the one before, up to the total.
      expect(new Set(done).size, JSON.stringify(counts)).toBeGreaterThan(2)
      expect(done, JSON.stringify(counts)).toEqual([...done].sort((a, b) => a - b))
      expect(counts.every(([, total]) => total === BATCH)).toBe(true)
      expect(done.at(-1)).toBe(BATCH)
      expect(accounts()).toBe(BATCH)
      expect(await page.getByRole('progressbar').count()).toBe(0)
    })

    it('shows failures as they happen, cancels an apply part-way (cancelled in the history), and a later apply writes the rest', async () => {
      writeJob(workspace, sandbox.baseUrl, 2 * BATCH)
      await page.emulateMedia({ colorScheme: 'dark' })
      refusals.on = true
      refusals.posts = 0
      expect(await dryRunAndApply()).toBe(`Apply: ${BATCH} create`)
      const failures = page.getByRole('link', { name: '2 failed so far' })
      await failures.waitFor(RUN_TIMEOUT)
      expect(await failures.getAttribute('href')).toMatch(
        /#\/logs\?jobId=hr-progress&runId=[\w-]+&status=failure$/
      )
      await progressShot(page, 'apply-progress-failures-dark-1440')
      refusals.on = false
      const cancel = page.getByRole('button', { name: /^Cancel run / })
      const runId = ((await cancel.getAttribute('aria-label')) ?? '').replace('Cancel run ', '')
      await recordProgress(page)
      await cancel.click()
      await page.getByText('Apply cancelled:').waitFor(RUN_TIMEOUT)
      expect(await stoppingSeen(page)).toBe(true)
      await page.screenshot({ path: screenshotPath('apply-cancelled-1440'), fullPage: true })
      const written = accounts() - BATCH
      expect(written).toBeGreaterThan(0)
      expect(written).toBeLessThan(BATCH)

      const runs = page.getByRole('table', { name: 'Runs', exact: true })
      const row = runs.getByRole('row').filter({ has: page.getByRole('link', { name: `Run ${runId}` }) })
      await expect.poll(() => row.textContent(), RUN_TIMEOUT).toContain('cancelled')
      expect(listRuns(harness.db, JOB_ID, 10).find(run => run.id === runId)?.status).toBe('cancelled')

      expect(await dryRunAndApply()).toBe(`Apply: ${BATCH - written} create`)
      await page.getByText('Plan applied:').waitFor(RUN_TIMEOUT)
      expect(accounts()).toBe(2 * BATCH)
    })

    it('shows a CLI apply on the job page while it runs, and cancels it from there', async () => {
      writeJob(workspace, sandbox.baseUrl, 3 * BATCH)
      await page.goto(harness.pageUrl(`#/jobs/${JOB_ID}`))
      await page.getByRole('heading', { name: JOB_NAME, level: 1 }).waitFor()
      const before = accounts()
      const cli = startCli(
        { dir: workspace, home: harness.home, env: { [TOKEN_VARIABLE]: TOKEN } } as never,
        ['apply', '--job', join(workspace, 'job.json'), '--yes']
      )
      const section = page.getByRole('region', { name: 'Run in progress' })
      try {
        await section.getByText(/[1-9]\d* of \d+ changes done/).waitFor(RUN_TIMEOUT)
        expect(await section.textContent()).toContain('A run (apply) started elsewhere')
        await section.screenshot({ path: screenshotPath('job-page-cli-run-1440') })
        await section.getByRole('button', { name: /^Cancel run / }).click()
        const result = await cli.finished
        // The CLI's exit code for a cancelled run (128 + SIGINT, as Ctrl+C).
        expect(result.code, result.stderr).toBe(130)
      } finally {
        cli.kill()
      }
      await expect.poll(() => section.count(), RUN_TIMEOUT).toBe(0)
      const newest = page.getByRole('table', { name: 'Runs', exact: true }).getByRole('row').nth(1)
      await expect.poll(() => newest.textContent(), RUN_TIMEOUT).toContain('cancelled')
      const written = accounts() - before
      expect(written).toBeGreaterThan(0)
      expect(written).toBeLessThan(3 * BATCH - before)
    })

    it("shows the preview's dry run with its progress and Cancel; a cancel says nothing was changed, and a dry run again finishes", async () => {
      // A page of 4 accounts per request at 8 requests a second: reading ~100 accounts takes seconds.
      writeJob(workspace, sandbox.baseUrl, 3 * BATCH, 4)
      const before = accounts()
      expect(before).toBeGreaterThan(60)
      await page.goto(harness.pageUrl(`#/jobs/${JOB_ID}`))
      await page.getByRole('heading', { name: JOB_NAME, level: 1 }).waitFor()
      const preview = page.getByRole('button', { name: 'Preview (dry run)' })
      await preview.click()
      await page.getByText("Reading the app's accounts").waitFor(RUN_TIMEOUT)
      await page.getByText(/[1-9]\d* accounts read/).waitFor(RUN_TIMEOUT)
      await progressShot(page, 'dry-run-progress-1440')
      const cancel = page.getByRole('button', { name: /^Cancel run / })
      const runId = ((await cancel.getAttribute('aria-label')) ?? '').replace('Cancel run ', '')
      await cancel.click()
      await page.getByText('Dry run cancelled:').waitFor(RUN_TIMEOUT)
      expect(await page.getByText('nothing was changed.').count()).toBe(1)
      await page.screenshot({ path: screenshotPath('dry-run-cancelled-1440'), fullPage: true })
      expect(await page.getByRole('alert').count()).toBe(0)
      expect(await page.getByRole('button', { name: 'Apply this plan' }).count()).toBe(0)
      expect(listRuns(harness.db, JOB_ID, 10).find(run => run.id === runId)?.status).toBe('cancelled')

      await preview.click()
      await page.getByText(/Dry run finished: \d+ to create/).waitFor(RUN_TIMEOUT)
      expect(await page.getByText('Dry run cancelled:').count()).toBe(0)
      expect(await page.getByRole('button', { name: 'Apply this plan' }).isEnabled()).toBe(true)
      expect(accounts()).toBe(before)
    })
  }
)
