import Database from 'better-sqlite3'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  LOG_ACTIONS,
  LOG_STATUSES,
  type LogAction,
  type LogStatus,
  type NewLogEntry,
} from '../../../main/model/log-entry'
import { inTransaction, type WritableDB } from '../../../main/store/database'
import {
  insertLogEntries,
  iterateLogs,
  type LogQuery,
  pruneLogs,
  queryLogs,
} from '../../../main/store/logs-store'
import { migrate, MIGRATIONS } from '../../../main/store/migrations'
import { closeAfterTest, logEntry, openTempDatabase } from '../../helpers/store-fixtures'
import { makeTempDir } from '../../helpers/temp-dir'

/**
 * The log queries against a naive reference (filter and sort in JavaScript) on a few thousand
 * random entries: equal and out-of-order times, outliers, `%`, `_`, `\` and mixed case in
 * identities, entries without a source, after pruning and after ids restart.
 */

/** Deterministic pseudo-random numbers (mulberry32). */
function random(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

type Random = () => number
const pick = <T>(next: Random, items: ReadonlyArray<T>): T => items[Math.floor(next() * items.length)] as T
const chance = (next: Random, p: number) => next() < p

const T0 = Date.parse('2024-03-01T00:00:00.000Z')
const JOBS = ['job-a', 'job-b', 'job-c']
const RUNS = Array.from({ length: 12 }, (_, index) => `run-${index}`)
const SOURCE_IDS = ['E1', 'e1', 'E10', 'E2', 'E3', '100%', 'a_b', 'T1', 'x\\y', 'E4', 'E5', 'E6']
const TARGET_IDS = ['T1', 't1', 'T2', 'T3', 'E1', 'T%', 'T_1', 'T4', 'T5']
const DISPLAYS = [
  'ada@example.com',
  'Ada@Example.com',
  'ADA LOVELACE',
  'a_b@example.com',
  'axb@example.com',
  'a%b@example.com',
  '100%club',
  '100 percent',
  'back\\slash',
  'Grace@Example.com',
  'grace hopper',
  'ab@x',
  'ab[x',
  'abA',
  'ab`x',
  'ab',
  'Zoë Núñez',
  'ZOË',
  'Émile',
  'émile',
  'Ωmega',
  '😀 smile',
  '😀😀',
  '\u{10FFFF}max',
  '\uD7FFedge',
  '\uE000edge',
  '~tilde',
  '',
]

/** Mostly increasing times: repeats, small and large steps back, a few far outliers. */
function nextTime(next: Random, previous: number): number {
  const roll = next()
  if (roll < 0.3) return previous
  if (roll < 0.88) return previous + Math.floor(next() * 5_000)
  if (roll < 0.98) return previous - Math.floor(next() * 600_000)
  return chance(next, 0.5) ? Date.parse('2030-01-01T00:00:00.000Z') : Date.parse('1999-12-31T23:59:59.999Z')
}

function randomEntries(next: Random, count: number, start = T0): NewLogEntry[] {
  const entries: NewLogEntry[] = []
  let time = start
  for (let index = 0; index < count; index++) {
    const drawn = nextTime(next, time)
    // Outliers do not move the clock.
    if (Math.abs(drawn - time) < 86_400_000) time = drawn
    const sourceDisplay = chance(next, 0.1) ? null : pick(next, DISPLAYS)
    const targetId = chance(next, 0.15) ? null : pick(next, TARGET_IDS)
    entries.push(
      logEntry({
        time: new Date(drawn).toISOString(),
        jobId: pick(next, JOBS),
        runId: pick(next, RUNS),
        changeId: `c${index}`,
        action: pick(next, LOG_ACTIONS),
        status: chance(next, 0.05) ? 'warning' : pick(next, LOG_STATUSES),
        sourceId: chance(next, 0.08) ? null : pick(next, SOURCE_IDS),
        sourceDisplay,
        targetId,
        targetDisplay:
          targetId === null
            ? null
            : chance(next, 0.6)
              ? sourceDisplay
              : chance(next, 0.5)
                ? (sourceDisplay?.toUpperCase() ?? null)
                : pick(next, DISPLAYS),
      })
    )
  }
  return entries
}

function insertInBatches(db: WritableDB, next: Random, entries: ReadonlyArray<NewLogEntry>): void {
  for (let at = 0; at < entries.length;) {
    const size = 1 + Math.floor(next() * 300)
    inTransaction(db, () => insertLogEntries(db, entries.slice(at, at + size)))
    at += size
  }
}

interface Row {
  readonly id: number
  readonly time: number
  readonly jobId: string
  readonly runId: string
  readonly status: LogStatus
  readonly action: LogAction
  readonly sourceId: string | null
  readonly sourceDisplay: string | null
  readonly targetId: string | null
  readonly targetDisplay: string | null
}

function allRows(db: WritableDB): Row[] {
  return db
    .prepare(
      `SELECT id, time, jobId, runId, status, action, sourceId, sourceDisplay, targetId, targetDisplay
        FROM logEntries`
    )
    .all() as Row[]
}

/** SQLite's NOCASE and LIKE fold ASCII letters only. */
const fold = (text: string) => text.replace(/[A-Z]/g, letter => letter.toLowerCase())

function matchesIdentity(row: Row, identity: string): boolean {
  const starts = (display: string | null) => display !== null && fold(display).includes(fold(identity))
  return (
    row.sourceId === identity ||
    row.targetId === identity ||
    starts(row.sourceDisplay) ||
    starts(row.targetDisplay)
  )
}

/** What the store must return: every row matching, sorted by id, cut to the limit. */
function reference(rows: ReadonlyArray<Row>, query: LogQuery, limit: number | null): number[] {
  const matching = rows.filter(
    row =>
      (query.jobId === undefined || row.jobId === query.jobId) &&
      (query.runId === undefined || row.runId === query.runId) &&
      (query.status === undefined || row.status === query.status) &&
      (query.action === undefined || row.action === query.action) &&
      (query.since === undefined || row.time >= query.since) &&
      (query.until === undefined || row.time <= query.until) &&
      (query.beforeId === undefined || row.id < query.beforeId) &&
      (query.identity === undefined || matchesIdentity(row, query.identity))
  )
  const ids = matching.map(row => row.id).sort((a, b) => (query.ascending === true ? a - b : b - a))
  return limit === null ? ids : ids.slice(0, limit)
}

function randomIdentity(next: Random, rows: ReadonlyArray<Row>): string {
  const roll = next()
  if (roll < 0.25) return pick(next, [...SOURCE_IDS, ...TARGET_IDS])
  if (roll < 0.4) {
    return pick(next, ['%', '_', '\\', '%%', 'a%', '100%', 'a_', 'A_B', 'ab@', 'AB@', 'ab[', 'ab`', 'É', 'é'])
  }
  if (roll < 0.45) return pick(next, ['Ω', '😀', '\u{10FFFF}', '\uD7FF', '~', 'z', 'nobody', 'E', ''])
  const display =
    pick(
      next,
      rows.map(row => row.sourceDisplay).filter(text => text !== null)
    ) ?? 'ada'
  const characters = Array.from(display).slice(0, 1 + Math.floor(next() * display.length))
  return characters.map(character => (chance(next, 0.3) ? character.toUpperCase() : character)).join('')
}

function randomTime(next: Random, rows: ReadonlyArray<Row>): number {
  const roll = next()
  const some = pick(next, rows)?.time ?? T0
  if (roll < 0.6) return some
  if (roll < 0.8) return some + (chance(next, 0.5) ? 1 : -1)
  if (roll < 0.9) return T0 + Math.floor(next() * 10 * 86_400_000)
  return pick(next, [0, Date.parse('2031-01-01T00:00:00.000Z'), Date.parse('2030-01-01T00:00:00.000Z')])
}

function randomQuery(next: Random, rows: ReadonlyArray<Row>): LogQuery {
  const maxId = rows.reduce((max, row) => Math.max(max, row.id), 0)
  const query: Record<string, unknown> = {}
  if (chance(next, 0.25)) query['jobId'] = pick(next, [...JOBS, 'job-none'])
  if (chance(next, 0.25)) query['runId'] = pick(next, RUNS)
  if (chance(next, 0.3)) query['status'] = pick(next, LOG_STATUSES)
  if (chance(next, 0.25)) query['action'] = pick(next, LOG_ACTIONS)
  if (chance(next, 0.35)) query['identity'] = randomIdentity(next, rows)
  if (chance(next, 0.3)) query['since'] = randomTime(next, rows)
  if (chance(next, 0.3)) query['until'] = randomTime(next, rows)
  if (chance(next, 0.3)) query['beforeId'] = 1 + Math.floor(next() * (maxId + 2))
  if (chance(next, 0.3)) query['ascending'] = true
  query['limit'] = pick(next, [1, 3, 10, 50, 100])
  return query as LogQuery
}

const ids = (entries: ReadonlyArray<{ id: number }>) => entries.map(entry => entry.id)

/** Every page (newest first, "load more" by beforeId), joined, equals the whole reference. */
function pagedIds(db: WritableDB, query: LogQuery, pageSize: number): number[] {
  const all: number[] = []
  let beforeId = query.beforeId
  for (let pages = 0; pages < 10_000; pages++) {
    const page = queryLogs(db, {
      ...query,
      ascending: false,
      limit: pageSize,
      ...(beforeId === undefined ? {} : { beforeId }),
    })
    all.push(...ids(page))
    if (page.length < pageSize) return all
    beforeId = page[page.length - 1]?.id
  }
  throw new Error('paging did not end')
}

function expectSameAsReference(db: WritableDB, next: Random, queries: number): void {
  const rows = allRows(db)
  let found = 0
  for (let index = 0; index < queries; index++) {
    const query = randomQuery(next, rows)
    const limit = query.limit ?? 100
    const expected = reference(rows, query, limit)
    if (expected.length > 0) found++
    expect(ids(queryLogs(db, query)), JSON.stringify(query)).toEqual(expected)
    if (index % 10 === 0) {
      const { limit: _limit, ascending: _ascending, ...filters } = query
      expect(ids([...iterateLogs(db, filters)]), JSON.stringify(filters)).toEqual(
        reference(rows, { ...filters, ascending: true }, null)
      )
      expect(pagedIds(db, filters, 37), JSON.stringify(filters)).toEqual(reference(rows, filters, null))
    }
  }
  // Not vacuous: most random queries find something.
  expect(found).toBeGreaterThan(queries / 3)
}

describe('log queries against a naive reference', () => {
  it('return the same rows in the same order for random filters, pages and exports', () => {
    const next = random(20_240_301)
    const { db } = openTempDatabase()
    insertInBatches(db, next, randomEntries(next, 3_000))
    expectSameAsReference(db, next, 600)
  })

  it('return the same full entries as the reference rows', () => {
    const next = random(7)
    const { db } = openTempDatabase()
    const entries = randomEntries(next, 500)
    insertInBatches(db, next, entries)
    const page = queryLogs(db, { identity: 'ada', limit: 10_000, ascending: true })
    expect(page.length).toBeGreaterThan(20)
    for (const entry of page) {
      const { id, ...stored } = entry
      expect(stored).toEqual(entries[id - 1])
    }
  })

  it('stay equal after pruning, after more entries, and after every entry is pruned and ids restart', () => {
    const next = random(99)
    const { db } = openTempDatabase()
    insertInBatches(db, next, randomEntries(next, 2_000))
    const cut = T0 + 2 * 3_600_000
    const before = allRows(db).filter(row => row.time < cut).length
    expect(inTransaction(db, () => pruneLogs(db, cut))).toBe(before)
    expect(allRows(db).every(row => row.time >= cut)).toBe(true)
    expectSameAsReference(db, next, 150)

    insertInBatches(db, next, randomEntries(next, 1_000, T0 - 86_400_000))
    expectSameAsReference(db, next, 150)

    inTransaction(db, () => pruneLogs(db, Date.parse('2040-01-01T00:00:00.000Z')))
    expect(allRows(db)).toEqual([])
    insertInBatches(db, next, randomEntries(next, 1_000, T0 + 86_400_000))
    expect(Math.min(...allRows(db).map(row => row.id))).toBe(1)
    expectSameAsReference(db, next, 150)
  })

  it('find every entry of a dense prefix whichever way the query reads them', () => {
    const next = random(5)
    const { db } = openTempDatabase()
    const dense = randomEntries(next, 3_000).map((entry, index) =>
      index % 3 === 0 ? entry : { ...entry, sourceDisplay: `Dense${index}`, targetDisplay: null }
    )
    insertInBatches(db, next, dense)
    const rows = allRows(db)
    for (const query of [
      { identity: 'dense' },
      { identity: 'DENSE1' },
      { identity: 'dense', status: 'failure' },
      { identity: 'dense', jobId: 'job-b', action: 'create' },
      { identity: 'dense', ascending: true },
      { identity: 'dense', beforeId: 1_500 },
      { identity: 'dense', since: rows[2_000]?.time },
    ] as LogQuery[]) {
      expect(ids(queryLogs(db, query)), JSON.stringify(query)).toEqual(reference(rows, query, 100))
      expect(ids([...iterateLogs(db, query)])).toEqual(reference(rows, { ...query, ascending: true }, null))
    }
  })

  it('cover entries written before migration 20 (buckets and name tables are filled from them)', () => {
    const next = random(42)
    const db = closeAfterTest(new Database(join(makeTempDir(), 'v10.db'))) as unknown as WritableDB
    migrate(
      db,
      MIGRATIONS.filter(migration => migration.version <= 10)
    )
    insertInBatches(db, next, randomEntries(next, 1_500))
    migrate(db)
    const rows = allRows(db)
    expect(db.prepare('SELECT count(*) FROM logTimeBuckets').pluck().get()).toBeGreaterThan(0)
    expect(db.prepare('SELECT count(*) FROM logDisplayNames').pluck().get()).toBeGreaterThan(0)
    expect(db.prepare('SELECT count(*) FROM logTargetOwners').pluck().get()).toBeGreaterThan(0)
    expectSameAsReference(db, next, 200)
    insertInBatches(db, next, randomEntries(next, 500, T0 + 86_400_000))
    expect(allRows(db).length).toBe(rows.length + 500)
    expectSameAsReference(db, next, 100)
  })
})

describe('identity matching', () => {
  /** The identity predicate without indexes: LIKE with `\`, `%` and `_` escaped, anywhere in a name. */
  function legacyIds(db: WritableDB, identity: string): number[] {
    const pattern = `%${identity.replace(/[\\%_]/g, match => `\\${match}`)}%`
    return db
      .prepare(
        `SELECT id FROM logEntries WHERE sourceId = @identity OR targetId = @identity
          OR sourceDisplay LIKE @pattern ESCAPE '\\' OR targetDisplay LIKE @pattern ESCAPE '\\' ORDER BY id`
      )
      .pluck()
      .all({ identity, pattern }) as number[]
  }

  it('the reference agrees with the LIKE … ESCAPE query it replaces', () => {
    const next = random(11)
    const { db } = openTempDatabase()
    insertInBatches(db, next, randomEntries(next, 1_500))
    const rows = allRows(db)
    for (let index = 0; index < 300; index++) {
      const identity = randomIdentity(next, rows)
      expect(legacyIds(db, identity), identity).toEqual(
        rows.filter(row => matchesIdentity(row, identity)).map(row => row.id)
      )
    }
  })

  it('matches exactly as LIKE did for unpaired surrogates, U+FFFD-U+FFFF and NUL, in names or searches', () => {
    const odd = [
      'a\uD800b',
      'a\uDC00',
      'a\uFFFDb',
      'a\uFFFEb',
      'a\uFFFF',
      'a\u0000b',
      'a😀',
      'a\uD83D',
      'ab',
      'A\uFFFD',
    ]
    const { db } = openTempDatabase()
    insertLogEntries(
      db,
      odd.flatMap((name, index) => [
        logEntry({ changeId: `s${index}`, sourceId: `S${index}`, sourceDisplay: name, targetDisplay: null }),
        logEntry({
          changeId: `n${index}`,
          sourceId: null,
          sourceDisplay: null,
          targetId: null,
          targetDisplay: name,
        }),
      ])
    )
    for (const identity of [
      ...odd,
      'a',
      'a\uD800',
      'a\uFFFD',
      'A\uFFFE',
      '\u0000',
      'a\u0000',
      'a\uDBFF\uDFFF',
    ]) {
      const expected = legacyIds(db, identity)
      expect(
        ids(queryLogs(db, { identity, limit: 1_000, ascending: true })),
        JSON.stringify(identity)
      ).toEqual(expected)
    }
  })
})

describe('time bounds from time buckets', () => {
  it('include entries whose time is far out of id order', () => {
    const { db } = openTempDatabase()
    const at = (ms: number) => new Date(T0 + ms).toISOString()
    insertLogEntries(db, [
      ...Array.from({ length: 3_000 }, (_, index) =>
        logEntry({ changeId: `a${index}`, time: at(index * 1_000) })
      ),
      logEntry({ changeId: 'late-but-old', time: at(-10_000_000) }),
      logEntry({ changeId: 'future', time: at(100_000_000_000) }),
      ...Array.from({ length: 10 }, (_, index) =>
        logEntry({ changeId: `b${index}`, time: at(3_000_000 + index) })
      ),
    ])
    const changes = (query: LogQuery) =>
      queryLogs(db, { limit: 10_000, ...query }).map(entry => entry.changeId)
    expect(changes({ until: T0 - 1 })).toEqual(['late-but-old'])
    expect(changes({ since: T0 + 10_000_000 })).toEqual(['future'])
    expect(changes({ since: T0 + 2_999_000, until: T0 + 3_000_005 })).toEqual([
      'b5',
      'b4',
      'b3',
      'b2',
      'b1',
      'b0',
      'a2999',
    ])
  })

  it('is also how pruning finds old entries, and a pruned bucket is re-measured', () => {
    const { db } = openTempDatabase()
    const at = (ms: number) => new Date(T0 + ms).toISOString()
    insertLogEntries(db, [
      ...Array.from({ length: 2_500 }, (_, index) => logEntry({ changeId: `a${index}`, time: at(index) })),
      logEntry({ changeId: 'old', time: at(-1) }),
    ])
    expect(pruneLogs(db, T0 + 1_500)).toBe(1_501)
    const buckets = db.prepare('SELECT bucket, minTime, maxTime FROM logTimeBuckets ORDER BY bucket').all()
    expect(buckets).toEqual([
      // ids 1,501-2,047 and 2,048-2,500 (id n has time n - 1); 'old' (id 2,501) is gone.
      { bucket: 1, minTime: T0 + 1_500, maxTime: T0 + 2_046 },
      { bucket: 2, minTime: T0 + 2_047, maxTime: T0 + 2_499 },
    ])
    expect(queryLogs(db, { until: T0 + 1_600, limit: 1_000 })).toHaveLength(101)
  })
})

it('opens with the same schema whichever way it was reached (fresh or from version 10)', () => {
  const fresh = openTempDatabase().db
  const stepped = closeAfterTest(new Database(join(makeTempDir(), 'stepped.db'))) as unknown as WritableDB
  migrate(
    stepped,
    MIGRATIONS.filter(migration => migration.version <= 10)
  )
  migrate(stepped)
  const schema = (db: WritableDB) =>
    db.prepare(`SELECT type, name, sql FROM sqlite_master WHERE name LIKE 'log%' ORDER BY name`).all()
  expect(schema(stepped)).toEqual(schema(fresh))
})
