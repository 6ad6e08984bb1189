/**
 * `list` with `item` added; a first item makes a one-element list. An empty array's first push
 * reserves room for 17 items, and the planner's lists (changes, PATCH operations, reference
 * writes) mostly hold one or two and stay with the plan: ~130 bytes each, per person.
 */
export function appended<T>(list: T[] | null, item: T): T[] {
  if (list === null) return [item]
  list.push(item)
  return list
}
