import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { afterEach, describe, expect, it } from 'vitest'
import { JsonList, writeJson, writePrivateJsonFile } from '../../../main/cli/json-output'

const ESC = '\u001b'
/** Every control character a terminal could act on, C0 (but the line feed), DEL and C1. */
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/
const POSIX = process.platform !== 'win32'

/** What `writeJson` wrote, chunk by chunk, as the stream received them. */
function chunksOf(value: unknown): Buffer[] {
  const chunks: Buffer[] = []
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk)
      done()
    },
  })
  writeJson(stream, value)
  return chunks
}

function written(value: unknown): string {
  return Buffer.concat(chunksOf(value)).toString('utf8')
}

const operation = (index: number, display = `Zoë Ñúñez 日本 😀\u00a0${index}`) => ({
  objectType: 'user',
  action: index % 2 === 0 ? 'create' : 'update',
  display,
  changes: [{ path: 'title', from: null, to: `Title ${index}` }],
  skipped: undefined,
  when: new Date(Date.UTC(2026, 0, 1, 0, 0, index % 60)),
})

describe('JSON output', () => {
  it('indents the top-level members and writes each entry of a top-level list on one line', () => {
    const value = {
      runId: 'r1',
      summary: { users: { create: 1 } },
      operations: [operation(0, 'Ada'), null, 'text', [1, [2]], () => 1, undefined],
      empty: [],
      nothing: undefined,
      fn: () => 1,
      date: new Date(0),
      [Symbol('s')]: 1,
    }

    expect(written(value)).toBe(
      [
        '{',
        '  "runId": "r1",',
        '  "summary": {',
        '    "users": {',
        '      "create": 1',
        '    }',
        '  },',
        '  "operations": [',
        '    {"objectType":"user","action":"create","display":"Ada","changes":[{"path":"title","from":null,"to":"Title 0"}],"when":"2026-01-01T00:00:00.000Z"},',
        '    null,',
        '    "text",',
        '    [1,[2]],',
        '    null,',
        '    null',
        '  ],',
        '  "empty": [],',
        '  "date": "1970-01-01T00:00:00.000Z"',
        '}',
        '',
      ].join('\n')
    )
    expect(written([{ a: [1] }, 2])).toBe('[\n  {"a":[1]},\n  2\n]\n')
  })

  it('parses to what JSON.stringify gives, whatever the value', () => {
    const values: unknown[] = [
      {},
      [],
      [1, { a: [2] }],
      'plain',
      42,
      null,
      { toJSON: () => ({ replaced: [1, 2] }) },
      { list: Object.assign([1, 2], { toJSON: () => 'whole' }) },
      { nested: { list: [1, 2], deeper: { text: 'a\nb' } }, top: [{ x: { y: [1] } }] },
    ]
    for (const value of values) {
      expect(JSON.parse(written(value))).toEqual(JSON.parse(JSON.stringify(value)))
    }
    expect(written(undefined)).toBe('\n')
  })

  it('writes a JsonList as the array it stands for, making its entries only then', () => {
    let made = 0
    const list = new JsonList(function* () {
      for (let index = 0; index < 3; index++) {
        made++
        yield operation(index)
      }
    })
    const value = { runId: 'r1', operations: list, warnings: [] }
    const asArray = { ...value, operations: [0, 1, 2].map(index => operation(index)) }
    expect(made).toBe(0)

    expect(written(value)).toBe(written(asArray))
    expect(made).toBe(3)
    expect(JSON.stringify(value)).toBe(JSON.stringify(asArray))
    expect(written(list)).toBe(written(asArray.operations))
    expect(written({ empty: new JsonList(() => []) })).toBe('{\n  "empty": []\n}\n')
  })

  it('escapes control characters anywhere and still parses to the exact values', () => {
    const value = {
      detail: `${ESC}[2J\u009b31m\u0085\u007f\r\n`,
      operations: [
        operation(0),
        {
          display: `Eve\u007f\u009b2J ${ESC}]0;title\u0007`,
          changes: [{ path: 'title', from: 'a\u0080', to: `Boss\u009b31m\u007f\u009f\u00a0` }],
        },
      ],
    }

    const text = written(value)

    expect(text).not.toMatch(RAW_CONTROL)
    expect(text).toContain('"display":"Eve\\u007f\\u009b2J \\u001b]0;title\\u0007"')
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)))
    // Each alone (the first and last C1, DEL), beside U+00A0 and U+00BF (the same first UTF-8 byte).
    for (const control of ['\u0080', '\u009f', '\u007f']) {
      const alone = { operations: [{ display: `\u00a0${control}\u00bf` }] }
      expect(written(alone)).not.toMatch(RAW_CONTROL)
      expect(JSON.parse(written(alone))).toEqual(alone)
    }
  })

  it('writes a large document in chunks of whole characters, escaping only the chunks that need it', () => {
    const operations = Array.from({ length: 30_000 }, (_, index) => operation(index))
    // A control in the middle of the document, and an entry longer than a whole chunk.
    operations[17_000] = operation(17_000, `Mallory\u009b2J\u007f`)
    operations[25_000] = operation(25_000, `${'日本'.repeat(200_000)}\u009b`)
    const value = { runId: 'r1', operations, warnings: [] }

    const chunks = chunksOf(value)
    const text = Buffer.concat(chunks).toString('utf8')

    expect(chunks.length).toBeGreaterThan(3)
    for (const chunk of chunks) {
      // Each chunk decodes alone: no character is cut between two chunks.
      expect(Buffer.from(chunk.toString('utf8'), 'utf8').equals(chunk)).toBe(true)
      expect(chunk.toString('utf8')).not.toMatch(RAW_CONTROL)
    }
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)))
    const lines = text.split('\n')
    expect(lines).toHaveLength(operations.length + 7)
    expect(lines[3 + 17_000]).toContain('"display":"Mallory\\u009b2J\\u007f"')
    // Text without DEL or C1 is left as it is (U+00A0 shares its first UTF-8 byte with C1).
    expect(lines[3]).toBe(`    ${JSON.stringify(JSON.parse(JSON.stringify(operations[0])))},`)
  })
})

describe('saved JSON files', () => {
  let dir = ''
  afterEach(() => {
    if (dir !== '') rmSync(dir, { recursive: true, force: true })
  })

  it('holds what writeJson prints, readable by its owner only, even over a file that was not', () => {
    dir = mkdtempSync(join(tmpdir(), 'json-output-'))
    const path = join(dir, 'plan.json')
    writeFileSync(path, 'old and longer than the new text '.repeat(100_000))
    if (POSIX) chmodSync(path, 0o644)
    const value = { runId: 'r1', operations: Array.from({ length: 20_000 }, (_, index) => operation(index)) }

    writePrivateJsonFile(path, value)

    expect(readFileSync(path, 'utf8')).toBe(written(value))
    if (POSIX) expect(statSync(path).mode & 0o777).toBe(0o600)
  })

  it('fails with the cause when the file cannot be written', () => {
    dir = mkdtempSync(join(tmpdir(), 'json-output-'))
    expect(() => writePrivateJsonFile(join(dir, 'missing', 'plan.json'), { a: 1 })).toThrow(/ENOENT/)
  })

  it('leaves no half-written file when a value cannot be written as JSON', () => {
    dir = mkdtempSync(join(tmpdir(), 'json-output-'))
    const path = join(dir, 'plan.json')
    const operations = Array.from({ length: 20_000 }, (_, index) => operation(index))
    const value = { runId: 'r1', operations: [...operations, { size: 1n }] }

    expect(() => writePrivateJsonFile(path, value)).toThrow(/BigInt/)
    expect(existsSync(path)).toBe(false)
  })

  it('keeps the plan saved there before, whole, when a new one cannot be written', () => {
    dir = mkdtempSync(join(tmpdir(), 'json-output-'))
    const path = join(dir, 'plan.json')
    writeFileSync(path, '{"previous":"plan"}\n')
    const operations = Array.from({ length: 20_000 }, (_, index) => operation(index))

    expect(() =>
      writePrivateJsonFile(path, { runId: 'r1', operations: [...operations, { size: 1n }] })
    ).toThrow(/BigInt/)
    expect(readFileSync(path, 'utf8')).toBe('{"previous":"plan"}\n')
    expect(readdirSync(dir)).toEqual(['plan.json'])
  })

  // `--out /dev/stdout` is a link, `--out /dev/null` a device: removing what the path named before
  // would delete them (as root, for everyone). Only a file this write created is removed.
  it('never removes what the path named before when a value cannot be written: a link stays, its file emptied', () => {
    if (!POSIX) return
    dir = mkdtempSync(join(tmpdir(), 'json-output-'))
    const file = join(dir, 'previous.json')
    const link = join(dir, 'plan.json')
    writeFileSync(file, '{"previous":"plan"}\n')
    symlinkSync(file, link)
    const operations = Array.from({ length: 20_000 }, (_, index) => operation(index))

    expect(() =>
      writePrivateJsonFile(link, { runId: 'r1', operations: [...operations, { size: 1n }] })
    ).toThrow(/BigInt/)
    expect(lstatSync(link).isSymbolicLink()).toBe(true)
    // No half-written plan is left where the plan was to go.
    expect(readFileSync(file, 'utf8')).toBe('')
  })
})
