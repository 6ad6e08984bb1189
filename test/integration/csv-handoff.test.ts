/**
 * The CSV hand-off target through the real CLI: each apply writes one file of what changed since
 * the last file (creates, updates, disables), a dry run shows the rows and writes nothing, undo
 * writes the inverse rows, and a bad target setting is refused naming its field.
 */
import { readdirSync, readFileSync, renameSync } from 'node:fs'
import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import {
  baseJob,
  expectJson,
  type JobDocument,
  person,
  staff,
  userCounts,
  Workspace,
} from '../helpers/provisioning-fixture'

const HEADER = [
  'Action',
  'Email',
  'externalId',
  'First name',
  'name.familyName',
  'displayName',
  'emails[type eq "work"].value',
  'title',
  'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department',
  'active',
]

function handoffJob(target: Record<string, unknown> = {}): JobDocument {
  const job = baseJob('http://unused.invalid')
  job.target = {
    type: 'csv-handoff',
    directory: 'handoff',
    fileName: '{job}-{runId}.csv',
    actionColumn: { name: 'Action', values: { create: 'ADD', update: 'UPDATE', disable: 'DEACTIVATE' } },
    headers: { userName: 'Email', 'name.givenName': 'First name' },
    ...target,
  }
  return job
}

function workspace(target: Record<string, unknown> = {}): Workspace {
  const ws = new Workspace({ env: {} })
  ws.writePeople(staff())
  ws.writeJob(handoffJob(target))
  return ws
}

function files(ws: Workspace): string[] {
  try {
    return readdirSync(ws.path('handoff')).sort()
  } catch {
    return []
  }
}

function rowsOf(ws: Workspace, file: string): string[][] {
  return parse(readFileSync(ws.path(`handoff/${file}`), 'utf8')) as string[][]
}

describe('a CSV hand-off job', () => {
  it('hands everyone off first, then only the rename, the leaver and the new hire', async () => {
    const ws = workspace()
    const first = await ws.apply()
    expect(first.summary.users).toEqual(userCounts({ create: 5 }))
    expect(files(ws)).toEqual([`it-job-${first.runId}.csv`])
    const firstRows = rowsOf(ws, `it-job-${first.runId}.csv`)
    expect(firstRows[0]).toEqual(HEADER)
    expect(firstRows.slice(1).map(row => [row[0], row[1]])).toEqual(
      staff().map(someone => ['ADD', someone.mail])
    )
    expect(firstRows[1]).toEqual([
      'ADD',
      'ada.lovelace@example.com',
      '1001',
      'Ada',
      'Lovelace',
      'Ada Lovelace',
      'ada.lovelace@example.com',
      'Principal Engineer',
      'Engineering',
      'true',
    ])

    // HR: Grace is renamed, Alan left, Mary is hired.
    const [ada, grace, , katherine, margaret] = staff()
    ws.writePeople([
      ada!,
      { ...grace!, surname: 'Murray' },
      katherine!,
      margaret!,
      person('1006', 'Mary', 'Jackson', { department: 'Research' }),
    ])
    const second = await ws.apply()

    expect(second.summary.users).toEqual(userCounts({ create: 1, update: 1, disable: 1, unchanged: 3 }))
    expect(files(ws)).toEqual([`it-job-${first.runId}.csv`, `it-job-${second.runId}.csv`].sort())
    const secondRows = rowsOf(ws, `it-job-${second.runId}.csv`)
    expect(secondRows.slice(1).map(row => [row[0], row[1], row[4], row.at(-1)])).toEqual(
      expect.arrayContaining([
        ['UPDATE', 'grace.hopper@example.com', 'Murray', 'true'],
        ['DEACTIVATE', 'alan.turing@example.com', 'Turing', 'false'],
        ['ADD', 'mary.jackson@example.com', 'Jackson', 'true'],
      ])
    )
    expect(secondRows).toHaveLength(4)

    const third = await ws.apply()
    expect(third.summary.users).toEqual(userCounts({ unchanged: 6 }))
    expect(files(ws)).toHaveLength(2)
  })

  it('shows the rows in a dry run and writes nothing', async () => {
    const ws = workspace()
    const text = await ws.cli(['plan', '--job', 'job.json'])
    expect(text.code).toBe(0)
    expect(text.stdout).toContain('Hand-off file apply would write (5 rows):')
    expect(text.stdout).toContain(`"Action","Email","externalId","First name"`)
    expect(text.stdout).toContain(`"ADD","grace.hopper@example.com","1002","Grace","Hopper"`)

    const plan = expectJson<{ handoff: { header: string[]; rows: string[][] } }>(
      await ws.cli(['plan', '--job', 'job.json', '--json']),
      0
    )
    expect(plan.handoff.header).toEqual(HEADER)
    expect(plan.handoff.rows.map(row => row[1])).toEqual(staff().map(someone => someone.mail))
    expect(files(ws)).toEqual([])

    // Nothing was remembered as handed off: the first apply still writes everyone.
    expect((await ws.apply()).summary.users).toEqual(userCounts({ create: 5 }))
    const again = await ws.cli(['plan', '--job', 'job.json'])
    expect(again.stdout).toContain('Hand-off file: nothing changed, so apply writes no file.')
  })

  it('writes the inverse rows on undo', async () => {
    const ws = workspace()
    await ws.apply()
    ws.writePeople(staff().filter(someone => someone.employeeId !== '1003'))
    const leaver = await ws.apply()
    const undo = await ws.cli(['undo', leaver.runId, '--job', 'job.json', '--yes', '--json'])
    const undone = expectJson<{ runId: string }>(undo, 0)
    const rows = rowsOf(ws, `it-job-${undone.runId}.csv`)
    expect(rows.slice(1).map(row => [row[0], row[1], row.at(-1)])).toEqual([
      ['enable', 'alan.turing@example.com', 'true'],
    ])
  })

  it('refuses a bad target setting naming its field and place, and writes nothing', async () => {
    const ws = workspace({ delimiter: 'x' })
    const result = await ws.cli(['apply', '--job', 'job.json', '--yes'])
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/job\.json:\d+:\d+: target\.delimiter: /)
    expect(files(ws)).toEqual([])
  })

  it('refuses to replace a file not uploaded yet, and hands its rows off again next run', async () => {
    const ws = workspace({ fileName: 'users.csv' })
    await ws.apply()
    ws.writePeople([...staff(), person('1006', 'Mary', 'Jackson')])
    const refused = await ws.cli(['apply', '--job', 'job.json', '--yes'])
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(/users\.csv was not written: a file of that name exists already/)
    expect(refused.stderr).not.toMatch(/internal error/)
    expect(rowsOf(ws, 'users.csv')).toHaveLength(6)

    // The admin uploads and moves the old file away: the next run hands Mary off after all.
    renameSync(ws.path('handoff/users.csv'), ws.path('handoff/uploaded.csv'))
    const next = await ws.apply()
    expect(next.summary.users).toMatchObject({ create: 1, unchanged: 5 })
    expect(
      rowsOf(ws, 'users.csv')
        .slice(1)
        .map(row => [row[0], row[1]])
    ).toEqual([['ADD', 'mary.jackson@example.com']])
  })
})
