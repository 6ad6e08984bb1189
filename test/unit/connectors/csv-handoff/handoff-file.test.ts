import { chmodSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import {
  HandoffFileError,
  handoffCsvText,
  handoffFileName,
  writeFileAtomically,
} from '../../../../main/connectors/csv-handoff/handoff-file'
import { handoffLayout, type HandoffRow } from '../../../../main/connectors/csv-handoff/handoff-rows'
import { makeTempDir } from '../../../helpers/temp-dir'

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'
const VALUES = { create: 'create', update: 'update', disable: 'disable', enable: 'enable', delete: 'delete' }
const MAPPING_TARGETS = [
  'userName',
  'name.givenName',
  'emails[type eq "work"].value',
  `${ENTERPRISE}:department`,
  'active',
]

function layout(options: { actionName?: string | null; headers?: Record<string, string> } = {}) {
  return handoffLayout(
    {
      actionColumn: {
        name: options.actionName === undefined ? 'action' : options.actionName,
        values: VALUES,
      },
      headers: options.headers ?? {},
    },
    MAPPING_TARGETS
  )
}

const ada: HandoffRow = {
  action: 'create',
  resource: {
    id: 'x1',
    userName: 'ada@example.com',
    name: { givenName: 'Ada' },
    emails: [{ type: 'work', value: 'ada@example.com' }],
    [ENTERPRISE]: { department: 'Engineering' },
    active: true,
  },
}

const FORMAT = { delimiter: ',', header: true, bom: false }

describe('the hand-off file text', () => {
  it('has the action column first, then one column per user mapping in the mappings order', () => {
    const text = handoffCsvText(FORMAT, layout(), [ada])
    expect(text).toBe(
      `"action","userName","name.givenName","emails[type eq ""work""].value","${ENTERPRISE}:department","active"\r\n` +
        '"create","ada@example.com","Ada","ada@example.com","Engineering","true"\r\n'
    )
  })

  it('renames columns the admin named in headers and spells the action as configured', () => {
    const renamed = handoffLayout(
      {
        actionColumn: { name: 'Operation', values: { ...VALUES, create: 'ADD', disable: 'SUSPEND' } },
        headers: { userName: 'Email', 'name.givenName': 'First Name' },
      },
      MAPPING_TARGETS
    )
    const rows = parse(handoffCsvText(FORMAT, renamed, [ada, { ...ada, action: 'disable' }])) as string[][]
    expect(rows[0]?.slice(0, 3)).toEqual(['Operation', 'Email', 'First Name'])
    expect(rows.map(row => row[0])).toEqual(['Operation', 'ADD', 'SUSPEND'])
  })

  it('leaves the action column out when it has no name, and the header out when asked', () => {
    const text = handoffCsvText({ ...FORMAT, header: false }, layout({ actionName: null }), [ada])
    expect(text).toBe('"ada@example.com","Ada","ada@example.com","Engineering","true"\r\n')
  })

  it.each([';', '\t', '|'])(
    'separates cells with %j and quotes cells that hold it, quotes or line breaks',
    delimiter => {
      const tricky: HandoffRow = {
        action: 'update',
        resource: {
          userName: `o${delimiter}brien@example.com`,
          name: { givenName: 'Line\r\nbreak "quoted"' },
          active: false,
        },
      }
      const text = handoffCsvText({ ...FORMAT, delimiter }, layout(), [tricky])
      const rows = parse(text, { delimiter }) as string[][]
      expect(rows).toEqual([
        ['action', ...MAPPING_TARGETS],
        ['update', `o${delimiter}brien@example.com`, 'Line\r\nbreak "quoted"', '', '', 'false'],
      ])
    }
  )

  it('starts with a UTF-8 byte order mark only when asked, for Excel', () => {
    const nonAscii: HandoffRow = {
      action: 'create',
      resource: { userName: 'zoë@example.com', name: { givenName: 'Zoë' } },
    }
    const plain = handoffCsvText(FORMAT, layout(), [nonAscii])
    const withBom = handoffCsvText({ ...FORMAT, bom: true }, layout(), [nonAscii])
    expect(plain.startsWith('\uFEFF')).toBe(false)
    expect(withBom).toBe(`\uFEFF${plain}`)
    expect(Buffer.from(withBom, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]))
  })

  it('neutralises cells a spreadsheet would run as a formula, in rows and header', () => {
    const hostile: HandoffRow = {
      action: 'create',
      resource: {
        userName: '=HYPERLINK("http://evil","x")',
        name: { givenName: '+1' },
        [ENTERPRISE]: { department: '@SUM(A1)' },
      },
    }
    const rows = parse(
      handoffCsvText(FORMAT, layout({ headers: { active: '-active' } }), [hostile])
    ) as string[][]
    expect(rows[1]?.slice(1, 5)).toEqual(['\'=HYPERLINK("http://evil","x")', "'+1", '', "'@SUM(A1)"])
    expect(rows[0]?.at(-1)).toBe("'-active")
  })

  it('writes booleans as true/false, lists joined with ";" and a missing value as an empty cell', () => {
    const row: HandoffRow = {
      action: 'update',
      resource: { userName: 'a', active: false, emails: [{ type: 'home', value: 'h@example.com' }] },
    }
    const rows = parse(handoffCsvText(FORMAT, layout(), [row])) as string[][]
    expect(rows[1]).toEqual(['update', 'a', '', '', '', 'false'])
  })
})

describe('the hand-off file name', () => {
  it('fills in the job, run id, date, time and action', () => {
    const at = new Date('2026-12-05T04:07:09.123Z')
    expect(
      handoffFileName('{job}_{date}_{time}_{runId}_{action}.csv', {
        job: 'hr-to-app',
        runId: 'R1',
        at,
        action: 'create',
      })
    ).toBe('hr-to-app_2026-12-05_040709_R1_create.csv')
    expect(handoffFileName('users.csv', { job: 'j', runId: 'R1', at, action: 'all' })).toBe('users.csv')
  })
})

describe('writing a hand-off file', () => {
  it('puts the whole file in place, owner-only, creating the folder and leaving no temporary file', () => {
    const dir = join(makeTempDir(), 'handoff', 'out')
    const path = writeFileAtomically(dir, 'users.csv', 'a,b\r\n')
    expect(path).toBe(join(dir, 'users.csv'))
    expect(readFileSync(path, 'utf8')).toBe('a,b\r\n')
    expect(readdirSync(dir)).toEqual(['users.csv'])
    if (process.platform !== 'win32') expect(statSync(path).mode & 0o777).toBe(0o600)
  })

  it('never replaces an existing file (it may not be uploaded yet) and leaves it as it was', () => {
    const dir = makeTempDir()
    writeFileSync(join(dir, 'users.csv'), 'not uploaded yet')
    expect(() => writeFileAtomically(dir, 'users.csv', 'new')).toThrow(HandoffFileError)
    expect(() => writeFileAtomically(dir, 'users.csv', 'new')).toThrow(
      /users\.csv was not written: a file of that name exists already.*\{runId\}/
    )
    expect(readFileSync(join(dir, 'users.csv'), 'utf8')).toBe('not uploaded yet')
    expect(readdirSync(dir)).toEqual(['users.csv'])
  })

  it.skipIf(process.platform === 'win32' || process.getuid?.() === 0)(
    'leaves nothing behind when the folder cannot be written',
    () => {
      const dir = makeTempDir()
      chmodSync(dir, 0o500)
      try {
        expect(() => writeFileAtomically(dir, 'users.csv', 'x')).toThrow(/EACCES/)
        expect(existsSync(join(dir, 'users.csv'))).toBe(false)
        expect(readdirSync(dir)).toEqual([])
      } finally {
        chmodSync(dir, 0o700)
      }
    }
  )
})
