/** Every route of the app in one place (hash routes: `#/jobs/hr-demo`, `#/logs?status=failure`). */

export const OVERVIEW_PATH = '/'

export function jobPath(jobId: string): string {
  return `/jobs/${encodeURIComponent(jobId)}`
}

/** One run of a job: its counts, and a dry run's plan (reopened from the run history). */
export function runPath(jobId: string, runId: string): string {
  return `${jobPath(jobId)}/runs/${encodeURIComponent(runId)}`
}

export const NEW_JOB_PATH = '/jobs/new'

/** The job editor's parts, in the order an admin sets a job up. */
export const EDITOR_SECTIONS = [
  ['source', 'Source'],
  ['target', 'Target & connection'],
  ['users', 'User mappings'],
  ['groups', 'Groups'],
  ['scoping', 'Scoping'],
  ['policies', 'Deprovisioning & safety'],
] as const
export type EditorSection = (typeof EDITOR_SECTIONS)[number][0]

export function isEditorSection(value: string | undefined): value is EditorSection {
  return EDITOR_SECTIONS.some(([section]) => section === value)
}

export function jobEditPath(jobId: string, section: EditorSection = 'source'): string {
  return `${jobPath(jobId)}/edit/${section}`
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

/** The job's matching workbench (brownfield preview), optionally on one tab. */
export function matchingPath(jobId: string, tab?: string): string {
  return `${jobPath(jobId)}/matching${tab === undefined ? '' : `?tab=${encodeURIComponent(tab)}`}`
}

/** Provision one person of the job on demand. */
export function onDemandPath(jobId: string): string {
  return `${jobPath(jobId)}/on-demand`
}
