import type { HandedOffAccount, HandoffLedger } from '../model/handoff-ledger'
import { inTransaction, type WritableDB } from './database'
import { listRunningRuns } from './runs-store'
import { prepared } from './statement-cache'

/** A job's CSV hand-off ledger in the state database (table of migration 0070). */
export function handoffLedger(db: WritableDB, jobId: string, now: () => number = Date.now): HandoffLedger {
  return {
    *accounts(): Iterable<HandedOffAccount> {
      const rows = prepared(db, 'SELECT targetId, resourceJson FROM handoffAccounts WHERE jobId = ?').iterate(
        jobId
      ) as IterableIterator<{ targetId: string; resourceJson: string }>
      for (const row of rows) {
        yield { id: row.targetId, resource: JSON.parse(row.resourceJson) as Record<string, unknown> }
      }
    },
    record: changes =>
      inTransaction(db, () => {
        const at = now()
        for (const change of changes) {
          if (change.resource === null) {
            prepared(db, 'DELETE FROM handoffAccounts WHERE jobId = ? AND targetId = ?').run(jobId, change.id)
          } else {
            prepared(
              db,
              `INSERT INTO handoffAccounts (jobId, targetId, resourceJson, handedOffAt) VALUES (?, ?, ?, ?)
               ON CONFLICT (jobId, targetId) DO UPDATE SET
                 resourceJson = excluded.resourceJson, handedOffAt = excluded.handedOffAt`
            ).run(jobId, change.id, JSON.stringify(change.resource), at)
          }
        }
      }),
    runningRunId: () => listRunningRuns(db, jobId)[0]?.run.id ?? null,
  }
}
