import Database from 'better-sqlite3'
import { closeSync, openSync } from 'node:fs'
import { dirname } from 'node:path'
import { DatabaseFromFutureError, LATEST_SCHEMA_VERSION, migrate } from './migrations'
import { makePrivateDirectory, restrictToOwner } from './private-files'
import { asStateDatabaseError } from './state-database-error'

/**
 * Connection brands, after Signal Desktop's `ReadableDB`/`WritableDB`.
 *
 * A write function can never be handed a read-only connection; the reverse is allowed.
 */
export type ReadableDB = Database.Database & { readonly __readable_db: never }
export type WritableDB = ReadableDB & { readonly __writable_db: never }

export interface OpenDatabaseOptions {
  /** Open read-only (no migrations run; refuses a database that needs them). */
  readonly readonly?: boolean
  /**
   * Path of a better-sqlite3 addon built for another runtime.
   *
   * The desktop app passes the copy built for Electron's ABI (out/native/); node_modules keeps
   * the build for Node, which the CLI and the tests load.
   */
  readonly nativeBinding?: string
}

/**
 * Opens (creating if needed) the state database and brings its schema up to date.
 *
 * WAL lets the desktop app read logs while the CLI writes a run; `synchronous = NORMAL` is the
 * documented safe pairing for WAL (a crash can lose the last commits, never corrupt the file),
 * and the journal's resume logic is built for exactly that.
 */
export function openDatabase(
  file: string,
  options: Pick<OpenDatabaseOptions, 'nativeBinding'> = {}
): WritableDB {
  try {
    return openAndMigrate(file, options)
  } catch (error) {
    // A damaged, read-only or unreachable file, named, with what to do about it.
    throw asStateDatabaseError(error, file, true) ?? error
  }
}

function openAndMigrate(file: string, options: Pick<OpenDatabaseOptions, 'nativeBinding'>): WritableDB {
  if (file !== ':memory:') {
    createPrivately(file)
  }
  const db = new Database(
    file,
    options.nativeBinding === undefined ? {} : { nativeBinding: options.nativeBinding }
  )
  try {
    // Refuse a newer schema before anything is written: switching to WAL rewrites the header.
    const fileVersion = db.pragma('user_version', { simple: true }) as number
    if (fileVersion > LATEST_SCHEMA_VERSION) {
      throw new DatabaseFromFutureError(fileVersion, LATEST_SCHEMA_VERSION)
    }
    db.pragma('journal_mode = WAL')
    // SQLite gives these the database file's mode, but ones left by an older version keep theirs.
    if (file !== ':memory:') for (const suffix of ['-wal', '-shm']) restrictToOwner(`${file}${suffix}`)
    db.pragma('synchronous = NORMAL')
    db.pragma('foreign_keys = ON')
    db.pragma('busy_timeout = 5000')
    // 32 MB of page cache instead of 2 MB: the log's indexes are written in random order, and a
    // run appends a row per person.
    db.pragma('cache_size = -32000')
    const writable = db as WritableDB
    migrate(writable)
    return writable
  } catch (error) {
    db.close()
    throw error
  }
}

/** The folder (0700) and the database file (0600) before SQLite opens it with its default 0644. */
function createPrivately(file: string): void {
  makePrivateDirectory(dirname(file))
  try {
    closeSync(openSync(file, 'wx', 0o600))
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    restrictToOwner(file)
  }
}

/** Runs `fn` in one transaction (BEGIN IMMEDIATE, so writers queue instead of failing mid-way). */
export function inTransaction<T>(db: WritableDB, fn: () => T): T {
  return db.transaction(fn).immediate()
}
