import { join } from 'node:path'
import { afterEach } from 'vitest'
import type { NewLogEntry } from '../../main/model/log-entry'
import { openDatabase, type WritableDB } from '../../main/store/database'
import { saveJob } from '../../main/store/jobs-store'
import { createRun } from '../../main/store/runs-store'
import { makeTempDir } from './temp-dir'

const opened: WritableDB[] = []

/** A state database in a real file under a fresh temp folder (closed after the test). */
export function openTempDatabase(): { db: WritableDB; file: string } {
  const file = join(makeTempDir('provisioner-store-'), 'state', 'provisioner.db')
  const db = openDatabase(file)
  opened.push(db)
  return { db, file }
}

/** Registers a connection the test opened itself, so it is closed after the test. */
export function closeAfterTest<T extends { close(): unknown; open: boolean }>(db: T): T {
  opened.push(db as unknown as WritableDB)
  return db
}

afterEach(() => {
  for (const db of opened.splice(0)) {
    if (db.open) db.close()
  }
})

/** A job row (links, runs and journal rows reference it). */
export function seedJob(db: WritableDB, id = 'job-1', now = 1_000): void {
  saveJob(db, { id, name: `Job ${id}`, config: { name: id }, configPath: null }, now)
}

/** A job and a running run of it. */
export function seedRun(db: WritableDB, runId = 'run-1', jobId = 'job-1', now = 2_000): void {
  seedJob(db, jobId)
  createRun(db, { id: runId, jobId, mode: 'apply' }, now)
}

/** A complete log entry with harmless defaults. */
export function logEntry(overrides: Partial<NewLogEntry> = {}): NewLogEntry {
  return {
    time: '2024-03-01T10:00:00.000Z',
    jobId: 'job-1',
    runId: 'run-1',
    changeId: 'change-1',
    objectType: 'user',
    action: 'create',
    status: 'success',
    sourceId: 'E1',
    sourceDisplay: 'ada@example.com',
    targetId: 'T1',
    targetDisplay: 'ada@example.com',
    steps: [{ type: 'import', status: 'success', description: 'Imported E1' }],
    modified: [{ path: 'userName', from: null, to: 'ada@example.com' }],
    reason: null,
    errorCode: null,
    httpStatus: 201,
    scimType: null,
    scimDetail: null,
    durationMs: 12,
    attempts: 1,
    ...overrides,
  }
}
