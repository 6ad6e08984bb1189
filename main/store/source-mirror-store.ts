import type { DeltaMirror, DeltaWatermark, MirrorKind, MirrorObject } from '../model/source-mirror'
import { inTransaction, type WritableDB } from './database'
import { prepared } from './statement-cache'

interface MirrorRow {
  readonly sourceId: string
  readonly attributesJson: string
  readonly membersJson: string | null
}

/**
 * A job's copy of its directory source in the state database (tables of migration 0040). Each
 * change is one transaction: a crash leaves the copy and its watermark as they were, and the
 * next run repeats the round (delta rounds may be replayed).
 */
export function sourceMirror(db: WritableDB, jobId: string, now: () => number = Date.now): DeltaMirror {
  const upsert = (kind: MirrorKind, object: MirrorObject) =>
    prepared(
      db,
      `INSERT INTO sourceMirror (jobId, objectType, sourceId, attributesJson, membersJson)
       VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (jobId, objectType, sourceId) DO UPDATE SET
         attributesJson = excluded.attributesJson, membersJson = excluded.membersJson`
    ).run(
      jobId,
      kind,
      object.id,
      JSON.stringify(object.attributes),
      object.members === undefined ? null : JSON.stringify(object.members)
    )
  const mark = (kind: MirrorKind, watermark: DeltaWatermark) =>
    prepared(
      db,
      `INSERT INTO sourceWatermarks (jobId, objectType, deltaLink, selection, updatedAt) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (jobId, objectType) DO UPDATE SET
         deltaLink = excluded.deltaLink, selection = excluded.selection, updatedAt = excluded.updatedAt`
    ).run(jobId, kind, watermark.deltaLink, watermark.selection, now())

  return {
    watermark: kind =>
      (prepared(
        db,
        'SELECT deltaLink, selection FROM sourceWatermarks WHERE jobId = ? AND objectType = ?'
      ).get(jobId, kind) as DeltaWatermark | undefined) ?? null,
    get: (kind, id) => {
      const row = prepared(
        db,
        'SELECT sourceId, attributesJson, membersJson FROM sourceMirror WHERE jobId = ? AND objectType = ? AND sourceId = ?'
      ).get(jobId, kind, id) as MirrorRow | undefined
      return row === undefined ? undefined : fromRow(row)
    },
    objects: kind =>
      (
        prepared(
          db,
          'SELECT sourceId, attributesJson, membersJson FROM sourceMirror WHERE jobId = ? AND objectType = ? ORDER BY sourceId'
        ).all(jobId, kind) as MirrorRow[]
      ).map(fromRow),
    replace: (kind, objects, watermark) =>
      inTransaction(db, () => {
        prepared(db, 'DELETE FROM sourceMirror WHERE jobId = ? AND objectType = ?').run(jobId, kind)
        for (const object of objects) upsert(kind, object)
        mark(kind, watermark)
      }),
    apply: (kind, upserts, removals, watermark) =>
      inTransaction(db, () => {
        for (const object of upserts) upsert(kind, object)
        const remove = prepared(
          db,
          'DELETE FROM sourceMirror WHERE jobId = ? AND objectType = ? AND sourceId = ?'
        )
        for (const id of removals) remove.run(jobId, kind, id)
        mark(kind, watermark)
      }),
  }
}

function fromRow(row: MirrorRow): MirrorObject {
  const attributes = JSON.parse(row.attributesJson) as MirrorObject['attributes']
  return row.membersJson === null
    ? { id: row.sourceId, attributes }
    : { id: row.sourceId, attributes, members: JSON.parse(row.membersJson) as string[] }
}
