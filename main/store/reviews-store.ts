import type { Review, ReviewCounts, ReviewDecision, ReviewItem, ReviewRevocation } from '../model/access'
import { inTransaction, type ReadableDB, type WritableDB } from './database'
import { prepared, toIso, toIsoOrNull } from './statement-cache'

interface ReviewRow {
  readonly id: string
  readonly name: string
  readonly reviewer: string
  readonly jobIdsJson: string
  readonly status: 'open' | 'closed'
  readonly createdAt: number
  readonly updatedAt: number
  readonly closedAt: number | null
}

interface ItemRow extends Omit<ReviewItem, 'decidedAt'> {
  readonly decidedAt: number | null
}

/** Stores a new review and its rows (one transaction). */
export function createReview(
  db: WritableDB,
  review: {
    readonly id: string
    readonly name: string
    readonly reviewer: string
    readonly jobIds: ReadonlyArray<string>
  },
  items: ReadonlyArray<ReviewItem>,
  now: number = Date.now()
): void {
  inTransaction(db, () => {
    prepared(
      db,
      `INSERT INTO reviews (id, name, reviewer, jobIdsJson, status, createdAt, updatedAt)
       VALUES (?, ?, ?, ?, 'open', ?, ?)`
    ).run(review.id, review.name, review.reviewer, JSON.stringify(review.jobIds), now, now)
    const insert = prepared(
      db,
      `INSERT OR IGNORE INTO reviewItems (reviewId, jobId, targetId, sourceId, userName, display, state)
       VALUES (?, ?, ?, ?, ?, ?, ?)`
    )
    for (const item of items) {
      insert.run(review.id, item.jobId, item.targetId, item.sourceId, item.userName, item.display, item.state)
    }
  })
}

export function getReview(db: ReadableDB, id: string): Review | null {
  const row = prepared(db, 'SELECT * FROM reviews WHERE id = ?').get(id) as ReviewRow | undefined
  return row === undefined ? null : rowToReview(db, row)
}

export function listReviews(db: ReadableDB): Review[] {
  return (prepared(db, 'SELECT * FROM reviews ORDER BY createdAt DESC, id').all() as ReviewRow[]).map(row =>
    rowToReview(db, row)
  )
}

function rowToReview(db: ReadableDB, row: ReviewRow): Review {
  return {
    id: row.id,
    name: row.name,
    reviewer: row.reviewer,
    jobIds: JSON.parse(row.jobIdsJson) as string[],
    status: row.status,
    createdAt: toIso(row.createdAt),
    updatedAt: toIso(row.updatedAt),
    closedAt: toIsoOrNull(row.closedAt),
    counts: countDecisions(db, row.id),
  }
}

function countDecisions(db: ReadableDB, reviewId: string): ReviewCounts {
  const rows = prepared(
    db,
    'SELECT decision, count(*) AS n FROM reviewItems WHERE reviewId = ? GROUP BY decision'
  ).all(reviewId) as Array<{ decision: ReviewDecision | null; n: number }>
  const counts = { total: 0, keep: 0, remove: 0, investigate: 0, undecided: 0 }
  for (const row of rows) {
    counts.total += row.n
    counts[row.decision ?? 'undecided'] += row.n
  }
  return counts
}

export function listReviewItems(db: ReadableDB, reviewId: string): ReviewItem[] {
  const rows = prepared(
    db,
    `SELECT jobId, targetId, sourceId, userName, display, state, decision, comment, decidedAt
     FROM reviewItems WHERE reviewId = ? ORDER BY jobId, coalesce(display, userName, targetId), targetId`
  ).all(reviewId) as ItemRow[]
  return rows.map(row => ({ ...row, decidedAt: toIsoOrNull(row.decidedAt) }))
}

/** Which rows a mark applies to: an account (optionally in one job) or a person's accounts. */
export interface ItemSelector {
  readonly jobId?: string
  readonly targetId?: string
  readonly sourceId?: string
}

/** Records a decision (and comment) on the selected rows; returns how many rows it touched. */
export function markReviewItems(
  db: WritableDB,
  reviewId: string,
  selector: ItemSelector,
  decision: ReviewDecision,
  comment: string | null,
  now: number = Date.now()
): number {
  return inTransaction(db, () => {
    const changed = prepared(
      db,
      `UPDATE reviewItems SET decision = @decision, comment = @comment, decidedAt = @now
       WHERE reviewId = @reviewId AND (@jobId IS NULL OR jobId = @jobId)
         AND (@targetId IS NULL OR targetId = @targetId) AND (@sourceId IS NULL OR sourceId = @sourceId)`
    ).run({
      reviewId,
      decision,
      comment,
      now,
      jobId: selector.jobId ?? null,
      targetId: selector.targetId ?? null,
      sourceId: selector.sourceId ?? null,
    }).changes
    if (changed > 0) prepared(db, 'UPDATE reviews SET updatedAt = ? WHERE id = ?').run(now, reviewId)
    return changed
  })
}

/** Closes the review and records its "remove" decisions on managed accounts as revocations. */
export function closeReview(
  db: WritableDB,
  reviewId: string,
  revocations: ReadonlyArray<{ readonly jobId: string; readonly sourceId: string }>,
  now: number = Date.now()
): void {
  inTransaction(db, () => {
    prepared(db, `UPDATE reviews SET status = 'closed', closedAt = ?, updatedAt = ? WHERE id = ?`).run(
      now,
      now,
      reviewId
    )
    const insert = prepared(
      db,
      `INSERT INTO accessRevocations (jobId, sourceId, reviewId, decidedAt) VALUES (?, ?, ?, ?)
       ON CONFLICT (jobId, sourceId) DO UPDATE SET reviewId = excluded.reviewId, decidedAt = excluded.decidedAt`
    )
    for (const revocation of revocations) insert.run(revocation.jobId, revocation.sourceId, reviewId, now)
  })
}

/** Source id → review id of the people an access review removed from the job. */
export function loadRevocations(db: ReadableDB, jobId: string): Map<string, string> {
  const rows = prepared(db, 'SELECT sourceId, reviewId FROM accessRevocations WHERE jobId = ?').all(
    jobId
  ) as Array<{
    sourceId: string
    reviewId: string
  }>
  return new Map(rows.map(row => [row.sourceId, row.reviewId]))
}

/**
 * Takes back a closed review's revocation: deletes the standing row (only when this review owns
 * it) and records who withdrew it, when and why. Returns false when there was none to withdraw.
 */
export function withdrawRevocation(
  db: WritableDB,
  revocation: { readonly reviewId: string; readonly jobId: string; readonly sourceId: string },
  by: { readonly by: string; readonly note: string | null },
  now: number = Date.now()
): boolean {
  return inTransaction(db, () => {
    const deleted = prepared(
      db,
      'DELETE FROM accessRevocations WHERE jobId = ? AND sourceId = ? AND reviewId = ?'
    ).run(revocation.jobId, revocation.sourceId, revocation.reviewId).changes
    if (deleted === 0) return false
    prepared(
      db,
      `INSERT INTO revocationWithdrawals (reviewId, jobId, sourceId, withdrawnBy, withdrawnAt, note)
       VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (reviewId, jobId, sourceId)
       DO UPDATE SET withdrawnBy = excluded.withdrawnBy, withdrawnAt = excluded.withdrawnAt, note = excluded.note`
    ).run(revocation.reviewId, revocation.jobId, revocation.sourceId, by.by, now, by.note)
    return true
  })
}

/** What became of each managed account the review removed (empty for an open review). */
export function listReviewRevocations(db: ReadableDB, reviewId: string): ReviewRevocation[] {
  const rows = prepared(
    db,
    `SELECT i.jobId, i.sourceId, r.reviewId AS standingReviewId,
            w.withdrawnBy, w.withdrawnAt, w.note
     FROM reviewItems i
     JOIN reviews v ON v.id = i.reviewId AND v.status = 'closed'
     LEFT JOIN accessRevocations r ON r.jobId = i.jobId AND r.sourceId = i.sourceId
     LEFT JOIN revocationWithdrawals w
       ON w.reviewId = i.reviewId AND w.jobId = i.jobId AND w.sourceId = i.sourceId
     WHERE i.reviewId = ? AND i.decision = 'remove' AND i.sourceId IS NOT NULL
     GROUP BY i.jobId, i.sourceId
     ORDER BY i.jobId, i.sourceId`
  ).all(reviewId) as Array<{
    jobId: string
    sourceId: string
    standingReviewId: string | null
    withdrawnBy: string | null
    withdrawnAt: number | null
    note: string | null
  }>
  return rows.map(row => ({
    jobId: row.jobId,
    sourceId: row.sourceId,
    status:
      row.standingReviewId === reviewId ? 'standing' : row.withdrawnAt !== null ? 'withdrawn' : 'replaced',
    withdrawnBy: row.standingReviewId === reviewId ? null : row.withdrawnBy,
    withdrawnAt: row.standingReviewId === reviewId ? null : toIsoOrNull(row.withdrawnAt),
    note: row.standingReviewId === reviewId ? null : row.note,
  }))
}
