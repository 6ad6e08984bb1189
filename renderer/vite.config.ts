import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import { defineConfig, type Plugin, type UserConfig } from 'vite'
// With its extension: Vite's config loader resolves this import natively, without a bundler.
import { contentSecurityPolicy } from '../main/electron/content-security-policy.ts'

const rendererRoot = fileURLToPath(new URL('.', import.meta.url))
const projectRoot = fileURLToPath(new URL('..', import.meta.url))

const CSP_META = /<meta\s+http-equiv="Content-Security-Policy"\s+content="[^"]*"\s*\/?>/
const CHARSET_META = /<meta\s+charset="[^"]*"\s*\/?>\s*/

/**
 * Writes the policy into index.html's CSP `<meta>` (the production policy in a build; in dev the
 * policy for HMR, the test bridge and this server start's nonce) and moves it to the top of
 * `<head>`: a meta policy only covers what comes after it, and Vite prepends scripts in dev.
 */
function contentSecurityPolicyPlugin(nonce: string | undefined): Plugin {
  return {
    name: 'provisioner:content-security-policy',
    transformIndexHtml: {
      order: 'post',
      handler(html, context) {
        if (!CSP_META.test(html)) {
          throw new Error('renderer/index.html must keep its Content-Security-Policy <meta>')
        }
        const dev = context.server !== undefined
        const policy = contentSecurityPolicy(dev ? { dev, nonce } : { dev })
        const meta = `<meta http-equiv="Content-Security-Policy" content="${policy}" />`
        return html
          .replace(CSP_META, '')
          .replace(CHARSET_META, '')
          .replace(/<head[^>]*>/, head => `${head}\n    <meta charset="UTF-8" />\n    ${meta}`)
      },
    },
  }
}

/** Every package the renderer imports (entry points as imported). */
const RENDERER_DEPENDENCIES = [
  'react',
  'react/jsx-runtime',
  'react/jsx-dev-runtime',
  'react-dom',
  'react-dom/client',
  'react-router',
  '@fluentui/react-components',
  // Icons one file each (`@fluentui/react-icons/svg/dismiss`): the package root holds every icon
  // (17 MB pre-bundled), which would make each page load in development take seconds.
  ...[
    'add',
    'arrow-down',
    'arrow-download',
    'arrow-export',
    'arrow-up',
    'beaker',
    'checkmark-circle',
    'dark-theme',
    'delete',
    'dismiss',
    'dismiss-circle',
    'document-copy',
    'edit',
    'eye',
    'filter',
    'folder-open',
    'info',
    'key',
    'more-horizontal',
    'plug-connected',
    're-order-dots-vertical',
    'save',
    'subtract-circle',
    'warning',
  ].map(icon => `@fluentui/react-icons/svg/${icon}`),
  '@fluentui/react-charts',
  '@tanstack/react-query',
  '@tanstack/react-table',
  '@tanstack/react-virtual',
  'react-hook-form',
  '@hookform/resolvers/zod',
  'zod',
  '@codemirror/state',
  '@codemirror/view',
  '@codemirror/language',
  '@codemirror/autocomplete',
  '@codemirror/lint',
  'codemirror',
  '@lezer/highlight',
]

/** The renderer's Vite config; electron-vite reuses it (main/electron.vite.config.ts). */
export function rendererConfig(command: 'serve' | 'build'): UserConfig {
  // Fresh per server start, dev only: a build has no inline script to allow.
  const nonce = command === 'serve' ? randomBytes(18).toString('base64url') : undefined
  const nodeEnv = {
    'process.env.NODE_ENV': JSON.stringify(command === 'build' ? 'production' : 'development'),
  }
  return {
    root: rendererRoot,
    cacheDir: join(projectRoot, 'node_modules', '.vite', 'renderer'),
    plugins: [react(), contentSecurityPolicyPlugin(nonce)],
    html: nonce === undefined ? {} : { cspNonce: nonce },
    // Pre-bundled when the dev server starts: a dependency found only while a page loads makes
    // Vite re-bundle and reload that page (HTTP 504 "Outdated Optimize Dep" in the browser).
    optimizeDeps: {
      include: [...RENDERER_DEPENDENCIES],
      rolldownOptions: { transform: { define: nodeEnv } },
    },
    // The page's mode, whoever starts the server: under Vitest NODE_ENV is "test", which would turn
    // off parts of libraries (Fluent's global styles) in browser tests, and force a re-bundle of the
    // dependencies each time tests and `npm run web` alternate.
    define: nodeEnv,
    server: {
      // The renderer may import the API contract and the model types, nothing else of main; the
      // contract re-exports the job file's schema (pure zod) so forms check values as the CLI does.
      fs: {
        strict: true,
        allow: [
          rendererRoot,
          join(projectRoot, 'main', 'ipc', 'api'),
          join(projectRoot, 'main', 'model'),
          ...['job-schema.ts', 'app-templates.ts', 'plain-http.ts'].map(file =>
            join(projectRoot, 'main', 'config', file)
          ),
          join(projectRoot, 'node_modules'),
        ],
      },
    },
    build: {
      outDir: join(projectRoot, 'out', 'renderer'),
      emptyOutDir: true,
      // electron-vite leaves the renderer unminified by default; minified, Fluent UI and React
      // parse in a third of the time at start-up.
      minify: true,
      // One chunk of about 0.9 MB (0.26 MB gzipped), read from disk by the desktop app.
      chunkSizeWarningLimit: 1200,
    },
  }
}

export default defineConfig(({ command }) => rendererConfig(command))
