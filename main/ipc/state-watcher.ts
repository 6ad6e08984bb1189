import type { RunPhase, RunStatus } from '../model/run'
import type { ReadableDB } from '../store/database'
import { getRun, progressOf } from '../store/runs-store'
import { prepared } from '../store/statement-cache'
import type { EventHub } from './api/event-hub'

export interface StateWatcherOptions {
  /** How often the database is asked whether anyone else wrote to it (default 500 ms). */
  readonly intervalMs?: number
}

export interface StateWatcher {
  /** Looks once, now (the timer calls this; tests call it directly). */
  check(): void
  stop(): void
}

interface RunRow {
  readonly rowid: number
  readonly id: string
  readonly jobId: string
  readonly mode: 'dry-run' | 'apply' | 'on-demand'
  readonly status: RunStatus
  readonly progressDone: number | null
  readonly progressTotal: number | null
  readonly progressPhase: RunPhase | null
  readonly progressFailures: number | null
  readonly progressRate: number | null
  readonly progressEta: number | null
}

const RUN_COLUMNS = `rowid, id, jobId, mode, status, progressDone, progressTotal, progressPhase,
  progressFailures, progressRate, progressEta`

/**
 * Watches the shared state database for runs other processes start, advance and finish (the
 * CLI, a schedule), and announces them through the hub, so screens refresh by themselves.
 *
 * Each tick reads `PRAGMA data_version`, which changes only when another connection committed:
 * an idle database costs one pragma per tick. After a change it reads the runs that are new
 * (rowid above the last seen) or were running, a handful of rows. Runs this connection writes
 * itself (the app's own previews) are announced by their caller.
 */
export function startStateWatcher(
  db: ReadableDB,
  hub: EventHub,
  options: StateWatcherOptions = {}
): StateWatcher {
  let version = dataVersion(db)
  let lastRowid = prepared(db, 'SELECT coalesce(max(rowid), 0) FROM runs').pluck().get() as number
  const running = new Map<string, RunRow>()
  for (const row of runningRows(db)) running.set(row.id, row)

  const check = () => {
    const current = dataVersion(db)
    if (current === version) return
    version = current
    const rows = prepared(
      db,
      `SELECT ${RUN_COLUMNS} FROM runs
        WHERE rowid > @lastRowid OR status = 'running' OR id IN (SELECT value FROM json_each(@known))`
    ).all({ lastRowid, known: JSON.stringify([...running.keys()]) }) as RunRow[]
    for (const row of rows) {
      lastRowid = Math.max(lastRowid, row.rowid)
      const before = running.get(row.id)
      if (before === undefined && row.status === 'running') {
        hub.emit('runStarted', { runId: row.id, jobId: row.jobId, mode: row.mode })
      }
      if (row.status === 'running') {
        const progress = progressOf(row)
        if (progress !== null && progressed(before, row)) {
          hub.emit('runProgress', { runId: row.id, jobId: row.jobId, ...progress })
        }
        running.set(row.id, row)
      } else {
        running.delete(row.id)
        announceFinished(db, hub, row)
      }
    }
  }

  const timer = setInterval(check, options.intervalMs ?? 500)
  timer.unref()
  return { check, stop: () => clearInterval(timer) }
}

function dataVersion(db: ReadableDB): number {
  return db.pragma('data_version', { simple: true }) as number
}

function runningRows(db: ReadableDB): RunRow[] {
  return prepared(db, `SELECT ${RUN_COLUMNS} FROM runs WHERE status = 'running'`).all() as RunRow[]
}

function progressed(before: RunRow | undefined, row: RunRow): boolean {
  return (
    before?.progressDone !== row.progressDone ||
    before.progressTotal !== row.progressTotal ||
    before.progressPhase !== row.progressPhase ||
    before.progressFailures !== row.progressFailures
  )
}

/** A run seen finished: its summary from the store, as the app announces its own runs. */
function announceFinished(db: ReadableDB, hub: EventHub, row: RunRow): void {
  const run = getRun(db, row.id)
  if (run === null || run.status === 'running') return
  hub.emit('runFinished', {
    runId: run.id,
    jobId: run.jobId,
    mode: run.mode,
    status: run.status,
    summary: run.summary,
  })
}
