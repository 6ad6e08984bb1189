import type { RunSummary } from '../../../main/ipc/api/contract'
import { USER_SUMMARY_LABELS } from '../../lib/format'

/** "3 create, 1 update, 2 disable" — the writes a plan or run holds, for confirmations. */
export function writeCounts(summary: RunSummary): string {
  const users = USER_SUMMARY_LABELS.filter(
    ([key]) => !['unchanged', 'skipped', 'conflict'].includes(key) && summary.users[key] > 0
  ).map(([key, label]) => `${summary.users[key]} ${label.toLowerCase()}`)
  const groups = summary.groups
  const groupWrites = groups.create + groups.update + groups.delete
  if (groupWrites > 0) users.push(`${groupWrites} group change${groupWrites === 1 ? '' : 's'}`)
  return users.length === 0 ? 'no changes' : users.join(', ')
}
