import fs from 'node:fs'
import { once } from 'node:events'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { CsvSource } from '../../../../main/connectors/csv/csv-source'
import { issuesOf, onlyIssue, placeOf, refusalOf, sourceFor, usersOf, useTempDir } from './csv-test-files'

const files = useTempDir()

describe('row refusals', () => {
  it('refuses ragged rows, saying how many fields were expected and found', async () => {
    const file = files.write('ragged.csv', 'id,name,mail\r\n1,Anna\r\n2,Bob,b@x,extra,more\r\n3,Cy,c@x\r\n')
    const issues = await refusalOf(file)
    expect(issues.map(placeOf)).toEqual(['ragged.csv:2:3', 'ragged.csv:3:4'])
    expect(issues[0]?.message).toBe('expected 3 fields (as in the header) but found 2')
    expect(issues[1]?.message).toBe('expected 3 fields (as in the header) but found 5')
  })

  it('refuses an empty or blank id at the id column', async () => {
    const file = files.write('empty-id.csv', 'name,id\nAnna,1\nBob,\nCy,"  "\n')
    const issues = await refusalOf(file)
    expect(issues.map(placeOf)).toEqual(['empty-id.csv:3:2', 'empty-id.csv:4:2'])
    expect(issues[0]?.message).toContain('empty id')
  })

  it('refuses a duplicate id at the later line, naming the earlier one', async () => {
    const file = files.write('duplicate-id.csv', 'id,name\n1,"Anna\nA."\n2,Bob\n1,Anna again\n')
    const issue = await onlyIssue(file)
    expect(placeOf(issue)).toBe('duplicate-id.csv:5:1')
    expect(issue.message).toBe('duplicate id "1" (first on line 2)')
  })

  it('collects problems from the whole file into one error, in file order', async () => {
    const file = files.write('several.csv', 'id,name\n1,a\n,b\n3\n1,c\n')
    const issues = await refusalOf(file)
    expect(issues.map(placeOf)).toEqual(['several.csv:3:1', 'several.csv:4:2', 'several.csv:5:1'])
  })

  it('stops at 50 issues', async () => {
    const rows = Array.from({ length: 200 }, (_, i) => `${i}`).join('\n')
    const file = files.write('many-problems.csv', `id,name\n${rows}\n`)
    const issues = await refusalOf(file)
    expect(issues).toHaveLength(50)
    expect(placeOf(issues[49])).toBe('many-problems.csv:51:2')
  })

  it('may yield rows before a problem but always throws before finishing', async () => {
    const file = files.write('late-problem.csv', 'id\n1\n2\n2\n3\n')
    const seen: string[] = []
    const issues = await issuesOf(async () => {
      for await (const user of sourceFor(file).readUsers()) seen.push(user.id)
    })
    expect(issues.map(placeOf)).toEqual(['late-problem.csv:4:1'])
    // Nothing after the problem is yielded: the source is refused anyway.
    expect(seen).toEqual(['1', '2'])
  })
})

describe('quote refusals', () => {
  it('reports an unterminated quote at the line where the quoted field started', async () => {
    const text = 'id,name,note\r\n1,a,"fine\r\nmulti-line"\r\n2,b,"never closed\r\n3,c,d\r\n4,e,f\r\n'
    const issue = await onlyIssue(files.write('unterminated.csv', text))
    expect(placeOf(issue)).toBe('unterminated.csv:4:3')
    expect(issue.message).toContain('unterminated quoted field')
  })

  it('locates an unterminated quote that opens in a later field of a multi-line record', async () => {
    const text = 'id,address,note\n1,"Main St\nSpringfield","open\nx\n2,y,z\n'
    const issue = await onlyIssue(files.write('unterminated-later-field.csv', text))
    expect(placeOf(issue)).toBe('unterminated-later-field.csv:3:3')
  })

  it('stops an unterminated quote after 1 MiB instead of swallowing the whole file', async () => {
    const rows = Array.from({ length: 80_000 }, (_, i) => `${i + 2},name ${i},x`).join('\n')
    const text = `id,name,note\n1,"runaway,x\n${rows}\n`
    expect(text.length).toBeGreaterThan(1 << 20)
    const issue = await onlyIssue(files.write('runaway-quote.csv', text))
    expect(placeOf(issue)).toBe('runaway-quote.csv:2:2')
    expect(issue.message).toContain('unterminated quoted field')
  })

  it('refuses a 100 MB line without a line break once it passes 1 MiB, in linear time', async () => {
    // Streamed to disk: the test never holds the line in memory.
    const file = path.join(files.dir, 'no-line-breaks.csv')
    const out = fs.createWriteStream(file)
    out.write('id,name\n1,Anna\n2,')
    const megabyte = 'x'.repeat(1 << 20)
    for (let written = 0; written < 100; written++) {
      if (!out.write(megabyte)) await once(out, 'drain')
    }
    out.end('\n3,Cy\n')
    await once(out, 'finish')

    const started = performance.now()
    const issues = await refusalOf(file)
    const seconds = (performance.now() - started) / 1000

    expect(issues).toEqual([
      {
        file: 'no-line-breaks.csv',
        line: 3,
        column: (1 << 20) + 1,
        message:
          'this line runs on for more than 1048576 characters without a line break (longer than any record ' +
          'may be); is this really a CSV file?',
      },
    ])
    expect(seconds).toBeLessThan(5)
  }, 20_000)

  it('reads a line just under the cap, and places a refusal in characters on screen', async () => {
    const name = 'x'.repeat(1_000_000)
    const users = await usersOf(files.write('long-name.csv', `id,name\n1,${name}\n2,Bob\n`))
    expect(users.map(user => user.id)).toEqual(['1', '2'])
    // 1 MiB of UTF-16 text is "1," and 524,287 emoji (two units each): the next one is past the cap.
    const issue = await onlyIssue(files.write('emoji-line.csv', `id,name\n1,${'😀'.repeat(600_000)}\n`))
    expect(placeOf(issue)).toBe('emoji-line.csv:2:524290')
  })

  it('refuses a quote inside an unquoted field', async () => {
    const text = 'id,name\n1,"multi\nline"\n2,Anna "Annie" Smith\n'
    const issue = await onlyIssue(files.write('stray-quote.csv', text))
    expect(placeOf(issue)).toBe('stray-quote.csv:4:2')
    expect(issue.message).toContain('double quote inside an unquoted field')
  })

  it('refuses text after a closing quote, at the line of that quote', async () => {
    const text = 'id,name,note\r\n1,a,b\r\n2,"Smith\r\nJr" III,c\r\n'
    const issue = await onlyIssue(files.write('after-closing-quote.csv', text))
    expect(placeOf(issue)).toBe('after-closing-quote.csv:4:2')
    expect(issue.message).toContain('closing quote')
  })

  it('keeps issues found before a quote error', async () => {
    const text = 'id,name\n1,a\n1,b\n2,"open\n'
    const issues = await refusalOf(files.write('issues-then-quote.csv', text))
    expect(issues.map(placeOf)).toEqual(['issues-then-quote.csv:3:1', 'issues-then-quote.csv:4:2'])
  })

  it('keeps issues found before an encoding error, without judging the cut-off line', async () => {
    // The bad byte cuts line 4 short: it must not also be reported as a row with too few fields.
    const bytes = Buffer.concat([
      Buffer.from('id,name,mail\n1,a,x\n1,b,y\n2,J'),
      Buffer.from([0xfc]),
      Buffer.from('rgen,z\n'),
    ])
    const issues = await refusalOf(files.write('issues-then-bad-byte.csv', bytes))
    expect(issues.map(placeOf)).toEqual(['issues-then-bad-byte.csv:3:1', 'issues-then-bad-byte.csv:4:4'])
    expect(issues[1]?.message).toContain('invalid UTF-8')
  })
})

describe('header refusals', () => {
  it('refuses empty and duplicate header names at their columns', async () => {
    const issues = await refusalOf(files.write('bad-header.csv', 'id,name,,mail, name ,\n1,a,b,c,d,e\n'))
    expect(issues.map(placeOf)).toEqual(['bad-header.csv:1:3', 'bad-header.csv:1:5', 'bad-header.csv:1:6'])
    expect(issues[0]?.message).toBe('header column 3 has no name')
    expect(issues[1]?.message).toBe('duplicate column name "name" (also column 2)')
    expect(issues[2]?.message).toContain('a delimiter at the end of the header line?')
  })

  it('refuses a missing id column, listing the columns and suggesting a case-insensitive match', async () => {
    const file = files.write('id-case.csv', 'EmployeeID,Name\n1,a\n')
    const issue = await onlyIssue(file, { idColumn: 'employeeId' })
    expect(placeOf(issue)).toBe('id-case.csv:1')
    expect(issue.message).toBe(
      'id column "employeeId" is not in the header; the columns are "EmployeeID", "Name". Did you mean "EmployeeID"?'
    )
  })

  it('suggests a column for an id column name with stray spaces or different punctuation', async () => {
    const file = files.write('id-loose.csv', 'Employee ID,Name\n1,a\n')
    expect((await onlyIssue(file, { idColumn: ' Employee ID ' })).message).toContain(
      'Did you mean "Employee ID"?'
    )
    expect((await onlyIssue(file, { idColumn: 'employee_id' })).message).toContain(
      'Did you mean "Employee ID"?'
    )
    expect((await onlyIssue(file, { idColumn: 'mail' })).message).not.toContain('Did you mean')
  })

  it('reports the header on its own line when blank lines precede it', async () => {
    const issue = await onlyIssue(files.write('late-header.csv', '\r\n\r\nkey,name\r\n1,a\r\n'))
    expect(placeOf(issue)).toBe('late-header.csv:3')
  })

  it('points at the delimiter when the header was not split at all', async () => {
    const file = files.write('wrong-delimiter.csv', 'id;name;mail\n1;a;b\n')
    const issue = await onlyIssue(file, { delimiter: ',' })
    expect(issue.message).toContain('single column')
    expect(issue.message).toContain('";"')
  })

  it('refuses a multi-valued column missing from the header', async () => {
    const file = files.write('no-groups.csv', 'id,Groups\n1,a\n')
    const issue = await onlyIssue(file, { multiValued: { groups: ';' } })
    expect(placeOf(issue)).toBe('no-groups.csv:1')
    expect(issue.message).toContain('multi-valued column "groups" is not in the header')
    expect(issue.message).toContain('Did you mean "Groups"?')
  })

  it('refuses the header from readHeader too', async () => {
    const file = files.write('header-dup.csv', 'id,a,a\n1,2,3\n')
    const issues = await issuesOf(() => sourceFor(file).readHeader())
    expect(issues.map(placeOf)).toEqual(['header-dup.csv:1:3'])
  })
})

describe('file refusals', () => {
  it('refuses a missing file with the OS reason', async () => {
    const missing = path.join(files.dir, 'does-not-exist.csv')
    const issues = await issuesOf(() => sourceFor(missing).readHeader())
    expect(issues).toEqual([{ file: 'does-not-exist.csv', message: 'file not found' }])
  })

  it('refuses a directory', async () => {
    const issue = (await issuesOf(() => new CsvSource({ path: files.dir, idColumn: 'id' }).readHeader()))[0]
    expect(issue?.file).toBe(files.dir)
    expect(issue?.message).toContain('directory')
  })

  it.each([
    ['empty.csv', '', 'the file is empty; expected a header line with the column names'],
    ['bom-only.csv', '\uFEFF', 'the file is empty; expected a header line with the column names'],
    [
      'blank.csv',
      '\r\n  \r\n\n',
      'the file is empty (only blank lines); expected a header line with the column names',
    ],
    ['empty-rows.csv', ',,\n, ,\n', 'the file has no header line, only empty rows'],
  ])('refuses %s without a header', async (name, content, message) => {
    const file = files.write(name, content)
    expect(await refusalOf(file)).toEqual([{ file: name, message }])
    expect(await issuesOf(() => sourceFor(file).readHeader())).toEqual([{ file: name, message }])
  })

  it('refuses unusable options before reading', async () => {
    const file = files.write('options.csv', 'id,groups\n1,a\n')
    expect((await onlyIssue(file, { idColumn: ' ' })).message).toContain('"idColumn" is empty')
    expect((await onlyIssue(file, { multiValued: { groups: '' } })).message).toContain('separator')
    expect((await onlyIssue(file, { multiValued: { id: ';' } })).message).toContain('cannot be multi-valued')
  })
})
