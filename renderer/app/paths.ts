/** Every route of the app in one place (hash routes: `#/jobs/hr-demo`, `#/logs?status=failure`). */

export const OVERVIEW_PATH = '/'

export function jobPath(jobId: string): string {
  return `/jobs/${encodeURIComponent(jobId)}`
}

/** One run of a job: its counts, and a dry run's plan (reopened from the run history). */
export function runPath(jobId: string, runId: string): string {
  return `${jobPath(jobId)}/runs/${encodeURIComponent(runId)}`
}

/** The logs, filtered: empty values are left out of the URL. */
export function logsPath(filters: Readonly<Record<string, string | undefined>> = {}): string {
  const query = new URLSearchParams()
  for (const [key, value] of Object.entries(filters)) {
    if (value !== undefined && value !== '') query.set(key, value)
  }
  const text = query.toString()
  return text === '' ? '/logs' : `/logs?${text}`
}

export const ACCESS_PATH = '/access'
export const REVIEWS_PATH = '/reviews'

export function reviewPath(reviewId: string): string {
  return `${REVIEWS_PATH}/${encodeURIComponent(reviewId)}`
}
