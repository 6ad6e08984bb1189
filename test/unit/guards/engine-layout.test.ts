import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const ROOT = fileURLToPath(new URL('../../..', import.meta.url))
/** The connector factory: the one part of the engine that opens concrete connectors. */
const FACTORY = 'main/engine/run/connectors/'

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap(entry => {
    const path = `${dir}/${entry.name}`
    return entry.isDirectory() ? sources(path) : /\.tsx?$/.test(entry.name) ? [path] : []
  })
}

/**
 * The concrete connectors, found where they are defined (a class that implements a connector
 * interface), so a new one is covered without touching this test: their names and modules.
 */
function concreteConnectors(): { readonly names: string[]; readonly modules: string[] } {
  const names: string[] = []
  const modules: string[] = []
  for (const file of sources('main/connectors')) {
    const text = readFileSync(join(ROOT, file), 'utf8')
    for (const match of text.matchAll(/export class (\w+) implements (?:Source|Target)Connector\b/g)) {
      names.push(match[1] ?? '')
      modules.push(file.replace(/^main\//, '').replace(/\.tsx?$/, ''))
    }
  }
  return { names, modules }
}

/** Engine files (outside the factory) that name one of `names` or import one of `modules`. */
function naming(files: ReadonlyArray<string>, names: ReadonlyArray<string>, modules: ReadonlyArray<string>) {
  const name = new RegExp(`\\b(?:${names.join('|')})\\b`)
  return files.filter(file => {
    const text = readFileSync(join(ROOT, file), 'utf8')
    return name.test(text) || modules.some(module => text.includes(`/${module}'`))
  })
}

describe('the engine', () => {
  it('names concrete connectors only in the connector factory', () => {
    const { names, modules } = concreteConnectors()
    // Each kind the job schema knows has its connector (CSV, LDAP, Graph, SCIM source and target, CSV hand-off).
    expect(names).toEqual(
      expect.arrayContaining([
        'CsvSource',
        'LdapSource',
        'GraphSource',
        'ScimSource',
        'ScimTarget',
        'CsvHandoffTarget',
      ])
    )
    const engine = sources('main/engine')
    const outside = engine.filter(file => !file.startsWith(FACTORY))
    expect(naming(outside, names, modules)).toEqual([])
    // The factory is where they are named (so the check above looks for the right things).
    const factory = engine.filter(file => file.startsWith(FACTORY))
    expect(naming(factory, names, modules).length).toBeGreaterThan(0)
  })

  it('would catch an engine file that names a concrete connector', () => {
    const { names, modules } = concreteConnectors()
    const file = 'main/engine/run/run-job.ts'
    expect(naming([file], names, modules)).toEqual([])
    // The same check on a file that does name one: the factory's CSV opener.
    expect(naming(['main/engine/run/connectors/csv-source.ts'], names, modules)).toEqual([
      'main/engine/run/connectors/csv-source.ts',
    ])
  })
})

describe('the tests', () => {
  it('of a module under main/ sit in the same folder under test/unit/', () => {
    const folders = new Set(
      sources('main').map(file => file.slice('main/'.length, file.lastIndexOf('/') + 1))
    )
    const misplaced = sources('test/unit')
      .filter(file => !file.startsWith('test/unit/guards/'))
      .map(file => file.slice('test/unit/'.length, file.lastIndexOf('/') + 1))
      .filter(folder => folder !== '' && !folders.has(folder))
    expect([...new Set(misplaced)]).toEqual([])
  })
})
