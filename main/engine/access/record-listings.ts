import type { TargetResource } from '../../connectors/connector'
import type { Link } from '../../model/link'
import type { PlannedOperation } from '../../model/plan'
import { replaceSourcePeople, replaceTargetListing } from '../../store/access-store'
import { inTransaction, type WritableDB } from '../../store/database'
import type { MappedObject } from '../plan/map-object'
import { listedAccount } from './access-facts'
import { settledListing } from './settled-listing'

/**
 * Keeps, for the access map, who the source held and the target's accounts as the run left
 * them (the listing it read plus its own successful writes). Compact rows, one transaction
 * (one commit; each store writes only the rows that changed since the last run).
 */
export function recordListings(
  db: WritableDB,
  jobId: string,
  runId: string,
  mapped: ReadonlyArray<MappedObject>,
  listing: Iterable<TargetResource>,
  done: ReadonlyArray<PlannedOperation>,
  links: ReadonlyMap<string, Link>
): void {
  const accounts = function* () {
    for (const resource of listing) yield listedAccount(resource)
  }
  // Nothing written (a dry run): the listing as read; the store keeps the last of an id listed twice.
  const settled = done.length === 0 ? accounts() : settledListing(accounts(), done, links)
  inTransaction(db, () => {
    const people = function* () {
      for (const person of mapped) yield { sourceId: person.source.id, display: person.display }
    }
    replaceSourcePeople(db, jobId, people())
    replaceTargetListing(db, jobId, runId, settled)
  })
}
