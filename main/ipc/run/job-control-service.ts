import { userInfo } from 'node:os'
import { clearStateOfJob } from '../../engine/recovery/clear-job-state'
import type { WritableDB } from '../../store/database'
import { type JobPause, pauseJob, resumeJob } from '../../store/job-pause-store'
import { countJobState, describeClearState, type JobStateCounts } from '../../store/job-reset-store'
import { getJob } from '../../store/jobs-store'
import { ApiError } from '../api/dispatch'
import type { JobRef } from '../api/contract'
import type { ClearStateSummary, PauseJobInput } from '../api/run-contract'
import { engineCall } from './run-errors'

/**
 * Pause, resume and clear state from the app: the CLI's `pause`, `resume` and `clear-state`
 * (the same stores and engine call), with the app's admin as "who".
 */
export class JobControlService {
  public constructor(
    private readonly deps: { readonly db: WritableDB; readonly actor?: (() => string) | undefined }
  ) {}

  public pause(input: PauseJobInput): JobPause {
    this.requireJob(input.jobId)
    const note = input.note === undefined || input.note === '' ? null : input.note
    return pauseJob(this.deps.db, input.jobId, { by: this.deps.actor?.() ?? userInfo().username, note })
  }

  public resume(input: JobRef): boolean {
    this.requireJob(input.jobId)
    return resumeJob(this.deps.db, input.jobId) !== null
  }

  public previewClear(input: JobRef): ClearStateSummary {
    this.requireJob(input.jobId)
    return summary(input.jobId, countJobState(this.deps.db, input.jobId))
  }

  public async clear(input: JobRef): Promise<ClearStateSummary> {
    const file = this.requireJob(input.jobId)
    const counts = await engineCall(() => clearStateOfJob(this.deps.db, input.jobId, file))
    return summary(input.jobId, counts)
  }

  /** The job's file as the admin knows it (for messages); not-found for an unknown job. */
  private requireJob(jobId: string): string {
    const record = getJob(this.deps.db, jobId)
    if (record === null) throw new ApiError('not-found', `No job with id "${jobId}"`)
    return record.configPath ?? record.id
  }
}

function summary(jobId: string, counts: JobStateCounts): ClearStateSummary {
  return { jobId, counts, description: describeClearState(counts) }
}
