/**
 * The store's own line of defence: text that may come from a server (a failure's reason and SCIM
 * detail, an escrowed error, a run's error, a quarantine reason, a journal result) is kept
 * without any `Bearer …`/`Basic …` credential and at most about 4 KB long, whatever the caller
 * passed. Person data (modified values) is kept exactly.
 */
import { describe, expect, it } from 'vitest'
import { MAX_STORED_TEXT } from '../../../main/secrets/redact-text'
import { loadEscrow, recordEscrowFailure } from '../../../main/store/escrow-store'
import { enterQuarantine, getJobState } from '../../../main/store/job-state-store'
import { listJournalForRun, recordIntent, recordOutcome } from '../../../main/store/journal-store'
import { insertLogEntries, queryLogs } from '../../../main/store/logs-store'
import { failRun, finishRun, getRun } from '../../../main/store/runs-store'
import { logEntry, openTempDatabase, seedRun } from '../../helpers/store-fixtures'

const LEAK = 'Authorization: Bearer leaked-0123456789abcdef'
const HUGE = `Validation failed: ${'x'.repeat(2_000_000)}`

function everything(db: ReturnType<typeof openTempDatabase>['db']): string {
  return ['logEntries', 'escrow', 'jobState', 'runs', 'journal']
    .map(table => JSON.stringify(db.prepare(`SELECT * FROM ${table}`).all()))
    .join('\n')
}

describe('server text at the store boundary', () => {
  it('log entries keep reason, SCIM detail and step texts without credentials, and the detail capped', () => {
    const { db } = openTempDatabase()
    seedRun(db)
    insertLogEntries(db, [
      logEntry({
        status: 'failure',
        reason: `POST failed: ${LEAK}`,
        scimDetail: `${LEAK} ${HUGE}`,
        steps: [{ type: 'export', status: 'failure', description: `POST failed: ${LEAK}` }],
        modified: [{ path: 'title', from: null, to: 'Basic Training Lead 2' }],
      }),
    ])
    const [entry] = queryLogs(db, { runId: 'run-1' })
    expect(entry?.reason).toBe('POST failed: Authorization: Bearer [redacted]')
    expect(entry?.steps[0]?.description).toBe('POST failed: Authorization: Bearer [redacted]')
    expect(entry?.scimDetail?.startsWith('Authorization: Bearer [redacted] Validation failed: xxx')).toBe(
      true
    )
    expect(entry?.scimDetail?.length).toBeLessThan(MAX_STORED_TEXT + 100)
    expect(entry?.modified).toEqual([{ path: 'title', from: null, to: 'Basic Training Lead 2' }])
    expect(everything(db)).not.toContain('leaked-0123456789abcdef')
  })

  it('escrow messages, run errors, quarantine reasons and journal results are cleaned too', () => {
    const { db } = openTempDatabase()
    seedRun(db)
    seedRun(db, 'run-2')
    recordEscrowFailure(db, {
      jobId: 'job-1',
      objectType: 'user',
      sourceId: 'E1',
      action: 'create',
      errorCode: 'InternalServerError',
      message: `${LEAK} ${HUGE}`,
    })
    finishRun(db, 'run-1', { status: 'quarantined', summary: null, failed: 0, error: `${LEAK} ${HUGE}` })
    failRun(db, 'run-2', new Error(LEAK))
    enterQuarantine(db, 'job-1', 'EncounteredQuarantineException', `refused (${LEAK}) ${HUGE}`)
    const journalId = recordIntent(db, {
      runId: 'run-1',
      jobId: 'job-1',
      changeId: 'c1',
      objectType: 'user',
      sourceId: 'E1',
      targetId: null,
      operation: 'create',
      intent: { method: 'POST' },
      before: null,
    })
    recordOutcome(db, journalId, {
      state: 'failed',
      targetId: null,
      result: { code: 'Unauthorized', message: `${LEAK} ${HUGE}` },
    })

    expect(everything(db)).not.toContain('leaked-0123456789abcdef')
    const texts = [
      loadEscrow(db, 'job-1').get('user:E1')?.message,
      getRun(db, 'run-1')?.error,
      getRun(db, 'run-2')?.error,
      getJobState(db, 'job-1').quarantineReason,
      (listJournalForRun(db, 'run-1')[0]?.result as { message: string }).message,
    ]
    for (const text of texts) {
      expect(text).toContain('Bearer [redacted]')
      expect(text?.length).toBeLessThan(MAX_STORED_TEXT + 100)
    }
  })
})
