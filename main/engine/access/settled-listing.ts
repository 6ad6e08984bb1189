import type { ListedAccount } from '../../model/access'
import type { Link } from '../../model/link'
import type { PlannedOperation } from '../../model/plan'

/**
 * The listing a run read, brought up to date with the writes it made (so the access map right
 * after a run shows the accounts it created, disabled or deleted without listing the app again).
 * `done` are the user operations that succeeded; `links` the job's links after the run.
 */
export function settledListing(
  listed: Iterable<ListedAccount>,
  done: Iterable<PlannedOperation>,
  links: ReadonlyMap<string, Link>
): ListedAccount[] {
  const accounts = new Map<string, ListedAccount>()
  for (const account of listed) accounts.set(account.targetId, account)
  for (const operation of done) {
    const targetId =
      operation.targetId ??
      (operation.sourceId === null ? undefined : links.get(operation.sourceId)?.targetId)
    if (targetId === undefined) continue
    const before = accounts.get(targetId)
    switch (operation.action) {
      case 'delete':
        accounts.delete(targetId)
        break
      case 'create':
      case 'update':
      case 'enable':
      case 'disable':
        accounts.set(targetId, written(targetId, before, operation))
        break
      default:
        break
    }
  }
  return [...accounts.values()]
}

function written(
  targetId: string,
  before: ListedAccount | undefined,
  operation: PlannedOperation
): ListedAccount {
  const changed = (path: string): string | null | undefined => {
    const change = operation.changes.find(candidate => candidate.path === path)
    if (change === undefined) return undefined
    return typeof change.to === 'string' ? change.to : null
  }
  const active =
    operation.action === 'disable'
      ? false
      : operation.action === 'enable'
        ? true
        : activeAfter(operation, before)
  return {
    targetId,
    userName: changed('userName') ?? before?.userName ?? null,
    displayName: changed('displayName') ?? before?.displayName ?? null,
    active,
  }
}

function activeAfter(operation: PlannedOperation, before: ListedAccount | undefined): boolean {
  const change = operation.changes.find(candidate => candidate.path === 'active')
  if (change === undefined) return before?.active ?? true
  return !(change.to === false || (typeof change.to === 'string' && change.to.toLowerCase() === 'false'))
}
