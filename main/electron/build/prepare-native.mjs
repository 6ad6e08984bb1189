#!/usr/bin/env node
/**
 * Builds better-sqlite3 for the installed Electron into out/native/better-sqlite3/.
 *
 * node_modules/better-sqlite3 stays built for Node: the CLI and the tests load it, and
 * rebuilding it in place for Electron (what `electron-builder install-app-deps` does) would
 * break them. The app opens its database with `nativeBinding` pointing at this copy instead
 * (main/electron/native-binding.ts; electron-builder.yml ships it as a resource).
 *
 * Tries a prebuilt binary first (prebuild-install), then compiles (node-gyp against Electron's
 * headers). Skips all work when the copy already matches Electron, better-sqlite3, platform
 * and architecture.
 *
 * Usage: node main/electron/build/prepare-native.mjs [--force]
 */
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../../../', import.meta.url))
const require = createRequire(join(root, 'package.json'))

const electronVersion = readJson(require.resolve('electron/package.json')).version
const sourceDir = dirname(require.resolve('better-sqlite3/package.json'))
const sqliteVersion = readJson(join(sourceDir, 'package.json')).version
const targetDir = join(root, 'out', 'native', 'better-sqlite3')
const binary = join(targetDir, 'build', 'Release', 'better_sqlite3.node')
const stampFile = join(targetDir, 'provisioner-native.json')
const stamp = {
  electron: electronVersion,
  betterSqlite3: sqliteVersion,
  platform: process.platform,
  arch: process.arch,
}

if (!process.argv.includes('--force') && isUpToDate()) {
  log(`better-sqlite3 ${sqliteVersion} for Electron ${electronVersion} is ready (${relative(root, binary)})`)
  process.exit(0)
}

log(
  `building better-sqlite3 ${sqliteVersion} for Electron ${electronVersion} (${process.platform}-${process.arch})`
)
rmSync(targetDir, { recursive: true, force: true })
// The copy leaves out the Node build, so a failed rebuild can never be mistaken for success.
cpSync(sourceDir, targetDir, {
  recursive: true,
  filter: source => {
    const inside = relative(sourceDir, source)
    return inside !== 'build' && !inside.startsWith(`build${sep}`)
  },
})

const built =
  run('prebuilt binary', require.resolve('prebuild-install/bin.js'), [
    '--runtime',
    'electron',
    '--target',
    electronVersion,
    '--arch',
    process.arch,
    '--platform',
    process.platform,
  ]) ||
  run('compile from source', require.resolve('node-gyp/bin/node-gyp.js'), [
    'rebuild',
    '--release',
    '--runtime=electron',
    `--target=${electronVersion}`,
    `--arch=${process.arch}`,
    '--dist-url=https://electronjs.org/headers',
  ])

if (!built || !existsSync(binary)) {
  fail(
    'could not get better-sqlite3 for Electron. A prebuilt binary needs access to github.com; ' +
      'compiling needs Python, a C++ toolchain and access to electronjs.org/headers.'
  )
}
writeFileSync(stampFile, `${JSON.stringify(stamp, null, 2)}\n`)
log(`ready: ${relative(root, binary)}`)

function isUpToDate() {
  if (!existsSync(binary) || !existsSync(stampFile)) return false
  try {
    const previous = readJson(stampFile)
    return Object.entries(stamp).every(([key, value]) => previous[key] === value)
  } catch {
    return false
  }
}

/** Runs a Node CLI in the copy; true when it exits 0. */
function run(label, script, args) {
  log(`${label}: ${relative(root, script)} ${args.join(' ')}`)
  const result = spawnSync(process.execPath, [script, ...args], {
    cwd: targetDir,
    stdio: 'inherit',
    env: { ...process.env, npm_config_runtime: 'electron', npm_config_target: electronVersion },
  })
  if (result.status !== 0) {
    log(`${label} failed${result.error ? `: ${result.error.message}` : ''}`)
    return false
  }
  return true
}

function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'))
}

function log(message) {
  process.stderr.write(`prepare-native: ${message}\n`)
}

function fail(message) {
  log(message)
  process.exit(1)
}
