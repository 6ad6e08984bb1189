import type { TargetResource } from '../../connectors/connector'

/** Most distinct `schemas` lists one listing shares; past it, accounts keep their own. */
const MOST_LISTS = 64

/**
 * A listing's accounts nearly all carry the same `schemas` list: as parsed, each holds its own
 * array and its own copy of every URN (a 42-character URN is not one of the short strings JSON.parse
 * shares), ~100 B per account, 100 MB for 1,000,000. Accounts alike share one frozen list here
 * (the run reads `schemas`, never changes it in place; a request body builds its own list).
 */
export class SharedSchemaLists {
  private readonly lists = new Map<string, ReadonlyArray<string>>()

  /** The account, its `schemas` now the listing's shared list of the same URNs (in order). */
  public share(resource: TargetResource): TargetResource {
    const schemas = (resource as { schemas?: unknown }).schemas
    if (!Array.isArray(schemas) || !schemas.every(schema => typeof schema === 'string')) return resource
    const key = schemas.join('\u0000')
    let shared = this.lists.get(key)
    if (shared === undefined) {
      if (this.lists.size >= MOST_LISTS) return resource
      shared = Object.freeze([...(schemas as string[])])
      this.lists.set(key, shared)
    }
    ;(resource as { schemas?: unknown }).schemas = shared
    return resource
  }
}

/**
 * An account's e-mail address is most often its userName too, parsed as a second copy of the
 * string (~50 B per account): the address that equals the userName becomes that very string
 * (strings equal in content are interchangeable; nothing changes but the memory).
 */
export function shareUserNameInEmails(resource: TargetResource): TargetResource {
  const { userName, emails } = resource as { userName?: unknown; emails?: unknown }
  if (typeof userName !== 'string' || !Array.isArray(emails)) return resource
  for (const email of emails as unknown[]) {
    if (typeof email !== 'object' || email === null) continue
    const entry = email as { value?: unknown }
    if (entry.value === userName) entry.value = userName
  }
  return resource
}
