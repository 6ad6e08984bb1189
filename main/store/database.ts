import Database from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { migrate } from './migrations'

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
}

/**
 * Opens (creating if needed) the state database and brings its schema up to date.
 *
 * WAL lets the desktop app read logs while the CLI writes a run; `synchronous = NORMAL` is the
 * documented safe pairing for WAL (a crash can lose the last commits, never corrupt the file),
 * and the journal's resume logic is built for exactly that.
 */
export function openDatabase(file: string): WritableDB {
  if (file !== ':memory:') {
    mkdirSync(dirname(file), { recursive: true })
  }
  const db = new Database(file)
  try {
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = NORMAL')
    db.pragma('foreign_keys = ON')
    db.pragma('busy_timeout = 5000')
    const writable = db as WritableDB
    migrate(writable)
    return writable
  } catch (error) {
    db.close()
    throw error
  }
}

/** Runs `fn` in one transaction (BEGIN IMMEDIATE, so writers queue instead of failing mid-way). */
export function inTransaction<T>(db: WritableDB, fn: () => T): T {
  return db.transaction(fn).immediate()
}
