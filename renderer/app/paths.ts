/** Every route of the app in one place (hash routes: `#/jobs/hr-demo`, `#/logs?status=failure`). */

export const OVERVIEW_PATH = '/'

export function jobPath(jobId: string): string {
  return `/jobs/${encodeURIComponent(jobId)}`
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

/** The job's matching workbench (brownfield preview), optionally on one tab. */
export function matchingPath(jobId: string, tab?: string): string {
  return `${jobPath(jobId)}/matching${tab === undefined ? '' : `?tab=${encodeURIComponent(tab)}`}`
}

/** Provision one person of the job on demand. */
export function onDemandPath(jobId: string): string {
  return `${jobPath(jobId)}/on-demand`
}
