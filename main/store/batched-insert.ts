import type { WritableDB } from './database'
import { prepared } from './statement-cache'

/** Rows per INSERT: one statement per few hundred rows is several times faster than one per row. */
const BATCH = 200

/**
 * Inserts `rows` (values in `columns` order) with one statement per `BATCH` rows. Call inside
 * a transaction. `verb` is `INSERT` or `INSERT OR REPLACE`; returns how many rows were inserted.
 */
export function insertBatched(
  db: WritableDB,
  into: {
    readonly verb: 'INSERT' | 'INSERT OR REPLACE'
    readonly table: string
    readonly columns: ReadonlyArray<string>
  },
  rows: Iterable<ReadonlyArray<unknown>>
): number {
  const tuple = `(${into.columns.map(() => '?').join(', ')})`
  const sql = (count: number) =>
    `${into.verb} INTO ${into.table} (${into.columns.join(', ')}) VALUES ${Array(count).fill(tuple).join(', ')}`
  const full = prepared(db, sql(BATCH))
  let values: unknown[] = []
  let inBatch = 0
  let count = 0
  for (const row of rows) {
    for (const value of row) values.push(value)
    count++
    if (++inBatch === BATCH) {
      full.run(values)
      values = []
      inBatch = 0
    }
  }
  if (inBatch > 0) prepared(db, sql(inBatch)).run(values)
  return count
}
