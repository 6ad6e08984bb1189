/** The probe's read-only checks: connection, configuration, paging, filters, group listings. */
import { randomUUID } from 'node:crypto'
import { equalityFilter, filterLiteral } from '../scim-filter'
import type { ScimPath } from '../../../mapping/scim-path'
import {
  type ListAnswer,
  type ProbeSession,
  type ProbeStatus,
  asList,
  describe,
  isRefusal,
} from './probe-session'

const ACCOUNT_IDS = 'Account ids'

/**
 * Entra's "Test connection": a lookup of a user that cannot exist must answer an empty
 * ListResponse. False when the target cannot be talked to at all.
 */
export async function probeConnection(session: ProbeSession): Promise<boolean> {
  const filter = `userName eq ${filterLiteral(randomUUID())}`
  const nobody = await session.ask('GET', `/Users?filter=${encodeURIComponent(filter)}`)
  if ('error' in nobody) {
    session.check('Connection', 'failure', describe(nobody.error))
    return false
  }
  const list = asList(nobody.body)
  if (list === null) {
    session.check(
      'Connection',
      'failure',
      'A user lookup did not answer with a SCIM ListResponse: this is not a SCIM endpoint'
    )
    return false
  }
  if (list.resources.length > 0) {
    session.check(
      'Connection',
      'warning',
      `A lookup of a random userName returned ${list.resources.length} user(s): the server ignores filters`
    )
  } else {
    session.check(
      'Connection',
      'ok',
      'Authenticated; a lookup of a user that cannot exist answers an empty ListResponse'
    )
  }
  return true
}

/** `pageSize`: the job's `target.pageSize` (undefined: listings already ask for at most maxResults). */
export async function probeServiceProviderConfig(
  session: ProbeSession,
  pageSize: number | undefined
): Promise<void> {
  const config = await session.ask('GET', '/ServiceProviderConfig')
  if ('error' in config || typeof config.body !== 'object' || config.body === null) {
    session.check('ServiceProviderConfig', 'warning', 'Not available; the features below are tried instead')
    return
  }
  const body = config.body as Record<string, { supported?: unknown; maxResults?: unknown } | undefined>
  const features = ['patch', 'filter', 'bulk', 'sort', 'etag', 'changePassword']
    .map(name => `${name} ${body[name]?.supported === true ? 'yes' : 'no'}`)
    .join(', ')
  const maxResults = body['filter']?.maxResults
  session.check(
    'ServiceProviderConfig',
    body['patch']?.supported === false ? 'warning' : 'ok',
    `${features}${typeof maxResults === 'number' ? `; filter maxResults ${maxResults}` : ''}`,
    typeof maxResults === 'number' && pageSize !== undefined && maxResults < pageSize
      ? `target.pageSize: ${maxResults}`
      : undefined
  )
}

/**
 * Does the server honour `count` and `startIndex`, and is its `totalResults` the total? Two
 * pages of two are read: a verdict on the first page alone would trust a `totalResults` that
 * some servers fill with the page size.
 */
export async function probePaging(session: ProbeSession): Promise<void> {
  const first = await session.ask('GET', '/Users?startIndex=1&count=2')
  // The next page starts after what the first one really held (a server may ignore count).
  const held = 'error' in first ? 2 : Math.max(1, asList(first.body)?.resources.length ?? 2)
  const second = await session.ask('GET', `/Users?startIndex=${1 + held}&count=2`)
  if ('error' in first || 'error' in second) {
    session.check(
      'Paging',
      'failure',
      describe('error' in first ? first.error : (second as { error: unknown }).error)
    )
    return
  }
  const a = asList(first.body)
  const b = asList(second.body)
  if (a === null || b === null) {
    session.check('Paging', 'failure', 'Listing users did not answer a ListResponse')
    return
  }
  session.check('Paging', ...pagingVerdict(a, b, held))
  noteAccountIds(session, [...a.resources, ...b.resources])
}

function pagingVerdict(a: ListAnswer, b: ListAnswer, held: number): [ProbeStatus, string] {
  if (b.resources.some(resource => a.resources.some(other => other['id'] === resource['id']))) {
    return [
      'failure',
      'The second page repeats the first: the server ignores startIndex (listings cannot be read)',
    ]
  }
  if (b.resources.length === 0) {
    return ['skipped', `Only ${a.resources.length} user(s) in the app: paging cannot be observed yet`]
  }
  if (a.total !== null && a.total <= held) {
    return [
      'warning',
      `totalResults says ${a.total}, but the next page holds more users: the server reports the page ` +
        'size as totalResults (Provisioner reads on while pages come back full)',
    ]
  }
  if (a.resources.length > 2) {
    return [
      'warning',
      `The server ignores count (asked 2, got ${a.resources.length}); Provisioner follows what is returned`,
    ]
  }
  return ['ok', `count and startIndex honoured; totalResults ${a.total ?? 'not given'}`]
}

/** Names the deviation where an account's `id` is its userName (seen in a listing or a create). */
export function noteAccountIds(
  session: ProbeSession,
  resources: ReadonlyArray<Record<string, unknown>>
): void {
  if (session.has(ACCOUNT_IDS)) return
  const same = resources.find(
    resource => typeof resource['userName'] === 'string' && resource['id'] === resource['userName']
  )
  if (same === undefined) return
  session.check(
    ACCOUNT_IDS,
    'warning',
    `The account id is the userName (${String(same['id'])}): a userName change may give the account a new ` +
      'id, and Provisioner then finds the linked account gone'
  )
}

/** Filters on the matching attributes, and the `and` the value-path lookups need. */
export async function probeFilters(
  session: ProbeSession,
  matching: ReadonlyArray<{ readonly target: ScimPath }>
): Promise<void> {
  for (const mapping of matching) {
    const filter = equalityFilter(mapping.target, `probe-${randomUUID()}`)
    const answer = await session.ask('GET', `/Users?filter=${encodeURIComponent(filter)}`)
    const list = 'error' in answer ? null : asList(answer.body)
    session.check(
      `Filter on ${mapping.target.text}`,
      list !== null && list.resources.length === 0 ? 'ok' : 'warning',
      'error' in answer
        ? `${describe(answer.error)}: lookups by this matching attribute fall back to simpler forms, and plans match on the listing`
        : list === null
          ? 'The answer is not a ListResponse'
          : list.resources.length > 0
            ? `A lookup of a value no account holds returned ${list.resources.length} account(s): the server ignores this filter (results are checked)`
            : `${filter} is understood`
    )
  }
  await probeAndFilter(session)
}

async function probeAndFilter(session: ProbeSession): Promise<void> {
  const value = filterLiteral(`probe-${randomUUID()}`)
  const filter = `userName eq ${value} and userName eq ${value}`
  const answer = await session.ask('GET', `/Users?filter=${encodeURIComponent(filter)}`)
  const list = 'error' in answer ? null : asList(answer.body)
  if (list !== null && list.resources.length === 0) {
    session.check('Filter with and', 'ok', 'Filters joined with and are understood')
    return
  }
  session.check(
    'Filter with and',
    'warning',
    ('error' in answer
      ? `${isRefusal(answer) ? 'Filters joined with and are refused' : 'A filter joined with and failed'}: ${describe(answer.error)}`
      : `A lookup joined with and returned ${list?.resources.length ?? 'no list of'} account(s): the server ignores and`) +
      '; lookups by a filtered attribute such as emails[type eq "work"].value fall back to emails.value eq'
  )
}

/** A group listing: does it carry members? */
export async function probeGroupListing(session: ProbeSession): Promise<void> {
  const groups = await session.ask('GET', '/Groups?startIndex=1&count=1')
  const groupList = 'error' in groups ? null : asList(groups.body)
  if (groupList === null) {
    session.check('Groups', 'failure', 'error' in groups ? describe(groups.error) : 'Not a ListResponse')
    return
  }
  const sample = groupList.resources[0]
  session.check(
    'Groups',
    sample !== undefined && !Array.isArray(sample['members']) ? 'warning' : 'ok',
    sample === undefined
      ? 'The Groups endpoint answers (no groups yet)'
      : Array.isArray(sample['members'])
        ? 'Groups are listed with their members'
        : GROUPS_WITHOUT_MEMBERS
  )
}

export const GROUPS_WITHOUT_MEMBERS =
  'Groups are listed without members: each group the job manages is read on its own'
