import type { TargetConnector } from '../../connectors/connector'
import {
  addMembersOperation,
  type MemberRemovalForm,
  removalOperations,
} from '../../connectors/scim/scim-members'
import { elementValues } from '../../mapping/scim-path'

/** A member removal took more members than it asked for. */
export class UnexpectedMemberRemovalError extends Error {
  public readonly code = 'UnexpectedMemberRemoval'
  public readonly httpStatus = null

  public constructor(message: string) {
    super(message)
    this.name = 'UnexpectedMemberRemovalError'
  }
}

export interface MemberRemoval {
  readonly target: TargetConnector
  readonly groupId: string
  readonly form: MemberRemovalForm
  readonly membersPerPatch: number
}

/**
 * Removes members in batches, pushing each removed id onto `removed` as it goes.
 *
 * A server that reads RFC 7644 §3.5.2.2 literally takes a value-list remove on `members` as
 * "remove every member" and answers 204 as for any remove. So after each value-list batch the
 * group is read back: members that went without being asked are added back and the group fails
 * (`UnexpectedMemberRemoval`), leaving the remaining batches unsent. The path-filter form names
 * each member in its path and needs no check.
 */
export async function removeMembers(
  removal: MemberRemoval,
  ids: ReadonlyArray<string>,
  removed: string[]
): Promise<void> {
  const checked = removal.form === 'value-list'
  let present = checked && ids.length > 0 ? await membersOf(removal) : null
  for (const batch of chunks(ids, removal.membersPerPatch)) {
    await removal.target.update('group', removal.groupId, removalOperations(batch, removal.form))
    if (present === null) {
      removed.push(...batch)
      continue
    }
    const after = await membersOf(removal)
    removed.push(...batch.filter(id => !after.has(id)))
    const asked = new Set(batch)
    const lost = [...present].filter(id => !after.has(id) && !asked.has(id))
    if (lost.length > 0) throw await overreach(removal, batch.length, lost)
    present = after
  }
}

async function membersOf(removal: MemberRemoval): Promise<Set<string>> {
  // A group read without `members` has none left (servers leave out empty attributes).
  return new Set(elementValues((await removal.target.get('group', removal.groupId)) ?? undefined, 'members'))
}

/** Adds back what the server took unasked, and says what happened and what to change. */
async function overreach(
  removal: MemberRemoval,
  asked: number,
  lost: ReadonlyArray<string>
): Promise<UnexpectedMemberRemovalError> {
  let restored = 'they were added back'
  try {
    for (const batch of chunks(lost, removal.membersPerPatch)) {
      await removal.target.update('group', removal.groupId, [addMembersOperation(batch)])
    }
  } catch (error) {
    restored = `adding them back failed too (${error instanceof Error ? error.message : String(error)}): add them by hand`
  }
  return new UnexpectedMemberRemovalError(
    `Asked to remove ${asked} member(s) by value list (target.memberRemoval "value-list"), the app ` +
      `removed ${lost.length} member(s) it was not asked to remove: ${listed(lost)}; ${restored}. ` +
      'The app reads a remove on "members" with a value as "remove every member" (RFC 7644 §3.5.2.2): ' +
      'set target.memberRemoval "path-filter" for it'
  )
}

const LISTED = 20

function listed(ids: ReadonlyArray<string>): string {
  const shown = ids.slice(0, LISTED).join(', ')
  return ids.length > LISTED ? `${shown} and ${ids.length - LISTED} more` : shown
}

export function chunks<T>(items: ReadonlyArray<T>, size: number): T[][] {
  const result: T[][] = []
  for (let start = 0; start < items.length; start += size) {
    result.push(items.slice(start, start + size))
  }
  return result
}
