import type { WritableDB } from './database'
import { prepared } from './statement-cache'

/** Rows per INSERT: one statement per few hundred rows is several times faster than one per row. */
const BATCH = 200

/**
 * Inserts `rows` with one statement per `BATCH` rows. Call inside a transaction. `verb` is
 * `INSERT` or `INSERT OR REPLACE`; `bind` writes a row's values, in `columns` order, into
 * `values` from `offset` (one array reused for every batch: no array per row). Returns how many
 * rows were inserted.
 */
export function insertBatched<T>(
  db: WritableDB,
  into: {
    readonly verb: 'INSERT' | 'INSERT OR REPLACE'
    readonly table: string
    readonly columns: ReadonlyArray<string>
  },
  rows: Iterable<T>,
  bind: (row: T, values: unknown[], offset: number) => void
): number {
  const width = into.columns.length
  const tuple = `(${into.columns.map(() => '?').join(', ')})`
  const sql = (count: number) =>
    `${into.verb} INTO ${into.table} (${into.columns.join(', ')}) VALUES ${Array(count).fill(tuple).join(', ')}`
  const full = prepared(db, sql(BATCH))
  // better-sqlite3 binds the values before run() returns, so the array can be refilled.
  const values: unknown[] = new Array(BATCH * width).fill(null)
  let inBatch = 0
  let count = 0
  for (const row of rows) {
    bind(row, values, inBatch * width)
    count++
    if (++inBatch === BATCH) {
      full.run(values)
      inBatch = 0
    }
  }
  if (inBatch > 0) prepared(db, sql(inBatch)).run(values.slice(0, inBatch * width))
  return count
}
