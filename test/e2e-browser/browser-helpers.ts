/** What the browser tests share: Chromium, a page that records every problem, screenshots. */
import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core'

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
