import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import { CsvSource } from '../../../../main/connectors/csv/csv-source'
import { sourceFor, useTempDir, usersOf } from './csv-test-files'

const files = useTempDir()

describe('CsvSource basics', () => {
  it('reads rows as users with the id, every column as an attribute and the origin line', async () => {
    const file = files.write(
      'people.csv',
      'id,givenName,email\n1,Anna,anna@example.com\n2,Bob,bob@example.com\n'
    )
    const users = await usersOf(file)
    expect(users).toEqual([
      {
        id: '1',
        attributes: { id: '1', givenName: 'Anna', email: 'anna@example.com' },
        origin: 'people.csv:2',
      },
      {
        id: '2',
        attributes: { id: '2', givenName: 'Bob', email: 'bob@example.com' },
        origin: 'people.csv:3',
      },
    ])
  })

  it('describes itself by the display path and defaults that to the path', () => {
    expect(new CsvSource({ path: '/data/hr.csv', displayPath: 'hr.csv', idColumn: 'id' }).description).toBe(
      'CSV hr.csv'
    )
    const undisplayed = new CsvSource({ path: '/data/hr.csv', idColumn: 'id' })
    expect(undisplayed.description).toBe('CSV /data/hr.csv')
  })

  it('names the file by its full path in origins when no display path is given', async () => {
    const file = files.write('full-path.csv', 'id\n7\n')
    const [user] = await usersOf(file, { displayPath: undefined })
    expect(user?.origin).toBe(`${file}:2`)
  })

  it('trims header names but keeps cell values exactly as written', async () => {
    const file = files.write('spaces.csv', ' id ,  name\t,note\n 1 ,  Anna ,"  quoted  "\n')
    const source = sourceFor(file)
    expect(await source.readHeader()).toEqual(['id', 'name', 'note'])
    const [user] = await usersOf(file)
    expect(user).toEqual({
      id: ' 1 ',
      attributes: { id: ' 1 ', name: '  Anna ', note: '  quoted  ' },
      origin: 'spaces.csv:2',
    })
  })

  it('accepts a file without a final line break', async () => {
    const file = files.write('no-eol.csv', 'id,name\r\n1,Anna\r\n2,Bob')
    expect((await usersOf(file)).map(user => user.attributes['name'])).toEqual(['Anna', 'Bob'])
  })

  it('yields a header-only file as no users', async () => {
    const file = files.write('header-only.csv', 'id,name\n')
    expect(await usersOf(file)).toEqual([])
  })

  it('keeps columns named like Object members (__proto__, constructor) as ordinary attributes', async () => {
    const file = files.write('proto.csv', 'id,__proto__,constructor,toString\n1,x,y,z\n')
    const [user] = await usersOf(file)
    expect(Object.getPrototypeOf(user?.attributes)).toBe(Object.prototype)
    expect(Object.keys(user?.attributes ?? {})).toEqual(['id', '__proto__', 'constructor', 'toString'])
    expect(user?.attributes['__proto__']).toBe('x')
    expect(user?.attributes['constructor']).toBe('y')
    expect(user?.attributes['toString']).toBe('z')
  })

  it('readUserBatches: the rows of readUsers, in pieces of the file, never an empty piece', async () => {
    // Large enough to span several chunks of the file; blank and "sep=" lines yield no person.
    const rows = Array.from({ length: 30_000 }, (_, i) =>
      i % 1000 === 0 ? `\n${i},name ${i}` : `${i},name ${i}`
    )
    const file = files.write('batches.csv', `sep=,\nid,name\n${rows.join('\n')}\n`)
    const pieces: number[] = []
    const batched: unknown[] = []
    for await (const users of sourceFor(file).readUserBatches()) {
      pieces.push(users.length)
      batched.push(...users)
    }
    expect(pieces.length).toBeGreaterThan(1)
    expect(pieces.every(length => length > 0)).toBe(true)
    expect(batched).toEqual(await usersOf(file))
    expect(batched).toHaveLength(30_000)
  })

  it('readUserBatches: fails like readUsers, after the pieces before the problem', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => `${i},name ${i}`)
    rows.push('7,again', 'x,"broken')
    const file = files.write('batches-broken.csv', `id,name\n${rows.join('\n')}\n`)
    const readAll = async (): Promise<void> => {
      for await (const _ of sourceFor(file).readUserBatches()) {
        // Every piece is read.
      }
    }
    const expected = await usersOf(file).catch((error: unknown) => error)
    expect(expected).toBeInstanceOf(Error)
    await expect(readAll()).rejects.toThrow((expected as Error).message)
    expect((expected as Error).message).toContain('batches-broken.csv:20002')
  })

  it('streams: a consumer can stop early and the file is closed', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => `${i},name ${i}`).join('\n')
    const file = files.write('early-stop.csv', `id,name\n${rows}\n`)
    const openFiles = (): number => fs.readdirSync('/proc/self/fd').length
    const before = openFiles()
    const seen: string[] = []
    for await (const user of sourceFor(file).readUsers()) {
      seen.push(user.id)
      if (seen.length === 3) break
    }
    // The stream closes its descriptor asynchronously; a busy machine may take longer than a tick.
    const deadline = Date.now() + 5_000
    while (openFiles() !== before && Date.now() < deadline) {
      await new Promise(resolve => setTimeout(resolve, 20))
    }
    expect(seen).toEqual(['0', '1', '2'])
    expect(openFiles()).toBe(before)
  })
})

describe('delimiter', () => {
  it.each([
    [',', 'comma'],
    [';', 'semicolon'],
    ['\t', 'TAB'],
    ['|', 'pipe'],
  ])('detects %j (%s) from the header line', async delimiter => {
    const file = files.write(
      `delimited-${delimiter.charCodeAt(0)}.csv`,
      `id${delimiter}name${delimiter}city\n1${delimiter}Anna${delimiter}Köln\n`
    )
    const [user] = await usersOf(file)
    expect(user?.attributes).toEqual({ id: '1', name: 'Anna', city: 'Köln' })
  })

  it('counts only delimiters outside quotes in the header', async () => {
    // Three semicolons inside quoted names, two commas outside: comma wins.
    const file = files.write('quoted-header.csv', 'id,"a;b;c",d\n1,x;y,z\n')
    const [user] = await usersOf(file)
    expect(user?.attributes).toEqual({ id: '1', 'a;b;c': 'x;y', d: 'z' })
  })

  it('lets the most frequent candidate win, even when others occur', async () => {
    const file = files.write('most-frequent.csv', 'id;name, full;mail;city\n1;Smith, Anna;a@x;Graz\n')
    const [user] = await usersOf(file)
    expect(user?.attributes).toEqual({ id: '1', 'name, full': 'Smith, Anna', mail: 'a@x', city: 'Graz' })
  })

  it('uses comma for a single-column file', async () => {
    const file = files.write('single-column.csv', 'id\n1\n2\n')
    expect((await usersOf(file)).map(user => user.id)).toEqual(['1', '2'])
  })

  it('judges from the first non-blank line, not from data rows', async () => {
    const file = files.write('blank-first.csv', '\n\nid|name\n1|a;b;c;d\n')
    const [user] = await usersOf(file)
    expect(user).toEqual({ id: '1', attributes: { id: '1', name: 'a;b;c;d' }, origin: 'blank-first.csv:4' })
  })

  it('follows an explicit delimiter over detection', async () => {
    const file = files.write('explicit.csv', 'id|name;nick\n1|Anna;Annie\n')
    // A tie between ";" and "|" goes to ";".
    const [detected] = await usersOf(file, { idColumn: 'nick' })
    expect(detected?.attributes).toEqual({ 'id|name': '1|Anna', nick: 'Annie' })
    const [user] = await usersOf(file, { delimiter: '|', idColumn: 'id' })
    expect(user?.attributes).toEqual({ id: '1', 'name;nick': 'Anna;Annie' })
  })

  it('honours and skips an Excel "sep=" hint line', async () => {
    const file = files.write('sep-hint.csv', 'sep=;\r\nid;name, full\r\n1;Smith, Anna\r\n')
    const source = sourceFor(file)
    expect(await source.readHeader()).toEqual(['id', 'name, full'])
    expect(await usersOf(file)).toEqual([
      { id: '1', attributes: { id: '1', 'name, full': 'Smith, Anna' }, origin: 'sep-hint.csv:3' },
    ])
  })
})

describe('quoting and line numbers', () => {
  it('reads embedded delimiters and doubled quotes', async () => {
    const file = files.write('quotes.csv', 'id,name,title\n1,"Smith, Anna","The ""Boss"""\n2,"",plain\n')
    const users = await usersOf(file, { emptyValues: 'empty' })
    expect(users.map(user => user.attributes)).toEqual([
      { id: '1', name: 'Smith, Anna', title: 'The "Boss"' },
      { id: '2', name: '', title: 'plain' },
    ])
  })

  it('keeps line breaks inside quoted fields and numbers later records by physical line', async () => {
    const text = [
      'id,address,note', // 1
      '1,"Main St 1', // 2
      'Apt 4', // 3
      'Springfield",x', // 4
      '2,"one\r\ntwo",y', // 5-6 (a CRLF inside the quotes)
      '3,plain,"a', // 7
      '', // 8 (a blank line inside quotes is data, not a skipped line)
      'b"', // 9
      '4,last,z', // 10
    ].join('\n')
    const file = files.write('multiline.csv', text + '\n')
    const users = await usersOf(file)
    expect(users.map(user => [user.id, user.origin])).toEqual([
      ['1', 'multiline.csv:2'],
      ['2', 'multiline.csv:5'],
      ['3', 'multiline.csv:7'],
      ['4', 'multiline.csv:10'],
    ])
    expect(users[0]?.attributes['address']).toBe('Main St 1\nApt 4\nSpringfield')
    expect(users[1]?.attributes['address']).toBe('one\r\ntwo')
    expect(users[2]?.attributes['note']).toBe('a\n\nb')
  })

  it('reads CRLF files, with CRLF inside quoted fields kept as-is', async () => {
    const file = files.write(
      'crlf.csv',
      'id,note\r\n1,"line one\r\nline two"\r\n2,single\r\n3,"x\r\n\r\ny"\r\n4,end\r\n'
    )
    const users = await usersOf(file)
    expect(users.map(user => [user.id, user.origin, user.attributes['note']])).toEqual([
      ['1', 'crlf.csv:2', 'line one\r\nline two'],
      ['2', 'crlf.csv:4', 'single'],
      ['3', 'crlf.csv:5', 'x\r\n\r\ny'],
      ['4', 'crlf.csv:8', 'end'],
    ])
  })

  it('skips blank lines and rows of empty cells, counting them in line numbers', async () => {
    const text = 'id,name\r\n\r\n1,Anna\r\n   \r\n\r\n,\r\n2,Bob\n\n\n3,Cy\r\n,,\r\n'
    // Lines: 1 header, 2 blank, 3 Anna, 4 spaces, 5 blank, 6 ",", 7 Bob, 8-9 blank, 10 Cy, 11 ",,"
    const file = files.write('blank-lines.csv', text)
    const users = await usersOf(file)
    expect(users.map(user => [user.id, user.origin])).toEqual([
      ['1', 'blank-lines.csv:3'],
      ['2', 'blank-lines.csv:7'],
      ['3', 'blank-lines.csv:10'],
    ])
  })

  it('reads classic Mac (CR-only) and mixed line endings', async () => {
    const mac = files.write('mac.csv', 'id,name\r1,Anna\r2,"B\rob"\r3,Cy\r')
    expect((await usersOf(mac)).map(user => [user.id, user.origin])).toEqual([
      ['1', 'mac.csv:2'],
      ['2', 'mac.csv:3'],
      ['3', 'mac.csv:5'],
    ])
    const mixed = files.write('mixed.csv', 'id,name\r\n1,Anna\n2,Bob\r3,Cy\r\n')
    expect((await usersOf(mixed)).map(user => [user.id, user.origin])).toEqual([
      ['1', 'mixed.csv:2'],
      ['2', 'mixed.csv:3'],
      ['3', 'mixed.csv:4'],
    ])
  })
})

describe('multi-valued columns and empty values', () => {
  it('splits, trims and drops empty parts; one value stays a list of one', async () => {
    const file = files.write(
      'groups.csv',
      'id,groups,roles,title\n1,"staff; eng ;;all",admin,Dev\n2,solo, a | b ,QA\n3,,,\n4, ; ,|,\n'
    )
    const options = { multiValued: { groups: ';', roles: '|' } }
    const users = await usersOf(file, options)
    expect(users.map(user => user.attributes)).toEqual([
      { id: '1', groups: ['staff', 'eng', 'all'], roles: ['admin'], title: 'Dev' },
      { id: '2', groups: ['solo'], roles: ['a', 'b'], title: 'QA' },
      { id: '3' },
      { id: '4' },
    ])
  })

  it('splits on a multi-character separator', async () => {
    const file = files.write('separator.csv', 'id\tmails\n1\ta@x.org, b@x.org,c@x.org\n')
    const [user] = await usersOf(file, { multiValued: { mails: ', ' } })
    expect(user?.attributes['mails']).toEqual(['a@x.org', 'b@x.org,c@x.org'])
  })

  it("omits empty cells by default ('absent')", async () => {
    const file = files.write('empty-absent.csv', 'id,phone,mobile,groups\n1,,"",\n2, ,x,a\n')
    const users = await usersOf(file, { multiValued: { groups: ';' } })
    expect(users.map(user => user.attributes)).toEqual([
      { id: '1' },
      // A space is a value, not an empty cell.
      { id: '2', phone: ' ', mobile: 'x', groups: ['a'] },
    ])
  })

  it('keeps empty cells as "" (and empty lists as []) with \'empty\'', async () => {
    const file = files.write('empty-kept.csv', 'id,phone,mobile,groups\n1,,"",\n')
    const [user] = await usersOf(file, { emptyValues: 'empty', multiValued: { groups: ';' } })
    expect(user?.attributes).toEqual({ id: '1', phone: '', mobile: '', groups: [] })
  })
})

describe('readHeader', () => {
  it('returns the trimmed names and reads no further than the header', async () => {
    // A bad byte far past the header: readUsers refuses the file, readHeader never gets there.
    const rows = Array.from({ length: 5_000 }, (_, i) => `${i},name ${i}`).join('\n')
    const content = Buffer.concat([Buffer.from(`\uFEFF id , name \n${rows}\n`), Buffer.from([0xff, 0x0a])])
    const file = files.write('header-then-bad-byte.csv', content)
    expect(await sourceFor(file).readHeader()).toEqual(['id', 'name'])
    await expect(usersOf(file)).rejects.toThrow('header-then-bad-byte.csv:5002:1: invalid UTF-8')
  })
})
