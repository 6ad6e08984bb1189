/** The inverse of a run's writes, from its journal's before-images. Pure: the reads are the caller's. */
import { randomUUID } from 'node:crypto'
import type { PatchOperation, TargetResource } from '../../connectors/connector'
import { getPathValue, parseScimPath, ScimPathError } from '../../mapping/scim-path'
import type { JournalEntry } from '../../model/journal'
import type { LinkState } from '../../model/link'
import { type PlannedChange, REDACTED } from '../../model/plan'
import type { UserOperation } from '../plan/plan-users'
import { stillHolds } from '../plan/value-compare'

interface Intent {
  readonly request?: string
  readonly changes?: ReadonlyArray<PlannedChange>
}

/** The account a journaled write touched, as it is now (null: gone), and how the job knows it. */
export interface UndoTarget {
  readonly current: TargetResource | null
  readonly linkState: LinkState | null
  readonly display: string
}

/**
 * The operations that reverse a run's writes (newest first), or skips saying why a write cannot
 * be reversed. An account the run created and the undo deletes needs nothing else restored (e.g.
 * the manager its follow-up PATCH set); a PATCH beside the DELETE could even race it.
 */
export function inversePlan(
  entries: ReadonlyArray<JournalEntry>,
  targetOf: (entry: JournalEntry) => UndoTarget
): UserOperation[] {
  const inverses = entries.map(entry => inverse(entry, targetOf(entry)))
  const deleted = new Set(
    inverses.flatMap(operation => (operation.action === 'delete' ? [operation.targetId] : []))
  )
  return inverses.filter(operation => operation.action === 'delete' || !deleted.has(operation.targetId))
}

/** The operation that reverses one journaled write, or a skip saying why it cannot be reversed. */
function inverse(entry: JournalEntry, target: UndoTarget): UserOperation {
  const skip = skipper(entry, target.display)
  const current = target.current
  if (current === null) {
    return skip(`Account ${entry.targetId} no longer exists in the target`)
  }
  const wrote = ((entry.intent ?? {}) as Intent).changes?.filter(change => change.to !== REDACTED) ?? []
  const drifted = wrote.filter(change => !holds(current, change.path, change.to)).map(change => change.path)
  if (entry.operation === 'delete') {
    return skip('A deleted account cannot be brought back by undo', 'UndoNotApplicable')
  }
  if (entry.operation === 'create') {
    if ((entry.result as { status?: string } | null)?.status === 'adopted') {
      return skip(
        'The run linked an account that already existed; undo leaves it in place',
        'UndoNotApplicable'
      )
    }
    if (drifted.length > 0) return skip(`Changed since the run (${drifted.join(', ')}); not deleted`)
    return deleteCreated(entry, current, target.display)
  }
  if (drifted.length > 0) return skip(`Changed since the run (${drifted.join(', ')}); not restored`)
  return restore(entry, current, target) ?? skip('Nothing to restore', 'UndoNotApplicable')
}

/** What every inverse of `entry` shares. */
function inverseBase(entry: JournalEntry, display: string) {
  return {
    changeId: randomUUID(),
    objectType: 'user' as const,
    sourceId: entry.sourceId,
    targetId: entry.targetId,
    display,
    errorCode: null,
    fingerprint: entry.changeId,
  }
}

function skipper(entry: JournalEntry, display: string) {
  return (reason: string, errorCode = 'UndoRefused'): UserOperation => ({
    ...inverseBase(entry, display),
    action: 'skip',
    changes: [],
    reason,
    errorCode,
    steps: [{ type: 'processing', status: 'skipped', description: reason }],
    execution: { kind: 'none' },
  })
}

/** Deletes an account the run created (nobody changed it since). */
function deleteCreated(entry: JournalEntry, current: TargetResource, display: string): UserOperation {
  return {
    ...inverseBase(entry, display),
    action: 'delete',
    changes: [],
    reason: `Undo run ${entry.runId}: delete the account it created`,
    steps: [
      {
        type: 'processing',
        status: 'success',
        description: `Delete account ${current.id}, created by run ${entry.runId}`,
      },
    ],
    execution: { kind: 'delete', before: current },
  }
}

/** Restores the values a write changed (they still hold what it wrote); null when there is nothing to restore. */
function restore(entry: JournalEntry, current: TargetResource, target: UndoTarget): UserOperation | null {
  const before = (entry.before ?? {}) as Record<string, unknown>
  const operations: PatchOperation[] = []
  const changes: PlannedChange[] = []
  for (const [path, value] of Object.entries(before)) {
    if (value === REDACTED) continue
    changes.push({ path, from: currentValue(current, path) ?? null, to: value })
    operations.push(
      value === null || value === undefined ? { op: 'remove', path } : { op: 'replace', path, value }
    )
  }
  if (operations.length === 0) return null
  const activeTo = changes.find(change => change.path === 'active')?.to
  const action =
    activeTo === false || activeTo === 'False'
      ? 'disable'
      : activeTo === true || activeTo === 'True'
        ? 'enable'
        : 'update'
  const linkState: LinkState =
    action === 'disable'
      ? 'disabled'
      : action === 'enable'
        ? 'active'
        : target.linkState === 'disabled'
          ? 'disabled'
          : 'active'
  return {
    ...inverseBase(entry, target.display),
    action,
    changes,
    reason: `Undo run ${entry.runId}: restore the values it changed`,
    steps: [
      {
        type: 'processing',
        status: 'success',
        description: `Restore ${changes.length} attribute(s) changed by run ${entry.runId}`,
      },
    ],
    execution: {
      kind: 'patch',
      operations,
      before: Object.fromEntries(changes.map(change => [change.path, change.from])),
      linkState,
      exportedHash: null,
    },
  }
}

function currentValue(resource: TargetResource, path: string): unknown {
  try {
    return getPathValue(resource, parseScimPath(path))
  } catch (error) {
    if (error instanceof ScimPathError) return undefined
    throw error
  }
}

/** Whether the account still holds what the run wrote (SCIM case rules, as the planner compares). */
function holds(resource: TargetResource, path: string, written: unknown): boolean {
  return stillHolds(currentValue(resource, path), written, { caseExact: path === 'externalId' })
}
