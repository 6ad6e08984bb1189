import type { ReadableDB, WritableDB } from './database'
import { prepared, toIso } from './statement-cache'

export interface JobRecord {
  readonly id: string
  readonly name: string
  /** The job file as last used (secret references only, never secrets). */
  readonly config: unknown
  readonly configPath: string | null
  readonly createdAt: string
  readonly updatedAt: string
}

interface JobRow {
  readonly id: string
  readonly name: string
  readonly configJson: string
  readonly configPath: string | null
  readonly createdAt: number
  readonly updatedAt: number
}

function rowToJob(row: JobRow): JobRecord {
  return {
    id: row.id,
    name: row.name,
    config: JSON.parse(row.configJson) as unknown,
    configPath: row.configPath,
    createdAt: toIso(row.createdAt),
    updatedAt: toIso(row.updatedAt),
  }
}

/** Records the job the CLI or app is about to run, keeping its creation time (a removed job is listed again). */
export function saveJob(
  db: WritableDB,
  job: {
    readonly id: string
    readonly name: string
    readonly config: unknown
    readonly configPath: string | null
  },
  now: number = Date.now()
): void {
  prepared(
    db,
    `INSERT INTO jobs (id, name, configJson, configPath, createdAt, updatedAt)
     VALUES (@id, @name, @configJson, @configPath, @now, @now)
     ON CONFLICT (id) DO UPDATE SET name = excluded.name, configJson = excluded.configJson,
       configPath = excluded.configPath, updatedAt = excluded.updatedAt, removedAt = NULL`
  ).run({
    id: job.id,
    name: job.name,
    configJson: JSON.stringify(job.config),
    configPath: job.configPath,
    now,
  })
}

const COLUMNS = 'id, name, configJson, configPath, createdAt, updatedAt'

/** The job, removed from the app or not (its runs and links may still be there). */
export function getJob(db: ReadableDB, id: string): JobRecord | null {
  const row = prepared(db, `SELECT ${COLUMNS} FROM jobs WHERE id = ?`).get(id) as JobRow | undefined
  return row === undefined ? null : rowToJob(row)
}

/** The job when the app lists it (not removed). */
export function getListedJob(db: ReadableDB, id: string): JobRecord | null {
  const row = prepared(db, `SELECT ${COLUMNS} FROM jobs WHERE id = ? AND removedAt IS NULL`).get(id) as
    JobRow | undefined
  return row === undefined ? null : rowToJob(row)
}

export function listJobs(db: ReadableDB): ReadonlyArray<JobRecord> {
  return (
    prepared(db, `SELECT ${COLUMNS} FROM jobs WHERE removedAt IS NULL ORDER BY name`).all() as JobRow[]
  ).map(rowToJob)
}

/** Takes the job off the app's list, keeping its links, runs and log (`saveJob` lists it again). */
export function forgetJob(db: WritableDB, id: string, now: number = Date.now()): void {
  prepared(db, 'UPDATE jobs SET removedAt = ? WHERE id = ?').run(now, id)
}

/**
 * Deletes the job with everything recorded for it: runs (and their journal and staged
 * operations), links, decisions, quarantine state (by cascade) and its provisioning log.
 */
export function deleteJobHistory(db: WritableDB, id: string): void {
  db.transaction(() => {
    prepared(db, 'DELETE FROM logEntries WHERE jobId = ?').run(id)
    prepared(db, 'DELETE FROM jobs WHERE id = ?').run(id)
  }).immediate()
}
