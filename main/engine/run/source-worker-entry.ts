import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/**
 * The file that starts the source-reading thread: the compiled one beside the bundle (the CLI's
 * out/cli/source-worker.mjs, the app's out/main/source-worker.js, next to this chunk or one folder
 * up), else the TypeScript sources through tsx (development and tests).
 */
export function sourceWorkerEntry(): URL {
  for (const name of ['./source-worker.mjs', './source-worker.js', '../source-worker.js']) {
    const url = new URL(name, import.meta.url)
    if (existsSync(fileURLToPath(url))) return url
  }
  return new URL('./source-worker-tsx.mjs', import.meta.url)
}
