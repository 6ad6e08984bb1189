import type { RequestMeter, TargetConnector, TargetResource } from '../../connectors/connector'
import {
  backoffDelay,
  classifyFailure,
  isRetryableFailure,
  type RetryPolicy,
} from '../../connectors/scim/retry-policy'
import { httpStatusOf, isConflict } from '../../connectors/scim/scim-failures'
import type { ApplyFailure } from '../../model/failure'
import type { JournalIntent } from '../../model/journal'
import type { Link, LinkState, LinkWrite } from '../../model/link'
import type { LogStatus } from '../../model/log-entry'
import type { PlannedChange, UserAction } from '../../model/plan'
import { emptyRunSummary, type RunSummary } from '../../model/run'
import { attributeDiff } from '../plan/attribute-diff'
import { accountOwners } from '../plan/links'
import type { LinkMade, UserOperation } from '../plan/plan-users'
import { referenceChange } from '../plan/reference-attributes'
import { countUserAction, isWrite, mutableUserCounts, type UserCounts } from '../plan/summary'
import { buildPatchOperations } from '../plan/target-requests'
import { referenceFollowUp, waitsForCreates, withCreatedReferences } from './apply-references'
import { decisionFailure, describeFailure, failureRecord, isFailedDecision } from './failure-info'
import { logActionOf, operationLogEntry } from './log-entries'
import type { EscrowChange, RunRecorder } from './run-recorder'
import { runWorkers } from './workers'

export interface ApplyOptions {
  readonly jobId: string
  readonly runId: string
  readonly target: TargetConnector
  readonly recorder: RunRecorder
  readonly concurrency: number
  /** Links as loaded for planning, by target id: a 409 must never link someone else's account. */
  readonly linksByTarget: ReadonlyMap<string, Link>
  /** Write a log entry for objects that needed no change. */
  readonly logUnchanged: boolean
  /** Writes done and to do, and the failures so far, after each write. */
  readonly onProgress?: (done: number, total: number, failures: number) => void
  /**
   * Cancels the apply: no new write starts; those in flight finish and are journalled, and
   * intents journalled ahead for writes never sent are taken back.
   */
  readonly signal?: AbortSignal
  /** Backoff for re-trying a create whose outcome was unknown (after checking it did not happen). */
  readonly retry: RetryPolicy
  readonly sleep: (ms: number) => Promise<void>
  /** Failed attempts in earlier runs (escrow), for the log's attempt count. */
  readonly escrowAttempts: (sourceId: string) => number
}

export interface ApplyResult {
  /** What was done (successful operations), in the plan summary shape. */
  readonly summary: RunSummary
  readonly failures: ReadonlyArray<ApplyFailure>
}

/** How many intents are committed together ahead of their requests. */
const INTENT_BATCH = 64

/**
 * Performs a plan against the target with bounded concurrency.
 *
 * Each write is journaled before it is sent and its outcome after; every object gets one log
 * entry; an account is never created for a person who already has one (a 409 on create is
 * resolved by finding and linking the existing account, if no one else owns it).
 */
export async function applyUserPlan(
  operations: ReadonlyArray<UserOperation>,
  options: ApplyOptions
): Promise<ApplyResult> {
  const apply = new UserApply(options)
  const writes: UserOperation[] = []
  for (const operation of operations) {
    // Writes that refer to accounts this run creates (a new manager) go once those exist.
    if (waitsForCreates(operation)) apply.waiting.push(operation)
    else if (isWrite(operation)) writes.push(operation)
    else finishLocal(operation, apply)
  }
  apply.writes = writes.length
  await performAll(writes, apply)
  // A cancelled run sends no follow-up either; the next run plans what is left.
  if (options.signal?.aborted !== true) await performAll(resolveWaiting(apply), apply)
  options.recorder.flush()
  return { summary: { ...emptyRunSummary(), users: apply.counts }, failures: apply.failures }
}

/** What applying one user plan keeps track of while its writes run. */
class UserApply {
  public readonly counts: UserCounts = mutableUserCounts()
  public readonly failures: ApplyFailure[] = []
  /** Account id → the source id holding it (linked before, or claimed by this run). */
  public readonly claimed: Map<string, string>
  /** Accounts created by this run, by source id. */
  public readonly created = new Map<string, string>()
  /** Writes waiting for accounts this run creates. */
  public readonly waiting: UserOperation[] = []
  /** Writes known from the start (those waiting for creates are counted as they come). */
  public writes = 0
  private done = 0

  public constructor(public readonly options: ApplyOptions) {
    this.claimed = accountOwners(options.linksByTarget)
  }

  /** Failed attempts of the person in earlier runs. */
  public earlierAttempts(operation: UserOperation): number {
    return operation.sourceId === null ? 0 : this.options.escrowAttempts(operation.sourceId)
  }

  public progressed(): void {
    this.done++
    this.options.onProgress?.(this.done, this.writes + this.waiting.length, this.failures.length)
  }

  /** Counts what was done; a follow-up that sets a new account's references was counted with its create. */
  public count(operation: UserOperation, action: UserAction = operation.action): void {
    if (operation.completes === undefined) countUserAction(this.counts, action)
  }
}

/** The waiting writes, with the accounts created by this run filled in; those with nothing left to send finish here. */
function resolveWaiting(apply: UserApply): UserOperation[] {
  const resolved: UserOperation[] = []
  for (const waiting of apply.waiting) {
    const operation = withCreatedReferences(waiting, sourceId => apply.created.get(sourceId))
    if (operation.execution.kind === 'patch') resolved.push(operation)
    else finishLocal(operation, apply)
  }
  return resolved
}

/** Sends `list` with bounded concurrency, journaling intents a batch ahead of their requests. */
async function performAll(list: ReadonlyArray<UserOperation>, apply: UserApply): Promise<void> {
  const ready: Array<{ operation: UserOperation; journalId: number }> = []
  let next = 0
  const signal = apply.options.signal
  const take = (): { operation: UserOperation; journalId: number } | undefined => {
    if (signal?.aborted === true) return undefined
    if (ready.length === 0 && next < list.length) {
      const batch = list.slice(next, next + INTENT_BATCH)
      next += batch.length
      const ids = apply.options.recorder.recordIntents(
        batch.map(operation => intentFor(operation, apply.options))
      )
      batch.forEach((operation, index) => ready.push({ operation, journalId: ids[index] as number }))
    }
    return ready.shift()
  }
  await runWorkers(apply.options.concurrency, list.length, async () => {
    for (let item = take(); item !== undefined; item = take()) {
      await perform(item.operation, item.journalId, apply)
      apply.progressed()
    }
  })
  // Cancelled: the intents journalled ahead were never sent; they must not look interrupted.
  if (ready.length > 0) apply.options.recorder.discardIntents(ready.map(item => item.journalId))
}

/** Operations that need no request: log them and write any link change. */
function finishLocal(operation: UserOperation, apply: UserApply): void {
  const { options } = apply
  apply.count(operation)
  const failed = isFailedDecision(operation)
  if (failed) apply.failures.push(decisionFailure(operation))
  const execution = operation.execution
  const warned = (operation.warnings?.length ?? 0) > 0
  const status: LogStatus = failed
    ? 'failure'
    : warned
      ? 'warning'
      : operation.action === 'link'
        ? 'success'
        : 'skipped'
  const quiet = operation.action === 'unchanged' && !options.logUnchanged && !warned
  options.recorder.complete({
    link:
      execution.kind === 'link' && operation.targetId !== null
        ? linkWrite(operation, options.jobId, {
            targetId: operation.targetId,
            state: execution.linkState,
            exportedHash: execution.exportedHash,
            made: execution.made,
          })
        : undefined,
    unlink:
      execution.kind === 'unlink' && operation.sourceId !== null
        ? { jobId: options.jobId, objectType: 'user', sourceId: operation.sourceId }
        : undefined,
    log: quiet
      ? undefined
      : operationLogEntry(operation, options, {
          action: logActionOf(operation, 'local'),
          status,
          targetId: operation.targetId,
          durationMs: 0,
        }),
    // An escrowed person who needs no request any more (linked to the account the failed create
    // made, changed by someone else, out of scope, gone) has nothing left to retry; only a write
    // held back because it is escrowed stays escrowed.
    escrow:
      operation.errorCode !== 'Escrowed' && apply.earlierAttempts(operation) > 0
        ? escrowClear(operation, options.jobId)
        : undefined,
  })
}

/** A write that went through: the account, what it did, and the link it leaves. */
interface Written {
  readonly targetId: string
  readonly action: UserAction
  readonly changes: ReadonlyArray<PlannedChange>
  /** The export step of the log. */
  readonly description: string
  readonly result: { readonly status: 'created' | 'adopted' | 'patched' | 'deleted' }
  readonly link: LinkWrite | undefined
}

async function perform(operation: UserOperation, journalId: number, apply: UserApply): Promise<void> {
  const { options } = apply
  const started = performance.now()
  const meter: RequestMeter = { attempts: 0 }
  const earlier = apply.earlierAttempts(operation)
  try {
    const written = await write(operation, apply, meter)
    options.recorder.complete({
      journalId,
      outcome: { state: 'succeeded', targetId: written.targetId, result: written.result },
      link: written.link,
      log: operationLogEntry(operation, options, {
        action: logActionOf({ action: written.action, errorCode: operation.errorCode }, 'sent'),
        status: succeeded(operation),
        targetId: written.targetId,
        changes: written.changes,
        durationMs: performance.now() - started,
        exportStep: { type: 'export', status: 'success', description: written.description },
        attempts: earlier + meter.attempts,
      }),
      escrow: earlier > 0 ? escrowClear(operation, options.jobId) : undefined,
    })
    apply.count(operation, written.action)
  } catch (error) {
    const failure = describeFailure(error)
    apply.failures.push(failureRecord(operation, operation.targetId, failure))
    options.recorder.complete({
      journalId,
      outcome: {
        state: 'failed',
        targetId: operation.targetId,
        result: { code: failure.code, status: failure.httpStatus, message: failure.message },
      },
      log: operationLogEntry(operation, options, {
        action: logActionOf(operation, 'failed'),
        status: 'failure',
        targetId: operation.targetId,
        durationMs: performance.now() - started,
        exportStep: { type: 'export', status: 'failure', description: failure.message },
        failure,
        attempts: earlier + meter.attempts,
      }),
      // A failure that may clear up (throttling, outage) is retried on the next runs (§F escrow).
      escrow:
        isRetryableFailure(error) && operation.sourceId !== null
          ? {
              kind: 'failure',
              jobId: options.jobId,
              objectType: 'user',
              sourceId: operation.sourceId,
              action: operation.action,
              errorCode: failure.code,
              message: failure.message,
            }
          : undefined,
    })
  }
}

/** Sends one write. */
async function write(operation: UserOperation, apply: UserApply, meter: RequestMeter): Promise<Written> {
  const { target, jobId } = apply.options
  const execution = operation.execution
  const targetId = operation.targetId as string
  switch (execution.kind) {
    case 'create':
      return create(operation, execution, apply, meter)
    case 'patch':
      await target.update('user', targetId, execution.operations, meter)
      return {
        targetId,
        action: operation.action,
        changes: operation.changes,
        description: `Sent ${execution.operations.length} PATCH operation(s)`,
        result: { status: 'patched' },
        link: linkWrite(operation, jobId, {
          targetId,
          state: execution.linkState,
          exportedHash: execution.exportedHash,
          made: execution.made,
        }),
      }
    case 'delete':
      await target.delete('user', targetId, meter)
      return {
        targetId,
        action: operation.action,
        changes: operation.changes,
        description: 'Deleted the account',
        result: { status: 'deleted' },
        link: linkWrite(operation, jobId, { targetId, state: 'deleted', exportedHash: null }),
      }
    default:
      throw new Error(`Operation ${operation.changeId} sends no request (${execution.kind})`)
  }
}

type CreateExecution = Extract<UserOperation['execution'], { kind: 'create' }>

/** Creates the account, or links the one that existed; writes waiting for it may now go. */
async function create(
  operation: UserOperation,
  execution: CreateExecution,
  apply: UserApply,
  meter: RequestMeter
): Promise<Written> {
  const outcome = await createOrAdopt(operation, execution, apply, meter)
  const targetId = outcome.resource.id
  apply.claimed.set(targetId, operation.sourceId ?? '')
  if (operation.sourceId !== null) apply.created.set(operation.sourceId, targetId)
  const followUp = referenceFollowUp(operation, targetId)
  if (followUp !== null) apply.waiting.push(followUp)
  const updated = outcome.changes.length > 0 ? ` and updated ${outcome.changes.length} attribute(s)` : ''
  return {
    targetId,
    action: outcome.adopted ? 'link' : 'create',
    changes: outcome.adopted ? outcome.changes : operation.changes,
    description: outcome.adopted
      ? `Linked account ${targetId} because ${outcome.adoptedBecause ?? 'it already existed'}${updated}`
      : `Created account ${targetId}`,
    result: { status: outcome.adopted ? 'adopted' : 'created' },
    link: linkWrite(operation, apply.options.jobId, {
      targetId,
      state: 'active',
      exportedHash: execution.exportedHash,
      made: { origin: outcome.adopted ? 'matched' : 'created', relinkedFrom: null },
    }),
  }
}

interface CreateOutcome {
  readonly resource: TargetResource
  readonly adopted: boolean
  /** Why an existing account was linked instead: the create's answer. */
  readonly adoptedBecause?: string
  readonly changes: ReadonlyArray<PlannedChange>
}

/** POST the account; on 409, find the existing one by the matching attributes and link it instead. */
async function createOrAdopt(
  operation: UserOperation,
  execution: CreateExecution,
  apply: UserApply,
  meter: RequestMeter
): Promise<CreateOutcome> {
  const { target, retry, sleep } = apply.options
  for (let attempt = 1; ; attempt++) {
    try {
      return { resource: await target.create('user', execution.body, meter), adopted: false, changes: [] }
    } catch (error) {
      const conflict = isConflict(error)
      if (!conflict && classifyFailure(error) !== 'transient') {
        throw error
      }
      // 409: the account exists already. A 5xx, reset or timeout: the POST may have created it.
      // Either way, look it up by the matching attributes before anything else.
      const existing = await findExisting(operation, execution, apply, { meter, cause: error })
      if (existing !== null) {
        const because = conflict
          ? 'the create was refused with 409 Conflict: the account already existed'
          : `the create's outcome was unknown (${error instanceof Error ? error.message : String(error)}) and the account exists`
        return { ...(await adopt(existing, execution, apply.options.target, meter)), adoptedBecause: because }
      }
      if (conflict) {
        throw new CreateConflictError(
          error,
          'no existing account was found by the matching attributes to link instead'
        )
      }
      if (attempt >= retry.maxAttempts) {
        throw error
      }
      await sleep(backoffDelay(attempt, retry))
    }
  }
}

/** The one account the matching attributes find, if it is free to link; null when none. */
async function findExisting(
  operation: UserOperation,
  execution: CreateExecution,
  apply: UserApply,
  lookup: { readonly meter: RequestMeter; readonly cause: unknown }
): Promise<TargetResource | null> {
  const { cause } = lookup
  for (const key of execution.matchKeys) {
    if (key.value === null) continue
    const found = await apply.options.target.find('user', key.mapping.target, key.value, lookup.meter)
    if (found.length === 0) continue
    if (found.length > 1) {
      throw new CreateConflictError(
        cause,
        `${found.length} accounts match ${key.mapping.target.text}, none was linked`
      )
    }
    const existing = found[0] as TargetResource
    if (execution.rejectedAccounts?.includes(existing.id) === true) {
      throw new CreateConflictError(
        cause,
        `the matching account ${existing.id} is the one the admin decided this person must not be linked to`
      )
    }
    const owner = apply.claimed.get(existing.id)
    if (owner !== undefined && owner !== operation.sourceId) {
      throw new CreateConflictError(
        cause,
        `the existing account ${existing.id} belongs to source object ${owner}`
      )
    }
    return existing
  }
  return null
}

/** Links an account that already existed, bringing its attributes to the mapped values. */
async function adopt(
  existing: TargetResource,
  { attributes, references }: Pick<CreateExecution, 'attributes' | 'references'>,
  target: TargetConnector,
  meter: RequestMeter
): Promise<CreateOutcome> {
  const diff = attributeDiff(existing, attributes)
  const operations = buildPatchOperations(existing, diff.changes)
  const shown = [...diff.shown]
  // References to accounts known now; those to accounts this run creates follow (referenceFollowUp).
  for (const write of references ?? []) {
    const change = write.targetId === null ? null : referenceChange(null, existing, write.path, write)
    if (change === null || change.operation === null) continue
    operations.push(change.operation)
    shown.push(change.shown)
  }
  if (operations.length > 0) {
    await target.update('user', existing.id, operations, meter)
  }
  return { resource: existing, adopted: true, changes: shown }
}

/** A create that could not go ahead and could not safely link an existing account instead. */
export class CreateConflictError extends Error {
  public readonly code = 'EntryConflict'
  public readonly httpStatus: number | null

  public constructor(cause: unknown, problem: string) {
    super(`${cause instanceof Error ? cause.message : String(cause)}; ${problem}`)
    this.name = 'CreateConflictError'
    this.httpStatus = httpStatusOf(cause)
  }
}

function escrowClear(operation: UserOperation, jobId: string): EscrowChange | undefined {
  return operation.sourceId === null
    ? undefined
    : { kind: 'clear', jobId, objectType: 'user', sourceId: operation.sourceId }
}

/** The link a write leaves; `made` says how a new link was made (absent: a state or hash refresh). */
function linkWrite(
  operation: UserOperation,
  jobId: string,
  link: {
    readonly targetId: string
    readonly state: LinkState
    readonly exportedHash: string | null
    readonly made?: LinkMade
  }
): LinkWrite | undefined {
  if (operation.sourceId === null) return undefined
  return {
    jobId,
    objectType: 'user',
    sourceId: operation.sourceId,
    targetId: link.targetId,
    state: link.state,
    exportedHash: link.exportedHash,
    display: operation.display,
    ...(link.made === undefined ? {} : { origin: link.made.origin, relinkedFrom: link.made.relinkedFrom }),
  }
}

/** A write that went through: a warning when the plan had one for the admin (a re-created account). */
function succeeded(operation: UserOperation): LogStatus {
  return operation.warnings !== undefined && operation.warnings.length > 0 ? 'warning' : 'success'
}

function intentFor(operation: UserOperation, options: ApplyOptions): JournalIntent {
  const execution = operation.execution
  const request =
    execution.kind === 'create'
      ? 'POST /Users'
      : execution.kind === 'delete'
        ? `DELETE /Users/${operation.targetId}`
        : `PATCH /Users/${operation.targetId}`
  return {
    runId: options.runId,
    jobId: options.jobId,
    changeId: operation.changeId,
    objectType: 'user',
    sourceId: operation.sourceId,
    targetId: operation.targetId,
    operation: operation.action,
    intent: { request, changes: operation.changes },
    before: execution.kind === 'patch' || execution.kind === 'delete' ? execution.before : null,
  }
}
