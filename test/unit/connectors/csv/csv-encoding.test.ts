import iconv from 'iconv-lite'
import { describe, expect, it } from 'vitest'
import { onlyIssue, placeOf, sourceFor, useTempDir, usersOf } from './csv-test-files'

const files = useTempDir()

const TEXT = 'id;name;city\r\n1;Müller;Köln\r\n2;Łukasz Żółć;Kraków\r\n3;😀 Emoji;東京\r\n'
const EXPECTED = [
  { id: '1', name: 'Müller', city: 'Köln' },
  { id: '2', name: 'Łukasz Żółć', city: 'Kraków' },
  { id: '3', name: '😀 Emoji', city: '東京' },
]

function utf16be(text: string): Buffer {
  return Buffer.from(text, 'utf16le').swap16()
}

const BOM_UTF8 = Buffer.from([0xef, 0xbb, 0xbf])
const BOM_UTF16LE = Buffer.from([0xff, 0xfe])
const BOM_UTF16BE = Buffer.from([0xfe, 0xff])

describe('encodings', () => {
  it.each([
    ['UTF-8 without BOM', Buffer.from(TEXT, 'utf8')],
    ['UTF-8 with BOM', Buffer.concat([BOM_UTF8, Buffer.from(TEXT, 'utf8')])],
    ['UTF-16LE with BOM', Buffer.concat([BOM_UTF16LE, Buffer.from(TEXT, 'utf16le')])],
    ['UTF-16BE with BOM', Buffer.concat([BOM_UTF16BE, utf16be(TEXT)])],
    ['UTF-16LE without BOM', Buffer.from(TEXT, 'utf16le')],
    ['UTF-16BE without BOM', utf16be(TEXT)],
  ])('auto-detects %s', async (label, bytes) => {
    const file = files.write(`auto-${label.replaceAll(' ', '-')}.csv`, bytes)
    const users = await usersOf(file)
    expect(users.map(user => user.attributes)).toEqual(EXPECTED)
    expect(users.map(user => user.origin)).toEqual(
      [2, 3, 4].map(line => `auto-${label.replaceAll(' ', '-')}.csv:${line}`)
    )
  })

  it('never lets the BOM into the first header name', async () => {
    const file = files.write('bom-header.csv', Buffer.concat([BOM_UTF8, Buffer.from('id,name\n1,x\n')]))
    expect(await sourceFor(file).readHeader()).toEqual(['id', 'name'])
    const [user] = await usersOf(file)
    expect(Object.keys(user?.attributes ?? {})).toEqual(['id', 'name'])
  })

  it('drops a doubled BOM (written twice by some tools) from the first header name', async () => {
    const file = files.write(
      'double-bom.csv',
      Buffer.concat([BOM_UTF8, BOM_UTF8, Buffer.from('id,name\n1,x\n')])
    )
    expect(await sourceFor(file).readHeader()).toEqual(['id', 'name'])
  })

  it.each([
    ['utf-16le', Buffer.from(TEXT, 'utf16le')],
    ['utf-16be', utf16be(TEXT)],
    ['utf-8', Buffer.concat([BOM_UTF8, Buffer.from(TEXT)])],
  ] as const)('decodes a configured %s file', async (encoding, bytes) => {
    const file = files.write(`configured-${encoding}.csv`, bytes)
    expect((await usersOf(file, { encoding })).map(user => user.attributes)).toEqual(EXPECTED)
  })

  it('decodes Windows-1252 (Excel "CSV" on Windows) when configured', async () => {
    const text = 'id;name;note\r\n1;Müller;Preis 5€ – „gut“\r\n2;Françoise;naïve café\r\n'
    const file = files.write('ansi.csv', iconv.encode(text, 'windows-1252'))
    expect((await usersOf(file, { encoding: 'windows-1252' })).map(user => user.attributes)).toEqual([
      { id: '1', name: 'Müller', note: 'Preis 5€ – „gut“' },
      { id: '2', name: 'Françoise', note: 'naïve café' },
    ])
  })

  it('decodes characters split across read chunks (UTF-8 and UTF-16)', async () => {
    // Multi-byte characters and surrogate pairs at every offset, over many 64 KiB chunks.
    const names = Array.from({ length: 12_000 }, (_, i) => `n${i}-€😀ü${'é'.repeat(i % 7)}`)
    const text = `id,name\n${names.map((name, i) => `${i},${name}`).join('\n')}\n`
    for (const [label, bytes] of [
      ['utf8', Buffer.from(text, 'utf8')],
      ['utf16le', Buffer.concat([BOM_UTF16LE, Buffer.from(text, 'utf16le')])],
      ['utf16be', Buffer.concat([BOM_UTF16BE, utf16be(text)])],
    ] as const) {
      expect(bytes.length).toBeGreaterThan(3 * 65_536)
      const users = await usersOf(files.write(`chunks-${label}.csv`, bytes))
      expect(users.map(user => user.attributes['name'])).toEqual(names)
    }
  })
  it('decodes a character cut by a 64 KiB read boundary at every alignment', async () => {
    // A field of 4-byte characters (surrogate pairs in UTF-16) across the first read boundary,
    // shifted by 0-3 bytes so every way of cutting a character is met.
    const emoji = '😀'.repeat(20_000)
    for (const padding of ['', 'a', 'ab', 'abc']) {
      const text = `id,name\n1,${padding}${emoji}\n2,x\n`
      for (const [label, bytes] of [
        ['utf8', Buffer.from(text, 'utf8')],
        ['utf16le', Buffer.concat([BOM_UTF16LE, Buffer.from(text, 'utf16le')])],
        ['utf16be', Buffer.concat([BOM_UTF16BE, utf16be(text)])],
      ] as const) {
        const users = await usersOf(files.write(`boundary-${label}-${padding.length}.csv`, bytes))
        expect(users.map(user => user.attributes['name'])).toEqual([padding + emoji, 'x'])
      }
    }
  })
})

describe('undecodable input', () => {
  it('refuses invalid UTF-8 at file:line:column of the first bad byte, suggesting Windows-1252', async () => {
    const file = files.write(
      'latin.csv',
      iconv.encode('id,name\r\n1,Anna\r\n2,Jürgen\r\n3,Zoë\r\n', 'windows-1252')
    )
    const issue = await onlyIssue(file)
    expect(placeOf(issue)).toBe('latin.csv:3:4')
    expect(issue.message).toContain('byte 0xFC')
    expect(issue.message).toContain('"ü"')
    expect(issue.message).toContain('"encoding": "windows-1252"')
  })

  it('counts columns in characters and lines across quoted line breaks and read chunks', async () => {
    const filler = Array.from({ length: 3_000 }, (_, i) => `${i},"two\r\nlines €€€",x`).join('\r\n')
    const prefix = Buffer.from(`id,note,tag\r\n${filler}\r\n9999,€😀a`, 'utf8')
    expect(prefix.length).toBeGreaterThan(65_536)
    const file = files.write('late-bad-byte.csv', Buffer.concat([prefix, Buffer.from([0xe9, 0x0d, 0x0a])]))
    // 1 header line + 3000 records of 2 lines each, then "9999,€😀a" = 8 characters before the bad byte.
    const issue = await onlyIssue(file)
    expect(placeOf(issue)).toBe('late-bad-byte.csv:6002:9')
    expect(issue.message).toContain('0xE9')
  })

  it.each([
    ['overlong encoding', [0xc0, 0xaf]],
    ['UTF-16 surrogate encoded in UTF-8', [0xed, 0xa0, 0x80]],
    ['code point above U+10FFFF', [0xf4, 0x90, 0x80, 0x80]],
    ['lone continuation byte', [0x80]],
  ])('refuses a %s instead of producing U+FFFD', async (label, bad) => {
    const file = files.write(
      `bad-${label.replaceAll(' ', '-')}.csv`,
      Buffer.concat([Buffer.from('id,name\n1,ab'), Buffer.from(bad), Buffer.from('\n')])
    )
    const issue = await onlyIssue(file)
    expect(placeOf(issue)).toBe(`bad-${label.replaceAll(' ', '-')}.csv:2:5`)
    expect(issue.message).toMatch(/^invalid UTF-8/)
  })

  it('reports a character cut off by the end of the file', async () => {
    const file = files.write(
      'truncated.csv',
      Buffer.concat([Buffer.from('id,name\n1,ab'), Buffer.from([0xe2, 0x82])])
    )
    const issue = await onlyIssue(file)
    expect(placeOf(issue)).toBe('truncated.csv:2:5')
    expect(issue.message).toContain('ends in the middle of a character')
    expect(issue.message).not.toContain('windows-1252')
  })

  it('does not suggest Windows-1252 for a file marked UTF-8 by its BOM', async () => {
    const file = files.write(
      'mixed-encoding.csv',
      Buffer.concat([BOM_UTF8, Buffer.from('id,name\n1,J'), Buffer.from([0xfc]), Buffer.from('rgen\n')])
    )
    const issue = await onlyIssue(file)
    expect(placeOf(issue)).toBe('mixed-encoding.csv:2:4')
    expect(issue.message).toContain('mixes encodings')
    expect(issue.message).not.toContain('"encoding": "windows-1252"')
  })

  it('refuses bytes that are undefined in Windows-1252', async () => {
    const file = files.write(
      'cp1252-undefined.csv',
      Buffer.concat([Buffer.from('id,name\n1,a\n2,b'), Buffer.from([0x81]), Buffer.from('\n')])
    )
    const issue = await onlyIssue(file, { encoding: 'windows-1252' })
    expect(placeOf(issue)).toBe('cp1252-undefined.csv:3:4')
    expect(issue.message).toContain('0x81')
  })

  it('refuses an unpaired UTF-16 surrogate and an odd trailing byte', async () => {
    const lone = Buffer.concat([
      BOM_UTF16LE,
      Buffer.from('id,name\n1,ab', 'utf16le'),
      Buffer.from([0x3d, 0xd8]),
      Buffer.from('c\n', 'utf16le'),
    ])
    const issue = await onlyIssue(files.write('lone-surrogate.csv', lone))
    expect(placeOf(issue)).toBe('lone-surrogate.csv:2:5')
    expect(issue.message).toContain('unpaired surrogate')

    const odd = Buffer.concat([BOM_UTF16BE, utf16be('id,name\n1,ab'), Buffer.from([0x00])])
    const oddIssue = await onlyIssue(files.write('odd-utf16.csv', odd))
    expect(placeOf(oddIssue)).toBe('odd-utf16.csv:2:5')
    expect(oddIssue.message).toContain('odd number of bytes')
  })

  it('refuses NUL characters, e.g. UTF-16 read with "encoding": "utf-8"', async () => {
    const file = files.write('utf16-as-utf8.csv', Buffer.from('id,name\n1,a\n', 'utf16le'))
    const issue = await onlyIssue(file, { encoding: 'utf-8' })
    expect(placeOf(issue)).toBe('utf16-as-utf8.csv:1:2')
    expect(issue.message).toContain('utf-16le')
  })

  it.each([
    ['utf-8', BOM_UTF16LE, 'UTF-16LE'],
    ['windows-1252', BOM_UTF8, 'UTF-8'],
    ['utf-16le', BOM_UTF16BE, 'UTF-16BE'],
  ] as const)('refuses a configured %s file whose BOM says otherwise', async (encoding, bom, named) => {
    const file = files.write(`bom-mismatch-${encoding}.csv`, Buffer.concat([bom, Buffer.from('id\n1\n')]))
    const issue = await onlyIssue(file, { encoding })
    expect(placeOf(issue)).toBe(`bom-mismatch-${encoding}.csv`)
    expect(issue.message).toContain(`${named} byte order mark`)
  })

  it('refuses a UTF-8 file configured as Windows-1252 instead of producing mojibake', async () => {
    const file = files.write('utf8-as-ansi.csv', 'id,name\n1,Jürgen\n')
    const issue = await onlyIssue(file, { encoding: 'windows-1252' })
    expect(placeOf(issue)).toBe('utf8-as-ansi.csv')
    expect(issue.message).toContain('"ü" would be read as "Ã¼"')
    expect(issue.message).toContain('"encoding": "utf-8"')
  })

  it('recognises Excel workbooks saved with a .csv name', async () => {
    const xlsx = files.write(
      'workbook.csv',
      Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(100, 7)])
    )
    expect((await onlyIssue(xlsx)).message).toContain('Excel .xlsx')
    const xls = files.write('legacy.csv', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]))
    expect((await onlyIssue(xls)).message).toContain('legacy Excel .xls')
  })
})
