/**
 * The `provisioner` command runs compiled JavaScript (out/cli, built by `npm install`'s prepare
 * step) while it matches the sources, and the TypeScript sources otherwise: never old code.
 */
import { execFileSync } from 'node:child_process'
import { cpSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { currentCompiledCli } from '../../main/cli/compiled-cli.mjs'
import { REPO_ROOT } from '../helpers/cli-harness'
import { makeTempDir } from '../helpers/temp-dir'

/** The packages a command loaded (CommonJS packages all pass through Node's require cache). */
function packagesLoadedBy(args: ReadonlyArray<string>, cwd: string, home: string): string[] {
  const entry = currentCompiledCli()
  if (entry === null) throw new Error('no current compiled CLI')
  const script = `
    import { createRequire } from 'node:module'
    const { main } = await import(${JSON.stringify(entry.href)})
    const io = { stdout: process.stderr, stderr: process.stderr, stdin: process.stdin, env: process.env, cwd: process.cwd() }
    const code = await main(${JSON.stringify(args)}, io)
    const loaded = Object.keys(createRequire(import.meta.url).cache)
    console.log(JSON.stringify({ code, loaded }))`
  const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd,
    env: { ...process.env, PROVISIONER_HOME: home },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const { code, loaded } = JSON.parse(output) as { code: number; loaded: string[] }
  expect(code).toBe(0)
  return [...new Set(loaded.map(file => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1] ?? file))]
}

/** A copy of the repository's sources that uses the shared node_modules. */
function copyOfRepository(): string {
  const root = makeTempDir()
  cpSync(join(REPO_ROOT, 'main'), join(root, 'main'), { recursive: true })
  for (const file of ['package.json', 'tsconfig.json']) cpSync(join(REPO_ROOT, file), join(root, file))
  symlinkSync(realpathSync(join(REPO_ROOT, 'node_modules')), join(root, 'node_modules'))
  return root
}

const run = (root: string, ...args: string[]) =>
  execFileSync(process.execPath, [join(root, 'main/cli/bin.mjs'), ...args], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  })

describe('the compiled CLI', () => {
  it('is what the tests run: built from the current sources before they start', () => {
    expect(currentCompiledCli()).not.toBeNull()
  })

  it('loads neither SQLite nor the HTTP or LDAP clients for eval; status does open SQLite', () => {
    const dir = makeTempDir()
    const evalPackages = packagesLoadedBy(['eval', '[a]', '--source', '{"a":"x"}'], dir, dir)
    expect(
      evalPackages.filter(name => ['better-sqlite3', 'undici', 'ldapts', 'keytar'].includes(name))
    ).toEqual([])
    writeFileSync(
      join(dir, 'job.json'),
      JSON.stringify({
        name: 'Start-up',
        source: { type: 'csv', path: 'people.csv', idColumn: 'id' },
        target: { type: 'scim', baseUrl: 'https://app.example.com/scim/v2', auth: { type: 'none' } },
        users: { mappings: [{ target: 'userName', expression: '[mail]', matchingPrecedence: 1 }] },
      })
    )
    expect(packagesLoadedBy(['status', '--job', 'job.json'], dir, dir)).toContain('better-sqlite3')
  })

  it('runs the sources instead once one is edited, and the compiled code again after a rebuild', () => {
    const root = copyOfRepository()
    execFileSync(process.execPath, [join(root, 'main/cli/build-cli.mjs')], { cwd: root })
    const rootUrl = pathToFileURL(`${root}/`)
    expect(currentCompiledCli(rootUrl)).not.toBeNull()
    expect(run(root, '--help')).toContain('Usage: provisioner <command> [options]')

    const main = join(root, 'main/cli/main.ts')
    writeFileSync(
      main,
      readFileSync(main, 'utf8').replace('Usage: provisioner', 'Usage (edited): provisioner')
    )
    expect(currentCompiledCli(rootUrl)).toBeNull()
    expect(run(root, '--help')).toContain('Usage (edited): provisioner')

    execFileSync(process.execPath, [join(root, 'main/cli/build-cli.mjs')], { cwd: root })
    expect(currentCompiledCli(rootUrl)).not.toBeNull()
    expect(run(root, '--help')).toContain('Usage (edited): provisioner')
  })
})
