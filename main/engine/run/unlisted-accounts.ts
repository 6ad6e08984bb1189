import type { TargetResource } from '../../connectors/connector'
import type { Link } from '../../model/link'
import { linksByTarget } from '../plan/links'

/**
 * Linked accounts the target's listing did not return, each read by id before the planner may
 * treat it as gone: listings lag behind writes or skip entries while they change, and a link
 * dropped by mistake means a second account for the person and the first one left active and
 * unmanaged. `get` answers null only for a 404 (the account really is gone); any other error
 * ends the run, as a failed listing does.
 *
 * Usually no link is missing, so this costs nothing; the reads run `concurrency` at a time.
 */
export async function findUnlistedAccounts(
  listing: ReadonlyArray<TargetResource>,
  links: ReadonlyMap<string, Link>,
  get: (id: string) => Promise<TargetResource | null>,
  concurrency: number
): Promise<TargetResource[]> {
  const listed = new Set<string>()
  for (const resource of listing) listed.add(resource.id)
  const missing = [...linksByTarget(links).keys()].filter(targetId => !listed.has(targetId))
  const found: TargetResource[] = []
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < missing.length) {
      const id = missing[next++] as string
      const resource = await get(id)
      // An app that answers with another account than the one asked for has not confirmed it.
      if (resource !== null && resource.id === id) found.push(resource)
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, missing.length)) }, worker))
  return found
}
