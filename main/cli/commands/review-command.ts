import { writeFileSync } from 'node:fs'
import { userInfo } from 'node:os'
import { resolve } from 'node:path'
import { REVIEW_CSV_COLUMNS, reviewCsvRow, reviewOutcome } from '../../engine/access/access-review'
import {
  REVIEW_DECISIONS,
  finishReview,
  markReview,
  requireReview,
  startReview,
  withdrawReviewRevocation,
} from '../../engine/access/reviews'
import { reviewReportHtml } from '../../engine/access/review-report'
import type { Review, ReviewDecision, ReviewItem } from '../../model/access'
import type { WritableDB } from '../../store/database'
import { listReviewItems, listReviewRevocations, listReviews } from '../../store/reviews-store'
import { openState } from '../cli-state'
import { csvRecord } from '../../connectors/csv/spreadsheet-csv'
import { ExitCode, UsageError } from '../exit-codes'
import { parseOptions } from '../main'
import { type CliIo, formatTable, writeLine, writeText } from '../output'
import { writeJson } from '../json-output'
import { jobIdOption } from './logs-command'

const OPTIONS = {
  app: { type: 'string', multiple: true },
  name: { type: 'string' },
  reviewer: { type: 'string' },
  account: { type: 'string' },
  person: { type: 'string' },
  decision: { type: 'string' },
  comment: { type: 'string' },
  note: { type: 'string' },
  by: { type: 'string' },
  format: { type: 'string' },
  out: { type: 'string' },
  json: { type: 'boolean', default: false },
  home: { type: 'string' },
} as const

type Values = Record<string, string | boolean | string[] | undefined>

/** `provisioner review start|list|show|mark|close|export`: access reviews, stored and resumable. */
export async function reviewCommand(args: string[], io: CliIo): Promise<ExitCode> {
  const { values, positionals } = parseOptions(args, OPTIONS, true)
  const [action, id, ...extra] = positionals
  if (extra.length > 0) throw new UsageError(`review: unexpected "${extra.join(' ')}"`)
  const { db } = openState(values['home'], io)
  try {
    switch (action) {
      case 'start':
        return start(db, values as Values, io)
      case 'list':
        return list(db, values as Values, io)
      case 'show':
        return show(db, needId(id, action), values as Values, io)
      case 'mark':
        return mark(db, needId(id, action), values as Values, io)
      case 'close':
        return close(db, needId(id, action), values as Values, io)
      case 'export':
        return exportReview(db, needId(id, action), values as Values, io)
      case 'withdraw':
        return withdraw(db, needId(id, action), values as Values, io)
      default:
        throw new UsageError(
          'review needs one of: start, list, show ID, mark ID, close ID, export ID, withdraw ID'
        )
    }
  } finally {
    db.close()
  }
}

function needId(id: string | undefined, action: string): string {
  if (id === undefined || id === '') throw new UsageError(`review ${action} needs the review id`)
  return id
}

function text(values: Values, name: string): string | undefined {
  const value = values[name]
  return typeof value === 'string' && value !== '' ? value : undefined
}

function start(db: WritableDB, values: Values, io: CliIo): ExitCode {
  const apps = (values['app'] as string[] | undefined) ?? []
  if (apps.length === 0) throw new UsageError('review start needs --app JOB (one or more)')
  const jobIds = apps.map(app => jobIdOption(app, io) ?? app)
  const name = text(values, 'name')
  const review = startReview(db, {
    jobIds,
    reviewer: text(values, 'reviewer') ?? userInfo().username,
    ...(name === undefined ? {} : { name }),
  })
  if (values['json'] === true) writeJson(io.stdout, review)
  else
    writeLine(
      io.stdout,
      `Started review ${review.id} (${review.counts.total} accounts). Mark them: provisioner review mark ${review.id} --account ID --decision keep|remove|investigate`
    )
  return ExitCode.Success
}

function list(db: WritableDB, values: Values, io: CliIo): ExitCode {
  const reviews = listReviews(db)
  if (values['json'] === true) writeJson(io.stdout, reviews)
  else if (reviews.length === 0) writeLine(io.stdout, 'No reviews yet.')
  else
    writeLine(
      io.stdout,
      formatTable(
        ['Review', 'Name', 'Reviewer', 'Status', 'Started', 'Decided'],
        reviews.map(review => [
          review.id,
          review.name,
          review.reviewer,
          review.status,
          review.createdAt,
          `${review.counts.total - review.counts.undecided}/${review.counts.total}`,
        ])
      )
    )
  return ExitCode.Success
}

function show(db: WritableDB, id: string, values: Values, io: CliIo): ExitCode {
  const review = requireReview(db, id)
  const items = listReviewItems(db, id)
  if (values['json'] === true) {
    const removals = listReviewRevocations(db, id)
    writeJson(io.stdout, { review, items, checklist: reviewOutcome(items).checklist, removals })
    return ExitCode.Success
  }
  writeLine(io.stdout, summaryLine(review))
  writeLine(
    io.stdout,
    formatTable(
      ['Job', 'Account', 'userName', 'Name', 'Source id', 'State', 'Decision', 'Comment'],
      items.map(itemRow)
    )
  )
  for (const removal of listReviewRevocations(db, id)) {
    const what = `Removal of ${removal.sourceId} in ${removal.jobId}`
    if (removal.status === 'standing') writeLine(io.stdout, `${what}: standing (the next plan disables it)`)
    else if (removal.status === 'replaced') writeLine(io.stdout, `${what}: held by a later review`)
    else
      writeLine(
        io.stdout,
        `${what}: withdrawn by ${removal.withdrawnBy ?? ''} at ${removal.withdrawnAt ?? ''}${removal.note === null ? '' : ` — ${removal.note}`}`
      )
  }
  return ExitCode.Success
}

/** Takes back a closed review's removal of a person in a job: the next plan keeps them. */
function withdraw(db: WritableDB, id: string, values: Values, io: CliIo): ExitCode {
  const person = text(values, 'person')
  const app = (values['app'] as string[] | undefined)?.[0]
  if (person === undefined || app === undefined) {
    throw new UsageError('review withdraw needs --person SOURCE_ID and --app JOB')
  }
  const jobId = jobIdOption(app, io) ?? app
  const by = text(values, 'by') ?? userInfo().username
  const note = text(values, 'note') ?? null
  withdrawReviewRevocation(db, { reviewId: id, jobId, sourceId: person }, { by, note })
  io.log?.info('access revocation withdrawn', { reviewId: id, jobId, sourceId: person, by })
  writeLine(
    io.stdout,
    `Withdrew the removal of ${person} in ${jobId} (review ${id}): the job's next plan keeps them.`
  )
  return ExitCode.Success
}

function summaryLine(review: Review): string {
  const c = review.counts
  return `${review.id} "${review.name}" by ${review.reviewer}, ${review.status}: ${c.total} accounts, ${c.keep} keep, ${c.remove} remove, ${c.investigate} investigate, ${c.undecided} undecided`
}

function itemRow(item: ReviewItem): string[] {
  return [
    item.jobId,
    item.targetId,
    item.userName ?? '',
    item.display ?? '',
    item.sourceId ?? '(unmanaged)',
    item.state,
    item.decision ?? '',
    item.comment ?? '',
  ]
}

function mark(db: WritableDB, id: string, values: Values, io: CliIo): ExitCode {
  const decision = text(values, 'decision')
  if (decision === undefined || !REVIEW_DECISIONS.includes(decision as ReviewDecision)) {
    throw new UsageError(`review mark needs --decision ${REVIEW_DECISIONS.join('|')}`)
  }
  const app = (values['app'] as string[] | undefined)?.[0]
  const jobId = app === undefined ? undefined : (jobIdOption(app, io) ?? app)
  const account = text(values, 'account')
  const person = text(values, 'person')
  const changed = markReview(
    db,
    id,
    {
      ...(jobId === undefined ? {} : { jobId }),
      ...(account === undefined ? {} : { targetId: account }),
      ...(person === undefined ? {} : { sourceId: person }),
    },
    decision as ReviewDecision,
    text(values, 'comment') ?? null
  )
  writeLine(io.stdout, `Marked ${changed} account(s) "${decision}" in ${id}`)
  return ExitCode.Success
}

function close(db: WritableDB, id: string, values: Values, io: CliIo): ExitCode {
  const result = finishReview(db, id)
  if (values['json'] === true) {
    writeJson(io.stdout, result)
    return ExitCode.Success
  }
  writeLine(io.stdout, summaryLine(result.review))
  writeLine(
    io.stdout,
    `${result.revocations} managed account(s) to remove: the next plan of each job shows their disables (provisioner plan --job FILE), applied and approved as usual.`
  )
  if (result.checklist.length > 0) {
    writeLine(io.stdout, 'Unmanaged accounts to remove by hand:')
    for (const item of result.checklist)
      writeLine(
        io.stdout,
        `[ ] ${item.jobId}: ${item.userName ?? item.targetId} (${item.targetId})${item.comment === null ? '' : ` — ${item.comment}`}`
      )
  }
  return ExitCode.Success
}

function exportReview(db: WritableDB, id: string, values: Values, io: CliIo): ExitCode {
  const format = text(values, 'format') ?? 'csv'
  if (!['csv', 'html', 'jsonl'].includes(format))
    throw new UsageError(`--format must be csv, html or jsonl, not "${format}"`)
  const review = requireReview(db, id)
  const items = listReviewItems(db, id)
  let output: string
  if (format === 'html') output = reviewReportHtml(review, items, new Date().toISOString())
  else if (format === 'jsonl')
    output = items.map(item => `${JSON.stringify({ reviewId: review.id, ...item })}\n`).join('')
  else
    output = csvRecord(REVIEW_CSV_COLUMNS) + items.map(item => csvRecord(reviewCsvRow(review, item))).join('')
  const out = text(values, 'out')
  if (out === undefined) writeText(io.stdout, output)
  else {
    writeFileSync(resolve(io.cwd, out), output, { mode: 0o600 })
    writeLine(io.stderr, `Wrote ${items.length} decision(s) to ${out}`)
  }
  return ExitCode.Success
}
