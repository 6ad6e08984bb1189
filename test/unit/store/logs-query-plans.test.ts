import { describe, expect, it, vi } from 'vitest'
import type { NewLogEntry } from '../../../main/model/log-entry'
import type { WritableDB } from '../../../main/store/database'
import { inTransaction } from '../../../main/store/database'
import {
  insertLogEntries,
  iterateLogs,
  type LogQuery,
  pruneLogs,
  queryLogs,
} from '../../../main/store/logs-store'
import { logEntry, openTempDatabase } from '../../helpers/store-fixtures'

/**
 * Query plans of every log query form (DESIGN §6: responsive at a million rows). Every statement
 * a form runs (the page itself and the counts that choose its index) must search an index: no
 * `SCAN logEntries` and no `USE TEMP B-TREE FOR ORDER BY`, that is, no full scan and no sorting
 * of every match. The unfiltered forms are the exception: they read the table in id order,
 * stopping after one page (or reading everything, for an export).
 */

const T0 = Date.parse('2024-03-01T10:00:00.000Z')
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString()

/** Two jobs, three runs, every status and a few actions; 'Dense…' names are a fifth of all rows. */
function entries(): NewLogEntry[] {
  const statuses = ['success', 'failure', 'skipped', 'warning'] as const
  const actions = ['create', 'update', 'skip', 'delete'] as const
  return Array.from({ length: 2_000 }, (_, index) =>
    logEntry({
      time: at(index),
      jobId: index % 3 === 0 ? 'job-2' : 'job-1',
      runId: `run-${index % 3}`,
      changeId: `c${index}`,
      status: statuses[index % 4],
      action: actions[Math.floor(index / 4) % 4],
      sourceId: index % 50 === 7 ? null : `E${index % 400}`,
      sourceDisplay: index % 5 === 0 ? `Dense${index}@example.com` : `person${index % 400}@example.com`,
      targetId: `T${index % 400}`,
      targetDisplay: index % 10 === 1 ? `Other Name ${index % 400}` : null,
    })
  )
}

interface Statement {
  readonly sql: string
  readonly args: unknown[]
}

/** Runs `run` on a fresh seeded database and returns every statement it executed, with its arguments. */
function statementsOf(run: (db: WritableDB) => unknown): { db: WritableDB; statements: Statement[] } {
  const { db } = openTempDatabase()
  inTransaction(db, () => insertLogEntries(db, entries()))
  const statements: Statement[] = []
  const prepare = db.prepare.bind(db)
  const spy = vi.spyOn(db, 'prepare').mockImplementation(((sql: string) => {
    const statement = prepare(sql)
    for (const method of ['all', 'get', 'iterate', 'run'] as const) {
      const original = statement[method].bind(statement) as (...args: unknown[]) => unknown
      Object.defineProperty(statement, method, {
        value: (...args: unknown[]) => {
          statements.push({ sql, args })
          return original(...args)
        },
      })
    }
    return statement
  }) as typeof db.prepare)
  const result = run(db)
  if (result !== null && typeof result === 'object' && Symbol.iterator in result) {
    for (const _ of result as Iterable<unknown>) break
  }
  spy.mockRestore()
  return { db, statements }
}

function planOf(db: WritableDB, { sql, args }: Statement): string[] {
  const rows = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[]
  return rows.map(row => row.detail)
}

/** The plans of every statement the call ran; the last is the page (or export) itself. */
function plansOf(run: (db: WritableDB) => unknown): string[][] {
  const { db, statements } = statementsOf(run)
  expect(statements.length).toBeGreaterThan(0)
  return statements.map(statement => planOf(db, statement))
}

const sorts = (plan: string[]) => plan.filter(detail => /USE TEMP B-TREE FOR ORDER BY/.test(detail))
const scans = (plan: string[]) => plan.filter(detail => /^SCAN logEntries\b/.test(detail))

function expectIndexed(plans: string[][]): void {
  for (const plan of plans) {
    expect(sorts(plan), plan.join(' | ')).toEqual([])
    expect(scans(plan), plan.join(' | ')).toEqual([])
    expect(
      plan.some(detail => /^SEARCH logEntries\b/.test(detail)),
      plan.join(' | ')
    ).toBe(true)
  }
}

describe('log query plans (indexed at a million rows)', () => {
  it.each<[string, LogQuery, RegExp]>([
    [
      'job (its four status ranges, merged)',
      { jobId: 'job-1' },
      /log_by_job_status \(jobId=\? AND status=\?\)/,
    ],
    ['job and status', { jobId: 'job-1', status: 'failure' }, /log_by_job_status \(jobId=\? AND status=\?\)/],
    [
      'job, load more',
      { jobId: 'job-1', beforeId: 900 },
      /log_by_job_status \(jobId=\? AND status=\? AND id<\?\)/,
    ],
    [
      'job since',
      { jobId: 'job-1', since: Date.parse(at(1_500)) },
      /log_by_job_status \(jobId=\? AND status=\? AND id>\?\)/,
    ],
    [
      'job, status and time range',
      { jobId: 'job-2', status: 'success', since: Date.parse(at(100)), until: Date.parse(at(200)) },
      /log_by_job_status \(jobId=\? AND status=\? AND id>\? AND id<\?\)/,
    ],
    [
      'run (its four status ranges, merged)',
      { runId: 'run-1' },
      /log_by_run_status \(runId=\? AND status=\?\)/,
    ],
    ['run and status', { runId: 'run-1', status: 'failure' }, /log_by_run_status \(runId=\? AND status=\?\)/],
    [
      'run, load more',
      { runId: 'run-1', beforeId: 900 },
      /log_by_run_status \(runId=\? AND status=\? AND id<\?\)/,
    ],
    ['run and job', { runId: 'run-1', jobId: 'job-1' }, /log_by_run_status \(runId=\? AND status=\?\)/],
    ['status', { status: 'failure' }, /log_by_status_id \(status=\?\)/],
    ['status, load more', { status: 'failure', beforeId: 900 }, /log_by_status_id \(status=\? AND id<\?\)/],
    [
      'status since',
      { status: 'warning', since: Date.parse(at(1_900)) },
      /log_by_status_id \(status=\? AND id>\?\)/,
    ],
    ['action', { action: 'delete' }, /log_by_action_id \(action=\?\)/],
    ['action, load more', { action: 'delete', beforeId: 900 }, /log_by_action_id \(action=\? AND id<\?\)/],
    ['since', { since: Date.parse(at(1_990)) }, /INTEGER PRIMARY KEY \(rowid>\?\)/],
    ['until', { until: Date.parse(at(10)) }, /INTEGER PRIMARY KEY \(rowid<\?\)/],
    [
      'since and until',
      { since: Date.parse(at(500)), until: Date.parse(at(600)) },
      /INTEGER PRIMARY KEY \(rowid>\? AND rowid<\?\)/,
    ],
    ['load more (no filter)', { beforeId: 900 }, /INTEGER PRIMARY KEY \(rowid<\?\)/],
    ['until, load more', { until: Date.parse(at(600)), beforeId: 300 }, /INTEGER PRIMARY KEY \(rowid<\?\)/],
  ])('%s searches an index in id order', (_label, query, index) => {
    for (const ascending of [false, true]) {
      const plans = plansOf(db => queryLogs(db, { ...query, ascending }))
      expectIndexed(plans)
      const page = plans.at(-1) as string[]
      const ranges = page.filter(detail => index.test(detail))
      // A job or run without a status reads one range per status, merged by id.
      const merged = query.status === undefined && (query.jobId ?? query.runId) !== undefined
      expect(ranges, page.join(' | ')).toHaveLength(merged ? 4 : 1)
      expect(ranges.every(detail => detail.startsWith('SEARCH logEntries USING '))).toBe(true)
      expect(page.filter(detail => detail.startsWith('SEARCH logEntries'))).toHaveLength(ranges.length)
    }
  })

  it.each<[string, LogQuery]>([
    ['a source id', { identity: 'E12' }],
    ['a target id', { identity: 'T12' }],
    ['a display name prefix', { identity: 'PERSON12@' }],
    ['the middle of a display name', { identity: 'SON12@' }],
    ['a target display name prefix', { identity: 'other name 1' }],
    ['an identity within a run, load more', { identity: 'E12', runId: 'run-0', beforeId: 1_500 }],
    [
      'an identity within a time range',
      { identity: 'person3', since: Date.parse(at(10)), until: Date.parse(at(900)) },
    ],
  ])('identity search of %s looks up the name trigram, target and source indexes', (_label, query) => {
    const plans = plansOf(db => queryLogs(db, query))
    expectIndexed(plans)
    const page = (plans.at(-1) as string[]).join(' | ')
    expect(page).toMatch(/SEARCH logEntries USING INTEGER PRIMARY KEY \(rowid=\?\)/)
    expect(page).toMatch(/SEARCH logEntries USING COVERING INDEX log_by_source \(sourceId=\?/)
    expect(page).toMatch(/SEARCH logTargetOwners USING PRIMARY KEY \(targetId=\?\)/)
    // The names holding the text, from the trigram index (MATCH), never by reading every name.
    expect(page).toMatch(/SCAN logNameTrigrams VIRTUAL TABLE INDEX \d+:M/)
    expect(page).toMatch(
      /SEARCH logEntries USING COVERING INDEX log_by_source \(sourceId=\?( AND rowid[<>]\?)*\)/
    )
  })

  it('identity search of one or two characters reads the names table (small: one row per name), not the log', () => {
    const plans = plansOf(db => queryLogs(db, { identity: '7@' }))
    expectIndexed(plans)
    expect((plans.at(-1) as string[]).join(' | ')).toMatch(/SCAN logDisplayNames\b/)
  })

  it('identity search of a prefix most rows match reads the newest rows, in id order', () => {
    const plans = plansOf(db => queryLogs(db, { identity: 'dense' }))
    for (const plan of plans) expect(sorts(plan)).toEqual([])
    // The count that chose this way searched the indexes.
    expectIndexed(plans.slice(0, -1))
    expect(plans.at(-1)).toEqual(['SCAN logEntries'])
    // With a bound the same read is a range.
    expectIndexed(plansOf(db => queryLogs(db, { identity: 'dense', beforeId: 1_000 })))
  })

  it.each<[string, LogQuery, RegExp]>([
    ['status and action', { status: 'failure', action: 'delete' }, /log_by_(status|action)_id/],
    ['job and action', { jobId: 'job-1', action: 'delete' }, /log_by_(job_status|action_id)/],
    ['run and action', { runId: 'run-1', action: 'skip' }, /log_by_(run_status|action_id)/],
    ['job, identity and status', { jobId: 'job-1', identity: 'person1', status: 'success' }, /log_by_/],
    ['identity and status', { identity: 'dense', status: 'warning' }, /log_by_status_id/],
  ])('%s: the index with the fewest rows in range drives', (_label, query, index) => {
    const plans = plansOf(db => queryLogs(db, query))
    expectIndexed(plans)
    expect((plans.at(-1) as string[]).join(' | ')).toMatch(index)
  })

  it.each<[string, LogQuery]>([
    ['job', { jobId: 'job-2' }],
    ['run and status', { runId: 'run-2', status: 'skipped' }],
    ['status', { status: 'warning' }],
    ['action', { action: 'update' }],
    ['time range', { since: Date.parse(at(100)), until: Date.parse(at(300)) }],
    ['identity', { identity: 'person4' }],
  ])('the export by %s searches an index in id order', (_label, query) => {
    expectIndexed(plansOf(db => iterateLogs(db, query)))
  })

  it('the unfiltered page reads the table backwards and stops after one page; the export reads it all', () => {
    const page = plansOf(db => queryLogs(db, {}))
    expect(page).toEqual([['SCAN logEntries']])
    const exported = plansOf(db => iterateLogs(db, {}))
    expect(exported).toEqual([['SCAN logEntries']])
  })

  it('pruning deletes an id range, and re-measures only the buckets it touched', () => {
    const { db, statements } = statementsOf(db => pruneLogs(db, T0 + 500 * 60_000))
    const plans = statements.map(statement => planOf(db, statement))
    expect(plans[0]?.join(' | ')).toMatch(/^SEARCH logEntries USING INTEGER PRIMARY KEY \(rowid<\?\)/)
    for (const plan of plans) expect(scans(plan)).toEqual([])
  })
})
