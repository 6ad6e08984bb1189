import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const ROOT = fileURLToPath(new URL('../../..', import.meta.url))
const ENGINE = join(ROOT, 'main/engine')
/** The connector factory: the one engine file that opens concrete connectors. */
const FACTORY = 'main/engine/run/connectors.ts'
/** Names of the concrete connectors and the modules that define them. */
const CONCRETE =
  /\b(CsvSource|ScimTarget|ScimHttp|openCsvSource|createScimTarget|probeScimTarget)\b|connectors\/(csv\/|scim\/(scim-target|scim-http|probe\/))/

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const path = join(dir, entry.name)
    return entry.isDirectory() ? sources(path) : entry.name.endsWith('.ts') ? [path] : []
  })
}

describe('the engine', () => {
  it('names concrete connectors only in the connector factory', () => {
    const files = sources(ENGINE).map(file => relative(ROOT, file))
    expect(files).toContain(FACTORY)
    const naming = files.filter(
      file => file !== FACTORY && CONCRETE.test(readFileSync(join(ROOT, file), 'utf8'))
    )
    expect(naming).toEqual([])
    expect(CONCRETE.test(readFileSync(join(ROOT, FACTORY), 'utf8'))).toBe(true)
  })
})
