import type { JournalEntry } from '../../model/journal'
import { randomUUID } from 'node:crypto'
import type { PatchOperation, TargetResource } from '../../connectors/connector'
import type { LoadedJob } from '../../config/load-job'
import { getPathValue, parseScimPath, ScimPathError } from '../../mapping/scim-path'
import type { LinkState } from '../../model/link'
import type { PlannedChange } from '../../model/plan'
import type { RunSummary } from '../../model/run'
import type { SecretStore } from '../../secrets/secret-store'
import type { WritableDB } from '../../store/database'
import { listJournalForRun } from '../../store/journal-store'
import { loadLinks } from '../../store/links-store'
import { failRun, finishRun, getRun, listRunningRuns } from '../../store/runs-store'
import { applyUserPlan } from '../apply/apply-users'
import type { ApplyFailure } from '../../model/failure'
import type { UserOperation } from '../plan/plan-users'
import { openTarget, retryPolicyOf } from '../run/connectors'
import { newRunId } from '../run/run-id'
import { isProcessAlive, startRun } from '../run/run-lock'
import { RunRecorder } from '../apply/run-recorder'
import { summarise } from '../plan/summary'
import { stillHolds } from '../plan/value-compare'

export interface UndoOptions {
  readonly job: LoadedJob
  readonly db: WritableDB
  readonly secrets: SecretStore
  /** The run to undo. */
  readonly runId: string
  /** false: show the inverse plan only. */
  readonly apply: boolean
  readonly env?: NodeJS.ProcessEnv
  readonly now?: () => Date
  readonly sleep?: (ms: number) => Promise<void>
}

export interface UndoOutcome {
  /** The undo run (null for a preview). */
  readonly runId: string | null
  readonly undoneRunId: string
  readonly status: 'preview' | 'completed' | 'completed-with-errors'
  /** The inverse operations, and the writes that cannot be undone (action "skip" with a reason). */
  readonly operations: ReadonlyArray<UserOperation>
  readonly summary: RunSummary
  readonly failures: ReadonlyArray<ApplyFailure>
  /** What the admin should know about the limits of this undo. */
  readonly notices: ReadonlyArray<string>
}

export class UndoError extends Error {
  public constructor(message: string) {
    super(message)
    this.name = 'UndoError'
  }
}

/**
 * Undoes a finished run from its journal's before-images: accounts it created are deleted (only
 * if nobody changed them since), attribute values it changed are restored (only where they still
 * hold what the run wrote), accounts it disabled are enabled again and vice versa. Shown as a
 * dry run unless `apply`; the undo is itself a journaled, logged run.
 */
export async function undoRun(options: UndoOptions): Promise<UndoOutcome> {
  const { job, db } = options
  const now = options.now ?? (() => new Date())
  const run = getRun(db, options.runId)
  if (run === null) {
    throw new UndoError(`No run ${options.runId} in this state folder`)
  }
  if (run.jobId !== job.id) {
    throw new UndoError(`Run ${options.runId} belongs to job "${run.jobId}", not "${job.id}"`)
  }
  if (run.mode === 'dry-run') {
    throw new UndoError(`Run ${options.runId} was a dry run: it changed nothing`)
  }
  const journal = listJournalForRun(db, options.runId)
  if (run.status === 'running' && runProcessAlive(db, run.jobId, run.id)) {
    throw new UndoError(`Run ${options.runId} is still running`)
  }
  // A run killed mid-write (kill -9, power loss) left writes whose outcome is unknown until the
  // next apply settles them from the target; undoing it now would leave some of its writes in place.
  const unsettled = journal.filter(entry => entry.state === 'pending').length
  if (run.status === 'running' || unsettled > 0) {
    throw new UndoError(
      `Run ${options.runId} was interrupted before it finished, and ${unsettled} of its write(s) have an unknown outcome. ` +
        `Run \`provisioner apply --job ${job.displayFile}\` first (it settles them from the target), then undo the run`
    )
  }
  const entries = journal
    .filter(entry => entry.state === 'succeeded' && entry.objectType === 'user')
    .reverse()

  const target = await openTarget(job, options.secrets, options.env)
  try {
    const links = loadLinks(db, job.id, 'user')
    const currents = new Map<string, TargetResource | null>()
    for (const entry of entries) {
      if (entry.targetId !== null && !currents.has(entry.targetId)) {
        currents.set(entry.targetId, await target.get('user', entry.targetId))
      }
    }
    const inverses = entries.map(entry => {
      const link = links.get(entry.sourceId ?? '')
      return inverse(
        entry,
        entry.targetId === null ? null : (currents.get(entry.targetId) ?? null),
        link?.state ?? null,
        link?.display ?? entry.sourceId ?? entry.targetId ?? entry.changeId
      )
    })
    // An account the run created and the undo deletes needs nothing else restored (e.g. the
    // manager its follow-up PATCH set); a PATCH beside the DELETE could even race it.
    const deleted = new Set(
      inverses.flatMap(operation => (operation.action === 'delete' ? [operation.targetId] : []))
    )
    const operations = inverses.filter(
      operation => operation.action === 'delete' || !deleted.has(operation.targetId)
    )
    const groupWrites = journal.filter(
      entry => entry.state === 'succeeded' && entry.objectType === 'group'
    ).length
    const notices = [
      ...(groupWrites > 0
        ? [
            `${groupWrites} group write(s) of run ${options.runId} (groups created or deleted, members added or removed) ` +
              'are not undone: undo reverses user accounts only',
          ]
        : []),
      ...(operations.some(operation => operation.action !== 'skip')
        ? [
            'Undo changes the target, not the source: the next run of this job makes the target match the source ' +
              'again (re-creating, re-updating or re-disabling these accounts) unless the source or the job changes first',
          ]
        : []),
    ]
    if (!options.apply) {
      return {
        runId: null,
        undoneRunId: options.runId,
        status: 'preview',
        operations,
        summary: summarise(operations),
        failures: [],
        notices,
      }
    }
    const undoRunId = newRunId(now())
    startRun(
      db,
      { id: undoRunId, jobId: job.id, mode: 'apply', kind: 'undo', relatedRunId: options.runId },
      { jobFile: job.displayFile }
    )
    try {
      const result = await applyUserPlan(operations, {
        jobId: job.id,
        runId: undoRunId,
        target,
        recorder: new RunRecorder(db),
        concurrency: job.config.target.concurrency,
        linksByTarget: new Map(),
        logUnchanged: true,
        retry: retryPolicyOf(job),
        sleep: options.sleep ?? (ms => new Promise(resolve => setTimeout(resolve, ms))),
        escrowAttempts: () => 0,
      })
      const status = result.failures.length === 0 ? 'completed' : 'completed-with-errors'
      finishRun(db, undoRunId, {
        status,
        summary: result.summary,
        failed: result.failures.length,
        error: null,
      })
      return {
        runId: undoRunId,
        undoneRunId: options.runId,
        status,
        operations,
        summary: result.summary,
        failures: result.failures,
        notices,
      }
    } catch (error) {
      failRun(db, undoRunId, error)
      throw error
    }
  } finally {
    await target.close()
  }
}

interface Intent {
  readonly request?: string
  readonly changes?: ReadonlyArray<PlannedChange>
}

/** The operation that reverses one journaled write, or a skip saying why it cannot be reversed. */
function inverse(
  entry: JournalEntry,
  current: TargetResource | null,
  linkState: LinkState | null,
  display: string
): UserOperation {
  const intent = (entry.intent ?? {}) as Intent
  const result = (entry.result ?? {}) as { status?: string }
  const base = {
    changeId: randomUUID(),
    objectType: 'user' as const,
    sourceId: entry.sourceId,
    targetId: entry.targetId,
    display,
    errorCode: null,
    fingerprint: entry.changeId,
  }
  const skip = (reason: string, errorCode = 'UndoRefused'): UserOperation => ({
    ...base,
    action: 'skip',
    changes: [],
    reason,
    errorCode,
    steps: [{ type: 'processing', status: 'skipped', description: reason }],
    execution: { kind: 'none' },
  })
  if (current === null) {
    return skip(`Account ${entry.targetId} no longer exists in the target`)
  }
  const wrote = (intent.changes ?? []).filter(change => change.to !== '[Redact]')
  const drifted = wrote.filter(change => !holds(current, change.path, change.to))
  if (entry.operation === 'create') {
    if (result.status === 'adopted') {
      return skip(
        'The run linked an account that already existed; undo leaves it in place',
        'UndoNotApplicable'
      )
    }
    if (drifted.length > 0) {
      return skip(`Changed since the run (${drifted.map(change => change.path).join(', ')}); not deleted`)
    }
    return {
      ...base,
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
  if (entry.operation === 'delete') {
    return skip('A deleted account cannot be brought back by undo', 'UndoNotApplicable')
  }
  if (drifted.length > 0) {
    return skip(`Changed since the run (${drifted.map(change => change.path).join(', ')}); not restored`)
  }
  const before = (entry.before ?? {}) as Record<string, unknown>
  const operations: PatchOperation[] = []
  const changes: PlannedChange[] = []
  for (const [path, value] of Object.entries(before)) {
    if (value === '[Redact]') continue
    const now = currentValue(current, path)
    changes.push({ path, from: now ?? null, to: value })
    operations.push(
      value === null || value === undefined ? { op: 'remove', path } : { op: 'replace', path, value }
    )
  }
  if (operations.length === 0) {
    return skip('Nothing to restore', 'UndoNotApplicable')
  }
  const activeTo = changes.find(change => change.path === 'active')?.to
  const action =
    activeTo === false || activeTo === 'False'
      ? 'disable'
      : activeTo === true || activeTo === 'True'
        ? 'enable'
        : 'update'
  return {
    ...base,
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
      linkState:
        action === 'disable'
          ? 'disabled'
          : action === 'enable'
            ? 'active'
            : linkState === 'disabled'
              ? 'disabled'
              : 'active',
      exportedHash: null,
    },
  }
}

/** Whether the process of a run marked running is still alive. */
function runProcessAlive(db: WritableDB, jobId: string, runId: string): boolean {
  const running = listRunningRuns(db, jobId).find(entry => entry.run.id === runId)
  return isProcessAlive(running?.pid ?? null)
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
