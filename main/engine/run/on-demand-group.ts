/**
 * Which group provision on demand takes, and whether it may (Entra §H: "one group with up to 5
 * members"). Pure: the source's groups are read by the caller.
 */
import { ProvisionerError } from '../../model/errors'
import type { MappedGroup } from '../plan/plan-groups'

/** Entra's limit for a group provisioned on demand. */
export const ON_DEMAND_GROUP_MEMBERS = 5

/** The group cannot be provisioned on demand; the message says why and what to do. */
export class GroupOnDemandRefusedError extends ProvisionerError {
  public readonly kind = 'on-demand-refused' as const

  public constructor(message: string) {
    super(message)
    this.name = 'GroupOnDemandRefusedError'
  }
}

/**
 * The group `wanted` names: its source id exactly, else its name (any case). Refused when the job
 * has no groups, nothing or several groups have that name, or it has more members than Entra allows.
 */
export function selectOnDemandGroup(
  groups: ReadonlyArray<MappedGroup> | null,
  wanted: string,
  sourceName: string
): MappedGroup {
  if (groups === null) {
    throw new GroupOnDemandRefusedError(
      'The job provisions no groups: add a "groups" section to provision one'
    )
  }
  const group = groups.find(entry => entry.group.id === wanted) ?? byName(groups, wanted, sourceName)
  const members = group.group.members.length
  if (members > ON_DEMAND_GROUP_MEMBERS) {
    throw new GroupOnDemandRefusedError(
      `Group "${group.mapped.display}" (${group.group.id}) has ${members} members; provision on demand ` +
        `takes a group with at most ${ON_DEMAND_GROUP_MEMBERS} members, as Entra does: run the job to provision it`
    )
  }
  return group
}

function byName(groups: ReadonlyArray<MappedGroup>, wanted: string, sourceName: string): MappedGroup {
  const name = wanted.toLowerCase()
  const named = groups.filter(entry => entry.mapped.display.toLowerCase() === name)
  const [only] = named
  if (named.length === 1 && only !== undefined) return only
  if (named.length === 0) {
    throw new GroupOnDemandRefusedError(`No group with id or name "${wanted}" is in ${sourceName}`)
  }
  const ids = named.map(entry => entry.group.id).join(', ')
  throw new GroupOnDemandRefusedError(
    `${named.length} groups in ${sourceName} are named "${wanted}" (ids ${ids}): name one by its id`
  )
}
