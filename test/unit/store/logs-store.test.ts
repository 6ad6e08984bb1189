import { describe, expect, it, vi } from 'vitest'
import type { NewLogEntry } from '../../../main/model/log-entry'
import type { WritableDB } from '../../../main/store/database'
import { inTransaction } from '../../../main/store/database'
import {
  countLogs,
  insertLogEntries,
  iterateLogs,
  type LogQuery,
  pruneLogs,
  queryLogs,
} from '../../../main/store/logs-store'
import { logEntry, openTempDatabase } from '../../helpers/store-fixtures'

const T0 = Date.parse('2024-03-01T10:00:00.000Z')
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString()

/** Ten entries over two runs and two jobs, one minute apart (ids 1..10). */
const ENTRIES: ReadonlyArray<NewLogEntry> = [
  logEntry({
    time: at(0),
    runId: 'run-1',
    changeId: 'c1',
    action: 'create',
    status: 'success',
    sourceId: 'E1',
    sourceDisplay: 'ada@example.com',
    targetId: 'T1',
    targetDisplay: 'ada@example.com',
  }),
  logEntry({
    time: at(1),
    runId: 'run-1',
    changeId: 'c2',
    action: 'update',
    status: 'success',
    sourceId: 'E2',
    sourceDisplay: 'a_b@example.com',
    targetId: 'T2',
    targetDisplay: null,
  }),
  logEntry({
    time: at(2),
    runId: 'run-1',
    changeId: 'c3',
    action: 'update',
    status: 'failure',
    sourceId: 'E3',
    sourceDisplay: 'axb@example.com',
    targetId: 'T3',
    targetDisplay: null,
    errorCode: 'BadRequest',
    httpStatus: 400,
    scimType: 'invalidValue',
    scimDetail: 'bad email',
  }),
  logEntry({
    time: at(3),
    runId: 'run-1',
    changeId: 'c4',
    action: 'skip',
    status: 'skipped',
    sourceId: 'E4',
    sourceDisplay: '100%club',
    targetId: null,
    targetDisplay: null,
    reason: 'Out of scope',
  }),
  logEntry({
    time: at(4),
    runId: 'run-1',
    changeId: 'c5',
    action: 'skip',
    status: 'skipped',
    sourceId: 'E5',
    sourceDisplay: '100 percent',
    targetId: null,
    targetDisplay: null,
  }),
  logEntry({
    time: at(5),
    runId: 'run-2',
    changeId: 'c6',
    action: 'disable',
    status: 'success',
    sourceId: 'E1',
    sourceDisplay: 'ada@example.com',
    targetId: 'T1',
    targetDisplay: 'Ada Lovelace',
  }),
  logEntry({
    time: at(6),
    runId: 'run-2',
    changeId: 'c7',
    action: 'delete',
    status: 'warning',
    sourceId: 'E6',
    sourceDisplay: 'back\\slash',
    targetId: 'T6',
    targetDisplay: null,
  }),
  logEntry({
    time: at(7),
    runId: 'run-2',
    changeId: 'c8',
    action: 'link',
    status: 'success',
    sourceId: 'E7',
    sourceDisplay: 'Grace@Example.com',
    targetId: 'T7',
    targetDisplay: null,
  }),
  logEntry({
    time: at(8),
    runId: 'run-2',
    changeId: 'c9',
    action: 'enable',
    status: 'failure',
    sourceId: 'E8',
    sourceDisplay: null,
    targetId: 'E1',
    targetDisplay: 'someone else',
  }),
  logEntry({
    time: at(9),
    jobId: 'job-2',
    runId: 'run-3',
    changeId: 'c10',
    action: 'create',
    status: 'success',
    sourceId: 'E1',
    sourceDisplay: 'ada@example.com',
    targetId: 'X1',
    targetDisplay: null,
  }),
]

function seeded(): WritableDB {
  const { db } = openTempDatabase()
  inTransaction(db, () => insertLogEntries(db, ENTRIES))
  return db
}

const changeIds = (db: WritableDB, query: LogQuery) => queryLogs(db, query).map(entry => entry.changeId)

describe('logs store', () => {
  it('round-trips every field, with steps and modified properties as JSON', () => {
    const db = seeded()
    const [entry] = queryLogs(db, { runId: 'run-1', status: 'failure' })
    expect(entry).toEqual({ id: 3, ...ENTRIES[2] })
  })

  it('returns newest first by default and oldest first with ascending', () => {
    const db = seeded()
    expect(changeIds(db, { limit: 3 })).toEqual(['c10', 'c9', 'c8'])
    expect(changeIds(db, { limit: 3, ascending: true })).toEqual(['c1', 'c2', 'c3'])
  })

  it.each<[string, LogQuery, string[]]>([
    ['job', { jobId: 'job-2' }, ['c10']],
    ['run', { runId: 'run-2' }, ['c9', 'c8', 'c7', 'c6']],
    ['status', { status: 'failure' }, ['c9', 'c3']],
    ['status skipped', { status: 'skipped' }, ['c5', 'c4']],
    ['action', { action: 'update' }, ['c3', 'c2']],
    ['action and status', { action: 'update', status: 'success' }, ['c2']],
    ['run and action', { runId: 'run-1', action: 'skip' }, ['c5', 'c4']],
    ['since (inclusive)', { since: Date.parse(at(8)) }, ['c10', 'c9']],
    ['until (inclusive)', { until: Date.parse(at(1)) }, ['c2', 'c1']],
    ['since and until', { since: Date.parse(at(3)), until: Date.parse(at(5)) }, ['c6', 'c5', 'c4']],
    ['nothing matching', { runId: 'run-404' }, []],
  ])('filters by %s', (_label, query, expected) => {
    expect(changeIds(seeded(), query)).toEqual(expected)
  })

  describe('identity', () => {
    it.each<[string, string, string[]]>([
      ['a source id exactly (every job)', 'E1', ['c10', 'c9', 'c6', 'c1']],
      ['a target id exactly', 'T7', ['c8']],
      ['a display name by prefix', 'ada@', ['c10', 'c6', 'c1']],
      ['a target display name by prefix', 'Ada Love', ['c6']],
      ['a display prefix case-insensitively', 'grace@example', ['c8']],
      ['a display name by its middle part (trigram index)', 'RACE@EX', ['c8']],
      ['a target display name by its last word', 'lovelace', ['c6']],
      ['a display name by two letters in its middle', 'xb', ['c3']],
      ['"_" as a literal underscore, not any character', 'a_b', ['c2']],
      ['"%" as a literal percent sign, not any text', '100%', ['c4']],
      ['a backslash literally', 'back\\s', ['c7']],
    ])('matches %s', (_label, identity, expected) => {
      expect(changeIds(seeded(), { identity })).toEqual(expected)
    })

    it('matches ids only in full', () => {
      const db = seeded()
      expect(changeIds(db, { identity: 'E9' })).toEqual([])
      expect(changeIds(db, { identity: 'T1' })).toEqual(['c6', 'c1'])
    })

    it('finds every entry whose name holds the text, for every job and run', () => {
      expect(changeIds(seeded(), { identity: '@example.com' })).toEqual(['c10', 'c8', 'c6', 'c3', 'c2', 'c1'])
    })

    it('combines with other filters', () => {
      expect(changeIds(seeded(), { identity: 'E1', runId: 'run-2' })).toEqual(['c9', 'c6'])
    })
  })

  it('pages newest first with beforeId (keyset), without gaps or repeats', () => {
    const db = seeded()
    const pages: string[][] = []
    let beforeId: number | undefined
    for (;;) {
      const page = queryLogs(db, {
        jobId: 'job-1',
        limit: 4,
        ...(beforeId === undefined ? {} : { beforeId }),
      })
      if (page.length === 0) break
      pages.push(page.map(entry => entry.changeId))
      beforeId = page[page.length - 1]?.id
    }
    expect(pages).toEqual([['c9', 'c8', 'c7', 'c6'], ['c5', 'c4', 'c3', 'c2'], ['c1']])
  })

  it('pages back towards the newest with afterId, nearest first when ascending', () => {
    const db = seeded()
    // From the oldest page back up: entries newer than c5 (id 5), the three nearest to it.
    expect(changeIds(db, { jobId: 'job-1', afterId: 5, limit: 3, ascending: true })).toEqual([
      'c6',
      'c7',
      'c8',
    ])
    expect(changeIds(db, { afterId: 8, beforeId: 10 })).toEqual(['c9'])
    expect(changeIds(db, { status: 'failure', afterId: 3 })).toEqual(['c9'])
  })

  describe('countLogs', () => {
    it('counts the entries a query matches, with every filter', () => {
      const db = seeded()
      expect(countLogs(db, {}, 1_000)).toEqual({ count: 10, capped: false })
      expect(countLogs(db, { jobId: 'job-1' }, 1_000)).toEqual({ count: 9, capped: false })
      expect(countLogs(db, { runId: 'run-2', status: 'failure' }, 1_000)).toEqual({ count: 1, capped: false })
      expect(countLogs(db, { identity: 'lovelace' }, 1_000)).toEqual({ count: 1, capped: false })
      expect(countLogs(db, { identity: 'example' }, 1_000)).toEqual({ count: 6, capped: false })
      expect(countLogs(db, { since: Date.parse(at(3)), until: Date.parse(at(5)) }, 1_000)).toEqual({
        count: 3,
        capped: false,
      })
      expect(countLogs(db, { action: 'conflict' }, 1_000)).toEqual({ count: 0, capped: false })
    })

    it('stops at the cap and says so', () => {
      const db = seeded()
      expect(countLogs(db, {}, 4)).toEqual({ count: 4, capped: true })
      expect(countLogs(db, { jobId: 'job-1' }, 9)).toEqual({ count: 9, capped: false })
      expect(countLogs(db, { jobId: 'job-1' }, 8)).toEqual({ count: 8, capped: true })
    })
  })

  it('keeps the limit between 1 and 10,000', () => {
    const db = seeded()
    expect(queryLogs(db, { limit: 0 })).toHaveLength(1)
    expect(queryLogs(db, { limit: -5 })).toHaveLength(1)
    expect(queryLogs(db, {})).toHaveLength(10)
  })

  it('streams every matching entry oldest first', () => {
    const db = seeded()
    expect([...iterateLogs(db, { runId: 'run-2', status: 'success' })].map(entry => entry.changeId)).toEqual([
      'c6',
      'c8',
    ])
  })

  it('prunes entries strictly older than the cut-off and reports how many', () => {
    const db = seeded()
    expect(pruneLogs(db, Date.parse(at(3)))).toBe(3)
    expect(changeIds(db, { ascending: true, limit: 2 })).toEqual(['c4', 'c5'])
    expect(pruneLogs(db, Date.parse(at(3)))).toBe(0)
    expect(queryLogs(db, {})).toHaveLength(7)
  })

  it('refuses an unknown status (check constraint) and writes nothing of the failed batch', () => {
    const { db } = openTempDatabase()
    expect(() =>
      inTransaction(db, () => insertLogEntries(db, [logEntry(), logEntry({ status: 'meh' as 'success' })]))
    ).toThrow(/CHECK constraint/)
    expect(queryLogs(db, {})).toEqual([])
  })
})

// The log queries' plans: logs-query-plans.test.ts.
describe('link query plans', () => {
  /** Runs the store's real query once, capturing the SQL it prepared, and returns its query plan. */
  function planOf(run: (db: WritableDB) => unknown, params: Record<string, unknown> | unknown[]): string[] {
    const { db } = openTempDatabase()
    insertLogEntries(db, ENTRIES)
    const prepare = vi.spyOn(db, 'prepare')
    run(db)
    const sql = prepare.mock.calls.map(call => call[0]).at(-1)
    prepare.mockRestore()
    expect(sql).toBeDefined()
    const statement = db.prepare(`EXPLAIN QUERY PLAN ${sql as string}`)
    const rows = (Array.isArray(params) ? statement.all(...params) : statement.all(params)) as {
      detail: string
    }[]
    return rows.map(row => row.detail)
  }

  it('link lookups search the primary key or the target index', async () => {
    const { loadLinks, getLinkBySource, upsertLink } = await import('../../../main/store/links-store')
    expect(planOf(db => loadLinks(db, 'j', 'user'), ['j', 'user']).join(' | ')).toMatch(
      /SEARCH links USING PRIMARY KEY \(jobId=\? AND objectType=\?\)/
    )
    expect(planOf(db => getLinkBySource(db, 'j', 'user', 's'), ['j', 'user', 's']).join(' | ')).toMatch(
      /SEARCH links USING PRIMARY KEY \(jobId=\? AND objectType=\? AND sourceId=\?\)/
    )
    // The replace-by-target DELETE is the first statement an upsert prepares.
    const { db } = openTempDatabase()
    const prepare = vi.spyOn(db, 'prepare')
    try {
      upsertLink(db, {
        jobId: 'j',
        objectType: 'user',
        sourceId: 's',
        targetId: 't',
        state: 'active',
        exportedHash: null,
        display: null,
      })
    } catch {
      // No job row: the insert fails on the foreign key, after the DELETE was prepared.
    }
    const deleteSql = prepare.mock.calls.map(call => call[0]).find(sql => sql.startsWith('DELETE FROM links'))
    prepare.mockRestore()
    expect(deleteSql).toBeDefined()
    const plan = (
      db.prepare(`EXPLAIN QUERY PLAN ${deleteSql as string}`).all('j', 'user', 't', 's') as {
        detail: string
      }[]
    ).map(row => row.detail)
    expect(plan.join(' | ')).toMatch(/USING (COVERING )?INDEX links_by_target/)
  })
})
