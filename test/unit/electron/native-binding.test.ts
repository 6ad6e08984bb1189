import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { betterSqliteBinding } from '../../../main/electron/native-binding'
import { makeTempDir } from '../../helpers/temp-dir'

function place(root: string, ...segments: string[]): string {
  const file = join(root, ...segments)
  mkdirSync(join(file, '..'), { recursive: true })
  writeFileSync(file, '')
  return file
}

describe('betterSqliteBinding', () => {
  it('uses the copy prepare-native.mjs builds under out/native in development', () => {
    const root = makeTempDir()
    const file = place(root, 'out', 'native', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node')
    expect(betterSqliteBinding({ isPackaged: false, appPath: root, resourcesPath: '/unused' })).toBe(file)
  })

  it('uses the resource electron-builder ships in a packaged app', () => {
    const resources = makeTempDir()
    const file = place(resources, 'native', 'better_sqlite3.node')
    expect(betterSqliteBinding({ isPackaged: true, appPath: '/unused', resourcesPath: resources })).toBe(file)
  })

  it('says how to build it when it is missing', () => {
    expect(() =>
      betterSqliteBinding({ isPackaged: false, appPath: makeTempDir(), resourcesPath: '' })
    ).toThrow(/prepare-native\.mjs/)
  })

  it('matches the paths in prepare-native.mjs and electron-builder.yml', () => {
    const script = readText('../../../main/electron/build/prepare-native.mjs')
    expect(script).toContain("join(root, 'out', 'native', 'better-sqlite3')")
    expect(script).toContain("join(targetDir, 'build', 'Release', 'better_sqlite3.node')")
    const builder = readText('../../../electron-builder.yml')
    expect(builder).toContain('from: out/native/better-sqlite3/build/Release/better_sqlite3.node')
    expect(builder).toContain('to: native/better_sqlite3.node')
  })
})

function readText(relative: string): string {
  return readFileSync(new URL(relative, import.meta.url), 'utf8')
}
