/**
 * Log-view benchmark (DESIGN §6: "the log view stays responsive at 1,000,000 log rows (queries
 * under 50 ms, indexed)").
 *
 * Builds a log of a month of runs in a temp file, written the way RunRecorder writes it
 * (batches of 256 per transaction, concurrent runs' batches interleaved by flush time, so times
 * only roughly grow with ids), then times every form of query the log screen and `provisioner
 * logs` send: the median of several warm runs of one page of 100, newest first.
 *
 * `npx tsx main/bench/log-bench.ts` prints the figures; BENCH_LOG_ROWS changes the row count.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { LogAction, LogStatus, NewLogEntry } from '../model/log-entry'
import { inTransaction, openDatabase, type WritableDB } from '../store/database'
import { LOG_COUNT_CAP } from '../ipc/api/contract'
import { countLogs, insertLogEntries, type LogQuery, pruneLogs, queryLogs } from '../store/logs-store'

export const LOG_BENCH_ROWS = 1_000_000

export interface LogBenchOptions {
  /** Log entries to write (default 1,000,000). */
  readonly rows?: number
  /** Timed runs per query; the median is reported (default 9). */
  readonly repeats?: number
}

const DAY = 86_400_000
const T0 = Date.parse('2024-03-01T00:00:00.000Z')
const SPAN = 30 * DAY
/** RunRecorder's FLUSH_SIZE: completions committed per transaction. */
const BATCH = 256
/** People in scope of each of twenty jobs; small jobs run more often. */
const JOB_SCOPES = [
  12_000, 8_000, 6_000, 5_000, 4_000, 3_000, 2_500, 2_000, 1_500, 1_200, 1_000, 800, 600, 500, 400, 300, 250,
  200, 150, 100,
]
const POPULATION = 40_000
const GIVEN = [
  'Ada', 'Alan', 'Aiko', 'Ahmed', 'Anna', 'Barbara', 'Bjarne', 'Carla', 'Chen', 'Dennis', 'Diego', 'Edsger',
  'Elena', 'Fatima', 'Grace', 'Hedy', 'Ines', 'Ivan', 'John', 'Katherine', 'Ken', 'Linus', 'Lucia',
  'Margaret', 'Maria', 'Mark', 'Mei', 'Niklaus', 'Olga', 'Omar', 'Priya', 'Radia', 'Sophie', 'Tim', 'Tomás',
  'Ursula', 'Vint', 'Wei', 'Yuki', 'Zoë',
] // prettier-ignore
const FAMILY = [
  'Lovelace', 'Turing', 'Hopper', 'Liskov', 'Ritchie', 'Dijkstra', 'Knuth', 'Hamilton', 'Johnson', 'Torvalds',
  'Wirth', 'Perlman', 'Cerf', 'Lamarr', 'Stroustrup', 'Thompson', 'Kernighan', 'Backus', 'McCarthy', 'Allen',
] // prettier-ignore

/** Deterministic hash of two integers to [0, 2^32). */
function hash(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x7f4a7c15, 0xc2b2ae35)
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d)
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b)
  return (h ^ (h >>> 16)) >>> 0
}

const hex8 = (value: number) => value.toString(16).padStart(8, '0')

function uuid(a: number, b: number): string {
  const x = hex8(hash(a, b))
  const y = hex8(hash(b, a))
  const z = hex8(hash(a + 1, b))
  const w = hex8(hash(a, b + 1))
  return `${x}-${y.slice(0, 4)}-4${y.slice(5, 8)}-a${z.slice(1, 4)}-${z.slice(4)}${w}`
}

interface BenchRun {
  readonly id: string
  readonly jobIndex: number
  readonly jobId: string
  readonly start: number
  readonly size: number
  /** Milliseconds between entries (several entries can share a millisecond). */
  readonly spacing: number
  readonly initial: boolean
  readonly seed: number
}

interface Batch {
  readonly run: BenchRun
  readonly from: number
  readonly to: number
  readonly flushedAt: number
}

const jobId = (jobIndex: number) => `job-${String(jobIndex + 1).padStart(2, '0')}`

function schedule(rows: number): BenchRun[] {
  const perJob = Math.ceil(rows / JOB_SCOPES.length)
  const runs: BenchRun[] = []
  const scopes = JOB_SCOPES.map(scope => Math.min(scope, perJob))
  const counts = scopes.map(scope => Math.max(1, Math.round(perJob / scope)))
  // One run more for the smallest jobs until there are enough rows; the surplus is not written.
  for (
    let job = scopes.length - 1;
    scopes.reduce((sum, scope, i) => sum + scope * (counts[i] as number), 0) < rows;
  ) {
    counts[job] = (counts[job] as number) + 1
    job = job === 0 ? scopes.length - 1 : job - 1
  }
  scopes.forEach((scope, jobIndex) => {
    const count = counts[jobIndex] as number
    for (let k = 0; k < count; k++) {
      const jitter = (hash(jobIndex, k) / 2 ** 32 - 0.5) * 0.6
      runs.push({
        id: uuid(jobIndex + 1, k),
        jobIndex,
        jobId: jobId(jobIndex),
        start: Math.round(T0 + ((k + 0.5 + jitter) * SPAN) / count),
        size: scope,
        spacing: 0.5 + (jobIndex % 5),
        initial: k === 0,
        seed: jobIndex * 100_000 + k,
      })
    }
  })
  return runs
}

/** Batches as RunRecorder commits them: every 256 entries, or 100 ms after the last one. */
function batches(runs: ReadonlyArray<BenchRun>): Batch[] {
  const all: Batch[] = []
  for (const run of runs) {
    for (let from = 0; from < run.size; from += BATCH) {
      const to = Math.min(run.size, from + BATCH)
      const lastTime = run.start + Math.floor((to - 1) * run.spacing)
      all.push({ run, from, to, flushedAt: lastTime + (to - from < BATCH ? 100 : 2) })
    }
  }
  return all.sort((a, b) => a.flushedAt - b.flushedAt || a.run.seed - b.run.seed)
}

function outcome(run: BenchRun, index: number): { action: LogAction; status: LogStatus } {
  const u = hash(run.seed, index) / 2 ** 32
  if (run.initial) {
    if (u < 0.97) return { action: 'create', status: 'success' }
    return u < 0.99 ? { action: 'create', status: 'failure' } : { action: 'link', status: 'warning' }
  }
  if (u < 0.88) return { action: 'skip', status: 'skipped' }
  if (u < 0.955) return { action: 'update', status: 'success' }
  if (u < 0.965) return { action: 'update', status: 'failure' }
  if (u < 0.97) return { action: 'update', status: 'warning' }
  if (u < 0.98) return { action: 'create', status: 'success' }
  if (u < 0.985) return { action: 'create', status: 'failure' }
  if (u < 0.99) return { action: 'disable', status: 'success' }
  if (u < 0.993) return { action: 'enable', status: 'success' }
  if (u < 0.995) return { action: 'delete', status: 'success' }
  if (u < 0.997) return { action: 'link', status: 'success' }
  if (u < 0.998) return { action: 'stagedDelete', status: 'skipped' }
  return { action: 'other', status: 'warning' }
}

/** The job's people, in an order unrelated to their ids or names (as a source file's rows). */
const person = (run: BenchRun, index: number) =>
  (run.jobIndex * 1_999 + ((index * 7_919) % run.size)) % POPULATION

function display(p: number): string {
  const given = GIVEN[p % GIVEN.length] as string
  const family = FAMILY[Math.floor(p / GIVEN.length) % FAMILY.length] as string
  return `${given}.${family}${p}@Example.com`
}

const targetId = (jobIndex: number, p: number) => uuid(p + 7, jobIndex + 1_000)

function entry(run: BenchRun, index: number): NewLogEntry {
  const p = person(run, index)
  const { action, status } = outcome(run, index)
  const sourceId = `E${100_000 + p}`
  const name = display(p)
  const failed = status === 'failure'
  const target = action === 'create' && failed ? null : targetId(run.jobIndex, p)
  const steps: NewLogEntry['steps'] = [
    { type: 'import', status: 'success', description: `Imported ${sourceId} from the source` },
    { type: 'scoping', status: 'success', description: 'In scope: every scoping filter passed' },
    { type: 'matching', status: 'success', description: `Matched on userName = ${name}` },
  ]
  const processing: NewLogEntry['steps'] =
    action === 'skip'
      ? [{ type: 'processing', status: 'skipped', description: 'No attribute differs; nothing to export' }]
      : [
          {
            type: 'export',
            status,
            description: `${action} ${failed ? 'failed' : 'done'} (HTTP ${failed ? 400 : 200})`,
          },
        ]
  return {
    time: new Date(run.start + Math.floor(index * run.spacing)).toISOString(),
    jobId: run.jobId,
    runId: run.id,
    changeId: uuid(run.seed, index),
    objectType: 'user',
    action,
    status,
    sourceId,
    sourceDisplay: name,
    targetId: target,
    targetDisplay: target === null ? null : name,
    steps: [...steps, ...processing],
    modified:
      action === 'update' || action === 'create'
        ? [{ path: 'title', from: action === 'create' ? null : 'Engineer', to: 'Senior engineer' }]
        : [],
    reason:
      action === 'skip'
        ? 'No changes'
        : failed
          ? 'The app refused the value of emails[type eq "work"]'
          : null,
    errorCode: failed ? 'SchemaViolation' : null,
    httpStatus: action === 'skip' ? null : failed ? 400 : 200,
    scimType: failed ? 'invalidValue' : null,
    scimDetail: failed ? 'emails[type eq "work"].value is not a valid address' : null,
    durationMs: action === 'skip' ? 0 : 20 + (hash(index, run.seed) % 400),
    attempts: 1,
  }
}

/** Writes `rows` entries the way RunRecorder does; returns how many and how long it took. */
export function writeBenchLog(db: WritableDB, rows: number): { rows: number; insertMs: number } {
  const runs = schedule(rows)
  const started = performance.now()
  let written = 0
  for (const batch of batches(runs)) {
    const count = Math.min(batch.to - batch.from, rows - written)
    if (count <= 0) break
    const entries = Array.from({ length: count }, (_, offset) => entry(batch.run, batch.from + offset))
    inTransaction(db, () => insertLogEntries(db, entries))
    written += count
  }
  return { rows: written, insertMs: performance.now() - started }
}

/** The query forms the log screen and `provisioner logs` send, with parameters from the data. */
export function benchQueries(
  db: WritableDB,
  rows: number,
  query: typeof queryLogs = queryLogs
): Array<{ name: string; query: LogQuery }> {
  const runs = schedule(rows)
  const end = db.prepare('SELECT max(time) FROM logEntries').pluck().get() as number
  const written = (run: BenchRun) =>
    (db.prepare('SELECT count(*) FROM logEntries WHERE runId = ?').pluck().get(run.id) as number) > 0
  const runsOf = (job: string) => runs.filter(run => run.jobId === job && written(run))
  const bigRun = runsOf(jobId(0)).at(-1) ?? runs[0]
  const midJob = jobId(5)
  const midRuns = runsOf(midJob)
  const middleRun = midRuns[Math.floor(midRuns.length / 2)] ?? bigRun
  const someone = person(bigRun as BenchRun, 123)
  const nextPage = (first: LogQuery): LogQuery => {
    const last = query(db, { ...first, limit: 100 }).at(-1)
    return last === undefined ? first : { ...first, beforeId: last.id }
  }
  const maxId = db.prepare('SELECT max(id) FROM logEntries').pluck().get() as number
  const forms: Array<[string, LogQuery]> = [
    ['latest', {}],
    ['job', { jobId: midJob }],
    ['job (largest)', { jobId: jobId(0) }],
    ['run (largest job, last run)', { runId: (bigRun as BenchRun).id }],
    ['run (mid-month)', { runId: (middleRun as BenchRun).id }],
    ['status failure', { status: 'failure' }],
    ['status warning', { status: 'warning' }],
    ['action delete', { action: 'delete' }],
    ['action update', { action: 'update' }],
    ['since last 24 h', { since: end - DAY }],
    ['until day 10', { until: T0 + 10 * DAY }],
    ['since..until one day (day 15)', { since: T0 + 15 * DAY, until: T0 + 16 * DAY }],
    ['identity source id', { identity: `E${100_000 + someone}` }],
    ['identity target id', { identity: targetId(0, someone) }],
    ['identity display prefix (person)', { identity: display(someone).slice(0, -12).toLowerCase() }],
    ['identity display prefix ("mar")', { identity: 'mar' }],
    ['identity display prefix ("a", stress)', { identity: 'a' }],
    ['identity middle of a name (person)', { identity: display(someone).slice(3, -12) }],
    ['identity middle of a name ("ovelace1")', { identity: 'ovelace1' }],
    ['identity middle of names ("per", dense)', { identity: 'per' }],
    ['identity two letters ("zo")', { identity: 'zo' }],
    ['action conflict (none)', { action: 'conflict' }],
    ['job + status failure', { jobId: midJob, status: 'failure' }],
    ['run + status failure', { runId: (bigRun as BenchRun).id, status: 'failure' }],
    ['job + since 3 days', { jobId: midJob, since: end - 3 * DAY }],
    ['status + action (update failures)', { status: 'failure', action: 'update' }],
    ['job + action delete', { jobId: midJob, action: 'delete' }],
    ['run + action create', { runId: (middleRun as BenchRun).id, action: 'create' }],
    ['identity prefix + status failure (sparse)', { identity: 'ada.l', status: 'failure' }],
  ]
  const pages: Array<[string, LogQuery]> = [
    ['load more: latest', nextPage({})],
    ['load more: latest, half way down', { beforeId: Math.floor(maxId / 2) }],
    ['load more: status failure', nextPage({ status: 'failure' })],
    ['load more: job', nextPage({ jobId: midJob })],
    ['load more: run', nextPage({ runId: (bigRun as BenchRun).id })],
    ['load more: identity "mar"', nextPage({ identity: 'mar' })],
    ['load more: identity "ovelace1"', nextPage({ identity: 'ovelace1' })],
    ['back up: latest, after a page', { afterId: maxId - 200, ascending: true }],
    ['load more: since..until', nextPage({ since: T0 + 15 * DAY, until: T0 + 16 * DAY })],
  ]
  return [...forms, ...pages].map(([name, query]) => ({ name, query: { ...query, limit: 100 } }))
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] as number
}

/** Median milliseconds of `repeats` warm runs (one untimed run first). */
export function timeQuery(db: WritableDB, query: LogQuery, repeats: number): { ms: number; rows: number } {
  const rows = queryLogs(db, query).length
  const samples: number[] = []
  for (let i = 0; i < repeats; i++) {
    const started = performance.now()
    queryLogs(db, query)
    samples.push(performance.now() - started)
  }
  return { ms: median(samples), rows }
}

/** Median milliseconds of `repeats` warm counts of a query's matches (capped as the screen counts). */
function timeCount(db: WritableDB, query: LogQuery, repeats: number): number {
  const { limit: _limit, ascending: _ascending, ...filters } = query
  countLogs(db, filters, LOG_COUNT_CAP)
  const samples: number[] = []
  for (let i = 0; i < repeats; i++) {
    const started = performance.now()
    countLogs(db, filters, LOG_COUNT_CAP)
    samples.push(performance.now() - started)
  }
  return median(samples)
}

/**
 * Builds a 1,000,000-row log and times each query form (names start `query: `; bar: each
 * under 50 ms). The first figure is the whole insert, `insert N rows` (rows per second is
 * N / (ms / 1000)); the last a prune of the oldest day, as a run does at its start.
 */
export async function benchLogQueries(
  options: LogBenchOptions = {}
): Promise<Array<{ name: string; ms: number }>> {
  const rows = options.rows ?? LOG_BENCH_ROWS
  const repeats = options.repeats ?? 9
  const dir = mkdtempSync(join(tmpdir(), 'provisioner-log-bench-'))
  const db = openDatabase(join(dir, 'logs.db'))
  try {
    const log = writeBenchLog(db, rows)
    const figures: Array<{ name: string; ms: number }> = [
      { name: `insert ${log.rows} rows`, ms: log.insertMs },
    ]
    for (const { name, query } of benchQueries(db, rows)) {
      figures.push({ name: `query: ${name}`, ms: timeQuery(db, query, repeats).ms })
    }
    // The logs screen's "N entries match" for the first page's filters (no cursors), capped.
    const firstPages = benchQueries(db, rows).filter(
      ({ query }) => query.beforeId === undefined && query.afterId === undefined
    )
    for (const { name, query } of firstPages) {
      figures.push({ name: `count: ${name}`, ms: timeCount(db, query, repeats) })
    }
    const started = performance.now()
    inTransaction(db, () => pruneLogs(db, T0 + DAY))
    figures.push({ name: 'prune one day', ms: performance.now() - started })
    return figures
  } finally {
    db.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const rows = Number(process.env['BENCH_LOG_ROWS'] ?? LOG_BENCH_ROWS)
  for (const { name, ms } of await benchLogQueries({ rows })) {
    const extra = name.startsWith('insert') ? ` (${Math.round(rows / (ms / 1000))} rows/s)` : ''
    process.stdout.write(`${name.padEnd(52)} ${ms.toFixed(2).padStart(9)} ms${extra}\n`)
  }
}
