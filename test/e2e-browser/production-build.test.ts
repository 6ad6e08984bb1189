/**
 * The renderer as the desktop app ships it: built by Vite for production, served with the
 * production Content-Security-Policy header (as main's app:// protocol does), and talking to a
 * stand-in for the preload's transport. Proves that Fluent UI's runtime styles work under the
 * strict policy, in both themes, with no CSP violation.
 *
 * Without /usr/bin/chromium the suite is skipped, or fails when PROVISIONER_REQUIRE_BROWSER=1 (CI).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { extname, join, normalize } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type Browser, chromium } from 'playwright-core'
import { build } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { contentSecurityPolicy } from '../../main/electron/content-security-policy'

const CHROMIUM = '/usr/bin/chromium'
const HAS_BROWSER = existsSync(CHROMIUM)
const RENDERER_CONFIG = fileURLToPath(new URL('../../renderer/vite.config.ts', import.meta.url))
const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
}

/** Answers the renderer's calls from fixed data, as main would through the preload. */
const FAKE_PRELOAD = `
  const answers = {
    getOverview: { stateFolder: '/home/admin/.provisioner', jobCount: 1, recentRuns: [] },
    listJobs: [{ id: 'hr-demo', name: 'HR to Demo App', configPath: '/jobs/hr-demo.json', source: 'csv people.csv',
      target: 'https://scim.example.com/scim/v2', updatedAt: '2024-03-01T09:00:00.000Z', lastRun: null, quarantine: null }],
    // With an applied run, so the chart (SVG and its styles) renders under the policy too.
    getDashboard: { stateFolder: '/home/admin/.provisioner', jobs: [{ id: 'hr-demo', name: 'HR to Demo App',
      health: 'healthy', healthReason: null, running: null, lastRun: null, nextRunAt: null,
      linked: { users: 3, groups: 0 }, unmanaged: 0,
      history: [{ runId: '20240301-090000-apply', startedAt: '2024-03-01T09:00:00.000Z', created: 3, updated: 1, disabled: 0, failed: 0 }] }] },
  }
  Object.defineProperty(window, 'adminTransport', { value: {
    invoke: async method => method in answers
      ? { ok: true, value: answers[method] }
      : { ok: false, error: { code: 'internal', message: 'not in this test' } },
    subscribe: () => () => undefined,
  } })
`

describe.skipIf(!HAS_BROWSER)('the production build in Chromium under the production CSP', () => {
  let outDir: string
  let server: Server
  let origin: string
  let browser: Browser

  beforeAll(async () => {
    outDir = mkdtempSync(join(tmpdir(), 'provisioner-renderer-build-'))
    // As `npm run build` runs it: Vite reads NODE_ENV (Vitest's is "test") to choose React's JSX runtime.
    const nodeEnv = process.env['NODE_ENV']
    process.env['NODE_ENV'] = 'production'
    try {
      await build({ configFile: RENDERER_CONFIG, logLevel: 'warn', build: { outDir, emptyOutDir: true } })
    } finally {
      process.env['NODE_ENV'] = nodeEnv
    }
    const policy = contentSecurityPolicy({ dev: false })
    server = createServer((request, response) => {
      const path = new URL(request.url ?? '/', 'http://localhost').pathname
      const file = normalize(join(outDir, path === '/' ? 'index.html' : path))
      if (!file.startsWith(outDir) || !existsSync(file)) {
        response.writeHead(404).end()
        return
      }
      response.writeHead(200, {
        'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
        'Content-Security-Policy': policy,
      })
      response.end(readFileSync(file))
    })
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu'],
    })
  }, 180_000)

  afterAll(async () => {
    await browser?.close()
    await new Promise(resolve => server?.close(resolve))
    if (outDir !== undefined) rmSync(outDir, { recursive: true, force: true })
  })

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`renders the overview with Fluent's styles in the ${colorScheme} theme and no CSP violation`, async () => {
      const context = await browser.newContext({ colorScheme, viewport: { width: 1024, height: 768 } })
      const page = await context.newPage()
      const problems: string[] = []
      page.on('console', message => {
        if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text())
      })
      page.on('pageerror', error => problems.push(error.message))
      try {
        await page.addInitScript(FAKE_PRELOAD)
        await page.goto(`${origin}/#/`)
        await page
          .getByRole('heading', { name: 'Overview', level: 1 })
          .waitFor({ timeout: 5000 })
          .catch(async error => {
            console.log('DEBUG', problems, (await page.content()).slice(0, 2000))
            throw error
          })
        await page.getByRole('link', { name: 'HR to Demo App', exact: true }).waitFor()
        // Fluent's theme variables and component classes were inserted despite `style-src 'self'`.
        const background = await page.evaluate<string>(
          `getComputedStyle(document.querySelector('.fui-FluentProvider')).getPropertyValue('--colorNeutralBackground1').trim()`
        )
        expect(background).toBe(colorScheme === 'dark' ? '#292929' : '#ffffff')
        const link = `[...document.querySelectorAll('a')].find(a => a.textContent === 'HR to Demo App')`
        expect(await page.evaluate<string>(`getComputedStyle(${link}).textDecorationLine`)).toBe('none')
        expect(await page.locator('header').evaluate(header => header.getBoundingClientRect().x)).toBe(0)
        expect(await page.title()).toBe('Overview – Provisioner')
        await page.getByRole('region', { name: 'Runs over time' }).locator('svg').first().waitFor()
        expect(problems).toEqual([])
      } finally {
        await context.close()
      }
    })
  }
})
