import { randomUUID } from 'node:crypto'
import type { TargetResource } from '../../connectors/connector'
import type { Link, MatchDecision } from '../../model/link'
import type { LogAction } from '../../model/log-entry'
import { logEntry } from '../apply/log-entries'
import { inTransaction, type ReadableDB, type WritableDB } from '../../store/database'
import {
  clearMatchDecision,
  deleteLink,
  getLinkBySource,
  getLinkByTarget,
  loadLinks,
  loadMatchDecisions,
  setMatchDecision,
  upsertLink,
} from '../../store/links-store'
import { insertLogEntries } from '../../store/logs-store'
import { newRunId } from './run-id'
import { assertNoRunInProgress } from './run-lock'
import { isActive } from '../plan/value-compare'
import { ProvisionerError } from '../../model/errors'

/**
 * The admin's matching decisions: the engine side of `provisioner link`/`unlink` and of the
 * app's matching workbench. A decision changes only the store (never the target), is logged, and
 * is honoured by every later run: link this person to this account, give them a new account, or
 * leave them out. Decisions are refused while a run of the job is in progress.
 */
export type LinkDecision =
  { readonly kind: 'link'; readonly account: TargetResource } | { readonly kind: MatchDecision }

/** A person as the store knows them: their link and the admin's decision (either may be absent). */
export interface LinkStanding {
  readonly sourceId: string
  readonly link: Link | null
  readonly decision: MatchDecision | null
}

/** What a decision changed, for the admin: in words, and where it is logged. */
export interface DecisionChange {
  readonly before: LinkStanding
  /** Another source id that held the account the person is now linked to. */
  readonly displaced: string | null
  readonly description: string
  /** The run id of its log entry (`provisioner logs --run`). */
  readonly logRunId: string
}

/** `unlink` named a person the job has neither a link nor a decision for. */
export class LinkDecisionError extends ProvisionerError {
  public readonly kind = 'link-refused' as const

  public constructor(message: string) {
    super(message)
    this.name = 'LinkDecisionError'
  }
}

interface DecisionContext {
  readonly jobId: string
  readonly sourceId: string
  /** The job file as the admin names it (for the messages). */
  readonly jobFile: string
  readonly now?: Date
}

/** Every user link and decision of a job, by source id (one person's, with `sourceId`). */
export function listLinkStandings(db: ReadableDB, jobId: string, sourceId?: string): LinkStanding[] {
  if (sourceId !== undefined) {
    const standing = standingOf(db, jobId, sourceId)
    return standing.link === null && standing.decision === null ? [] : [standing]
  }
  const links = loadLinks(db, jobId, 'user')
  const decisions = loadMatchDecisions(db, jobId, 'user')
  return [...new Set([...links.keys(), ...decisions.keys()])]
    .sort()
    .map(id => ({ sourceId: id, link: links.get(id) ?? null, decision: decisions.get(id) ?? null }))
}

/** Records the admin's decision for a person, replacing any link or decision they had. */
export function decide(db: WritableDB, context: DecisionContext, decision: LinkDecision): DecisionChange {
  const now = context.now ?? new Date()
  return inTransaction(db, () => {
    assertNoRunInProgress(db, context.jobId, context.jobFile)
    const before = standingOf(db, context.jobId, context.sourceId)
    if (decision.kind === 'link') {
      return linkTo(db, context, before, decision.account, now)
    }
    deleteLink(db, context.jobId, 'user', context.sourceId)
    setMatchDecision(
      db,
      { jobId: context.jobId, objectType: 'user', sourceId: context.sourceId, decision: decision.kind },
      now.getTime()
    )
    const removed = before.link === null ? '' : `; the link to account ${before.link.targetId} was removed`
    const description =
      decision.kind === 'create'
        ? `The admin decided ${context.sourceId} gets a new account${removed}`
        : `The admin decided not to provision ${context.sourceId}${removed}`
    const logRunId = logDecision(db, context, now, 'other', before.link?.targetId ?? null, description)
    return { before, displaced: null, description, logRunId }
  })
}

/** Forgets a person's link and decision: the next run matches them again (or creates an account). */
export function forget(db: WritableDB, context: DecisionContext): DecisionChange {
  const now = context.now ?? new Date()
  return inTransaction(db, () => {
    assertNoRunInProgress(db, context.jobId, context.jobFile)
    const before = standingOf(db, context.jobId, context.sourceId)
    if (before.link === null && before.decision === null) {
      throw new LinkDecisionError(`${context.sourceId} has no link and no decision in this job`)
    }
    deleteLink(db, context.jobId, 'user', context.sourceId)
    clearMatchDecision(db, context.jobId, 'user', context.sourceId)
    const parts = [
      ...(before.link === null ? [] : [`the link to account ${before.link.targetId} was removed`]),
      ...(before.decision === null ? [] : [`the decision "${before.decision}" was withdrawn`]),
    ]
    const description = `Unlinked by the admin: ${parts.join(', ')}`
    const logRunId = logDecision(db, context, now, 'other', before.link?.targetId ?? null, description)
    return { before, displaced: null, description, logRunId }
  })
}

function linkTo(
  db: WritableDB,
  context: DecisionContext,
  before: LinkStanding,
  account: TargetResource,
  now: Date
): DecisionChange {
  const holder = getLinkByTarget(db, context.jobId, 'user', account.id)
  const displaced = holder !== null && holder.sourceId !== context.sourceId ? holder.sourceId : null
  clearMatchDecision(db, context.jobId, 'user', context.sourceId)
  // The account is then managed like one this job made: the next run brings it to the mapped
  // values, and enables it if it is disabled while the person is active.
  upsertLink(
    db,
    {
      jobId: context.jobId,
      objectType: 'user',
      sourceId: context.sourceId,
      targetId: account.id,
      state: isActive(account) ? 'active' : 'disabled',
      exportedHash: null,
      display: accountName(account),
      origin: 'admin',
      relinkedFrom: displaced,
    },
    now.getTime()
  )
  const previous = before.link !== null && before.link.targetId !== account.id ? before.link.targetId : null
  const description = [
    `Linked by the admin to account ${account.id} (${accountName(account)})`,
    ...(displaced === null ? [] : [`the account was linked to ${displaced}`]),
    ...(previous === null ? [] : [`${context.sourceId} was linked to account ${previous}`]),
  ].join('; ')
  const logRunId = logDecision(db, context, now, 'link', account.id, description)
  return { before, displaced, description, logRunId }
}

function standingOf(db: ReadableDB, jobId: string, sourceId: string): LinkStanding {
  return {
    sourceId,
    link: getLinkBySource(db, jobId, 'user', sourceId),
    decision: loadMatchDecisions(db, jobId, 'user').get(sourceId) ?? null,
  }
}

function accountName(account: TargetResource): string {
  const name = account['userName'] ?? account['displayName']
  return typeof name === 'string' ? name : account.id
}

/** One log entry per decision, under its own id (decisions belong to no run). */
function logDecision(
  db: WritableDB,
  context: DecisionContext,
  now: Date,
  action: LogAction,
  targetId: string | null,
  description: string
): string {
  const runId = newRunId(now)
  const entry = logEntry({
    time: now,
    jobId: context.jobId,
    runId,
    changeId: randomUUID(),
    objectType: 'user',
    action,
    status: 'success',
    sourceId: context.sourceId,
    sourceDisplay: context.sourceId,
    targetId,
    targetDisplay: null,
    steps: [{ type: 'processing', status: 'success', description }],
    reason: description,
    errorCode: null,
    durationMs: null,
  })
  insertLogEntries(db, [entry])
  return runId
}
