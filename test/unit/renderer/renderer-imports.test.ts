import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const ROOT = fileURLToPath(new URL('../../..', import.meta.url))
const RENDERER = join(ROOT, 'renderer')
/** The one file of main/ the renderer may import: the API contract (types and zod schemas). */
const CONTRACT = 'main/ipc/api/contract'
const IMPORT = /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)/g

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sources(path)
    return /\.tsx?$/.test(entry.name) && entry.name !== 'vite.config.ts' ? [path] : []
  })
}

/** Every import of the renderer's code, as `file: specifier`, with relative ones resolved from the project root. */
function imports(): string[] {
  return sources(RENDERER).flatMap(file =>
    [...readFileSync(file, 'utf8').matchAll(IMPORT)].map(match => {
      const specifier = match[1] ?? match[2] ?? ''
      const target = specifier.startsWith('.') ? relative(ROOT, resolve(dirname(file), specifier)) : specifier
      return `${relative(ROOT, file)}: ${target}`
    })
  )
}

describe('the renderer', () => {
  it('imports nothing of main but the API contract, and no Node or Electron module', () => {
    const all = imports()
    expect(all.length).toBeGreaterThan(50)
    const forbidden = all.filter(line => {
      const target = line.slice(line.indexOf(': ') + 2)
      if (target.startsWith('main/')) return target !== CONTRACT
      return target === 'electron' || target.startsWith('node:') || target.startsWith('..')
    })
    expect(forbidden).toEqual([])
    expect(all.some(line => line.endsWith(`: ${CONTRACT}`))).toBe(true)
  })
})
