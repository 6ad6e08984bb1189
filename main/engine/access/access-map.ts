import type {
  AccessAccount,
  AccessApp,
  AccessMap,
  AccessPerson,
  AccessState,
  ListedAccount,
  UnmanagedAccount,
} from '../../model/access'
import type { Link } from '../../model/link'

export interface LastChangeFact {
  readonly runId: string
  readonly time: string
  readonly action: string
}

/** What the store knows about one job: everything the map is built from (no I/O here). */
export interface JobAccessFacts {
  readonly app: AccessApp
  readonly links: ReadonlyArray<Link>
  readonly listing: { readonly listedAt: string; readonly accounts: ReadonlyArray<ListedAccount> } | null
  readonly sourcePeople: ReadonlyMap<string, string | null>
  readonly lastChanges: ReadonlyMap<string, LastChangeFact>
  readonly staged: ReadonlySet<string>
}

/**
 * Who has an account in which app: every person of the sources with their account in each job,
 * and per app the listed accounts that no job's link owns. Linear in links + listed accounts.
 */
export function buildAccessMap(jobs: ReadonlyArray<JobAccessFacts>): AccessMap {
  const people = new Map<
    string,
    { display: string | null; listedName: string | null; inSourceOf: string[]; accounts: AccessAccount[] }
  >()
  const personOf = (sourceId: string, display: string | null) => {
    let entry = people.get(sourceId)
    if (entry === undefined) {
      entry = { display, listedName: null, inSourceOf: [], accounts: [] }
      people.set(sourceId, entry)
    } else if (entry.display === null) {
      entry.display = display
    }
    return entry
  }
  for (const job of jobs) {
    for (const [sourceId, display] of job.sourcePeople)
      personOf(sourceId, display).inSourceOf.push(job.app.jobId)
    const listed = new Map((job.listing?.accounts ?? []).map(account => [account.targetId, account]))
    for (const link of job.links) {
      if (link.objectType !== 'user') continue
      const entry = personOf(link.sourceId, link.display)
      const account = listed.get(link.targetId)
      entry.accounts.push(accountOf(job, link, account))
      entry.listedName ??= account?.displayName ?? null
    }
  }
  return {
    apps: jobs.map(job => job.app),
    // A person is named as the apps show them ("Ada Lovelace"), else as the source does (often the email).
    people: [...people]
      .map(([sourceId, entry]): AccessPerson => ({
        sourceId,
        display: entry.listedName ?? entry.display,
        inSourceOf: entry.inSourceOf,
        accounts: entry.accounts,
      }))
      .sort(byName),
    unmanaged: unmanagedAccounts(jobs),
  }
}

function accountOf(job: JobAccessFacts, link: Link, listed: ListedAccount | undefined): AccessAccount {
  const change = job.lastChanges.get(link.sourceId)
  return {
    jobId: job.app.jobId,
    sourceId: link.sourceId,
    targetId: link.targetId,
    userName: listed?.userName ?? null,
    display: listed?.displayName ?? link.display,
    state: stateOf(link, listed, job.staged.has(link.sourceId)),
    linkedHow: link.origin,
    relinkedFrom: link.relinkedFrom,
    lastChangeAt: change?.time ?? link.stateChangedAt,
    lastChangeRunId: change?.runId ?? null,
    lastChangeAction: change?.action ?? null,
  }
}

/**
 * The link says what Provisioner did; the listing what the app showed last (an account enabled
 * by hand in the app is active, whatever the link says). A disable waiting for approval is staged.
 */
function stateOf(link: Link, listed: ListedAccount | undefined, staged: boolean): AccessState {
  if (link.state === 'deleted') return 'deleted'
  const active = listed === undefined ? link.state === 'active' : listed.active
  if (active && staged) return 'staged'
  return active ? 'active' : 'disabled'
}

/** Per app (jobs on the same base URL share one), listed accounts no job's live link owns. */
function unmanagedAccounts(jobs: ReadonlyArray<JobAccessFacts>): UnmanagedAccount[] {
  const byApp = new Map<string, JobAccessFacts[]>()
  for (const job of jobs) byApp.set(job.app.app, [...(byApp.get(job.app.app) ?? []), job])
  const unmanaged: UnmanagedAccount[] = []
  for (const [app, appJobs] of byApp) {
    const owned = new Set<string>()
    for (const job of appJobs) {
      for (const link of job.links)
        if (link.objectType === 'user' && link.state !== 'deleted') owned.add(link.targetId)
    }
    const newest = appJobs
      .filter(job => job.listing !== null)
      .sort((a, b) => (b.listing?.listedAt ?? '').localeCompare(a.listing?.listedAt ?? ''))[0]
    if (newest?.listing == null) continue
    for (const account of newest.listing.accounts) {
      if (owned.has(account.targetId)) continue
      unmanaged.push({
        app,
        jobIds: appJobs.map(job => job.app.jobId),
        targetId: account.targetId,
        userName: account.userName,
        displayName: account.displayName,
        state: account.active ? 'active' : 'disabled',
        listedAt: newest.listing.listedAt,
      })
    }
  }
  return unmanaged
}

function byName(a: AccessPerson, b: AccessPerson): number {
  return (
    (a.display ?? a.sourceId).localeCompare(b.display ?? b.sourceId) || a.sourceId.localeCompare(b.sourceId)
  )
}

export interface AccessFilter {
  /** A source id, or a display name / userName (case-insensitive). */
  readonly person?: string
  readonly jobId?: string
}

/** The map narrowed to one person and/or one job (its app's unmanaged accounts with it). */
export function filterAccessMap(map: AccessMap, filter: AccessFilter): AccessMap {
  const wanted = filter.person?.toLowerCase()
  const matchesPerson = (person: AccessPerson) =>
    wanted === undefined ||
    person.sourceId === filter.person ||
    person.display?.toLowerCase() === wanted ||
    person.accounts.some(account => account.userName?.toLowerCase() === wanted)
  const jobId = filter.jobId
  const apps = jobId === undefined ? map.apps : map.apps.filter(app => app.jobId === jobId)
  const people = map.people.filter(matchesPerson).flatMap(person => {
    if (jobId === undefined) return [person]
    const accounts = person.accounts.filter(account => account.jobId === jobId)
    return accounts.length > 0 || person.inSourceOf.includes(jobId) ? [{ ...person, accounts }] : []
  })
  const unmanaged = map.unmanaged.filter(
    account =>
      (jobId === undefined || account.jobIds.includes(jobId)) &&
      (wanted === undefined || account.userName?.toLowerCase() === wanted)
  )
  return { apps, people, unmanaged }
}
