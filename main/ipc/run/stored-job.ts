import { type LoadedJob, loadJobFile } from '../../config/load-job'
import type { ReadableDB } from '../../store/database'
import { getJob } from '../../store/jobs-store'
import { ApiError } from '../api/dispatch'

/**
 * The job file of a stored job, loaded as the CLI would load it; refuses a job without a file
 * on record, or a file that now defines another job.
 */
export function loadStoredJob(db: ReadableDB, jobId: string): LoadedJob {
  const record = getJob(db, jobId)
  if (record === null) {
    throw new ApiError('not-found', `No job with id "${jobId}"`)
  }
  if (record.configPath === null) {
    throw new ApiError(
      'invalid-job',
      `Job "${record.name}" has no job file on record; run it once with \`provisioner plan --job FILE\``
    )
  }
  const job = loadJobFile(record.configPath)
  if (job.id !== record.id) {
    throw new ApiError(
      'invalid-job',
      `The job file ${record.configPath} now defines job "${job.id}", not "${record.id}"`
    )
  }
  return job
}
