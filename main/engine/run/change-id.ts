import { randomUUID } from 'node:crypto'

/**
 * A new change id (a UUID). Node builds a UUID by concatenating 20 pieces, and V8 keeps such a
 * string as a tree of them (~490 bytes); reading a character flattens it into one string (~70
 * bytes), which matters for a plan that keeps a change id per person (100,000s of them).
 */
export function newChangeId(): string {
  const id = randomUUID()
  id.charCodeAt(0)
  return id
}
