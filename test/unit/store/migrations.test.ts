import Database from 'better-sqlite3'
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { openDatabase, type WritableDB } from '../../../main/store/database'
import { loadSourcePeople, loadTargetListing } from '../../../main/store/access-store'
import { deleteJobHistory, getJob, listJobs } from '../../../main/store/jobs-store'
import {
  DatabaseFromFutureError,
  getSchemaVersion,
  LATEST_SCHEMA_VERSION,
  migrate,
  type Migration,
  MIGRATIONS,
} from '../../../main/store/migrations'
import { insertLogEntries } from '../../../main/store/logs-store'
import {
  countPlannedOperations,
  hasPlannedOperations,
  type PlannedOperationQuery,
  queryPlannedOperations,
  savePlannedOperations,
} from '../../../main/store/planned-operations-store'
import { createRun } from '../../../main/store/runs-store'
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

  describe('0120-lean-plans-and-listings', () => {
    /** A plan's row as versions 50–110 stored it: the run's id in every row, changes as objects. */
    function oldOperation(
      db: WritableDB,
      id: number,
      runId: string,
      fields: { action: string; sourceId: string; display: string; changes?: unknown[]; warnings?: string[] }
    ): void {
      db.prepare(
        `INSERT INTO plannedOperations (id, runId, objectType, action, sourceId, targetId, display, changesJson,
           reason, errorCode, warningsJson) VALUES (?, ?, 'user', ?, ?, ?, ?, ?, ?, NULL, ?)`
      ).run(
        id,
        runId,
        fields.action,
        fields.sourceId,
        fields.action === 'create' ? null : `T-${fields.sourceId}`,
        fields.display,
        JSON.stringify(fields.changes ?? []),
        fields.action === 'skip' ? 'Out of scope' : null,
        fields.warnings === undefined ? null : JSON.stringify(fields.warnings)
      )
    }

    function plansAt110(): WritableDB {
      const db = migratedTo(110)
      seedJobRow(db, 'job-1')
      seedJobRow(db, 'job-2')
      createRun(db, { id: 'dry-a', jobId: 'job-1', mode: 'dry-run' }, 1_000)
      createRun(db, { id: 'dry-b', jobId: 'job-2', mode: 'dry-run' }, 2_000)
      createRun(db, { id: 'dry-empty', jobId: 'job-1', mode: 'dry-run' }, 3_000)
      const title = { path: 'title', from: 'Engineer', to: 'Lead' }
      const manager = { path: 'manager', from: null, to: { value: 'T-E0', displayName: 'Ada' } }
      oldOperation(db, 10, 'dry-a', {
        action: 'update',
        sourceId: 'E1',
        display: 'Ada Lovelace',
        changes: [title],
      })
      oldOperation(db, 11, 'dry-a', { action: 'unchanged', sourceId: 'E2', display: 'Grace Hopper' })
      // Another run's rows between two of this run's: the copy keeps each plan whole and in order.
      oldOperation(db, 20, 'dry-b', {
        action: 'create',
        sourceId: 'E9',
        display: 'Alan Turing',
        changes: [manager],
      })
      oldOperation(db, 30, 'dry-a', {
        action: 'create',
        sourceId: 'E3',
        display: 'Katherine Johnson',
        changes: [{ path: 'userName', to: 'kj@example.com' }, manager],
        warnings: ['Manager left out'],
      })
      oldOperation(db, 31, 'dry-a', { action: 'skip', sourceId: 'E4', display: 'Linus' })
      return db
    }

    it('keeps every stored plan reading as before: plan order, filters, search, counts and changes', () => {
      const db = plansAt110()
      migrate(
        db,
        MIGRATIONS.filter(migration => migration.version <= 120)
      )
      const page = queryPlannedOperations(db, { runId: 'dry-a' }, 10)
      expect(page.map(operation => ({ ...operation, id: 0 }))).toEqual([
        {
          id: 0,
          objectType: 'user',
          action: 'update',
          sourceId: 'E1',
          targetId: 'T-E1',
          display: 'Ada Lovelace',
          changes: [{ path: 'title', from: 'Engineer', to: 'Lead' }],
          reason: null,
          errorCode: null,
        },
        {
          id: 0,
          objectType: 'user',
          action: 'unchanged',
          sourceId: 'E2',
          targetId: 'T-E2',
          display: 'Grace Hopper',
          changes: [],
          reason: null,
          errorCode: null,
        },
        {
          id: 0,
          objectType: 'user',
          action: 'create',
          sourceId: 'E3',
          targetId: null,
          display: 'Katherine Johnson',
          changes: [
            { path: 'userName', to: 'kj@example.com' },
            { path: 'manager', from: null, to: { value: 'T-E0', displayName: 'Ada' } },
          ],
          reason: null,
          errorCode: null,
          warnings: ['Manager left out'],
        },
        {
          id: 0,
          objectType: 'user',
          action: 'skip',
          sourceId: 'E4',
          targetId: 'T-E4',
          display: 'Linus',
          changes: [],
          reason: 'Out of scope',
          errorCode: null,
        },
      ])
      const ids = page.map(operation => operation.id)
      expect(ids).toEqual([...ids].sort((a, b) => a - b))
      expect(page[2]?.changes[0]).not.toHaveProperty('from')
      const sources = (query: Omit<PlannedOperationQuery, 'runId'>) =>
        queryPlannedOperations(db, { runId: 'dry-a', ...query }, 10).map(operation => operation.sourceId)
      expect(sources({ action: 'create' })).toEqual(['E3'])
      expect(sources({ hideUnchanged: true })).toEqual(['E1', 'E3', 'E4'])
      expect(sources({ search: 'hopp' })).toEqual(['E2'])
      expect(sources({ afterId: ids[1] as number })).toEqual(['E3', 'E4'])
      expect(sources({ beforeId: ids[2] as number })).toEqual(['E2', 'E1'])
      expect(countPlannedOperations(db, { runId: 'dry-a' })).toBe(4)
      expect(countPlannedOperations(db, { runId: 'dry-a', hideUnchanged: true })).toBe(3)
      expect(countPlannedOperations(db, { runId: 'dry-a', action: 'skip' })).toBe(1)
      expect(queryPlannedOperations(db, { runId: 'dry-b' }, 10).map(operation => operation.sourceId)).toEqual(
        ['E9']
      )
      expect(['dry-a', 'dry-b', 'dry-empty'].map(runId => hasPlannedOperations(db, runId))).toEqual([
        true,
        true,
        false,
      ])
    })

    it('stores new plans after the migrated ones, and still drops a deleted job’s plans', () => {
      const db = plansAt110()
      migrate(
        db,
        MIGRATIONS.filter(migration => migration.version <= 120)
      )
      createRun(db, { id: 'dry-c', jobId: 'job-2', mode: 'dry-run' }, 4_000)
      savePlannedOperations(db, 'dry-c', [
        {
          objectType: 'user',
          action: 'create',
          sourceId: 'E5',
          targetId: null,
          display: 'Margaret Hamilton',
          changes: [{ path: 'title', from: null, to: 'Director' }],
          reason: null,
          errorCode: null,
        },
      ])
      const [stored] = queryPlannedOperations(db, { runId: 'dry-c' }, 10)
      const migratedIds = queryPlannedOperations(db, { runId: 'dry-a' }, 10).map(operation => operation.id)
      expect(stored?.id).toBeGreaterThan(Math.max(...migratedIds))
      expect(stored?.changes).toEqual([{ path: 'title', from: null, to: 'Director' }])
      deleteJobHistory(db, 'job-2')
      expect(db.prepare('SELECT count(*) FROM plannedOperations').pluck().get()).toBe(4)
      expect(hasPlannedOperations(db, 'dry-a')).toBe(true)
      expect(countPlannedOperations(db, { runId: 'dry-a' })).toBe(4)
    })

    it('keeps each job’s last listing and who its source held, in id order', () => {
      const db = migratedTo(110)
      seedJobRow(db, 'job-1')
      seedJobRow(db, 'job-2')
      db.exec(`
        INSERT INTO targetListings (jobId, listedAt, runId, accountCount) VALUES ('job-1', 5000, 'r1', 2),
          ('job-2', 6000, NULL, 0);
        INSERT INTO targetAccounts (jobId, targetId, userName, displayName, active) VALUES
          ('job-1', 'u2', 'b@x', NULL, 0), ('job-1', 'u1', 'a@x', 'Ada', 1);
        INSERT INTO sourcePeople (jobId, sourceId, display) VALUES ('job-1', 'p2', NULL), ('job-1', 'p1', 'Ada'),
          ('job-2', 'q1', 'Grace');
      `)
      migrate(
        db,
        MIGRATIONS.filter(migration => migration.version <= 120)
      )
      expect(loadTargetListing(db, 'job-1')).toEqual({
        listedAt: new Date(5_000).toISOString(),
        accounts: [
          { targetId: 'u1', userName: 'a@x', displayName: 'Ada', active: true },
          { targetId: 'u2', userName: 'b@x', displayName: null, active: false },
        ],
      })
      expect(loadTargetListing(db, 'job-2')).toEqual({
        listedAt: new Date(6_000).toISOString(),
        accounts: [],
      })
      expect([...loadSourcePeople(db, 'job-1')]).toEqual([
        ['p1', 'Ada'],
        ['p2', null],
      ])
      expect([...loadSourcePeople(db, 'job-2')]).toEqual([['q1', 'Grace']])
      expect(names(db, 'table')).not.toContain('targetAccounts')
      expect(names(db, 'table')).not.toContain('sourcePeople')
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
