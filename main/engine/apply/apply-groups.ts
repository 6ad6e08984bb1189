import type { TargetConnector } from '../../connectors/connector'
import type { LogAction, LogStatus, NewLogEntry, ProvisioningStep } from '../../model/log-entry'
import type { GroupSummary } from '../../model/run'
import type { ApplyFailure } from '../../model/failure'
import { describeFailure, failureRecord, isFailedDecision } from './failure-info'
import { addMembersOperation, type MemberRemovalForm } from '../../connectors/scim/scim-members'
import { chunks, removeMembers } from './member-removal'
import type { GroupOperation } from '../plan/plan-groups'
import type { RunRecorder } from './run-recorder'

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
}

export interface GroupApplyResult {
  readonly summary: GroupSummary
  readonly failures: ReadonlyArray<ApplyFailure>
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
  const summary = { create: 0, update: 0, delete: 0, unchanged: 0, membersAdded: 0, membersRemoved: 0 }
  const failures: ApplyFailure[] = []
  for (const operation of operations) {
    const started = performance.now()
    const writes =
      operation.execution.kind !== 'none' ||
      operation.members.add.length > 0 ||
      operation.members.remove.length > 0
    if (!writes) {
      finishLocal(operation, options, summary, failures)
      continue
    }
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
    let targetId = operation.targetId
    const added: string[] = []
    const removed: string[] = []
    const notAdded: string[] = []
    try {
      const execution = operation.execution
      if (execution.kind === 'create') {
        targetId = (await options.target.create('group', execution.body)).id
      } else if (execution.kind === 'update') {
        await options.target.update('group', targetId as string, execution.operations)
      } else if (execution.kind === 'delete') {
        await options.target.delete('group', targetId as string)
      }
      if (execution.kind !== 'delete') {
        const toAdd: string[] = []
        for (const member of operation.members.add) {
          const id = member.targetId ?? options.accountOf(member.sourceId)
          if (id === null) notAdded.push(member.sourceId)
          else toAdd.push(id)
        }
        for (const batch of chunks(toAdd, options.membersPerPatch)) {
          await options.target.update('group', targetId as string, [addMembersOperation(batch)])
          added.push(...batch)
        }
        const removal = {
          target: options.target,
          groupId: targetId as string,
          form: options.memberRemoval,
          membersPerPatch: options.membersPerPatch,
        }
        await removeMembers(removal, operation.members.remove, removed)
      }
      summary.membersAdded += added.length
      summary.membersRemoved += removed.length
      if (operation.action === 'create') summary.create++
      else if (operation.action === 'delete') summary.delete++
      else summary.update++
      const status: LogStatus = notAdded.length > 0 ? 'warning' : 'success'
      const exportStep: ProvisioningStep = {
        type: 'export',
        status,
        description:
          `${describeExecution(operation)}; ${added.length} member(s) added, ${removed.length} removed` +
          (notAdded.length > 0 ? `; not added (no account was created): ${notAdded.join(', ')}` : ''),
      }
      options.recorder.complete({
        journalId,
        outcome: { state: 'succeeded', targetId, result: { added: added.length, removed: removed.length } },
        link: linkWrite(operation, options, targetId),
        log: logEntry(
          operation,
          options,
          logAction(operation),
          status,
          targetId,
          performance.now() - started,
          exportStep,
          null
        ),
      })
    } catch (error) {
      const failure = describeFailure(error)
      summary.membersAdded += added.length
      summary.membersRemoved += removed.length
      failures.push(failureRecord(operation, targetId, failure))
      options.recorder.complete({
        journalId,
        outcome: { state: 'failed', targetId, result: { code: failure.code, added, removed } },
        // A group created before a member PATCH failed still exists: link it so the next run
        // continues instead of creating it again.
        link:
          targetId !== null && operation.execution.kind === 'create'
            ? linkWrite(operation, options, targetId)
            : undefined,
        log: logEntry(
          operation,
          options,
          logAction(operation),
          'failure',
          targetId,
          performance.now() - started,
          { type: 'export', status: 'failure', description: failure.message },
          failure
        ),
      })
    }
  }
  options.recorder.flush()
  return { summary, failures }
}

function finishLocal(
  operation: GroupOperation,
  options: GroupApplyOptions,
  summary: { -readonly [K in keyof GroupSummary]: number },
  failures: ApplyFailure[]
): void {
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
  } else if (operation.action === 'unchanged' || operation.action === 'link') {
    summary.unchanged++
  }
  const quiet =
    operation.action === 'unchanged' && !options.logUnchanged && operation.members.skipped.length === 0
  options.recorder.complete({
    link: linkWrite(operation, options, operation.targetId),
    log: quiet
      ? undefined
      : logEntry(
          operation,
          options,
          logAction(operation),
          failed
            ? 'failure'
            : operation.action === 'link'
              ? 'success'
              : operation.members.skipped.length > 0
                ? 'warning'
                : 'skipped',
          operation.targetId,
          0,
          null,
          null
        ),
  })
}

function logAction(operation: GroupOperation): LogAction {
  switch (operation.action) {
    case 'create':
    case 'update':
    case 'delete':
    case 'link':
      return operation.action
    case 'skip':
    case 'unchanged':
      return 'skip'
    default:
      return 'other'
  }
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

function linkWrite(operation: GroupOperation, options: GroupApplyOptions, targetId: string | null) {
  if (operation.linkAfter === null || targetId === null || operation.sourceId === null) return undefined
  return {
    jobId: options.jobId,
    objectType: 'group' as const,
    sourceId: operation.sourceId,
    targetId,
    state: operation.linkAfter,
    exportedHash: null,
    display: operation.display,
  }
}

function logEntry(
  operation: GroupOperation,
  options: GroupApplyOptions,
  action: LogAction,
  status: LogStatus,
  targetId: string | null,
  durationMs: number,
  extraStep: ProvisioningStep | null,
  failure: ReturnType<typeof describeFailure> | null
): NewLogEntry {
  return {
    time: new Date().toISOString(),
    jobId: options.jobId,
    runId: options.runId,
    changeId: operation.changeId,
    objectType: 'group',
    action,
    status,
    sourceId: operation.sourceId,
    sourceDisplay: operation.display,
    targetId,
    targetDisplay: targetId === null ? null : operation.display,
    steps: extraStep === null ? operation.steps : [...operation.steps, extraStep],
    modified: operation.changes,
    reason: failure?.message ?? operation.reason,
    errorCode: failure?.code ?? operation.errorCode,
    httpStatus: failure?.httpStatus ?? null,
    scimType: failure?.scimType ?? null,
    scimDetail: failure?.detail ?? null,
    durationMs: Math.round(durationMs),
    attempts: 1,
  }
}
