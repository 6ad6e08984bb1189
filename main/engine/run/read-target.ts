/** Reading the target before a plan: the accounts and groups, checked where listings fall short. */
import type { ResourceKind, TargetConnector, TargetResource } from '../../connectors/connector'
import type { Link } from '../../model/link'
import { linksByTarget } from '../plan/links'
import type { MappedObject } from '../plan/map-object'
import type { MappedGroup } from '../plan/plan-groups'
import { TargetSnapshot } from '../plan/target-snapshot'
import type { ReadWatch } from './read-source'
import { findUnlistedAccounts } from './unlisted-accounts'

/** Every resource of a kind, as the target lists it (stopping between pages when cancelled). */
export async function readAll(
  target: TargetConnector,
  kind: ResourceKind,
  watch: ReadWatch = {}
): Promise<TargetResource[]> {
  const resources: TargetResource[] = []
  const options = { signal: watch.signal }
  const pages = target.listPages?.(kind, options) ?? onePerPage(target.list(kind, options))
  for await (const page of pages) {
    watch.signal?.throwIfAborted()
    for (const resource of page) resources.push(resource)
    watch.onRead?.(resources.length)
  }
  return resources
}

/** A listing of single resources as pages of one, for connectors that do not list by page. */
async function* onePerPage(
  listing: AsyncIterable<TargetResource>
): AsyncIterable<ReadonlyArray<TargetResource>> {
  for await (const resource of listing) yield [resource]
}

/**
 * The accounts as listed, plus linked accounts the listing missed but the app still has (read
 * by id): a listing that lags or skips must not make the planner think they were deleted.
 * `unlisted` counts those, for the admin.
 */
export async function userSnapshot(
  listing: ReadonlyArray<TargetResource>,
  links: ReadonlyMap<string, Link>,
  target: TargetConnector,
  concurrency: number
): Promise<{ readonly snapshot: TargetSnapshot; readonly unlisted: number }> {
  const unlisted = await findUnlistedAccounts(listing, links, id => target.get('user', id), concurrency)
  const snapshot = new TargetSnapshot(unlisted.length === 0 ? listing : [...listing, ...unlisted])
  return { snapshot, unlisted: unlisted.length }
}

/**
 * What provisioning one person needs from the target: their linked account, and the accounts
 * their matching values find; every account only when SelectUniqueValue must check its
 * candidates against them all.
 */
export async function readForOnePerson(
  target: TargetConnector,
  mapped: MappedObject | undefined,
  link: Link | null
): Promise<TargetSnapshot> {
  const found = new Map<string, TargetResource>()
  if (link !== null) {
    const linked = await target.get('user', link.targetId)
    if (linked !== null) found.set(linked.id, linked)
  }
  for (const key of mapped?.matchKeys ?? []) {
    if (key.value === null) continue
    for (const resource of await target.find('user', key.mapping.target, key.value)) {
      found.set(resource.id, resource)
    }
  }
  if (mapped !== undefined && mapped.deferred.length > 0) {
    for await (const resource of target.list('user')) found.set(resource.id, resource)
  }
  return new TargetSnapshot(found.values())
}

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

/** What provisioning one group needs from the target: its linked group, and the groups its matching values find. */
export async function readForOneGroup(
  target: TargetConnector,
  mapped: MappedObject,
  link: Link | null
): Promise<TargetResource[]> {
  const found = new Map<string, TargetResource>()
  if (link !== null) {
    const linked = await target.get('group', link.targetId)
    if (linked !== null) found.set(linked.id, linked)
  }
  for (const key of mapped.matchKeys) {
    if (key.value === null) continue
    for (const resource of await target.find('group', key.mapping.target, key.value)) {
      found.set(resource.id, resource)
    }
  }
  return [...found.values()]
}
