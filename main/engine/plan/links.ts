import type { Link } from '../../model/link'

/** The link, when it still holds an account (a deleted link holds none). */
export function liveLink(link: Link | undefined): Link | null {
  return link === undefined || link.state === 'deleted' ? null : link
}

/** The live links, by the account each holds: an account belongs to one source object. */
export function linksByTarget(links: ReadonlyMap<string, Link>): Map<string, Link> {
  const byTarget = new Map<string, Link>()
  for (const link of links.values()) {
    if (link.state !== 'deleted') byTarget.set(link.targetId, link)
  }
  return byTarget
}

/** Account id → the source id that holds it, from live links by account; a run adds the accounts it claims. */
export function accountOwners(byTarget: ReadonlyMap<string, Link>): Map<string, string> {
  const owners = new Map<string, string>()
  for (const [targetId, link] of byTarget) owners.set(targetId, link.sourceId)
  return owners
}
