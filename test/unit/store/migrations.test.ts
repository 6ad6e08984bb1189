import Database from 'better-sqlite3'
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { openDatabase, type WritableDB } from '../../../main/store/database'
import { getJob, listJobs } from '../../../main/store/jobs-store'
import {
  DatabaseFromFutureError,
  getSchemaVersion,
  LATEST_SCHEMA_VERSION,
  migrate,
  type Migration,
  MIGRATIONS,
} from '../../../main/store/migrations'
import { insertLogEntries } from '../../../main/store/logs-store'
import { closeAfterTest, logEntry, openTempDatabase, seedJob } from '../../helpers/store-fixtures'
import { makeTempDir } from '../../helpers/temp-dir'

function rawDatabase(file: string): WritableDB {
  return closeAfterTest(new Database(file)) as unknown as WritableDB
}

/** A job row written as any schema version has it (saveJob writes the newest columns). */
function seedJobRow(db: WritableDB, id: string): void {
  db.prepare(
    `INSERT INTO jobs (id, name, configJson, configPath, createdAt, updatedAt) VALUES (?, ?, '{}', NULL, 1, 1)`
  ).run(id, `Job ${id}`)
}

function names(db: WritableDB, type: 'table' | 'index'): string[] {
  return (
    db
      .prepare(`SELECT name FROM sqlite_master WHERE type = ? AND name NOT LIKE 'sqlite_%' ORDER BY name`)
      .all(type) as { name: string }[]
  ).map(row => row.name)
}

function fileHash(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex')
}

describe('schema migrations', () => {
  it('lists migrations in strictly increasing order, ending at LATEST_SCHEMA_VERSION', () => {
    const versions = MIGRATIONS.map(migration => migration.version)
    expect(versions).toEqual([...versions].sort((a, b) => a - b))
    expect(new Set(versions).size).toBe(versions.length)
    expect(versions.at(-1)).toBe(LATEST_SCHEMA_VERSION)
    expect(LATEST_SCHEMA_VERSION).toBeGreaterThanOrEqual(10)
  })

  /** A real file migrated only up to `version`. */
  function migratedTo(version: number): WritableDB {
    const db = rawDatabase(join(makeTempDir(), `v${version}.db`))
    db.pragma('foreign_keys = ON')
    migrate(
      db,
      MIGRATIONS.filter(migration => migration.version <= version)
    )
    return db
  }

  function schemaOf(db: WritableDB): Array<{ type: string; name: string; sql: string | null }> {
    return db
      .prepare(`SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name`)
      .all() as Array<{ type: string; name: string; sql: string | null }>
  }

  describe('0010-initial', () => {
    it('creates the jobs, runs, links, log and journal tables with their indexes', () => {
      const db = migratedTo(10)
      expect(getSchemaVersion(db)).toBe(10)
      expect(names(db, 'table')).toEqual(['jobs', 'journal', 'links', 'logEntries', 'runs'])
      expect(names(db, 'index')).toEqual([
        'journal_by_run',
        'journal_pending',
        'links_by_target',
        'log_by_action',
        'log_by_job_time',
        'log_by_run',
        'log_by_source',
        'log_by_status',
        'log_by_target',
        'log_by_time',
        'runs_by_job',
      ])
    })

    it('makes links_by_target unique, so one account can never be linked twice in a job', () => {
      const db = migratedTo(10)
      const index = db.prepare(`SELECT sql FROM sqlite_master WHERE name = 'links_by_target'`).get() as {
        sql: string
      }
      expect(index.sql).toMatch(/CREATE UNIQUE INDEX/)
    })

    it('creates STRICT tables that refuse a value of the wrong type', () => {
      const db = migratedTo(10)
      expect(() =>
        db
          .prepare(
            `INSERT INTO jobs (id, name, configJson, configPath, createdAt, updatedAt) VALUES ('j', 'J', '{}', NULL, 'yesterday', 1)`
          )
          .run()
      ).toThrow(/cannot store TEXT value in INTEGER column/)
    })
  })

  describe.runIf(MIGRATIONS.some(migration => migration.version === 20))('0020-safety-and-resilience', () => {
    it('adds quarantine, escrow and staged-operation tables and keeps existing runs as sync runs', () => {
      const db = migratedTo(10)
      seedJobRow(db, 'job-1')
      db.prepare(
        `INSERT INTO runs (id, jobId, mode, status, startedAt) VALUES ('r1', 'job-1', 'apply', 'completed', 1)`
      ).run()
      migrate(
        db,
        MIGRATIONS.filter(migration => migration.version <= 20)
      )
      expect(getSchemaVersion(db)).toBe(20)
      expect(names(db, 'table')).toEqual(expect.arrayContaining(['jobState', 'escrow', 'stagedOperations']))
      expect(db.prepare(`SELECT id, kind, relatedRunId FROM runs`).all()).toEqual([
        { id: 'r1', kind: 'sync', relatedRunId: null },
      ])
      expect(getJob(db, 'job-1')?.name).toBe('Job job-1')
    })
  })

  describe('0030-relinking-and-run-hosts', () => {
    it('records how existing links were made (created per the journal, else matched) and adds decisions and run hosts', () => {
      const db = migratedTo(20)
      seedJobRow(db, 'job-1')
      db.exec(`
        INSERT INTO runs (id, jobId, mode, status, startedAt) VALUES ('r1', 'job-1', 'apply', 'completed', 1);
        INSERT INTO links (jobId, objectType, sourceId, targetId, state, createdAt, updatedAt, stateChangedAt)
          VALUES ('job-1', 'user', 'E1', 'T1', 'active', 1, 1, 1), ('job-1', 'user', 'E2', 'T2', 'active', 1, 1, 1),
                 ('job-1', 'user', 'E3', 'T3', 'active', 1, 1, 1);
        INSERT INTO journal (runId, jobId, changeId, objectType, sourceId, targetId, operation, intentJson, state,
            resultJson, startedAt)
          VALUES ('r1', 'job-1', 'c1', 'user', 'E1', 'T1', 'create', '{}', 'succeeded', '{"status":"created"}', 1),
                 ('r1', 'job-1', 'c2', 'user', 'E2', 'T2', 'create', '{}', 'succeeded', '{"status":"adopted"}', 1),
                 ('r1', 'job-1', 'c3', 'user', 'E3', 'T3', 'create', '{}', 'failed', '{"status":"created"}', 1);
      `)
      migrate(
        db,
        MIGRATIONS.filter(migration => migration.version <= 30)
      )
      expect(db.prepare('SELECT sourceId, origin, relinkedFrom FROM links ORDER BY sourceId').all()).toEqual([
        { sourceId: 'E1', origin: 'created', relinkedFrom: null },
        { sourceId: 'E2', origin: 'matched', relinkedFrom: null },
        { sourceId: 'E3', origin: 'matched', relinkedFrom: null },
      ])
      expect(db.prepare('SELECT id, host FROM runs').all()).toEqual([{ id: 'r1', host: null }])
      expect(names(db, 'table')).toContain('matchDecisions')
      expect(() =>
        db.prepare(`INSERT INTO matchDecisions VALUES ('job-1', 'user', 'E9', 'link', 1)`).run()
      ).toThrow(/CHECK constraint/)
    })
  })

  describe('0050-logs-at-scale-and-live-runs', () => {
    it('indexes existing and new display names by trigram, and gives earlier conflicts their own action', () => {
      const db = migratedTo(30)
      const insert = (changeId: string, action: string, errorCode: string | null, display: string) =>
        insertLogEntries(db, [
          logEntry({ changeId, action: action as 'other', errorCode, sourceDisplay: display }),
        ])
      insert('c1', 'other', 'DuplicateTargetEntries', 'Ada Lovelace')
      insert('c2', 'other', 'DuplicateSourceEntries', 'Ada Lovelace')
      insert('c3', 'other', null, 'Ada Lovelace')
      insert('c4', 'update', 'DuplicateTargetEntries', 'Ada Lovelace')
      migrate(
        db,
        MIGRATIONS.filter(migration => migration.version <= 50)
      )
      expect(db.prepare('SELECT changeId, action FROM logEntries ORDER BY id').all()).toEqual([
        { changeId: 'c1', action: 'conflict' },
        { changeId: 'c2', action: 'conflict' },
        { changeId: 'c3', action: 'other' },
        { changeId: 'c4', action: 'update' },
      ])
      const byTrigram = (text: string) =>
        db.prepare(`SELECT name FROM logNameTrigrams WHERE logNameTrigrams MATCH ?`).pluck().all(`"${text}"`)
      expect(byTrigram('LOVEL')).toEqual(['Ada Lovelace'])
      insertLogEntries(db, [logEntry({ changeId: 'c5', sourceId: 'E2', sourceDisplay: 'Grace Hopper' })])
      expect(byTrigram('hopp')).toEqual(['Grace Hopper'])
      // One indexed row per name, however many entries carry it.
      const count = (table: string) => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get()
      expect(count('logNameTrigrams')).toBe(count('logDisplayNames'))
      expect(count('logNameTrigrams')).toBe(4)
      expect(db.prepare('SELECT progressDone, unmanagedCount FROM runs').all()).toEqual([])
      expect(names(db, 'table')).toContain('plannedOperations')
    })
  })

  describe('0060-removed-jobs', () => {
    it('keeps every existing job listed', () => {
      const db = migratedTo(40)
      seedJobRow(db, 'job-1')
      migrate(
        db,
        MIGRATIONS.filter(migration => migration.version <= 60)
      )
      expect(listJobs(db).map(job => job.id)).toEqual(['job-1'])
      expect(db.prepare('SELECT removedAt FROM jobs').all()).toEqual([{ removedAt: null }])
    })
  })

  describe('a fresh file opened by the app', () => {
    it('reaches LATEST_SCHEMA_VERSION, in WAL mode with foreign keys on', () => {
      const { db, file } = openTempDatabase()
      expect(getSchemaVersion(db)).toBe(LATEST_SCHEMA_VERSION)
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
      expect(db.name).toBe(file)
    })

    it('has the same schema as a file migrated one version at a time', () => {
      const { db } = openTempDatabase()
      const stepwise = rawDatabase(join(makeTempDir(), 'stepwise.db'))
      for (const migration of MIGRATIONS) {
        migrate(
          stepwise,
          MIGRATIONS.filter(candidate => candidate.version <= migration.version)
        )
        expect(getSchemaVersion(stepwise)).toBe(migration.version)
      }
      expect(schemaOf(db)).toEqual(schemaOf(stepwise))
      expect(names(db, 'table')).toEqual(
        expect.arrayContaining(['jobs', 'journal', 'links', 'logEntries', 'runs'])
      )
    })
  })

  it('re-opening a current database runs no migration and keeps its data', () => {
    const { db, file } = openTempDatabase()
    seedJob(db, 'kept', 1_234)
    db.close()

    const reopened = closeAfterTest(openDatabase(file))
    expect(getSchemaVersion(reopened)).toBe(LATEST_SCHEMA_VERSION)
    expect(getJob(reopened, 'kept')?.createdAt).toBe(new Date(1_234).toISOString())

    const update = vi.fn()
    const again: Migration[] = [...MIGRATIONS.slice(0, -1), { version: LATEST_SCHEMA_VERSION, update }]
    expect(migrate(reopened, again)).toBe(LATEST_SCHEMA_VERSION)
    expect(update).not.toHaveBeenCalled()
  })

  it('applies only the migrations newer than the file, then records the newest version', () => {
    const file = join(makeTempDir(), 'partial.db')
    const db = rawDatabase(file)
    const first = vi.fn((target: WritableDB) => target.exec('CREATE TABLE a (x INTEGER)'))
    expect(migrate(db, [{ version: 10, update: first }])).toBe(10)

    const again = vi.fn()
    const second = vi.fn((target: WritableDB) => target.exec('CREATE TABLE b (x INTEGER)'))
    const third = vi.fn((target: WritableDB) => target.exec('CREATE TABLE c (x INTEGER)'))
    expect(
      migrate(db, [
        { version: 10, update: again },
        { version: 20, update: second },
        { version: 30, update: third },
      ])
    ).toBe(30)
    expect(first).toHaveBeenCalledTimes(1)
    expect(again).not.toHaveBeenCalled()
    expect(second).toHaveBeenCalledTimes(1)
    expect(third).toHaveBeenCalledTimes(1)
    expect(getSchemaVersion(db)).toBe(30)
    expect(names(db, 'table')).toEqual(['a', 'b', 'c'])
  })

  describe('a database written by a newer Provisioner', () => {
    function futureFile(journalMode: 'wal' | 'delete'): string {
      const file = join(makeTempDir(), `future-${journalMode}.db`)
      const raw = new Database(file)
      raw.pragma(`journal_mode = ${journalMode}`)
      raw.exec(
        `CREATE TABLE futureThings (id INTEGER PRIMARY KEY, what TEXT); INSERT INTO futureThings (what) VALUES ('x')`
      )
      raw.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 990}`)
      raw.close()
      return file
    }

    it.each(['wal', 'delete'] as const)(
      'is refused with DatabaseFromFutureError and left byte-for-byte untouched (%s journal)',
      journalMode => {
        const file = futureFile(journalMode)
        const before = fileHash(file)
        let caught: unknown
        try {
          openDatabase(file)
        } catch (error) {
          caught = error
        }
        expect(caught).toBeInstanceOf(DatabaseFromFutureError)
        const error = caught as DatabaseFromFutureError
        expect(error.fileVersion).toBe(LATEST_SCHEMA_VERSION + 990)
        expect(error.appVersion).toBe(LATEST_SCHEMA_VERSION)
        expect(error.message).toMatch(/Update Provisioner, or point --home at another folder/)
        expect(fileHash(file)).toBe(before)

        const check = rawDatabase(file)
        expect(getSchemaVersion(check)).toBe(LATEST_SCHEMA_VERSION + 990)
        expect(names(check, 'table')).toEqual(['futureThings'])
        expect(check.pragma('journal_mode', { simple: true })).toBe(journalMode)
      }
    )

    it('is refused by migrate() with a custom list too, without running anything', () => {
      const db = rawDatabase(join(makeTempDir(), 'ahead.db'))
      db.pragma('user_version = 40')
      const update = vi.fn()
      expect(() => migrate(db, [{ version: 30, update }])).toThrow(DatabaseFromFutureError)
      expect(update).not.toHaveBeenCalled()
      expect(getSchemaVersion(db)).toBe(40)
    })
  })

  describe('a failing migration', () => {
    it('rolls back every step of the run, including earlier successful ones, and keeps the version', () => {
      const db = rawDatabase(join(makeTempDir(), 'fails.db'))
      migrate(db, [{ version: 10, update: target => target.exec('CREATE TABLE base (x INTEGER)') }])
      db.prepare('INSERT INTO base (x) VALUES (1)').run()

      const failing: Migration[] = [
        { version: 10, update: target => target.exec('CREATE TABLE base (x INTEGER)') },
        {
          version: 20,
          update: target => {
            target.exec('CREATE TABLE added (y INTEGER); INSERT INTO base (x) VALUES (2)')
          },
        },
        {
          version: 30,
          update: target => {
            target.exec('CREATE TABLE half (z INTEGER)')
            throw new Error('migration 30 broke')
          },
        },
      ]
      expect(() => migrate(db, failing)).toThrow('migration 30 broke')
      expect(getSchemaVersion(db)).toBe(10)
      expect(names(db, 'table')).toEqual(['base'])
      expect(db.prepare('SELECT x FROM base').pluck().all()).toEqual([1])
    })

    it('leaves a fresh file at version 0 with no tables', () => {
      const db = rawDatabase(join(makeTempDir(), 'fresh-fail.db'))
      expect(() =>
        migrate(db, [
          { version: 10, update: target => target.exec('CREATE TABLE t1 (x INTEGER)') },
          { version: 20, update: target => target.exec('CREATE TABLE t1 (x INTEGER)') },
        ])
      ).toThrow(/already exists/)
      expect(getSchemaVersion(db)).toBe(0)
      expect(names(db, 'table')).toEqual([])
    })
  })

  it.each([
    ['descending', [20, 10]],
    ['repeated', [10, 10]],
    ['descending later in the list', [10, 30, 20]],
  ])('refuses %s versions before running anything', (_label, versions) => {
    const db = rawDatabase(join(makeTempDir(), 'order.db'))
    const update = vi.fn()
    const list = versions.map(version => ({ version, update }))
    expect(() => migrate(db, list)).toThrow(/Migration versions are not monotonic/)
    expect(update).not.toHaveBeenCalled()
    expect(getSchemaVersion(db)).toBe(0)
  })
})
