/**
 * electron-vite build of the three processes (run with `--config main/electron.vite.config.ts`).
 *
 * Output: out/main/index.js (ESM main), out/main/api-host.js (the API host's utility process,
 * forked by main), out/preload/index.cjs (one CommonJS file: sandboxed
 * preloads cannot be ES modules or require packages), out/renderer/ (served on app://).
 */
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'electron-vite'
import { rendererConfig } from '../renderer/vite.config'

const root = fileURLToPath(new URL('..', import.meta.url))

export default defineConfig(({ command }) => {
  const renderer = rendererConfig(command === 'build' ? 'build' : 'serve')
  return {
    main: {
      build: {
        outDir: join(root, 'out', 'main'),
        // Packages (better-sqlite3, keytar, undici, …) stay in node_modules; native ones must.
        externalizeDeps: true,
        rolldownOptions: {
          input: {
            index: join(root, 'main', 'electron', 'main.ts'),
            'api-host': join(root, 'main', 'electron', 'api-host-entry.ts'),
            // The source-reading thread starts from its own file (main/engine/run/source-worker-entry.ts).
            'source-worker': join(root, 'main', 'engine', 'run', 'source-worker.ts'),
          },
        },
      },
    },
    preload: {
      build: {
        outDir: join(root, 'out', 'preload'),
        // The sandbox's `require` knows only `electron` and a few builtins: bundle zod in.
        externalizeDeps: false,
        rolldownOptions: {
          input: { index: join(root, 'preload', 'index.ts') },
          output: { format: 'cjs', entryFileNames: '[name].cjs' },
        },
      },
    },
    renderer: {
      ...renderer,
      build: {
        ...renderer.build,
        rolldownOptions: { input: join(root, 'renderer', 'index.html') },
      },
    },
  }
})
