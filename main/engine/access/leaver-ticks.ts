import type { LeaverChecklist, LeaverItem } from '../../model/access'
import type { WritableDB } from '../../store/database'
import { tickLeaverItem, untickLeaverItem } from '../../store/leaver-ticks-store'
import { loadLeaverChecklists } from './access-facts'
import { ReviewError } from './reviews'

/** Which open item of a leaver's checklist to tick: the app (a job id or the app's URL/type), maybe an account. */
export interface TickRequest {
  readonly sourceId: string
  readonly app: string
  readonly targetId?: string | null
  readonly ticked: boolean
  readonly by: string
  readonly note: string | null
}

/**
 * Ticks off (or un-ticks) one open item of a person's checklist, closed by hand in the app.
 * Refuses a person or item that is not on the checklist, an item Provisioner already closed, and
 * an app with several open items unless the account is named. Returns the updated checklist.
 */
export function tickLeaver(db: WritableDB, request: TickRequest, now: Date = new Date()): LeaverChecklist {
  const list = checklistOf(db, request.sourceId)
  const item = pickItem(list, request)
  const key = { sourceId: list.sourceId, app: item.app, jobId: item.jobId, targetId: item.targetId }
  if (request.ticked) tickLeaverItem(db, key, { by: request.by, note: request.note }, now.getTime())
  else if (!untickLeaverItem(db, key)) {
    throw new ReviewError(`${item.app} of ${list.sourceId} is not ticked`)
  }
  return checklistOf(db, list.sourceId)
}

/** The person's checklist, by source id, or by name or userName when that names one person. */
function checklistOf(db: WritableDB, person: string): LeaverChecklist {
  const lists = loadLeaverChecklists(db, person)
  const list = lists.find(one => one.sourceId === person) ?? (lists.length === 1 ? lists[0] : undefined)
  if (list !== undefined) return list
  if (lists.length > 1) {
    throw new ReviewError(`"${person}" names ${lists.length} people: give the source id`)
  }
  throw new ReviewError(`No person "${person}" in any job's links`)
}

function pickItem(list: LeaverChecklist, request: TickRequest): LeaverItem {
  const app = request.app.toLowerCase()
  const candidates = list.items.filter(
    item =>
      (item.jobId === request.app || item.app.toLowerCase() === app) &&
      (request.targetId === undefined || request.targetId === null || item.targetId === request.targetId)
  )
  const open = candidates.filter(item => item.reason !== null)
  if (candidates.length === 0) {
    const apps = [...new Set(list.items.map(item => item.jobId ?? item.app))].join(', ')
    throw new ReviewError(`${request.sourceId} has no item for app "${request.app}" (items: ${apps})`)
  }
  const [only, ...others] = open
  if (only === undefined) {
    throw new ReviewError(
      `${request.app} of ${request.sourceId} is already closed by Provisioner: nothing to tick`
    )
  }
  if (others.length > 0) {
    const accounts = open.map(item => item.targetId ?? '(no account)').join(', ')
    throw new ReviewError(
      `${request.sourceId} has ${open.length} open items in "${request.app}": name the account (${accounts})`
    )
  }
  return only
}
