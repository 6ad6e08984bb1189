import { ScimHttpError, ScimProtocolError } from '../scim/scim-errors'
import type { DeltaMirror, MirrorKind, MirrorObject } from '../../model/source-mirror'
import { flattenGraphObject } from './graph-attributes'
import type { GraphClient } from './graph-client'

/** The changes of one delta round, merged with the local copy, and where the next round starts. */
export interface DeltaRound {
  readonly upserts: ReadonlyArray<MirrorObject>
  readonly removals: ReadonlyArray<string>
  readonly deltaLink: string
}

const USER_TYPE = '#microsoft.graph.user'

/**
 * Follows a delta link to the end of its round (microsoft-graph.md §4): every `@odata.nextLink`
 * (a page may be empty), until the page with `@odata.deltaLink`. Items are merged as they come:
 * - `@removed` (soft-deleted "changed" or permanently "deleted") removes the object;
 * - a user item carries every selected property (changed or not), so it replaces the copy's
 *   attributes, except the manager, which changes only with `manager@delta`;
 * - a group item's `members@delta` lists members added and (with `@removed`) removed; a large
 *   group repeats over several items, each with another slice, so slices add up;
 * - the same object may come again (replays): the later item wins.
 */
export async function readDeltaRound(
  client: GraphClient,
  deltaLink: string,
  kind: MirrorKind,
  mirror: DeltaMirror
): Promise<DeltaRound> {
  const changed = new Map<string, MirrorObject | null>()
  let next: string | null = null
  for await (const page of client.pages(deltaLink)) {
    for (const item of page.value) {
      const id = item['id']
      if (typeof id !== 'string' || id === '') {
        throw new ScimProtocolError('GET', deltaLink, 200, 'a delta item has no "id"')
      }
      if (item['@removed'] !== undefined) {
        changed.set(id, null)
        continue
      }
      const previous = changed.has(id) ? (changed.get(id) ?? undefined) : mirror.get(kind, id)
      changed.set(id, kind === 'user' ? mergeUser(id, item, previous) : mergeGroup(id, item, previous))
    }
    next = page.deltaLink ?? next
  }
  if (next === null) {
    throw new ScimProtocolError('GET', deltaLink, 200, 'the delta round ended without an @odata.deltaLink')
  }
  const upserts = [...changed.values()].filter((object): object is MirrorObject => object !== null)
  const removals = [...changed].flatMap(([id, object]) => (object === null ? [id] : []))
  return { upserts, removals, deltaLink: next }
}

/** A delta link Graph no longer honours: the copy must be made again from a full read (§4.6). */
export function isExpiredDelta(error: unknown): boolean {
  if (!(error instanceof ScimHttpError)) return false
  const code = (error.scimType ?? '').toLowerCase()
  return error.status === 410 || code === 'syncstatenotfound' || code === 'resyncrequired'
}

function mergeUser(
  id: string,
  item: Readonly<Record<string, unknown>>,
  previous: MirrorObject | undefined
): MirrorObject {
  const attributes = flattenGraphObject(item)
  const managerDelta = item['manager@delta']
  const manager = Array.isArray(managerDelta) ? managerFrom(managerDelta) : previous?.attributes['manager']
  if (manager !== undefined && manager !== null) attributes['manager'] = manager
  return { id, attributes }
}

/** The manager a `manager@delta` sets: its entry without `@removed`, or none when it only removes. */
function managerFrom(entries: ReadonlyArray<unknown>): string | null {
  let manager: string | null = null
  for (const entry of entries) {
    if (typeof entry !== 'object' || entry === null) continue
    const record = entry as Record<string, unknown>
    if (record['@removed'] === undefined && typeof record['id'] === 'string') manager = record['id']
  }
  return manager
}

function mergeGroup(
  id: string,
  item: Readonly<Record<string, unknown>>,
  previous: MirrorObject | undefined
): MirrorObject {
  const members = new Set(previous?.members ?? [])
  const delta = item['members@delta']
  for (const entry of Array.isArray(delta) ? delta : []) {
    if (typeof entry !== 'object' || entry === null) continue
    const record = entry as Record<string, unknown>
    const member = record['id']
    const type = record['@odata.type']
    // Nested groups, devices and service principals are not people (as Entra: no nesting).
    if (typeof member !== 'string' || (type !== undefined && type !== USER_TYPE)) continue
    if (record['@removed'] === undefined) members.add(member)
    else members.delete(member)
  }
  return { id, attributes: flattenGraphObject(item), members: [...members] }
}
