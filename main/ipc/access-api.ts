import { writeFile } from 'node:fs/promises'
import { userInfo } from 'node:os'
import { loadJobFile } from '../config/load-job'
import { loadAccessMap, loadLeaverChecklists, refreshListing } from '../engine/access/access-facts'
import { filterAccessMap } from '../engine/access/access-map'
import { REVIEW_CSV_COLUMNS, reviewCsvRow, reviewOutcome } from '../engine/access/access-review'
import { reviewReportHtml } from '../engine/access/review-report'
import { tickLeaver } from '../engine/access/leaver-ticks'
import {
  finishReview,
  markReview,
  requireReview,
  ReviewError,
  startReview,
  withdrawReviewRevocation,
} from '../engine/access/reviews'
import type { AccessMap, LeaverChecklist, Review } from '../model/access'
import type { SecretStore } from '../secrets/secret-store'
import type { WritableDB } from '../store/database'
import { listJobs } from '../store/jobs-store'
import { listReviewItems, listReviewRevocations, listReviews } from '../store/reviews-store'
import type {
  AccessQuery,
  ExportReviewInput,
  MarkReviewInput,
  RefreshAccessInput,
  ReviewClosed,
  ReviewDetail,
  ReviewExport,
  ReviewPdfResult,
  ReviewRef,
  StartReviewInput,
  TickLeaverInput,
  WithdrawRevocationInput,
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
      /** The desktop app's save dialog; without it (the browser UI) there is no PDF export. */
      readonly chooseExportFile?: (suggestedName: string) => Promise<string | null>
      /** Prints HTML to PDF with the app's browser engine (main/electron/review-pdf). */
      readonly renderPdf?: (html: string) => Promise<Buffer>
      /** Who ticks and withdraws, as recorded (default: the signed-in OS user, as the CLI does). */
      readonly actor?: () => string
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
      const removals = listReviewRevocations(this.deps.db, review.id)
      return { review, items, checklist: reviewOutcome(items).checklist, removals }
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

  public async saveReviewPdf(input: ReviewRef): Promise<ReviewPdfResult> {
    const { chooseExportFile: choose, renderPdf } = this.deps
    if (choose === undefined || renderPdf === undefined) {
      throw new ApiError(
        'unsupported',
        'A PDF needs the desktop app; the browser UI downloads the printable report'
      )
    }
    const { review, items } = this.getReview(input)
    const path = await choose(`${review.id}.pdf`)
    if (path === null) return { saved: false }
    const pdf = await renderPdf(reviewReportHtml(review, items, new Date().toISOString()))
    await writeFile(path, pdf, { mode: 0o600 })
    return { saved: true, path }
  }

  public tickLeaverItem(input: TickLeaverInput): LeaverChecklist {
    return reviewed(() =>
      tickLeaver(this.deps.db, {
        sourceId: input.sourceId,
        app: input.jobId ?? input.app,
        targetId: input.targetId,
        ticked: input.ticked,
        by: this.actor(),
        note: input.note === '' ? null : input.note,
      })
    )
  }

  public withdrawRevocation(input: WithdrawRevocationInput): ReviewDetail {
    reviewed(() =>
      withdrawReviewRevocation(this.deps.db, input, {
        by: this.actor(),
        note: input.note === '' ? null : input.note,
      })
    )
    return this.getReview(input)
  }

  private actor(): string {
    return this.deps.actor?.() ?? userInfo().username
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
      throw new ApiError(
        /^No (review|person)/.test(error.message) ? 'not-found' : 'invalid-input',
        error.message
      )
    }
    throw error
  }
}
