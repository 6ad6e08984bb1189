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

/** Records the job the CLI or app is about to run, keeping its creation time. */
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
       configPath = excluded.configPath, updatedAt = excluded.updatedAt`
  ).run({
    id: job.id,
    name: job.name,
    configJson: JSON.stringify(job.config),
    configPath: job.configPath,
    now,
  })
}

export function getJob(db: ReadableDB, id: string): JobRecord | null {
  const row = prepared(db, 'SELECT * FROM jobs WHERE id = ?').get(id) as JobRow | undefined
  return row === undefined ? null : rowToJob(row)
}

export function listJobs(db: ReadableDB): ReadonlyArray<JobRecord> {
  return (prepared(db, 'SELECT * FROM jobs ORDER BY name').all() as JobRow[]).map(rowToJob)
}
