import type { SourceGroup, SourceObject } from '../connector'

/**
 * Groups named in a multi-valued CSV column ("Sales;Admins"): each distinct name is a group
 * whose members are the people listing it. Names are trimmed and compared exactly.
 */
export function deriveGroupsFromColumn(
  users: ReadonlyArray<SourceObject>,
  column: string,
  separator: string
): SourceGroup[] {
  const groups = new Map<string, { members: string[]; origin: string | undefined }>()
  for (const user of users) {
    const raw = user.attributes[column]
    if (raw === undefined) continue
    const names = typeof raw === 'string' ? raw.split(separator) : raw
    const seen = new Set<string>()
    for (const entry of names) {
      const name = entry.trim()
      if (name === '' || seen.has(name)) continue
      seen.add(name)
      const group = groups.get(name)
      if (group === undefined) {
        groups.set(name, { members: [user.id], origin: user.origin })
      } else {
        group.members.push(user.id)
      }
    }
  }
  return [...groups].map(([name, group]) => ({
    id: name,
    attributes: { name },
    members: group.members,
    origin: group.origin,
  }))
}
