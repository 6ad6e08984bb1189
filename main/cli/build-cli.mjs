/**
 * Compiles the CLI to JavaScript in `out/cli/` (`npm run prepare`, run by `npm install`/`npm ci`;
 * offline: esbuild is a local binary). One ES module per command, loaded on demand, so
 * `provisioner eval` or `--help` loads only what it uses. Packages stay in node_modules (native
 * addons such as better-sqlite3 and keytar cannot be bundled, and pino's log files need its own
 * layout), only the repository's TypeScript is compiled.
 *
 * The build is written to a fresh folder and swapped in whole, so a `provisioner` started while
 * it runs sees the old build, no build (it then runs the sources), or the new one, never a mix.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { INPUTS_FILE_NAME, REPO_ROOT } from './compiled-cli.mjs'

const root = fileURLToPath(REPO_ROOT)
const target = `${root}out/cli`

/**
 * Pure-JavaScript packages compiled in: a command that validates a job or writes the application
 * log would otherwise spend most of its start resolving and reading their hundreds of files
 * (zod, and date-fns under pino-roll).
 */
const BUNDLED_PACKAGES = new Set(['zod', 'jsonc-parser', 'pino-roll'])

/** Every other package is loaded from node_modules at run time. */
function externalPackages() {
  const { dependencies, devDependencies } = JSON.parse(readFileSync(`${root}package.json`, 'utf8'))
  return Object.keys({ ...dependencies, ...devDependencies }).filter(name => !BUNDLED_PACKAGES.has(name))
}

/** Builds `out/cli/`; returns false (and says why) when esbuild is not installed. */
export async function buildCli({ quiet = false } = {}) {
  let esbuild
  try {
    esbuild = await import('esbuild')
  } catch {
    // `npm install --omit=dev`: the command still works, from the TypeScript sources.
    if (!quiet) console.warn('provisioner: esbuild is not installed; the CLI will run from its sources')
    return false
  }
  const staging = `${target}.${process.pid}.tmp`
  rmSync(staging, { recursive: true, force: true })
  const result = await esbuild.build({
    absWorkingDir: root,
    // The source-reading thread is started from its own file beside the chunks (source-worker-entry.ts).
    entryPoints: { main: 'main/cli/main.ts', 'source-worker': 'main/engine/run/source-worker.ts' },
    outdir: staging,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20.19',
    external: externalPackages(),
    // ES module builds first: jsonc-parser's CommonJS build is UMD, which a bundler cannot follow.
    mainFields: ['module', 'main'],
    // Bundled CommonJS calls require(); an ES module has none of its own.
    banner: {
      js: "import { createRequire as __cliRequire } from 'node:module'; const require = __cliRequire(import.meta.url);",
    },
    sourcemap: 'linked',
    metafile: true,
    logLevel: quiet ? 'error' : 'warning',
  })
  const files = {}
  for (const path of Object.keys(result.metafile.inputs)) {
    const { size, mtimeMs } = statSync(`${root}${path}`)
    files[path] = { size, mtimeMs }
  }
  writeFileSync(`${staging}/${INPUTS_FILE_NAME}`, `${JSON.stringify({ entry: 'main.mjs', files })}\n`)
  swapIn(staging)
  return true
}

function swapIn(staging) {
  mkdirSync(`${target}/..`, { recursive: true })
  const old = `${target}.${process.pid}.old`
  try {
    renameSync(target, old)
  } catch (error) {
    if (error.code !== 'ENOENT') throw error
  }
  try {
    renameSync(staging, target)
  } catch (error) {
    // Another build (a parallel test run) swapped its own in meanwhile: it is as new as this one.
    if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error
    rmSync(staging, { recursive: true, force: true })
  }
  rmSync(old, { recursive: true, force: true })
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildCli()
}
