import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const ROOT = fileURLToPath(new URL('../../..', import.meta.url))

/** `import … from` / `export … from` / `import '…'` / `import('…')` of a relative path, and whether it is `import type`. */
const IMPORT =
  /(?:^|\n)\s*(?:import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?'(\.[^']+)'|\bimport\('(\.[^']+)'\)/g

function resolveModule(from: string, specifier: string): string | null {
  const base = join(dirname(from), specifier)
  const found = [`${base}.ts`, `${base}.tsx`, join(base, 'index.ts')].find(candidate => existsSync(candidate))
  return found ?? null
}

/**
 * Every module `entry` loads at run time, following relative imports (type-only ones are erased
 * by the compiler and load nothing), as paths from the repository root.
 */
function loadedModules(entry: string): string[] {
  const seen = new Set<string>()
  const visit = (file: string): void => {
    if (seen.has(file)) return
    seen.add(file)
    for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      if (match[1] !== undefined) continue
      const target = resolveModule(file, match[2] ?? match[3] ?? '')
      if (target !== null) visit(target)
    }
  }
  visit(join(ROOT, entry))
  return [...seen].map(file => relative(ROOT, file)).sort()
}

const under = (modules: string[], folder: string) => modules.filter(module => module.startsWith(folder))

describe("the desktop app's main process", () => {
  it('loads no engine but the run lock’s liveness rule, no connector and no keychain: runs happen in the API host', () => {
    const main = loadedModules('main/electron/main.ts')
    // ScheduleReader asks `stillRunning` whether a run left "running" is still alive.
    expect(under(main, 'main/engine/')).toEqual(['main/engine/run/run-lock.ts'])
    expect(under(main, 'main/connectors/')).toEqual([])
    expect(main).not.toContain('main/secrets/keytar-secret-store.ts')
    expect(main).not.toContain('main/ipc/admin-api.ts')
  })

  it('would see the engine where it is loaded: the API host’s entry', () => {
    const host = loadedModules('main/electron/api-host-entry.ts')
    expect(host).toContain('main/engine/run/run-job.ts')
    expect(host).toContain('main/schedule/scheduled-run.ts')
    expect(host).toContain('main/secrets/keytar-secret-store.ts')
    expect(under(host, 'main/connectors/').length).toBeGreaterThan(0)
  })
})
