import type { TargetResource } from '../../connectors/connector'
import type { LoadedJob } from '../../config/load-job'
import type { AccessApp, AccessMap, LeaverChecklist, LeaverTick, ListedAccount } from '../../model/access'
import type { SecretStore } from '../../secrets/secret-store'
import {
  loadLastChanges,
  loadLastOutcome,
  loadSourcePeople,
  loadStagedSources,
  loadTargetListing,
  replaceTargetListing,
} from '../../store/access-store'
import type { ReadableDB, WritableDB } from '../../store/database'
import { type JobRecord, listJobs } from '../../store/jobs-store'
import { loadLinks } from '../../store/links-store'
import { leaverItemKey, loadLeaverTicks } from '../../store/leaver-ticks-store'
import { openTarget } from '../run/connectors/factory'
import { isActive } from '../plan/value-compare'
import { buildAccessMap, type JobAccessFacts } from './access-map'
import { leaverChecklist, leaversOf } from './leaver-checklist'

interface StoredJobConfig {
  readonly name?: string
  readonly source?: { readonly authoritative?: boolean }
  readonly target?: { readonly type?: string; readonly baseUrl?: string }
  readonly users?: { readonly deprovision?: { readonly whenRemoved?: string } }
}

/** The app a job's target is: SCIM targets by base URL (two jobs on one URL are one app). */
export function appOf(job: JobRecord, listedAt: string | null): AccessApp {
  const config = (job.config ?? {}) as StoredJobConfig
  const targetType = config.target?.type ?? 'unknown'
  const automated = targetType === 'scim' && typeof config.target?.baseUrl === 'string'
  return {
    jobId: job.id,
    jobName: job.name,
    app: automated ? normaliseUrl(config.target?.baseUrl ?? '') : `${job.name} (${targetType})`,
    targetType,
    automated,
    listedAt,
    authoritative: config.source?.authoritative === true,
    deprovisions: config.users?.deprovision?.whenRemoved !== 'ignore',
  }
}

function normaliseUrl(url: string): string {
  return url.replace(/\/+$/, '').toLowerCase()
}

/** Reads what the store knows about every job (or the given ones) and builds the access map. */
export function loadAccessMap(db: ReadableDB, jobIds?: ReadonlyArray<string>): AccessMap {
  const jobs = listJobs(db).filter(job => jobIds === undefined || jobIds.includes(job.id))
  return buildAccessMap(jobs.map(job => jobFacts(db, job)))
}

function jobFacts(db: ReadableDB, job: JobRecord): JobAccessFacts {
  const listing = loadTargetListing(db, job.id)
  return {
    app: appOf(job, listing?.listedAt ?? null),
    links: [...loadLinks(db, job.id, 'user').values()],
    listing,
    sourcePeople: loadSourcePeople(db, job.id),
    lastChanges: loadLastChanges(db, job.id),
    staged: loadStagedSources(db, job.id),
  }
}

/** Checklists of the people who left every authoritative source, or of the one picked. */
export function loadLeaverChecklists(db: ReadableDB, person?: string): LeaverChecklist[] {
  const map = loadAccessMap(db)
  const wanted = person?.toLowerCase()
  const people =
    wanted === undefined
      ? leaversOf(map)
      : map.people.filter(
          candidate =>
            candidate.sourceId === person ||
            candidate.display?.toLowerCase() === wanted ||
            candidate.accounts.some(account => account.userName?.toLowerCase() === wanted)
        )
  const ticks = loadLeaverTicks(db)
  return people.map(candidate =>
    withTicks(
      leaverChecklist(candidate, map, (jobId, sourceId) => loadLastOutcome(db, jobId, sourceId)),
      ticks
    )
  )
}

/** Open items the admin ticked off carry the tick; a closed item needs none (Provisioner closed it). */
function withTicks(list: LeaverChecklist, ticks: ReadonlyMap<string, LeaverTick>): LeaverChecklist {
  if (ticks.size === 0) return list
  return {
    ...list,
    items: list.items.map(item => {
      if (item.reason === null) return item
      const tick = ticks.get(leaverItemKey({ sourceId: list.sourceId, ...item }))
      return tick === undefined ? item : { ...item, ticked: tick }
    }),
  }
}

/** The compact form of a listed account the store keeps. */
export function listedAccount(resource: TargetResource): ListedAccount {
  const userName = resource['userName']
  const displayName = resource['displayName']
  return {
    targetId: resource.id,
    userName: typeof userName === 'string' ? userName : null,
    displayName: typeof displayName === 'string' ? displayName : null,
    active: isActive(resource),
  }
}

/**
 * Lists the job's target again (read-only: GET requests only) and stores the listing; returns
 * how many accounts it holds. A CSV hand-off target lists what was handed off.
 */
export async function refreshListing(
  db: WritableDB,
  job: LoadedJob,
  secrets: SecretStore,
  env?: NodeJS.ProcessEnv
): Promise<number> {
  const target = await openTarget(job, { secrets, env, db })
  try {
    const accounts: ListedAccount[] = []
    for await (const resource of target.list('user')) accounts.push(listedAccount(resource))
    replaceTargetListing(db, job.id, null, accounts)
    return accounts.length
  } finally {
    await target.close()
  }
}
