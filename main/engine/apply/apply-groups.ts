import type { TargetConnector } from '../../connectors/connector'
import { addMembersOperation, type MemberRemovalForm } from '../../connectors/scim/scim-members'
import type { ApplyFailure } from '../../model/failure'
import type { LinkWrite } from '../../model/link'
import type { LogStatus } from '../../model/log-entry'
import { emptyRunSummary, type GroupSummary } from '../../model/run'
import type { GroupOperation } from '../plan/plan-groups'
import { decisionFailure, describeFailure, failureRecord, isFailedDecision } from './failure-info'
import { logActionOf, operationLogEntry } from './log-entries'
import { chunks, removeMembers } from './member-removal'
import type { Completion, RunRecorder } from './run-recorder'

export interface GroupApplyOptions {
  readonly jobId: string
  readonly runId: string
  readonly target: TargetConnector
  readonly recorder: RunRecorder
  readonly membersPerPatch: number
  readonly memberRemoval: MemberRemovalForm
  /** Account id of a person, after the users were applied (null: no account). */
  readonly accountOf: (sourceId: string) => string | null
  readonly logUnchanged: boolean
  /** Cancels the apply: the group in flight finishes, no other starts. */
  readonly signal?: AbortSignal
}

export interface GroupApplyResult {
  readonly summary: GroupSummary
  readonly failures: ReadonlyArray<ApplyFailure>
}

type GroupTally = {
  readonly summary: { -readonly [K in keyof GroupSummary]: number }
  readonly failures: ApplyFailure[]
}

/**
 * Performs the group plan after the users: creates groups empty, updates their attributes,
 * then adds and removes members in batches of `membersPerPatch`. Groups are few and each one's
 * requests depend on the previous (the create gives the id), so groups are done one at a time.
 */
export async function applyGroupPlan(
  operations: ReadonlyArray<GroupOperation>,
  options: GroupApplyOptions
): Promise<GroupApplyResult> {
  const tally: GroupTally = { summary: { ...emptyRunSummary().groups }, failures: [] }
  for (const operation of operations) {
    // Cancelled: the group in flight finished; the next run plans the others.
    if (options.signal?.aborted === true) break
    const writes =
      operation.execution.kind !== 'none' ||
      operation.members.add.length > 0 ||
      operation.members.remove.length > 0
    if (writes) await applyGroup(operation, options, tally)
    else finishLocal(operation, options, tally)
  }
  options.recorder.flush()
  return tally
}

/** How far a group's writes got: its id once created, and the members added and removed so far. */
interface GroupProgress {
  targetId: string | null
  readonly added: string[]
  readonly removed: string[]
  /** Members whose account was not created in this run. */
  readonly notAdded: string[]
}

async function applyGroup(
  operation: GroupOperation,
  options: GroupApplyOptions,
  tally: GroupTally
): Promise<void> {
  const started = performance.now()
  const [journalId] = options.recorder.recordIntents([
    {
      runId: options.runId,
      jobId: options.jobId,
      changeId: operation.changeId,
      objectType: 'group',
      sourceId: operation.sourceId,
      targetId: operation.targetId,
      operation: operation.action,
      intent: { changes: operation.changes },
      before: { membersRemoved: operation.members.remove, membersAdded: operation.members.add },
    },
  ])
  const progress: GroupProgress = { targetId: operation.targetId, added: [], removed: [], notAdded: [] }
  try {
    await writeGroup(operation, options, progress)
    countWritten(operation, progress, tally)
    options.recorder.complete(written(operation, options, { journalId, progress, started }))
  } catch (error) {
    tally.summary.membersAdded += progress.added.length
    tally.summary.membersRemoved += progress.removed.length
    const failure = describeFailure(error)
    tally.failures.push(failureRecord(operation, progress.targetId, failure))
    options.recorder.complete({
      journalId,
      outcome: {
        state: 'failed',
        targetId: progress.targetId,
        result: { code: failure.code, added: progress.added, removed: progress.removed },
      },
      // A group created before a member PATCH failed still exists: link it so the next run
      // continues instead of creating it again.
      link:
        operation.execution.kind === 'create'
          ? linkWrite(operation, options.jobId, progress.targetId)
          : undefined,
      log: operationLogEntry(operation, options, {
        action: logActionOf(operation, 'failed'),
        status: 'failure',
        targetId: progress.targetId,
        durationMs: performance.now() - started,
        exportStep: { type: 'export', status: 'failure', description: failure.message },
        failure,
      }),
    })
  }
}

/** What a group whose writes went through leaves in the store. */
function written(
  operation: GroupOperation,
  options: GroupApplyOptions,
  {
    journalId,
    progress,
    started,
  }: { journalId: number | undefined; progress: GroupProgress; started: number }
): Completion {
  const status: LogStatus = progress.notAdded.length > 0 ? 'warning' : 'success'
  const notAdded =
    progress.notAdded.length > 0
      ? `; not added (no account was created): ${progress.notAdded.join(', ')}`
      : ''
  return {
    journalId,
    outcome: {
      state: 'succeeded',
      targetId: progress.targetId,
      result: { added: progress.added.length, removed: progress.removed.length },
    },
    link: linkWrite(operation, options.jobId, progress.targetId),
    log: operationLogEntry(operation, options, {
      action: logActionOf(operation, 'sent'),
      status,
      targetId: progress.targetId,
      durationMs: performance.now() - started,
      exportStep: {
        type: 'export',
        status,
        description: `${describeExecution(operation)}; ${progress.added.length} member(s) added, ${progress.removed.length} removed${notAdded}`,
      },
    }),
  }
}

/** Creates, updates or deletes the group, then adds and removes its members, noting each step in `progress`. */
async function writeGroup(
  operation: GroupOperation,
  options: GroupApplyOptions,
  progress: GroupProgress
): Promise<void> {
  const { target } = options
  const execution = operation.execution
  if (execution.kind === 'create') {
    progress.targetId = (await target.create('group', execution.body)).id
  } else if (execution.kind === 'update') {
    await target.update('group', progress.targetId as string, execution.operations)
  } else if (execution.kind === 'delete') {
    await target.delete('group', progress.targetId as string)
    return
  }
  const groupId = progress.targetId as string
  const toAdd: string[] = []
  for (const member of operation.members.add) {
    const id = member.targetId ?? options.accountOf(member.sourceId)
    if (id === null) progress.notAdded.push(member.sourceId)
    else toAdd.push(id)
  }
  for (const batch of chunks(toAdd, options.membersPerPatch)) {
    await target.update('group', groupId, [addMembersOperation(batch)])
    progress.added.push(...batch)
  }
  const removal = { target, groupId, form: options.memberRemoval, membersPerPatch: options.membersPerPatch }
  await removeMembers(removal, operation.members.remove, progress.removed)
}

function countWritten(operation: GroupOperation, progress: GroupProgress, tally: GroupTally): void {
  tally.summary.membersAdded += progress.added.length
  tally.summary.membersRemoved += progress.removed.length
  if (operation.action === 'create') tally.summary.create++
  else if (operation.action === 'delete') tally.summary.delete++
  else tally.summary.update++
}

/** Groups that need no request: log them and write any link change. */
function finishLocal(operation: GroupOperation, options: GroupApplyOptions, tally: GroupTally): void {
  const failed = isFailedDecision(operation)
  if (failed) {
    tally.failures.push(decisionFailure(operation))
  } else if (operation.action === 'unchanged' || operation.action === 'link') {
    tally.summary.unchanged++
  }
  const skippedMembers = operation.members.skipped.length > 0
  const status: LogStatus = failed
    ? 'failure'
    : operation.action === 'link'
      ? 'success'
      : skippedMembers
        ? 'warning'
        : 'skipped'
  const quiet = operation.action === 'unchanged' && !options.logUnchanged && !skippedMembers
  options.recorder.complete({
    link: linkWrite(operation, options.jobId, operation.targetId),
    log: quiet
      ? undefined
      : operationLogEntry(operation, options, {
          action: logActionOf(operation, 'local'),
          status,
          targetId: operation.targetId,
          durationMs: 0,
        }),
  })
}

function describeExecution(operation: GroupOperation): string {
  switch (operation.execution.kind) {
    case 'create':
      return 'Created the group'
    case 'update':
      return `Updated ${operation.execution.operations.length} attribute(s)`
    case 'delete':
      return 'Deleted the group'
    case 'none':
      return 'No attribute changes'
  }
}

function linkWrite(operation: GroupOperation, jobId: string, targetId: string | null): LinkWrite | undefined {
  if (operation.linkAfter === null || targetId === null || operation.sourceId === null) return undefined
  return {
    jobId,
    objectType: 'group',
    sourceId: operation.sourceId,
    targetId,
    state: operation.linkAfter,
    exportedHash: null,
    display: operation.display,
  }
}
