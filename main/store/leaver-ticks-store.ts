import type { LeaverTick } from '../model/access'
import type { ReadableDB, WritableDB } from './database'
import { prepared, toIso } from './statement-cache'

/** One leaver checklist item, as the tick is keyed: the app and, when it has them, job and account. */
export interface LeaverItemKey {
  readonly sourceId: string
  readonly app: string
  readonly jobId: string | null
  readonly targetId: string | null
}

/** The key text a tick is found under (also what `loadLeaverTicks` maps by). */
export function leaverItemKey(key: LeaverItemKey): string {
  return [key.sourceId, key.app, key.jobId ?? '', key.targetId ?? ''].join('\u0000')
}

/** Records (or replaces) a tick: who closed the item by hand, when, and a note. */
export function tickLeaverItem(
  db: WritableDB,
  key: LeaverItemKey,
  tick: { readonly by: string; readonly note: string | null },
  now: number = Date.now()
): void {
  prepared(
    db,
    `INSERT INTO leaverTicks (sourceId, app, jobId, targetId, tickedBy, tickedAt, note)
     VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (sourceId, app, jobId, targetId)
     DO UPDATE SET tickedBy = excluded.tickedBy, tickedAt = excluded.tickedAt, note = excluded.note`
  ).run(key.sourceId, key.app, key.jobId ?? '', key.targetId ?? '', tick.by, now, tick.note)
}

/** Removes a tick; returns whether there was one. */
export function untickLeaverItem(db: WritableDB, key: LeaverItemKey): boolean {
  return (
    prepared(db, 'DELETE FROM leaverTicks WHERE sourceId = ? AND app = ? AND jobId = ? AND targetId = ?').run(
      key.sourceId,
      key.app,
      key.jobId ?? '',
      key.targetId ?? ''
    ).changes > 0
  )
}

interface TickRow {
  readonly sourceId: string
  readonly app: string
  readonly jobId: string
  readonly targetId: string
  readonly tickedBy: string
  readonly tickedAt: number
  readonly note: string | null
}

/** Every tick by item key (one query: leavers are few, but each has a dozen apps). */
export function loadLeaverTicks(db: ReadableDB): Map<string, LeaverTick> {
  const rows = prepared(db, 'SELECT * FROM leaverTicks').all() as TickRow[]
  return new Map(
    rows.map(row => [
      leaverItemKey({
        sourceId: row.sourceId,
        app: row.app,
        jobId: row.jobId === '' ? null : row.jobId,
        targetId: row.targetId === '' ? null : row.targetId,
      }),
      { by: row.tickedBy, at: toIso(row.tickedAt), note: row.note },
    ])
  )
}
