import type { WritableDB } from '../../store/database'
import { clearJobState, type JobStateCounts } from '../../store/job-reset-store'
import { assertNoRunInProgress } from '../run/run-lock'

/**
 * Entra's "clear state and restart": forgets the job's links, matching decisions and
 * incremental-read positions (with escrow and quarantine), so the next run matches everyone
 * again. Refused while a run of the job is going: it would write links for state now gone.
 */
export function clearStateOfJob(db: WritableDB, jobId: string, jobFile: string): JobStateCounts {
  return db
    .transaction(() => {
      assertNoRunInProgress(db, jobId, jobFile)
      return clearJobState(db, jobId)
    })
    .immediate()
}
