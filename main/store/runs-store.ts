import { hostname } from 'node:os'
import type {
  Run,
  RunCounts,
  RunKind,
  RunMode,
  RunPhase,
  RunProgress,
  RunStatus,
  RunSummary,
} from '../model/run'
import { storedText } from '../secrets/redact-text'
import type { ReadableDB, WritableDB } from './database'
import { prepared, toIso, toIsoOrNull } from './statement-cache'

interface RunRow {
  readonly id: string
  readonly jobId: string
  readonly mode: RunMode
  readonly status: RunStatus
  readonly startedAt: number
  readonly finishedAt: number | null
  readonly summaryJson: string | null
  readonly failedCount: number
  readonly error: string | null
  readonly pid: number | null
  readonly host: string | null
  readonly kind: RunKind
  readonly relatedRunId: string | null
  readonly progressDone: number | null
  readonly progressTotal: number | null
  readonly progressPhase: RunPhase | null
  readonly progressFailures: number | null
  readonly progressRate: number | null
  readonly progressEta: number | null
  readonly sourceCount: number | null
  readonly targetCount: number | null
  readonly unmanagedCount: number | null
}

function rowToRun(row: RunRow): Run {
  return {
    id: row.id,
    jobId: row.jobId,
    mode: row.mode,
    status: row.status,
    startedAt: toIso(row.startedAt),
    finishedAt: toIsoOrNull(row.finishedAt),
    summary: row.summaryJson === null ? null : (JSON.parse(row.summaryJson) as RunSummary),
    failed: row.failedCount,
    error: row.error,
    kind: row.kind,
    relatedRunId: row.relatedRunId,
    progress: progressOf(row),
    counts:
      row.sourceCount === null || row.targetCount === null || row.unmanagedCount === null
        ? null
        : { source: row.sourceCount, target: row.targetCount, unmanaged: row.unmanagedCount },
  }
}

/** A run row's progress columns. */
export type RunProgressColumns = Pick<
  RunRow,
  'progressDone' | 'progressTotal' | 'progressPhase' | 'progressFailures' | 'progressRate' | 'progressEta'
>

/**
 * A run row's progress; null before any was recorded. Rows from before phases were recorded
 * counted writes alone: their phase was applying.
 */
export function progressOf(row: RunProgressColumns): RunProgress | null {
  if (row.progressDone === null) return null
  return {
    phase: row.progressPhase ?? 'applying',
    done: row.progressDone,
    total: row.progressTotal,
    ratePerSecond: row.progressRate,
    etaSeconds: row.progressEta,
    failures: row.progressFailures ?? 0,
  }
}

export function createRun(
  db: WritableDB,
  run: {
    readonly id: string
    readonly jobId: string
    readonly mode: RunMode
    readonly kind?: RunKind
    readonly relatedRunId?: string | null
  },
  now: number = Date.now()
): void {
  prepared(
    db,
    `INSERT INTO runs (id, jobId, mode, status, startedAt, pid, host, kind, relatedRunId)
     VALUES (@id, @jobId, @mode, 'running', @now, @pid, @host, @kind, @relatedRunId)`
  ).run({
    id: run.id,
    jobId: run.jobId,
    mode: run.mode,
    kind: run.kind ?? 'sync',
    relatedRunId: run.relatedRunId ?? null,
    now,
    pid: process.pid,
    host: hostname(),
  })
}

export function finishRun(
  db: WritableDB,
  runId: string,
  result: {
    readonly status: Exclude<RunStatus, 'running'>
    readonly summary: RunSummary | null
    readonly failed: number
    readonly error: string | null
    /** What the run read (kept for the dashboard); earlier values stay when absent. */
    readonly counts?: RunCounts
  },
  now: number = Date.now()
): void {
  const changes = prepared(
    db,
    `UPDATE runs SET status = @status, finishedAt = @now, summaryJson = @summaryJson,
       failedCount = @failed, error = @error, sourceCount = coalesce(@source, sourceCount),
       targetCount = coalesce(@target, targetCount), unmanagedCount = coalesce(@unmanaged, unmanagedCount)
     WHERE id = @runId`
  ).run({
    source: result.counts?.source ?? null,
    target: result.counts?.target ?? null,
    unmanaged: result.counts?.unmanaged ?? null,
    runId,
    status: result.status,
    now,
    summaryJson: result.summary === null ? null : JSON.stringify(result.summary),
    failed: result.failed,
    // Often a server's words (a failed request): kept without credentials, capped.
    error: storedText(result.error),
  }).changes
  if (changes !== 1) {
    throw new Error(`finishRun: expected 1 change for run ${runId}, got ${changes}`)
  }
}

export function getRun(db: ReadableDB, runId: string): Run | null {
  const row = prepared(db, 'SELECT * FROM runs WHERE id = ?').get(runId) as RunRow | undefined
  return row === undefined ? null : rowToRun(row)
}

export function listRuns(db: ReadableDB, jobId: string, limit = 50): ReadonlyArray<Run> {
  return (
    prepared(db, 'SELECT * FROM runs WHERE jobId = ? ORDER BY startedAt DESC LIMIT ?').all(
      jobId,
      limit
    ) as RunRow[]
  ).map(rowToRun)
}

/** Records a run's progress for other processes to show (the app watching a CLI run). */
export function recordRunProgress(db: WritableDB, runId: string, progress: RunProgress): void {
  prepared(
    db,
    `UPDATE runs SET progressPhase = @phase, progressDone = @done, progressTotal = @total,
       progressRate = @rate, progressEta = @eta, progressFailures = @failures WHERE id = @runId`
  ).run({
    runId,
    phase: progress.phase,
    done: progress.done,
    total: progress.total,
    rate: progress.ratePerSecond,
    eta: progress.etaSeconds,
    failures: progress.failures,
  })
}

/**
 * Asks the process that runs `runId` to cancel it (it looks on its next progress tick); false
 * when the run is not running.
 */
export function requestRunCancel(db: WritableDB, runId: string, now: number = Date.now()): boolean {
  return (
    prepared(
      db,
      `UPDATE runs SET cancelRequestedAt = coalesce(cancelRequestedAt, @now)
        WHERE id = @runId AND status = 'running'`
    ).run({ runId, now }).changes === 1
  )
}

/** Someone asked to cancel the run (`requestRunCancel`). */
export function runCancelRequested(db: ReadableDB, runId: string): boolean {
  return prepared(db, 'SELECT cancelRequestedAt IS NOT NULL FROM runs WHERE id = ?').pluck().get(runId) === 1
}

/** A run still marked running, with the process (and the machine) that started it. */
export interface RunningRun {
  readonly run: Run
  readonly pid: number | null
  /** Null for runs recorded before the host was. */
  readonly host: string | null
}

/** Runs of a job still marked running, with the process that started them. */
export function listRunningRuns(db: ReadableDB, jobId: string): ReadonlyArray<RunningRun> {
  const rows = prepared(db, `SELECT * FROM runs WHERE jobId = ? AND status = 'running'`).all(
    jobId
  ) as RunRow[]
  return rows.map(row => ({ run: rowToRun(row), pid: row.pid, host: row.host }))
}

/** Closes a run that ended with an error (nothing counted; the message is kept for `status`). */
export function failRun(db: WritableDB, runId: string, error: unknown, now: number = Date.now()): void {
  finishRun(
    db,
    runId,
    {
      status: 'failed',
      summary: null,
      failed: 0,
      error: error instanceof Error ? error.message : String(error),
    },
    now
  )
}

/**
 * The job's newest run in `mode` (only finished ones with `finished`), with the process that
 * started it.
 */
export function latestRunOf(
  db: ReadableDB,
  jobId: string,
  mode: RunMode,
  finished = false
): RunningRun | null {
  const row = prepared(
    db,
    `SELECT * FROM runs WHERE jobId = ? AND mode = ? ${finished ? "AND status <> 'running'" : ''}
     ORDER BY startedAt DESC LIMIT 1`
  ).get(jobId, mode) as RunRow | undefined
  return row === undefined ? null : { run: rowToRun(row), pid: row.pid, host: row.host }
}
