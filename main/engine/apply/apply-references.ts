import { randomUUID } from 'node:crypto'
import type { ProvisioningStep } from '../../model/log-entry'
import { copyUserOperation, type UserOperation } from '../plan/plan-users'
import { completeReferences, type ReferenceWrite } from '../plan/reference-attributes'

/**
 * References to accounts the same run creates (a new manager) are written after the creates,
 * once the ids exist: a planned PATCH that waits for them, or a follow-up PATCH of a new account.
 * Each is journaled and logged like any write, so a run killed in between is completed by the
 * next run's plan (the reference is then simply out of date), never sent with a source id.
 */

/** Whether a planned write waits for accounts this run creates. */
export function waitsForCreates(operation: UserOperation): boolean {
  return operation.execution.kind === 'patch' && (operation.execution.references?.length ?? 0) > 0
}

/**
 * The PATCH that sets a new account's references to accounts created in the same run, or null
 * when its create set them all. It completes the create, so the summary does not count it again.
 */
export function referenceFollowUp(operation: UserOperation, targetId: string): UserOperation | null {
  const execution = operation.execution
  if (execution.kind !== 'create') return null
  const pending = (execution.references ?? []).filter(write => write.targetId === null)
  if (pending.length === 0) return null
  const paths = pending.map(write => write.path.text).join(', ')
  return {
    changeId: randomUUID(),
    objectType: 'user',
    action: 'update',
    sourceId: operation.sourceId,
    targetId,
    display: operation.display,
    changes: pending.map(write => ({ path: write.path.text, from: null, to: write.shown })),
    reason: null,
    errorCode: null,
    steps: [
      {
        type: 'processing',
        status: 'success',
        description: `Set ${paths} of the account created by change ${operation.changeId}, now that the account it refers to exists`,
      },
    ],
    fingerprint: operation.fingerprint,
    completes: operation.changeId,
    execution: {
      kind: 'patch',
      operations: [],
      before: Object.fromEntries(pending.map(write => [write.path.text, null])),
      linkState: 'active',
      exportedHash: execution.exportedHash,
      references: pending,
    },
  }
}

/**
 * A waiting write with its references resolved to the accounts created in this run. A reference
 * whose account was not created is left out with a warning; when nothing is left to send, only
 * the link is written (an update becomes unchanged).
 */
export function withCreatedReferences(
  operation: UserOperation,
  accountOf: (sourceId: string) => string | undefined
): UserOperation {
  const execution = operation.execution
  if (execution.kind !== 'patch') return operation
  const waiting: ReadonlyArray<ReferenceWrite> = execution.references ?? []
  const { operations, resolved, warnings } = completeReferences(waiting, accountOf)
  const unresolved = new Set(waiting.map(write => write.path.text).filter(path => !resolved.has(path)))
  const changes = operation.changes.flatMap(change => {
    const value = resolved.get(change.path)
    if (value !== undefined) return [{ ...change, to: value }]
    return unresolved.has(change.path) ? [] : [change]
  })
  const warningSteps = warnings.map((description): ProvisioningStep => ({
    type: 'processing',
    status: 'warning',
    description,
  }))
  const base = {
    changes,
    steps: [...operation.steps, ...warningSteps],
    warnings: [...(operation.warnings ?? []), ...warnings],
  }
  const sent = [...execution.operations, ...operations]
  if (sent.length > 0) {
    const before = Object.fromEntries(
      Object.entries(execution.before).filter(([path]) => !unresolved.has(path))
    )
    return copyUserOperation(operation, {
      ...base,
      execution: {
        kind: 'patch',
        operations: sent,
        before,
        linkState: execution.linkState,
        exportedHash: execution.exportedHash,
      },
    })
  }
  return copyUserOperation(operation, {
    ...base,
    action: operation.action === 'update' ? 'unchanged' : operation.action,
    execution:
      operation.completes !== undefined
        ? { kind: 'none' }
        : { kind: 'link', linkState: execution.linkState, exportedHash: execution.exportedHash },
  })
}
