import type { Entry } from 'ldapts'
import { dnKey, withoutOptionalUid } from './ldap-dn'
import { textValues } from './ldap-entry'

/**
 * Group membership as the directory holds it: `member` (groupOfNames, AD `group`) and
 * `uniqueMember` (groupOfUniqueNames) list DNs, of people and of other groups.
 */

/** Object classes of groups, for finding nested groups whatever the job's own group filter. */
export const ANY_GROUP_FILTER =
  '(|(objectClass=groupOfNames)(objectClass=groupOfUniqueNames)(objectClass=group))'

export const MEMBER_ATTRIBUTES = ['member', 'uniqueMember'] as const

const MEMBER_NAMES = new Set(['member', 'uniquemember'])

/** `member;range=0-1499`: AD hands out the members of a large group a range at a time. */
const RANGED = /^(member|uniquemember);range=(\d+)-(\d+|\*)$/i

/** Reads one more range of an attribute of an entry (AD ranged retrieval); null if the entry is gone. */
export type RangeReader = (dn: string, request: string) => Promise<Entry | null>

/**
 * The DNs an entry lists as members, keyed for comparison (see dnKey). A group larger than AD's
 * MaxValRange arrives as `member;range=0-1499`; the rest is read range by range, so a large group
 * is never taken for a small one (which would remove its other members from the app).
 */
export async function memberKeysOf(entry: Entry, readRange: RangeReader): Promise<string[]> {
  const keys: string[] = []
  for (const name of Object.keys(entry)) {
    const lower = name.toLowerCase()
    if (MEMBER_NAMES.has(lower)) {
      for (const value of textValues(entry[name])) keys.push(dnKey(withoutOptionalUid(value)))
      continue
    }
    const range = RANGED.exec(name)
    if (range === null) continue
    for (const value of textValues(entry[name])) keys.push(dnKey(withoutOptionalUid(value)))
    await readRemainingRanges(entry.dn, range[1] as string, range[3] as string, readRange, keys)
  }
  return keys
}

async function readRemainingRanges(
  dn: string,
  attribute: string,
  firstEnd: string,
  readRange: RangeReader,
  keys: string[]
): Promise<void> {
  let end = firstEnd
  while (end !== '*') {
    const next = Number(end) + 1
    const entry = await readRange(dn, `${attribute};range=${next}-*`)
    if (entry === null) throw new Error(`the group ${dn} disappeared while its members were read`)
    const name = Object.keys(entry).find(key => RANGED.test(key))
    const match = name === undefined ? null : RANGED.exec(name)
    if (name === undefined || match === null || Number(match[2]) !== next) {
      throw new Error(`the directory did not return the members of ${dn} from ${next} on`)
    }
    for (const value of textValues(entry[name])) keys.push(dnKey(withoutOptionalUid(value)))
    end = match[3] as string
  }
}

/**
 * The people in a group: its members that are people of the source. With `nested` (flattening
 * asked for), the people of member groups too, at any depth; a cycle of groups ends the walk.
 */
export function peopleInGroup(
  memberKeys: ReadonlyArray<string>,
  personId: (key: string) => string | undefined,
  nested: ReadonlyMap<string, ReadonlyArray<string>> | null
): string[] {
  const people = new Set<string>()
  const visited = new Set<string>()
  const pending = [...memberKeys]
  for (let index = 0; index < pending.length; index++) {
    const key = pending[index] as string
    const id = personId(key)
    if (id !== undefined) {
      people.add(id)
      continue
    }
    const members = nested?.get(key)
    if (members === undefined || visited.has(key)) continue
    visited.add(key)
    for (const member of members) pending.push(member)
  }
  return [...people]
}
