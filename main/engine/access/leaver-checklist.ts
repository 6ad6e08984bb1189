import type {
  AccessAccount,
  AccessApp,
  AccessMap,
  AccessPerson,
  LeaverChecklist,
  LeaverItem,
  StillActiveReason,
  UnmanagedAccount,
} from '../../model/access'

/** The newest log entry for a person in a job, as the checklist reads it. */
export interface PersonOutcome {
  readonly status: string
  readonly errorCode: string | null
  readonly reason: string | null
}

export type OutcomeLookup = (jobId: string, sourceId: string) => PersonOutcome | null

/**
 * Jobs whose source is authoritative, was read at least once, and no longer holds a person who
 * has an account there: the person left that source.
 */
export function leftSourcesOf(person: AccessPerson, apps: ReadonlyArray<AccessApp>): string[] {
  const appOf = new Map(apps.map(app => [app.jobId, app]))
  const jobs = new Set(person.accounts.map(account => account.jobId))
  return [...jobs].filter(jobId => {
    const app = appOf.get(jobId)
    return app?.authoritative === true && app.listedAt !== null && !person.inSourceOf.includes(jobId)
  })
}

/** People missing from every authoritative source that had them (and from at least one). */
export function leaversOf(map: AccessMap): AccessPerson[] {
  const authoritative = new Set(map.apps.filter(app => app.authoritative).map(app => app.jobId))
  return map.people.filter(
    person =>
      leftSourcesOf(person, map.apps).length > 0 && !person.inSourceOf.some(jobId => authoritative.has(jobId))
  )
}

/**
 * Every app with the person's state there: closed by Provisioner (when, which run), or still
 * active and why, so the admin can close the rest by hand.
 */
export function leaverChecklist(
  person: AccessPerson,
  map: AccessMap,
  outcome: OutcomeLookup
): LeaverChecklist {
  const items: LeaverItem[] = person.accounts.map(account => accountItem(account, person, map, outcome))
  const userNames = new Set(
    person.accounts.flatMap(account => (account.userName === null ? [] : [account.userName.toLowerCase()]))
  )
  const appsWithAccount = new Set(items.map(item => item.app))
  const unmanaged = unmanagedByUserName(map)
  for (const account of [...userNames].flatMap(userName => unmanaged.get(userName) ?? [])) {
    items.push({
      app: account.app,
      jobId: null,
      targetId: account.targetId,
      userName: account.userName,
      state: account.state,
      changedAt: null,
      runId: null,
      reason: account.state === 'active' ? 'no-job' : null,
      detail:
        account.state === 'active'
          ? 'Active, and no job manages this account: close it in the app'
          : 'Disabled (not managed by any job)',
      ticked: null,
    })
    appsWithAccount.add(account.app)
  }
  for (const app of map.apps) {
    if (app.automated || appsWithAccount.has(app.app)) continue
    items.push({
      app: app.app,
      jobId: app.jobId,
      targetId: null,
      userName: null,
      state: 'unknown',
      changedAt: null,
      runId: null,
      reason: 'no-automation',
      detail: `${app.jobName} has no automation (${app.targetType}): check and close by hand`,
      ticked: null,
    })
  }
  return {
    sourceId: person.sourceId,
    display: person.display,
    leftSourceOf: leftSourcesOf(person, map.apps),
    items,
  }
}

const unmanagedIndexes = new WeakMap<AccessMap, Map<string, UnmanagedAccount[]>>()

/** Unmanaged accounts by lower-cased userName, built once per map (many leavers, 100,000 accounts). */
function unmanagedByUserName(map: AccessMap): Map<string, UnmanagedAccount[]> {
  let index = unmanagedIndexes.get(map)
  if (index === undefined) {
    index = new Map()
    for (const account of map.unmanaged) {
      if (account.userName === null) continue
      const key = account.userName.toLowerCase()
      index.set(key, [...(index.get(key) ?? []), account])
    }
    unmanagedIndexes.set(map, index)
  }
  return index
}

function accountItem(
  account: AccessAccount,
  person: AccessPerson,
  map: AccessMap,
  outcome: OutcomeLookup
): LeaverItem {
  const app = map.apps.find(candidate => candidate.jobId === account.jobId)
  const base = {
    app: app?.app ?? account.jobId,
    jobId: account.jobId,
    targetId: account.targetId,
    userName: account.userName,
    state: account.state,
  }
  if (account.state === 'disabled' || account.state === 'deleted') {
    const by = account.lastChangeRunId === null ? '' : ` by run ${account.lastChangeRunId}`
    return {
      ...base,
      changedAt: account.lastChangeAt,
      runId: account.lastChangeRunId,
      reason: null,
      detail: `${account.state === 'deleted' ? 'Deleted' : 'Disabled'}${by} at ${account.lastChangeAt}`,
      ticked: null,
    }
  }
  const [reason, detail] = whyActive(account, person, app, outcome(account.jobId, account.sourceId))
  return { ...base, changedAt: null, runId: null, reason, detail, ticked: null }
}

function whyActive(
  account: AccessAccount,
  person: AccessPerson,
  app: AccessApp | undefined,
  last: PersonOutcome | null
): [StillActiveReason, string] {
  if (account.state === 'staged') return ['staged', 'The disable waits for approval (deletion threshold)']
  if (app !== undefined && !app.automated)
    return ['no-automation', `No automation (${app.targetType}): close by hand`]
  if (last?.errorCode === 'ProtectedAccount')
    return ['protected', 'Protected account: deprovisioning never touches it']
  if (last?.status === 'failure')
    return ['failed', `The last attempt failed: ${last.reason ?? last.errorCode ?? 'unknown error'}`]
  if (person.inSourceOf.includes(account.jobId)) return ['still-in-source', "Still in this job's source"]
  if (app?.authoritative === false)
    return ['not-authoritative', 'The source is not authoritative: removals are not deprovisioned']
  if (app?.deprovisions === false)
    return ['deprovisioning-off', 'The job ignores people removed from its source']
  return ['pending', 'Not yet deprovisioned: the next run of this job disables it']
}
