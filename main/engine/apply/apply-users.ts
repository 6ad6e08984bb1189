import type { JournalIntent } from '../../model/journal'
import type { LinkWrite } from '../../model/link'
import type { RequestMeter, TargetConnector, TargetResource } from '../../connectors/connector'
import {
  backoffDelay,
  classifyFailure,
  isRetryableFailure,
  type RetryPolicy,
} from '../../connectors/scim/retry-policy'
import { httpStatusOf, isConflict } from '../../connectors/scim/scim-failures'
import type { ApplyFailure, FailureInfo } from '../../model/failure'
import { describeFailure, failureRecord, isFailedDecision } from './failure-info'
import { getPathValue } from '../../mapping/scim-path'
import type { Link } from '../../model/link'
import { REDACTED } from '../../model/plan'
import type { LogStatus, NewLogEntry, ProvisioningStep } from '../../model/log-entry'
import { emptyRunSummary, type RunSummary, type UserSummary } from '../../model/run'
import type { MatchKey } from '../plan/map-object'
import type { LinkMade, UserOperation } from '../plan/plan-users'
import { referenceFollowUp, waitsForCreates, withCreatedReferences } from './apply-references'
import { referenceChange } from '../plan/reference-attributes'
import type { EscrowChange, RunRecorder } from './run-recorder'
import { buildPatchOperations, type AttributeChange } from '../plan/target-requests'
import { valuesEqual } from '../plan/value-compare'

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
  readonly onProgress?: (done: number, total: number) => void
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
  const counts = { ...emptyRunSummary().users } as { -readonly [K in keyof UserSummary]: number }
  const failures: ApplyFailure[] = []
  const claimed = new Map<string, string>()
  for (const [targetId, link] of options.linksByTarget) claimed.set(targetId, link.sourceId)

  const writes: UserOperation[] = []
  // Writes that refer to accounts this run creates (a new manager) go once those exist.
  const afterCreates: AfterCreates = { waiting: [], created: new Map() }
  for (const operation of operations) {
    const kind = operation.execution.kind
    if (waitsForCreates(operation)) {
      afterCreates.waiting.push(operation)
    } else if (kind === 'create' || kind === 'patch' || kind === 'delete') {
      writes.push(operation)
    } else {
      finishLocal(operation, options, counts, failures)
    }
  }

  let done = 0
  const total = () => writes.length + afterCreates.waiting.length
  const performAll = async (list: ReadonlyArray<UserOperation>): Promise<void> => {
    const ready: Array<{ operation: UserOperation; journalId: number }> = []
    let nextWrite = 0
    const take = (): { operation: UserOperation; journalId: number } | undefined => {
      if (ready.length === 0 && nextWrite < list.length) {
        const batch = list.slice(nextWrite, nextWrite + INTENT_BATCH)
        nextWrite += batch.length
        const ids = options.recorder.recordIntents(batch.map(operation => intentFor(operation, options)))
        batch.forEach((operation, index) => ready.push({ operation, journalId: ids[index] as number }))
      }
      return ready.shift()
    }
    const worker = async (): Promise<void> => {
      for (let item = take(); item !== undefined; item = take()) {
        await perform(item.operation, item.journalId, options, counts, failures, claimed, afterCreates)
        done++
        options.onProgress?.(done, total())
      }
    }
    await Promise.all(
      Array.from({ length: Math.max(1, Math.min(options.concurrency, list.length)) }, () => worker())
    )
  }
  await performAll(writes)
  const resolved: UserOperation[] = []
  for (const waiting of afterCreates.waiting) {
    const operation = withCreatedReferences(waiting, sourceId => afterCreates.created.get(sourceId))
    if (operation.execution.kind === 'patch') resolved.push(operation)
    else finishLocal(operation, options, counts, failures)
  }
  await performAll(resolved)
  options.recorder.flush()
  return { summary: { ...emptyRunSummary(), users: counts }, failures }
}

type Counts = { -readonly [K in keyof UserSummary]: number }

/** Accounts created by this run (by source id), and the writes that wait for them. */
interface AfterCreates {
  readonly created: Map<string, string>
  readonly waiting: UserOperation[]
}

/** Counts what was done; a follow-up that sets a new account's references was counted with its create. */
function countAction(counts: Counts, operation: UserOperation, action = operation.action): void {
  if (operation.completes !== undefined) return
  switch (action) {
    case 'skip':
      counts.skipped++
      return
    default:
      counts[action]++
  }
}

/** Operations that need no request: log them and write any link change. */
function finishLocal(
  operation: UserOperation,
  options: ApplyOptions,
  counts: Counts,
  failures: ApplyFailure[]
): void {
  countAction(counts, operation)
  const failed = isFailedDecision(operation)
  if (failed) {
    failures.push({
      changeId: operation.changeId,
      sourceId: operation.sourceId,
      targetId: operation.targetId,
      display: operation.display,
      action: operation.refusedAction ?? operation.action,
      errorCode: operation.errorCode ?? 'Conflict',
      httpStatus: null,
      message: operation.reason ?? 'Not provisioned',
    })
  }
  const execution = operation.execution
  const link: LinkWrite | undefined =
    execution.kind === 'link' && operation.sourceId !== null && operation.targetId !== null
      ? {
          jobId: options.jobId,
          objectType: 'user',
          sourceId: operation.sourceId,
          targetId: operation.targetId,
          state: execution.linkState,
          exportedHash: execution.exportedHash,
          display: operation.display,
          ...linkMade(execution.made),
        }
      : undefined
  const unlink =
    execution.kind === 'unlink' && operation.sourceId !== null
      ? { jobId: options.jobId, objectType: 'user' as const, sourceId: operation.sourceId }
      : undefined
  const warned = (operation.warnings?.length ?? 0) > 0
  const status: LogStatus = failed
    ? 'failure'
    : warned
      ? 'warning'
      : operation.action === 'link'
        ? 'success'
        : 'skipped'
  const log =
    operation.action === 'unchanged' && !options.logUnchanged && !warned
      ? undefined
      : logEntry(operation, options, {
          action:
            operation.errorCode === 'StagedDelete'
              ? 'stagedDelete'
              : operation.action === 'link'
                ? 'link'
                : operation.action === 'conflict'
                  ? 'other'
                  : 'skip',
          status,
          targetId: operation.targetId,
          durationMs: 0,
        })
  // An escrowed person who needs no request any more (linked to the account the failed create
  // made, changed by someone else, out of scope, gone) has nothing left to retry; only a write
  // held back because it is escrowed stays escrowed.
  const settled = operation.errorCode !== 'Escrowed'
  const escrow =
    settled && operation.sourceId !== null && options.escrowAttempts(operation.sourceId) > 0
      ? escrowClear(operation, options)
      : undefined
  options.recorder.complete({ link, unlink, log, escrow })
}

async function perform(
  operation: UserOperation,
  journalId: number,
  options: ApplyOptions,
  counts: Counts,
  failures: ApplyFailure[],
  claimed: Map<string, string>,
  afterCreates: AfterCreates
): Promise<void> {
  const started = performance.now()
  const execution = operation.execution
  const meter: RequestMeter = { attempts: 0 }
  const earlier = operation.sourceId === null ? 0 : options.escrowAttempts(operation.sourceId)
  try {
    let targetId = operation.targetId
    let action = operation.action
    let changes = operation.changes
    let exportStep: ProvisioningStep
    if (execution.kind === 'create') {
      const outcome = await createOrAdopt(operation, execution, options, claimed, meter)
      targetId = outcome.resource.id
      action = outcome.adopted ? 'link' : 'create'
      changes = outcome.adopted ? outcome.changes : changes
      exportStep = {
        type: 'export',
        status: 'success',
        description: outcome.adopted
          ? `Linked account ${targetId} because ${outcome.adoptedBecause ?? 'it already existed'}${outcome.changes.length > 0 ? ` and updated ${outcome.changes.length} attribute(s)` : ''}`
          : `Created account ${targetId}`,
      }
      claimed.set(targetId, operation.sourceId ?? '')
      if (operation.sourceId !== null) afterCreates.created.set(operation.sourceId, targetId)
      const followUp = referenceFollowUp(operation, targetId)
      if (followUp !== null) afterCreates.waiting.push(followUp)
      options.recorder.complete({
        journalId,
        outcome: {
          state: 'succeeded',
          targetId,
          result: { status: outcome.adopted ? 'adopted' : 'created' },
        },
        link: linkWrite(operation, options, targetId, 'active', execution.exportedHash, {
          origin: outcome.adopted ? 'matched' : 'created',
          relinkedFrom: null,
        }),
        log: logEntry({ ...operation, changes }, options, {
          action: outcome.adopted ? 'link' : 'create',
          status: succeeded(operation),
          targetId,
          durationMs: performance.now() - started,
          extraStep: exportStep,
          attempts: earlier + meter.attempts,
        }),
        escrow: earlier > 0 ? escrowClear(operation, options) : undefined,
      })
    } else if (execution.kind === 'patch') {
      await options.target.update('user', targetId as string, execution.operations, meter)
      options.recorder.complete({
        journalId,
        outcome: { state: 'succeeded', targetId, result: { status: 'patched' } },
        link: linkWrite(
          operation,
          options,
          targetId as string,
          execution.linkState,
          execution.exportedHash,
          execution.made
        ),
        log: logEntry(operation, options, {
          action:
            action === 'link' ? 'link' : action === 'enable' || action === 'disable' ? action : 'update',
          status: succeeded(operation),
          targetId,
          durationMs: performance.now() - started,
          extraStep: {
            type: 'export',
            status: 'success',
            description: `Sent ${execution.operations.length} PATCH operation(s)`,
          },
          attempts: earlier + meter.attempts,
        }),
        escrow: earlier > 0 ? escrowClear(operation, options) : undefined,
      })
    } else if (execution.kind === 'delete') {
      await options.target.delete('user', targetId as string, meter)
      options.recorder.complete({
        journalId,
        outcome: { state: 'succeeded', targetId, result: { status: 'deleted' } },
        link: linkWrite(operation, options, targetId as string, 'deleted', null),
        log: logEntry(operation, options, {
          action: 'delete',
          status: 'success',
          targetId,
          durationMs: performance.now() - started,
          extraStep: { type: 'export', status: 'success', description: 'Deleted the account' },
          attempts: earlier + meter.attempts,
        }),
        escrow: earlier > 0 ? escrowClear(operation, options) : undefined,
      })
    }
    countAction(counts, operation, action)
  } catch (error) {
    const failure = describeFailure(error)
    failures.push(failureRecord(operation, operation.targetId, failure))
    options.recorder.complete({
      journalId,
      outcome: {
        state: 'failed',
        targetId: operation.targetId,
        result: { code: failure.code, status: failure.httpStatus, message: failure.message },
      },
      log: logEntry(operation, options, {
        action:
          operation.action === 'create'
            ? 'create'
            : operation.action === 'delete'
              ? 'delete'
              : operation.action === 'enable' || operation.action === 'disable'
                ? operation.action
                : 'update',
        status: 'failure',
        targetId: operation.targetId,
        durationMs: performance.now() - started,
        extraStep: { type: 'export', status: 'failure', description: failure.message },
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

type CreateExecution = Extract<UserOperation['execution'], { kind: 'create' }>

interface CreateOutcome {
  readonly resource: TargetResource
  readonly adopted: boolean
  /** Why an existing account was linked instead: the create's answer. */
  readonly adoptedBecause?: string
  readonly changes: UserOperation['changes']
}

/** POST the account; on 409, find the existing one by the matching attributes and link it instead. */
async function createOrAdopt(
  operation: UserOperation,
  execution: CreateExecution,
  options: ApplyOptions,
  claimed: ReadonlyMap<string, string>,
  meter: RequestMeter
): Promise<CreateOutcome> {
  for (let attempt = 1; ; attempt++) {
    try {
      return {
        resource: await options.target.create('user', execution.body, meter),
        adopted: false,
        changes: [],
      }
    } catch (error) {
      const conflict = isConflict(error)
      if (!conflict && classifyFailure(error) !== 'transient') {
        throw error
      }
      // 409: the account exists already. A 5xx, reset or timeout: the POST may have created it.
      // Either way, look it up by the matching attributes before anything else.
      const existing = await findExisting(
        operation,
        execution.matchKeys,
        options,
        claimed,
        meter,
        error,
        execution.rejectedAccounts
      )
      if (existing !== null) {
        const because = conflict
          ? 'the create was refused with 409 Conflict: the account already existed'
          : `the create's outcome was unknown (${error instanceof Error ? error.message : String(error)}) and the account exists`
        return { ...(await adopt(existing, execution, options, meter)), adoptedBecause: because }
      }
      if (conflict) {
        throw new CreateConflictError(
          error,
          'no existing account was found by the matching attributes to link instead'
        )
      }
      if (attempt >= options.retry.maxAttempts) {
        throw error
      }
      await options.sleep(backoffDelay(attempt, options.retry))
    }
  }
}

/** The one account the matching attributes find, if it is free to link; null when none. */
async function findExisting(
  operation: UserOperation,
  matchKeys: ReadonlyArray<MatchKey>,
  options: ApplyOptions,
  claimed: ReadonlyMap<string, string>,
  meter: RequestMeter,
  cause: unknown,
  rejected: ReadonlyArray<string> | undefined
): Promise<TargetResource | null> {
  for (const key of matchKeys) {
    if (key.value === null) continue
    const found = await options.target.find('user', key.mapping.target, key.value, meter)
    if (found.length === 0) continue
    if (found.length > 1) {
      throw new CreateConflictError(
        cause,
        `${found.length} accounts match ${key.mapping.target.text}, none was linked`
      )
    }
    const existing = found[0] as TargetResource
    if (rejected?.includes(existing.id) === true) {
      throw new CreateConflictError(
        cause,
        `the matching account ${existing.id} is the one the admin decided this person must not be linked to`
      )
    }
    const owner = claimed.get(existing.id)
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
  options: ApplyOptions,
  meter: RequestMeter
): Promise<CreateOutcome> {
  const changes: AttributeChange[] = []
  const shown: Array<{ path: string; from: unknown; to: unknown }> = []
  for (const attribute of attributes) {
    if (attribute.mapping.apply === 'on-create' || attribute.fromDefault) continue
    const current = getPathValue(existing, attribute.mapping.target)
    if (valuesEqual(current, attribute.value, attribute.mapping.caseExact)) continue
    changes.push({ path: attribute.mapping.target, value: attribute.value })
    shown.push({
      path: attribute.mapping.target.text,
      from: attribute.redacted ? REDACTED : (current ?? null),
      to: attribute.redacted ? REDACTED : attribute.value,
    })
  }
  const operations = buildPatchOperations(existing, changes)
  // References to accounts known now; those to accounts this run creates follow (referenceFollowUp).
  for (const write of references ?? []) {
    const change = write.targetId === null ? null : referenceChange(null, existing, write.path, write)
    if (change === null || change.operation === null) continue
    operations.push(change.operation)
    shown.push(change.shown)
  }
  if (operations.length > 0) {
    await options.target.update('user', existing.id, operations, meter)
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

function escrowClear(operation: UserOperation, options: ApplyOptions): EscrowChange | undefined {
  return operation.sourceId === null
    ? undefined
    : { kind: 'clear', jobId: options.jobId, objectType: 'user', sourceId: operation.sourceId }
}

function linkWrite(
  operation: UserOperation,
  options: ApplyOptions,
  targetId: string,
  state: LinkWrite['state'],
  exportedHash: string | null,
  made?: LinkMade
): LinkWrite | undefined {
  if (operation.sourceId === null) return undefined
  return {
    jobId: options.jobId,
    objectType: 'user',
    sourceId: operation.sourceId,
    targetId,
    state,
    exportedHash,
    display: operation.display,
    ...linkMade(made),
  }
}

function linkMade(made: LinkMade | undefined): Pick<LinkWrite, 'origin' | 'relinkedFrom'> {
  return made === undefined ? {} : { origin: made.origin, relinkedFrom: made.relinkedFrom }
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

function logEntry(
  operation: Pick<
    UserOperation,
    'changeId' | 'sourceId' | 'display' | 'steps' | 'changes' | 'reason' | 'errorCode' | 'warnings'
  >,
  options: ApplyOptions,
  fields: {
    readonly action: NewLogEntry['action']
    readonly status: LogStatus
    readonly targetId: string | null
    readonly durationMs: number
    readonly extraStep?: ProvisioningStep
    readonly failure?: FailureInfo
    /** Requests made for this object, earlier failed runs included. */
    readonly attempts?: number
  }
): NewLogEntry {
  return {
    time: new Date().toISOString(),
    jobId: options.jobId,
    runId: options.runId,
    changeId: operation.changeId,
    objectType: 'user',
    action: fields.action,
    status: fields.status,
    sourceId: operation.sourceId,
    sourceDisplay: operation.display,
    targetId: fields.targetId,
    targetDisplay: fields.targetId === null ? null : operation.display,
    steps: fields.extraStep === undefined ? operation.steps : [...operation.steps, fields.extraStep],
    modified: operation.changes,
    reason: fields.failure?.message ?? operation.reason ?? operation.warnings?.join('; ') ?? null,
    errorCode: fields.failure?.code ?? operation.errorCode,
    httpStatus: fields.failure?.httpStatus ?? null,
    scimType: fields.failure?.scimType ?? null,
    scimDetail: fields.failure?.detail ?? null,
    durationMs: Math.round(fields.durationMs),
    attempts: Math.max(1, fields.attempts ?? 1),
  }
}
