import type { Review, ReviewCounts, ReviewDecision, ReviewItem } from '../model/access'
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
