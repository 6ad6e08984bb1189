import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    // Component tests are .test.tsx and choose jsdom per file (`// @vitest-environment jsdom`).
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    globalSetup: ['test/helpers/compiled-cli-setup.ts'],
    // Transformed by Vitest rather than loaded as is, so its `import electron from 'electron'`
    // gets the small fake of electron the unit tests install (the real one needs the binary).
    server: { deps: { inline: ['electron-store'] } },
  },
})
