import { mkdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { currentCompiledCli } from '../../../main/cli/compiled-cli.mjs'
import { makeTempDir } from '../../helpers/temp-dir'

/** A repository with one source file and a build of it that recorded the file as it is now. */
function builtRepository(): { root: string; source: string; inputs: string } {
  const root = makeTempDir()
  mkdirSync(join(root, 'main'))
  mkdirSync(join(root, 'out', 'cli'), { recursive: true })
  const source = join(root, 'main', 'a.ts')
  writeFileSync(source, 'export const a = 1\n')
  writeFileSync(join(root, 'out', 'cli', 'main.mjs'), 'export const a = 1\n')
  const { size, mtimeMs } = statSync(source)
  const inputs = join(root, 'out', 'cli', 'inputs.json')
  writeFileSync(inputs, JSON.stringify({ entry: 'main.mjs', files: { 'main/a.ts': { size, mtimeMs } } }))
  return { root, source, inputs }
}

const rootUrl = (root: string) => pathToFileURL(`${root}/`)

describe('currentCompiledCli', () => {
  it('gives the compiled entry point while every source is as the build read it', () => {
    const { root } = builtRepository()
    expect(currentCompiledCli(rootUrl(root))?.href).toBe(pathToFileURL(join(root, 'out/cli/main.mjs')).href)
  })

  it('refuses the build once a source is edited (new size)', () => {
    const { root, source } = builtRepository()
    writeFileSync(source, 'export const a = 12\n')
    expect(currentCompiledCli(rootUrl(root))).toBeNull()
  })

  it('refuses the build when a source has another modification time (same size: checkout, edit)', () => {
    const { root, source } = builtRepository()
    const later = new Date(statSync(source).mtimeMs + 5000)
    utimesSync(source, later, later)
    expect(currentCompiledCli(rootUrl(root))).toBeNull()
  })

  it('refuses the build when a source it read is gone', () => {
    const { root, source } = builtRepository()
    rmSync(source)
    expect(currentCompiledCli(rootUrl(root))).toBeNull()
  })

  it('finds no build without its list of inputs, or with an unreadable one', () => {
    const { root, inputs } = builtRepository()
    writeFileSync(inputs, '{"entry": "main.mjs", "files": ')
    expect(currentCompiledCli(rootUrl(root))).toBeNull()
    rmSync(inputs)
    expect(currentCompiledCli(rootUrl(root))).toBeNull()
  })
})
