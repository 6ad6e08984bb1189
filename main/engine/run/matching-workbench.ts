import { randomUUID } from 'node:crypto'
import type { TargetResource } from '../../connectors/connector'
import type { LoadedJob } from '../../config/load-job'
import { sourceName } from '../../config/source-name'
import { targetName, targetTuning } from '../../config/target-settings'
import type { Link } from '../../model/link'
import type { AccountView, WorkbenchDecision, WorkbenchRow, WorkbenchTab } from '../../model/matching'
import type { SecretStore } from '../../secrets/secret-store'
import type { ReadableDB, WritableDB } from '../../store/database'
import { listJobs } from '../../store/jobs-store'
import { loadLinks, loadMatchDecisions } from '../../store/links-store'
import { compileJob, type CompiledJob } from '../plan/compile-job'
import type { MappedObject } from '../plan/map-object'
import { matchedAccounts, planUsers, type UserOperation } from '../plan/plan-users'
import { openSource, openTarget } from './connectors/factory'
import { readMappedUsers } from './read-source'
import { TargetSnapshot } from '../plan/target-snapshot'
import { resolveUniqueValues } from '../plan/unique-values'
import { findUnlistedAccounts } from './unlisted-accounts'
import { isActive } from '../plan/value-compare'

/**
 * The matching workbench (brownfield preview): the source people against the target's existing
 * accounts, read only. The tabs come from the planner's own decisions (`planUsers` with the
 * job's links and the admin's match decisions), so the workbench and the next run never disagree.
 */
export interface WorkbenchInputs {
  readonly job: LoadedJob
  readonly compiled: CompiledJob
  readonly mapped: ReadonlyArray<MappedObject>
  readonly accounts: ReadonlyArray<TargetResource>
  readonly readAt: string
}

export interface MatchingWorkbench {
  readonly jobId: string
  /** When the source and the target were read. */
  readonly readAt: string
  readonly sourceCount: number
  readonly targetCount: number
  readonly tabs: Readonly<Record<WorkbenchTab, ReadonlyArray<WorkbenchRow>>>
}

/** Reads the source and every account of the target; writes nothing anywhere. */
export async function readWorkbenchInputs(options: {
  readonly job: LoadedJob
  readonly db: WritableDB
  readonly secrets: SecretStore
  readonly env?: NodeJS.ProcessEnv
  readonly now?: () => Date
}): Promise<WorkbenchInputs> {
  const { job } = options
  const now = options.now ?? (() => new Date())
  const compiled = compileJob(job)
  const source = await openSource(job, compiled, { secrets: options.secrets, env: options.env })
  const target = await openTarget(job, { secrets: options.secrets, env: options.env, db: options.db })
  try {
    const listing: TargetResource[] = []
    for await (const resource of target.list('user')) listing.push(resource)
    const links = loadLinks(options.db, job.id, 'user')
    // As a run does: a linked account the listing skipped is not taken for deleted.
    const unlisted = await findUnlistedAccounts(
      listing,
      links,
      id => target.get('user', id),
      targetTuning(job.config.target).concurrency
    )
    const mapped = await readMappedUsers(source.connector, compiled, { now, random: Math.random })
    return { job, compiled, mapped, accounts: [...listing, ...unlisted], readAt: now().toISOString() }
  } finally {
    await Promise.all([target.close(), source.close()])
  }
}

/** Plans with the links and decisions stored now and sorts every person and account into a tab. */
export function buildWorkbench(db: ReadableDB, inputs: WorkbenchInputs): MatchingWorkbench {
  const { job, compiled } = inputs
  const snapshot = new TargetSnapshot(inputs.accounts)
  const links = loadLinks(db, job.id, 'user')
  const decisions = loadMatchDecisions(db, job.id, 'user')
  const resolved = resolveUniqueValues(inputs.mapped, compiled.users, snapshot, links, {
    now: () => new Date(),
    random: Math.random,
  })
  const operations = planUsers({
    mapped: resolved,
    links,
    target: snapshot,
    compiled: compiled.users,
    // Not authoritative: the workbench is about the people in the source, not leavers.
    authoritative: false,
    deprovision: job.config.users.deprovision,
    actions: job.config.users.actions,
    newChangeId: randomUUID,
    sourceName: sourceName(job.config.source),
    decisions,
    jobFile: job.displayFile,
  })
  const others = otherJobsLinks(db, job)
  const mappedById = new Map(resolved.map(person => [person.source.id, person]))
  const tabs: Record<WorkbenchTab, WorkbenchRow[]> = {
    matched: [],
    create: [],
    ambiguous: [],
    'no-value': [],
    'not-provisioned': [],
    unmanaged: [],
    'other-job': [],
  }
  const held = new Set<string>()
  for (const link of links.values()) if (link.state !== 'deleted') held.add(link.targetId)
  const context: RowContext = { snapshot, links, decisions, others }
  for (const operation of operations) {
    const mapped = operation.sourceId === null ? undefined : mappedById.get(operation.sourceId)
    if (mapped === undefined) continue
    if (operation.targetId !== null) held.add(operation.targetId)
    const [tab, row] = personRow(context, operation, mapped)
    // An ambiguous person's candidates are listed with them, not again as unmanaged.
    for (const candidate of row.candidates) held.add(candidate.id)
    tabs[tab].push(row)
  }
  for (const account of snapshot.values()) {
    if (held.has(account.id)) continue
    const otherJob = others.get(account.id) ?? null
    tabs[otherJob === null ? 'unmanaged' : 'other-job'].push(accountRow(toAccountView(account), otherJob))
  }
  return {
    jobId: job.id,
    readAt: inputs.readAt,
    sourceCount: inputs.mapped.length,
    targetCount: snapshot.size,
    tabs,
  }
}

interface RowContext {
  readonly snapshot: TargetSnapshot
  readonly links: ReadonlyMap<string, Link>
  readonly decisions: ReadonlyMap<string, 'create' | 'skip'>
  /** Accounts other jobs on the same target link, with the job's name. */
  readonly others: ReadonlyMap<string, string>
}

function personRow(
  context: RowContext,
  operation: UserOperation,
  mapped: MappedObject
): [WorkbenchTab, WorkbenchRow] {
  const sourceId = mapped.source.id
  const link = context.links.get(sourceId)
  const decision = decisionOf(link, context.decisions.get(sourceId))
  const base = {
    key: sourceId,
    sourceId,
    person: mapped.display,
    action: operation.action,
    reason: operation.reason,
    decision,
    changes: [],
    warnings: [],
    candidates: [],
    account: null,
    matchedOn: null,
    otherJob: null,
  } satisfies WorkbenchRow
  switch (operation.action) {
    case 'create':
      return ['create', { ...base, changes: operation.changes }]
    case 'conflict': {
      const ids = new Set(matchedAccounts({ target: context.snapshot }, mapped))
      // Another person holds (or also matches) the account: it is the candidate to confirm.
      if (operation.targetId !== null) ids.add(operation.targetId)
      const candidates = [...ids].flatMap(id => {
        const account = context.snapshot.get(id)
        return account === undefined ? [] : [toAccountView(account)]
      })
      return ['ambiguous', { ...base, candidates }]
    }
    case 'skip':
      return [operation.errorCode === 'ImportSkipped' ? 'no-value' : 'not-provisioned', base]
    default: {
      const account = operation.targetId === null ? undefined : context.snapshot.get(operation.targetId)
      if (account === undefined) return ['not-provisioned', base]
      return ['matched', matchedRow(context, operation, mapped, account, base)]
    }
  }
}

function matchedRow(
  context: RowContext,
  operation: UserOperation,
  mapped: MappedObject,
  account: TargetResource,
  base: WorkbenchRow
): WorkbenchRow {
  const link = context.links.get(mapped.source.id)
  const linkedNow = link !== undefined && link.state !== 'deleted' && link.targetId === account.id
  const warnings = [...(operation.warnings ?? [])]
  const rename = operation.changes.find(change => change.path === 'userName')
  // The planner warns for links it makes now; a link the admin made is not written yet either.
  if (rename !== undefined && !warnings.some(warning => warning.includes('renames'))) {
    warnings.push(
      `The next run renames the account's userName from ${JSON.stringify(rename.from)} to ${JSON.stringify(rename.to)}`
    )
  }
  if (operation.action === 'enable') {
    warnings.push(
      linkedNow ? 'The next run re-enables this disabled account' : 'Linking re-enables this disabled account'
    )
  }
  const otherJob = context.others.get(account.id) ?? null
  if (otherJob !== null) warnings.push(`Job "${otherJob}" also links this account`)
  return {
    ...base,
    account: toAccountView(account),
    matchedOn: linkedNow ? linkedOn(link) : matchedOn(context.snapshot, mapped, account.id),
    changes: operation.changes,
    warnings,
    otherJob,
  }
}

/** The first matching attribute (in precedence order) whose value finds the account, as the planner tries them. */
function matchedOn(snapshot: TargetSnapshot, mapped: MappedObject, accountId: string): string | null {
  for (const key of mapped.matchKeys) {
    if (key.value === null) continue
    if (snapshot.lookup(key.mapping, key.value).some(resource => resource.id === accountId)) {
      return `${key.mapping.target.text} = ${JSON.stringify(key.value)}`
    }
  }
  return null
}

function linkedOn(link: Link): string {
  switch (link.origin) {
    case 'admin':
      return 'linked by the admin'
    case 'created':
      return 'created by this job'
    case 'relinked':
      return `linked (moved from ${link.relinkedFrom ?? 'another id'})`
    default:
      return 'linked by an earlier run'
  }
}

function decisionOf(
  link: Link | undefined,
  decision: 'create' | 'skip' | undefined
): WorkbenchDecision | null {
  if (decision !== undefined) return decision
  return link !== undefined && link.origin === 'admin' && link.state !== 'deleted' ? 'link' : null
}

function accountRow(account: AccountView, otherJob: string | null): WorkbenchRow {
  return {
    key: account.id,
    sourceId: null,
    person: null,
    account,
    action: null,
    matchedOn: null,
    changes: [],
    warnings: [],
    reason: null,
    candidates: [],
    decision: null,
    otherJob,
  }
}

export function toAccountView(account: TargetResource): AccountView {
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : null)
  return {
    id: account.id,
    userName: text(account['userName']),
    displayName: text(account['displayName']),
    active: isActive(account),
  }
}

/** Accounts linked by the other jobs that write to the same SCIM endpoint, with the job's name. */
function otherJobsLinks(db: ReadableDB, job: LoadedJob): Map<string, string> {
  const here = endpoint(targetName(job.config.target))
  const held = new Map<string, string>()
  for (const other of listJobs(db)) {
    if (other.id === job.id) continue
    const target = (other.config as { target?: { baseUrl?: unknown } } | null)?.target
    if (typeof target?.baseUrl !== 'string' || endpoint(target.baseUrl) !== here) continue
    for (const link of loadLinks(db, other.id, 'user').values()) {
      if (link.state !== 'deleted') held.set(link.targetId, other.name)
    }
  }
  return held
}

function endpoint(baseUrl: string): string {
  return baseUrl.trim().replace(/\/+$/, '').toLowerCase()
}
