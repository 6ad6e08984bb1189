/** What the browser tests share: Chromium, a page that records every problem, screenshots. */
import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, expect } from 'vitest'

export const CHROMIUM = '/usr/bin/chromium'
export const HAS_BROWSER = existsSync(CHROMIUM)
export const REQUIRE_BROWSER = process.env['PROVISIONER_REQUIRE_BROWSER'] === '1'

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
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
}

/** A page whose console errors and warnings, page errors and failed requests are collected. */
export async function watchedPage(
  context: BrowserContext,
  problems: string[],
  onBridgeBody?: (body: string) => void,
  bridgeUrl?: string
): Promise<Page> {
  const page = await context.newPage()
  page.on('console', message => {
    if (message.type() === 'error' || message.type() === 'warning')
      problems.push(`console: ${message.text()}`)
  })
  page.on('pageerror', error => problems.push(`page error: ${error.message}`))
  page.on('requestfailed', request => {
    if (!request.url().includes('/events')) problems.push(`request failed: ${request.url()}`)
  })
  page.on('response', response => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`)
    if (onBridgeBody !== undefined && bridgeUrl !== undefined && response.url().startsWith(bridgeUrl)) {
      response.text().then(onBridgeBody, () => undefined)
    }
  })
  return page
}

/** A suite's Chromium: see {@link watchedBrowser}. */
export interface WatchedBrowser {
  /** A new watched page, 1440×900; what it records must stay empty until the test ends. */
  open(): Promise<Page>
}

/**
 * Chromium for the suite it is called in: launched before its tests and closed after them. After
 * each test the page it opened is closed with its context (its screen saved first when the test
 * failed) and must have recorded no problem.
 */
export function watchedBrowser(): WatchedBrowser {
  let browser: Browser | undefined
  let context: BrowserContext | undefined
  let page: Page | undefined
  let problems: string[] = []
  beforeAll(async () => {
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
  })
  afterEach(async ({ task }) => {
    if (task.result?.state === 'fail' && page !== undefined) {
      await page.screenshot({ path: screenshotPath(`failed-${task.name.slice(0, 40)}`), fullPage: true })
    }
    await context?.close()
    context = undefined
    page = undefined
    expect(problems).toEqual([])
  })
  return {
    async open() {
      if (browser === undefined) throw new Error('watchedBrowser: Chromium is launched before the tests')
      problems = []
      context = await browser.newContext({ viewport: { width: 1440, height: 900 } })
      page = await watchedPage(context, problems)
      return page
    },
  }
}

/** Screens land in out/screenshots/ (gitignored) unless PROVISIONER_SCREENSHOT_DIR says otherwise. */
export function screenshotPath(name: string): string {
  const dir =
    process.env['PROVISIONER_SCREENSHOT_DIR'] ??
    fileURLToPath(new URL('../../out/screenshots/', import.meta.url))
  mkdirSync(dir, { recursive: true })
  return join(dir, `${name}.png`)
}

/** The expression editor's text area (CodeMirror, in a shadow root Playwright reaches into). */
export function expressionInput(page: Page) {
  return page.locator('[data-expression-editor] .cm-content')
}

/** Replaces the expression by typing, as an admin would. */
export async function typeExpression(page: Page, text: string): Promise<void> {
  const input = expressionInput(page)
  await input.click()
  await page.keyboard.press('ControlOrMeta+A')
  await page.keyboard.press('Delete')
  await page.keyboard.type(text)
  // A completion list opened by the typing must not take the next key (Escape closes only it).
  if (await page.locator('[data-expression-editor] .cm-tooltip-autocomplete').isVisible()) {
    await page.keyboard.press('Escape')
  }
}
