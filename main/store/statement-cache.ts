import type Database from 'better-sqlite3'
import type { ReadableDB } from './database'

const caches = new WeakMap<ReadableDB, Map<string, Database.Statement>>()

/**
 * Prepares each SQL text once per connection.
 *
 * Preparing is far more expensive than running; the run loop executes the same few statements
 * hundreds of thousands of times.
 */
export function prepared(db: ReadableDB, sql: string): Database.Statement {
  let cache = caches.get(db)
  if (cache === undefined) {
    cache = new Map()
    caches.set(db, cache)
  }
  let statement = cache.get(sql)
  if (statement === undefined) {
    statement = db.prepare(sql)
    cache.set(sql, statement)
  }
  return statement
}

export function toIso(ms: number): string {
  return new Date(ms).toISOString()
}

export function toIsoOrNull(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString()
}
