import { loadJobFile } from '../config/load-job'
import { loadAccessMap, loadLeaverChecklists, refreshListing } from '../engine/access/access-facts'
import { filterAccessMap } from '../engine/access/access-map'
import { REVIEW_CSV_COLUMNS, reviewCsvRow, reviewOutcome } from '../engine/access/access-review'
import { reviewReportHtml } from '../engine/access/review-report'
import { finishReview, markReview, requireReview, ReviewError, startReview } from '../engine/access/reviews'
import type { AccessMap, LeaverChecklist, Review } from '../model/access'
import type { SecretStore } from '../secrets/secret-store'
import type { WritableDB } from '../store/database'
import { listJobs } from '../store/jobs-store'
import { listReviewItems, listReviews } from '../store/reviews-store'
import type {
  AccessQuery,
  ExportReviewInput,
  MarkReviewInput,
  RefreshAccessInput,
  ReviewClosed,
  ReviewDetail,
  ReviewExport,
  ReviewRef,
  StartReviewInput,
} from './api/contract'
import { ApiError } from './api/dispatch'
import { toApiError } from './engine-errors'
import { csvRecord } from '../connectors/csv/spreadsheet-csv'

/** The access governance part of the admin API (access map, leavers, reviews). */
export class AccessApi {
  public constructor(
    private readonly deps: {
      readonly db: WritableDB
      readonly secrets: SecretStore
      readonly env?: NodeJS.ProcessEnv
    }
  ) {}

  public getAccessMap(input: AccessQuery): AccessMap {
    this.requireJobs(input.jobId === undefined ? [] : [input.jobId])
    return filterAccessMap(loadAccessMap(this.deps.db), input)
  }

  public async refreshAccess(input: RefreshAccessInput): Promise<AccessMap> {
    this.requireJobs(input.jobId === undefined ? [] : [input.jobId])
    try {
      for (const record of listJobs(this.deps.db)) {
        if ((input.jobId !== undefined && record.id !== input.jobId) || record.configPath === null) continue
        const job = loadJobFile(record.configPath)
        if (job.config.target.type === 'scim')
          await refreshListing(this.deps.db, job, this.deps.secrets, this.deps.env)
      }
    } catch (error) {
      throw toApiError(error)
    }
    return this.getAccessMap({ ...(input.jobId === undefined ? {} : { jobId: input.jobId }) })
  }

  public listLeavers(input: AccessQuery): ReadonlyArray<LeaverChecklist> {
    return loadLeaverChecklists(this.deps.db, input.person)
  }

  public listReviews(): ReadonlyArray<Review> {
    return listReviews(this.deps.db)
  }

  public getReview(input: ReviewRef): ReviewDetail {
    return reviewed(() => {
      const review = requireReview(this.deps.db, input.reviewId)
      const items = listReviewItems(this.deps.db, review.id)
      return { review, items, checklist: reviewOutcome(items).checklist }
    })
  }

  public startReview(input: StartReviewInput): Review {
    return reviewed(() => startReview(this.deps.db, input))
  }

  public markReview(input: MarkReviewInput): ReviewDetail {
    reviewed(() =>
      markReview(
        this.deps.db,
        input.reviewId,
        { jobId: input.jobId, targetId: input.targetId },
        input.decision,
        input.comment
      )
    )
    return this.getReview({ reviewId: input.reviewId })
  }

  public closeReview(input: ReviewRef): ReviewClosed {
    const closed = reviewed(() => finishReview(this.deps.db, input.reviewId))
    return { ...this.getReview(input), revocations: closed.revocations }
  }

  public exportReview(input: ExportReviewInput): ReviewExport {
    const { review, items } = this.getReview(input)
    if (input.format === 'html') {
      return {
        fileName: `${review.id}.html`,
        mediaType: 'text/html',
        content: reviewReportHtml(review, items, new Date().toISOString()),
      }
    }
    const rows = items.map(item => csvRecord(reviewCsvRow(review, item))).join('')
    return {
      fileName: `${review.id}.csv`,
      mediaType: 'text/csv',
      content: csvRecord(REVIEW_CSV_COLUMNS) + rows,
    }
  }

  private requireJobs(jobIds: ReadonlyArray<string>): void {
    const known = new Set(listJobs(this.deps.db).map(job => job.id))
    const unknown = jobIds.find(id => !known.has(id))
    if (unknown !== undefined) throw new ApiError('not-found', `No job with id "${unknown}"`)
  }
}

/** Review errors are the admin's to read: "not-found" or "invalid-input" with their message. */
function reviewed<T>(fn: () => T): T {
  try {
    return fn()
  } catch (error) {
    if (error instanceof ReviewError) {
      throw new ApiError(error.message.startsWith('No review') ? 'not-found' : 'invalid-input', error.message)
    }
    throw error
  }
}
