import type { TargetResource } from '../../connectors/connector'
import type { Link } from '../../model/link'
import type { PlannedOperation } from '../../model/plan'
import { replaceSourcePeople, replaceTargetListing } from '../../store/access-store'
import type { WritableDB } from '../../store/database'
import type { MappedObject } from '../plan/map-object'
import { listedAccount } from './access-facts'
import { settledListing } from './settled-listing'

/**
 * Keeps, for the access map, who the source held and the target's accounts as the run left
 * them (the listing it read plus its own successful writes). Compact rows, two transactions.
 */
export function recordListings(
  db: WritableDB,
  jobId: string,
  runId: string,
  mapped: ReadonlyArray<MappedObject>,
  listing: Iterable<TargetResource>,
  done: Iterable<PlannedOperation>,
  links: ReadonlyMap<string, Link>
): void {
  replaceSourcePeople(
    db,
    jobId,
    mapped.map(person => ({ sourceId: person.source.id, display: person.display }))
  )
  const accounts = function* () {
    for (const resource of listing) yield listedAccount(resource)
  }
  replaceTargetListing(db, jobId, runId, settledListing(accounts(), done, links))
}
