import { ProvisionerError } from '../../model/errors'
import { randomBytes } from 'node:crypto'
import type { Review, ReviewDecision, ReviewItem } from '../../model/access'
import type { WritableDB } from '../../store/database'
import { listJobs } from '../../store/jobs-store'
import {
  closeReview,
  createReview,
  getReview,
  type ItemSelector,
  listReviewItems,
  listReviewRevocations,
  markReviewItems,
  withdrawRevocation,
} from '../../store/reviews-store'
import { loadAccessMap } from './access-facts'
import { reviewItemsFor, reviewOutcome } from './access-review'

/** A review that cannot be found or changed, in words for the admin. */
export class ReviewError extends ProvisionerError {
  public readonly kind = 'review-refused' as const

  public constructor(message: string) {
    super(message)
    this.name = 'ReviewError'
  }
}

export const REVIEW_DECISIONS: ReadonlyArray<ReviewDecision> = ['keep', 'remove', 'investigate']

/** Starts a review of every account (managed and unmanaged) of the given jobs' apps. */
export function startReview(
  db: WritableDB,
  input: { readonly jobIds: ReadonlyArray<string>; readonly name?: string; readonly reviewer: string },
  now: Date = new Date()
): Review {
  if (input.jobIds.length === 0) throw new ReviewError('A review needs at least one app (job)')
  const known = new Set(listJobs(db).map(job => job.id))
  const unknown = input.jobIds.filter(id => !known.has(id))
  if (unknown.length > 0)
    throw new ReviewError(`No job "${unknown.join('", "')}" has run with this state folder`)
  const id = `rv-${now.toISOString().slice(0, 10).replaceAll('-', '')}-${randomBytes(3).toString('hex')}`
  const name = input.name ?? `Access review ${now.toISOString().slice(0, 10)}`
  const items = reviewItemsFor(loadAccessMap(db, input.jobIds), input.jobIds)
  createReview(db, { id, name, reviewer: input.reviewer, jobIds: input.jobIds }, items, now.getTime())
  return requireReview(db, id)
}

export function requireReview(db: WritableDB, id: string): Review {
  const review = getReview(db, id)
  if (review === null) throw new ReviewError(`No review "${id}" (see provisioner review list)`)
  return review
}

/** Records a decision on the selected rows of an open review; refuses a selection that is empty. */
export function markReview(
  db: WritableDB,
  id: string,
  selector: ItemSelector,
  decision: ReviewDecision,
  comment: string | null
): number {
  const review = requireReview(db, id)
  if (review.status === 'closed') throw new ReviewError(`Review ${id} is closed; start a new one`)
  if (selector.targetId === undefined && selector.sourceId === undefined) {
    throw new ReviewError('Name the account (--account TARGET_ID) or the person (--person SOURCE_ID) to mark')
  }
  const changed = markReviewItems(db, id, selector, decision, comment)
  if (changed === 0) {
    const what =
      selector.targetId !== undefined ? `account ${selector.targetId}` : `person ${selector.sourceId ?? ''}`
    throw new ReviewError(
      `Review ${id} has no row for ${what}${selector.jobId === undefined ? '' : ` in ${selector.jobId}`}`
    )
  }
  return changed
}

/**
 * Closes a review: its "remove" decisions on managed accounts become revocations the jobs' next
 * plans disable; returns those and the unmanaged accounts to remove by hand.
 */
export function finishReview(
  db: WritableDB,
  id: string
): { readonly review: Review; readonly revocations: number; readonly checklist: ReadonlyArray<ReviewItem> } {
  const review = requireReview(db, id)
  if (review.status === 'closed') throw new ReviewError(`Review ${id} is already closed`)
  const outcome = reviewOutcome(listReviewItems(db, id))
  closeReview(db, id, outcome.revocations)
  return {
    review: requireReview(db, id),
    revocations: outcome.revocations.length,
    checklist: outcome.checklist,
  }
}

/**
 * Takes back a closed review's "remove" of a person in a job: the revocation stops standing (the
 * job's next plan keeps the person) and the withdrawal is recorded with who, when and why.
 */
export function withdrawReviewRevocation(
  db: WritableDB,
  revocation: { readonly reviewId: string; readonly jobId: string; readonly sourceId: string },
  by: { readonly by: string; readonly note: string | null },
  now: Date = new Date()
): void {
  const review = requireReview(db, revocation.reviewId)
  if (review.status === 'open') {
    throw new ReviewError(`Review ${review.id} is still open: change the decision instead (review mark)`)
  }
  if (withdrawRevocation(db, revocation, by, now.getTime())) return
  const what = `person ${revocation.sourceId} in ${revocation.jobId}`
  const found = listReviewRevocations(db, review.id).find(
    one => one.jobId === revocation.jobId && one.sourceId === revocation.sourceId
  )
  if (found === undefined) throw new ReviewError(`Review ${review.id} did not remove ${what}`)
  throw new ReviewError(
    found.status === 'withdrawn'
      ? `The removal of ${what} by review ${review.id} was already withdrawn (${found.withdrawnBy ?? ''}, ${found.withdrawnAt ?? ''})`
      : `The removal of ${what} now belongs to a later review: withdraw it there`
  )
}
