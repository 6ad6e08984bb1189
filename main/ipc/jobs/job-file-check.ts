import { basename } from 'node:path'
import { JobFileError } from '../../config/job-file-error'
import { type LoadedJob, parseJobText } from '../../config/load-job'
import type { LocatedIssue } from '../api/contract'
import { ApiError } from '../api/dispatch'
import { locatedIssues, toApiError } from '../engine-errors'
import { compileJob } from '../engine-gateway'

/**
 * Job text checked exactly as `provisioner plan` checks a job file before it reads anything:
 * JSON, inline credentials, the schema, then expressions, paths and cross-checks (compileJob).
 * Messages name the file by its name, as the admin sees it in the app.
 */
export function checkJobText(text: string, file: string): LoadedJob {
  const job = parseJobText(text, { file, displayFile: basename(file) })
  compileJob(job)
  return job
}

/** The job the text holds, or the issues that stop it (never both). */
export function inspectJobText(
  text: string,
  file: string
):
  { readonly job: LoadedJob; readonly issues: [] } | { readonly job: null; readonly issues: LocatedIssue[] } {
  try {
    return { job: checkJobText(text, file), issues: [] }
  } catch (error) {
    if (error instanceof JobFileError) return { job: null, issues: locatedIssues(error) }
    throw error
  }
}

/** `checkJobText`, with the CLI's located messages as the API's `invalid-job` error. */
export function requireValidJobText(text: string, file: string): LoadedJob {
  try {
    return checkJobText(text, file)
  } catch (error) {
    throw toApiError(error)
  }
}

/** The job's id must stay what it was: links, runs and logs are kept by it. */
export function requireSameJobId(job: LoadedJob, jobId: string): void {
  if (job.id === jobId) return
  throw new ApiError(
    'invalid-job',
    `The job id would change from "${jobId}" to "${job.id}", which would start it afresh without its links and log; ` +
      `keep "id": "${jobId}" in the job file`
  )
}
