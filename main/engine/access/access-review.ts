import type { AccessMap, Review, ReviewItem } from '../../model/access'
import type { MappedObject } from '../plan/map-object'

/**
 * The rows of a new review of `jobIds`: every account the jobs manage (not deleted) and every
 * unmanaged account of their apps, each once (an unmanaged account under the first job of its app).
 */
export function reviewItemsFor(map: AccessMap, jobIds: ReadonlyArray<string>): ReviewItem[] {
  const wanted = new Set(jobIds)
  const items: ReviewItem[] = []
  for (const person of map.people) {
    for (const account of person.accounts) {
      if (!wanted.has(account.jobId) || account.state === 'deleted') continue
      items.push(
        undecided(
          account.jobId,
          account.targetId,
          person.sourceId,
          account.userName,
          account.display ?? person.display,
          account.state
        )
      )
    }
  }
  for (const account of map.unmanaged) {
    const jobId = jobIds.find(id => account.jobIds.includes(id))
    if (jobId === undefined) continue
    items.push(undecided(jobId, account.targetId, null, account.userName, account.displayName, account.state))
  }
  return items
}

function undecided(
  jobId: string,
  targetId: string,
  sourceId: string | null,
  userName: string | null,
  display: string | null,
  state: string
): ReviewItem {
  return {
    jobId,
    targetId,
    sourceId,
    userName,
    display,
    state,
    decision: null,
    comment: null,
    decidedAt: null,
  }
}

/**
 * What a review's "remove" decisions become: for managed accounts, revocations the job's next
 * plan turns into disables (normal dry run and approval); for unmanaged ones, a checklist.
 */
export function reviewOutcome(items: ReadonlyArray<ReviewItem>): {
  readonly revocations: ReadonlyArray<{ readonly jobId: string; readonly sourceId: string }>
  readonly checklist: ReadonlyArray<ReviewItem>
} {
  const removed = items.filter(item => item.decision === 'remove')
  return {
    revocations: removed.flatMap(item =>
      item.sourceId === null ? [] : [{ jobId: item.jobId, sourceId: item.sourceId }]
    ),
    checklist: removed.filter(item => item.sourceId === null),
  }
}

/**
 * People an access review removed from the job leave its scope: the planner deprovisions them
 * as it does anyone out of scope (`whenOutOfScope`), shown by the dry run, held by the deletion
 * threshold, logged with the review named.
 */
export function revokeReviewedAccess(
  mapped: ReadonlyArray<MappedObject>,
  revoked: ReadonlyMap<string, string>
): MappedObject[] {
  if (revoked.size === 0) return [...mapped]
  return mapped.map(person => {
    const reviewId = revoked.get(person.source.id)
    if (reviewId === undefined || !person.scope.inScope) return person
    return {
      ...person,
      scope: { inScope: false, reason: `Removed by access review ${reviewId}`, filterIndex: null },
    }
  })
}

export const REVIEW_CSV_COLUMNS = [
  'reviewId',
  'jobId',
  'targetId',
  'sourceId',
  'managed',
  'userName',
  'display',
  'state',
  'decision',
  'comment',
  'decidedAt',
] as const

export function reviewCsvRow(review: Review, item: ReviewItem): Array<string | null> {
  return [
    review.id,
    item.jobId,
    item.targetId,
    item.sourceId,
    item.sourceId === null ? 'no' : 'yes',
    item.userName,
    item.display,
    item.state,
    item.decision ?? 'undecided',
    item.comment,
    item.decidedAt,
  ]
}
