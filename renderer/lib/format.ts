import type { GroupSummary, RunSummary, UserSummary } from '../../main/ipc/api/contract'

export interface TimeFormatOptions {
  /** BCP 47 locale; the OS's when absent. */
  readonly locale?: string
  /** IANA zone; the OS's when absent (tests pin it). */
  readonly timeZone?: string
}

/** `timeStyle: 'long'` names the zone ("10:00:00 CET", "10:00:00 AM GMT+1"). */
const STYLE = { dateStyle: 'medium', timeStyle: 'long' } as const
const localDateTime = new Intl.DateTimeFormat(undefined, STYLE)

/**
 * An instant in the admin's local time with its zone, so a time read off the screen can be
 * compared with a server's log or a colleague's screen. The stored ISO text goes in a tooltip.
 */
export function formatTime(iso: string | null, options: TimeFormatOptions = {}): string {
  if (iso === null) return '—'
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  const format =
    options.locale === undefined && options.timeZone === undefined
      ? localDateTime
      : new Intl.DateTimeFormat(options.locale, { ...STYLE, timeZone: options.timeZone })
  return format.format(date)
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

/** The group counts a summary line names: what changed (unchanged groups are left out). */
const GROUP_CHANGES: ReadonlyArray<readonly [keyof GroupSummary, string, string]> = [
  ['create', 'create', 'create'],
  ['update', 'update', 'update'],
  ['delete', 'delete', 'delete'],
  ['membersAdded', 'member added', 'members added'],
  ['membersRemoved', 'member removed', 'members removed'],
]

/**
 * "Users: 3 create · 1 update. Groups: 1 create · 5 members added" — the non-zero counts of a
 * run, for tables; groups only when the run changed some.
 */
export function summaryText(summary: RunSummary | null): string {
  if (summary === null) return '—'
  const users = USER_SUMMARY_LABELS.filter(([key]) => summary.users[key] > 0).map(
    ([key, label]) => `${summary.users[key]} ${label.toLowerCase()}`
  )
  const groups = GROUP_CHANGES.filter(([key]) => summary.groups[key] > 0).map(
    ([key, one, many]) => `${summary.groups[key]} ${summary.groups[key] === 1 ? one : many}`
  )
  if (users.length === 0 && groups.length === 0) return 'No changes'
  const userText = `Users: ${users.length === 0 ? 'no changes' : users.join(' · ')}`
  return groups.length === 0 ? userText : `${userText}. Groups: ${groups.join(' · ')}`
}
