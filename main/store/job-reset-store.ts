import type { JobStateCounts } from '../model/job-state'
import type { ReadableDB, WritableDB } from './database'
import { clearAllEscrow } from './escrow-store'
import { clearQuarantine } from './job-state-store'
import { prepared } from './statement-cache'

export type { JobStateCounts } from '../model/job-state'

const COUNT = `SELECT
  (SELECT count(*) FROM links WHERE jobId = @jobId AND objectType = 'user') AS userLinks,
  (SELECT count(*) FROM links WHERE jobId = @jobId AND objectType = 'group') AS groupLinks,
  (SELECT count(*) FROM matchDecisions WHERE jobId = @jobId) AS matchDecisions,
  (SELECT count(*) FROM sourceWatermarks WHERE jobId = @jobId) AS watermarks,
  (SELECT count(*) FROM sourceMirror WHERE jobId = @jobId) AS mirrored,
  (SELECT count(*) FROM escrow WHERE jobId = @jobId) AS escrowed`

/** What clearing the job's state would forget, counted (nothing is changed). */
export function countJobState(db: ReadableDB, jobId: string): JobStateCounts {
  return prepared(db, COUNT).get({ jobId }) as JobStateCounts
}

/** Forgets the job's state (see JobStateCounts), in one transaction; returns what was forgotten. */
export function clearJobState(db: WritableDB, jobId: string): JobStateCounts {
  return db.transaction(() => {
    const counts = countJobState(db, jobId)
    for (const table of ['links', 'matchDecisions', 'sourceWatermarks', 'sourceMirror']) {
      prepared(db, `DELETE FROM ${table} WHERE jobId = ?`).run(jobId)
    }
    clearAllEscrow(db, jobId)
    clearQuarantine(db, jobId)
    return counts
  })()
}

/** The confirmation's words: what the next run will do once the state is gone. */
export function describeClearState(counts: JobStateCounts): string {
  return (
    `Forgets ${counts.userLinks} account link(s), ${counts.groupLinks} group link(s), ` +
    `${counts.matchDecisions} matching decision(s), ${counts.watermarks} incremental-read position(s) ` +
    `(${counts.mirrored} mirrored source record(s)) and ${counts.escrowed} escrowed retr${counts.escrowed === 1 ? 'y' : 'ies'}, ` +
    'and clears quarantine. The next run reads the whole source and matches every person again by the ' +
    "job's matching attributes; run history and the audit log are kept."
  )
}
