import type { GroupSummary, RunSummary, UserSummary } from '../../main/ipc/api/contract'

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' })

export function formatTime(iso: string | null): string {
  if (iso === null) return '—'
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? iso : dateTime.format(date)
}

export function formatDuration(startIso: string, endIso: string | null): string {
  if (endIso === null) return 'running'
  const ms = Date.parse(endIso) - Date.parse(startIso)
  if (!Number.isFinite(ms) || ms < 0) return '—'
  if (ms < 1000) return `${ms} ms`
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`
}

/** An attribute value as text: nothing is shown as "(empty)" so a removal is visible. */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '(empty)'
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  return JSON.stringify(value)
}

export const USER_SUMMARY_LABELS: ReadonlyArray<readonly [keyof UserSummary, string]> = [
  ['create', 'Create'],
  ['update', 'Update'],
  ['disable', 'Disable'],
  ['enable', 'Enable'],
  ['delete', 'Delete'],
  ['link', 'Link'],
  ['unchanged', 'Unchanged'],
  ['skipped', 'Skipped'],
  ['conflict', 'Conflict'],
]

export const GROUP_SUMMARY_LABELS: ReadonlyArray<readonly [keyof GroupSummary, string]> = [
  ['create', 'Create'],
  ['update', 'Update'],
  ['delete', 'Delete'],
  ['unchanged', 'Unchanged'],
  ['membersAdded', 'Members added'],
  ['membersRemoved', 'Members removed'],
]

/** "3 create · 1 update" — the non-zero user counts, for tables. */
export function summaryText(summary: RunSummary | null): string {
  if (summary === null) return '—'
  const parts = USER_SUMMARY_LABELS.filter(([key]) => summary.users[key] > 0).map(
    ([key, label]) => `${summary.users[key]} ${label.toLowerCase()}`
  )
  return parts.length === 0 ? 'no users' : parts.join(' · ')
}
