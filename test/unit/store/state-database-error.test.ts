import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { stateFileOf } from '../../../main/cli/command-line'
import type { CliIo } from '../../../main/cli/output'
import { openDatabase } from '../../../main/store/database'
import {
  asStateDatabaseError,
  StateDatabaseError,
  stateProblemOf,
} from '../../../main/store/state-database-error'
import { closeAfterTest } from '../../helpers/store-fixtures'
import { makeTempDir } from '../../helpers/temp-dir'

/** The error SQLite gives when the database cannot grow: what a full disk gives mid-run. */
function databaseFullError(): unknown {
  const db = closeAfterTest(new Database(join(makeTempDir(), 'full.db')))
  db.exec('CREATE TABLE filler (text)')
  db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`)
  try {
    db.prepare('INSERT INTO filler VALUES (?)').run('x'.repeat(100_000))
  } catch (error) {
    return error
  }
  throw new Error('expected SQLITE_FULL')
}

function errnoError(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: something`), { code })
}

describe('state database problems', () => {
  it('names the file, what is wrong and what to do when the disk is full', () => {
    const error = asStateDatabaseError(databaseFullError(), '/home/ada/.config/Provisioner/provisioner.db')
    expect(error).toBeInstanceOf(StateDatabaseError)
    expect(error?.problem).toBe('full')
    expect(error?.message).toBe(
      'the state database /home/ada/.config/Provisioner/provisioner.db cannot grow: the disk holding it is ' +
        'full (database or disk is full). Free space on that disk and run again: the next run reconciles a ' +
        'run this cut short.'
    )
  })

  it('tells damaged, read-only and unreadable files apart by their SQLite codes', () => {
    const sqlite = (code: string) => new Database.SqliteError('x', code)
    expect(stateProblemOf(sqlite('SQLITE_NOTADB'))).toBe('damaged')
    expect(stateProblemOf(sqlite('SQLITE_CORRUPT_INDEX'))).toBe('damaged')
    expect(stateProblemOf(sqlite('SQLITE_READONLY_DBMOVED'))).toBe('read-only')
    expect(stateProblemOf(sqlite('SQLITE_IOERR_WRITE'))).toBe('unreadable')
    expect(stateProblemOf(sqlite('SQLITE_CANTOPEN'))).toBe('unreadable')
  })

  it('leaves errors that are not about the file alone (a bug is not the disk)', () => {
    expect(asStateDatabaseError(new Database.SqliteError('x', 'SQLITE_CONSTRAINT_UNIQUE'), 'f')).toBeNull()
    expect(asStateDatabaseError(new Error('boom'), 'f')).toBeNull()
    // A system error may be about any file (a plan written to a full disk), unless it came from opening the state.
    expect(asStateDatabaseError(errnoError('ENOSPC'), 'f')).toBeNull()
    expect(asStateDatabaseError(errnoError('ENOSPC'), 'f', true)?.problem).toBe('full')
    expect(asStateDatabaseError(errnoError('EACCES'), 'f', true)?.problem).toBe('read-only')
  })

  it('opening a damaged file or a folder that is a file says so, naming the file', () => {
    const dir = makeTempDir()
    const damaged = join(dir, 'provisioner.db')
    writeFileSync(damaged, 'not a database'.repeat(100))
    expect(() => openDatabase(damaged)).toThrow(
      `the state database ${damaged} is damaged (file is not a database). Move it aside`
    )
    const blocked = join(dir, 'provisioner.db', 'state', 'provisioner.db')
    expect(() => openDatabase(blocked)).toThrow(/^the state database .* cannot be read or written \(ENOTDIR/)
  })
})

describe('the state file a command uses', () => {
  const io = { env: { PROVISIONER_HOME: '/srv/provisioner' }, cwd: '/' } as unknown as CliIo

  it('follows --home, then PROVISIONER_HOME', () => {
    expect(stateFileOf('apply', ['--job', 'job.json', '--home', '/h', '--yes'], io)).toBe('/h/provisioner.db')
    expect(stateFileOf('logs', ['--home=/h2'], io)).toBe('/h2/provisioner.db')
    expect(stateFileOf('plan', ['--job', 'job.json'], io)).toBe('/srv/provisioner/provisioner.db')
  })

  it('is none for commands without shared state', () => {
    expect(stateFileOf('eval', ['[a]', '--home', '/h'], io)).toBeUndefined()
    expect(stateFileOf('demo', [], io)).toBeUndefined()
  })
})
