import type { TargetConnector, TargetResource } from '../../connectors/connector'
import type { Link } from '../../model/link'
import { linksByTarget } from '../plan/links'
import type { MappedGroup } from '../plan/plan-groups'
import { TargetSnapshot } from '../plan/target-snapshot'

/**
 * Many apps leave `members` out of group listings (it can be huge); some leave it out of
 * GET /Groups/{id} too. For the groups this job links or would match, a listed group without
 * `members` is read on its own; when the app never reports members, the group is marked so the
 * planner adds the wanted members (a set union: harmless if present) and removes no one (it
 * cannot know who is there).
 */
export async function completeGroupMembers(
  listed: ReadonlyArray<TargetResource>,
  groups: ReadonlyArray<MappedGroup>,
  links: ReadonlyMap<string, Link>,
  target: TargetConnector
): Promise<{ readonly snapshot: TargetSnapshot; readonly membersUnknown: ReadonlySet<string> }> {
  const snapshot = new TargetSnapshot(listed)
  // Every linked group, also those no one in the source is in any more (their managed members leave).
  const wanted = new Set(linksByTarget(links).keys())
  for (const { mapped } of groups) {
    for (const key of mapped.matchKeys) {
      if (key.value === null) continue
      for (const resource of snapshot.lookup(key.mapping, key.value)) wanted.add(resource.id)
    }
  }
  const membersUnknown = new Set<string>()
  const replaced = new Map<string, TargetResource>()
  for (const id of wanted) {
    const resource = snapshot.get(id)
    if (resource === undefined || Array.isArray(resource['members'])) continue
    const read = await target.get('group', id)
    if (read !== null && Array.isArray(read['members'])) {
      replaced.set(id, read)
    } else {
      membersUnknown.add(id)
    }
  }
  if (replaced.size === 0) return { snapshot, membersUnknown }
  return {
    snapshot: new TargetSnapshot(listed.map(resource => replaced.get(resource.id) ?? resource)),
    membersUnknown,
  }
}
