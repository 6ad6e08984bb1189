/**
 * Read-only views of a workspace's state database (the CLI must not be running a write at the
 * same time; SQLite's WAL lets a reader in anyway).
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import type { Workspace } from './provisioning-fixture'

export interface JournalRow {
  readonly id: number
  readonly runId: string
  readonly changeId: string
  readonly objectType: string
  readonly sourceId: string | null
  readonly targetId: string | null
  readonly operation: string
  readonly state: 'pending' | 'succeeded' | 'failed'
  readonly resultJson: string | null
  readonly beforeJson: string | null
}

export interface LogRow {
  readonly id: number
  readonly runId: string
  readonly changeId: string
  readonly objectType: string
  readonly action: string
  readonly status: string
  readonly sourceId: string | null
  readonly targetId: string | null
  readonly reason: string | null
  readonly errorCode: string | null
  readonly stepsJson: string
}

export interface RunRow {
  readonly id: string
  readonly mode: string
  readonly kind: string
  readonly status: string
  readonly error: string | null
  readonly relatedRunId: string | null
}

export function readState<T>(ws: Workspace, sql: string, ...params: unknown[]): T[] {
  const file = join(ws.home, 'provisioner.db')
  if (!existsSync(file)) return []
  const db = new Database(file, { readonly: true, fileMustExist: true })
  try {
    return db.prepare(sql).all(...params) as T[]
  } finally {
    db.close()
  }
}

export function journalOf(ws: Workspace, runId: string): JournalRow[] {
  return readState<JournalRow>(ws, 'SELECT * FROM journal WHERE runId = ? ORDER BY id', runId)
}

export function logsOf(ws: Workspace, runId: string): LogRow[] {
  return readState<LogRow>(ws, 'SELECT * FROM logEntries WHERE runId = ? ORDER BY id', runId)
}

export function runsOf(ws: Workspace): RunRow[] {
  return readState<RunRow>(ws, 'SELECT * FROM runs ORDER BY startedAt, rowid')
}

export function runRow(ws: Workspace, runId: string): RunRow | undefined {
  return readState<RunRow>(ws, 'SELECT * FROM runs WHERE id = ?', runId)[0]
}
