import type { JournalEntry, JournalIntent, JournalOutcome } from '../model/journal'
import { storedText } from '../secrets/redact-text'
import type { ReadableDB, WritableDB } from './database'
import { prepared, toIso, toIsoOrNull } from './statement-cache'

/** A `journal` row: times as epoch milliseconds, data as JSON. */
type JournalRow = Omit<JournalEntry, 'intent' | 'before' | 'result' | 'startedAt' | 'finishedAt'> & {
  readonly intentJson: string
  readonly beforeJson: string | null
  readonly resultJson: string | null
  readonly startedAt: number
  readonly finishedAt: number | null
}

function parseJsonOrNull(json: string | null): unknown {
  return json === null ? null : (JSON.parse(json) as unknown)
}

function rowToEntry(row: JournalRow): JournalEntry {
  const { intentJson, beforeJson, resultJson, startedAt, finishedAt, ...columns } = row
  return {
    ...columns,
    intent: JSON.parse(intentJson) as unknown,
    before: parseJsonOrNull(beforeJson),
    result: parseJsonOrNull(resultJson),
    startedAt: toIso(startedAt),
    finishedAt: toIsoOrNull(finishedAt),
  }
}

/** Records an intent; returns its journal id. Call inside a transaction when writing many. */
export function recordIntent(db: WritableDB, intent: JournalIntent, now: number = Date.now()): number {
  const result = prepared(
    db,
    `INSERT INTO journal (runId, jobId, changeId, objectType, sourceId, targetId, operation,
       intentJson, beforeJson, state, startedAt)
     VALUES (@runId, @jobId, @changeId, @objectType, @sourceId, @targetId, @operation,
       @intentJson, @beforeJson, 'pending', @now)`
  ).run({
    runId: intent.runId,
    jobId: intent.jobId,
    changeId: intent.changeId,
    objectType: intent.objectType,
    sourceId: intent.sourceId,
    targetId: intent.targetId,
    operation: intent.operation,
    intentJson: JSON.stringify(intent.intent),
    beforeJson: intent.before === null || intent.before === undefined ? null : JSON.stringify(intent.before),
    now,
  })
  return Number(result.lastInsertRowid)
}

/**
 * Removes intents whose requests never left (a cancelled run journals a batch ahead of its
 * requests): only while still pending, so a write that was sent can never be forgotten.
 */
export function discardIntents(db: WritableDB, ids: ReadonlyArray<number>): void {
  const remove = prepared(db, `DELETE FROM journal WHERE id = ? AND state = 'pending'`)
  for (const id of ids) remove.run(id)
}

/** Records the outcome of a journaled write. */
export function recordOutcome(
  db: WritableDB,
  id: number,
  outcome: JournalOutcome,
  now: number = Date.now()
): void {
  const changes = prepared(
    db,
    `UPDATE journal SET state = @state, targetId = coalesce(@targetId, targetId), resultJson = @resultJson,
       finishedAt = @now WHERE id = @id AND state = 'pending'`
  ).run({
    id,
    state: outcome.state,
    targetId: outcome.targetId,
    // A failed write's result quotes the server; results never hold person data.
    resultJson: JSON.stringify(outcome.result, (_key, value: unknown) =>
      typeof value === 'string' ? storedText(value) : value
    ),
    now,
  }).changes
  if (changes !== 1) {
    throw new Error(`recordOutcome: journal entry ${id} is not pending`)
  }
}

/** Writes whose outcome was never recorded (the process died between request and result). */
export function listPendingForJob(db: ReadableDB, jobId: string): ReadonlyArray<JournalEntry> {
  return (
    prepared(db, `SELECT * FROM journal WHERE jobId = ? AND state = 'pending' ORDER BY id`).all(
      jobId
    ) as JournalRow[]
  ).map(rowToEntry)
}

export function listJournalForRun(db: ReadableDB, runId: string): ReadonlyArray<JournalEntry> {
  return (prepared(db, 'SELECT * FROM journal WHERE runId = ? ORDER BY id').all(runId) as JournalRow[]).map(
    rowToEntry
  )
}
