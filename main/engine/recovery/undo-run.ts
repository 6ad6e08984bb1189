import { targetTuning } from '../../config/target-settings'
import type { TargetConnector, TargetResource } from '../../connectors/connector'
import type { ApplyFailure } from '../../model/failure'
import type { JournalEntry } from '../../model/journal'
import type { RunSummary } from '../../model/run'
import type { WritableDB } from '../../store/database'
import { listJournalForRun } from '../../store/journal-store'
import { loadLinks } from '../../store/links-store'
import { getRun, listRunningRuns } from '../../store/runs-store'
import type { UserOperation } from '../plan/plan-users'
import { summarise } from '../plan/summary'
import { prepareRun, type RunSetup } from '../run/run-context'
import { isProcessAlive } from '../run/run-lock'
import { inversePlan } from './undo-plan'
import { ProvisionerError } from '../../model/errors'

export interface UndoOptions extends RunSetup {
  /** The run to undo. */
  readonly runId: string
  /** false: show the inverse plan only. */
  readonly apply: boolean
}

export interface UndoOutcome {
  /** The undo run (null for a preview). */
  readonly runId: string | null
  readonly undoneRunId: string
  readonly status: 'preview' | 'completed' | 'completed-with-errors' | 'cancelled'
  /** The inverse operations, and the writes that cannot be undone (action "skip" with a reason). */
  readonly operations: ReadonlyArray<UserOperation>
  readonly summary: RunSummary
  readonly failures: ReadonlyArray<ApplyFailure>
  /** What the admin should know about the limits of this undo. */
  readonly notices: ReadonlyArray<string>
}

export class UndoError extends ProvisionerError {
  public readonly kind = 'undo-refused' as const

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
  const journal = undoableJournal(db, options)
  const entries = journal
    .filter(entry => entry.state === 'succeeded' && entry.objectType === 'user')
    .reverse()
  const groupWrites = journal.filter(
    entry => entry.state === 'succeeded' && entry.objectType === 'group'
  ).length
  return prepareRun(options).connect('target', async context => {
    const links = loadLinks(db, job.id, 'user')
    const currents = await readCurrent(context.target, entries)
    const operations = inversePlan(entries, entry => {
      const link = links.get(entry.sourceId ?? '')
      return {
        current: entry.targetId === null ? null : (currents.get(entry.targetId) ?? null),
        linkState: link?.state ?? null,
        display: link?.display ?? entry.sourceId ?? entry.targetId ?? entry.changeId,
      }
    })
    const notices = undoNotices(options.runId, { groupWrites, operations })
    const undone = { undoneRunId: options.runId, operations, notices }
    if (!options.apply) {
      return { ...undone, runId: null, status: 'preview', summary: summarise(operations), failures: [] }
    }
    const runId = context.claim({ mode: 'apply', kind: 'undo', relatedRunId: options.runId })
    const result = await context.applyUsers(operations, {
      concurrency: targetTuning(job.config.target).concurrency,
      linksByTarget: new Map(),
      logUnchanged: true,
      escrow: new Map(),
    })
    const written = await context.finishWrites()
    const status = context.cancelled
      ? 'cancelled'
      : result.failures.length === 0
        ? 'completed'
        : 'completed-with-errors'
    context.finish({ status, summary: result.summary, failed: result.failures.length, error: null })
    const applied = { runId, status, summary: result.summary, failures: result.failures } as const
    return { ...undone, notices: [...notices, ...written], ...applied }
  })
}

/** The journal of a finished run of this job that changed something; refuses any other. */
function undoableJournal(db: WritableDB, options: UndoOptions): ReadonlyArray<JournalEntry> {
  const { job, runId } = options
  const run = getRun(db, runId)
  if (run === null) {
    throw new UndoError(`No run ${runId} in this state folder`)
  }
  if (run.jobId !== job.id) {
    throw new UndoError(`Run ${runId} belongs to job "${run.jobId}", not "${job.id}"`)
  }
  if (run.mode === 'dry-run') {
    throw new UndoError(`Run ${runId} was a dry run: it changed nothing`)
  }
  const journal = listJournalForRun(db, runId)
  const running = listRunningRuns(db, run.jobId).find(entry => entry.run.id === run.id)
  if (run.status === 'running' && isProcessAlive(running?.pid ?? null)) {
    throw new UndoError(`Run ${runId} is still running`)
  }
  // A run killed mid-write (kill -9, power loss) left writes whose outcome is unknown until the
  // next apply settles them from the target; undoing it now would leave some of its writes in place.
  const unsettled = journal.filter(entry => entry.state === 'pending').length
  if (run.status === 'running' || unsettled > 0) {
    throw new UndoError(
      `Run ${runId} was interrupted before it finished, and ${unsettled} of its write(s) have an unknown outcome. ` +
        `Run \`provisioner apply --job ${job.displayFile}\` first (it settles them from the target), then undo the run`
    )
  }
  return journal
}

/** Each account the entries touched, as it is now (null: gone). */
async function readCurrent(
  target: TargetConnector,
  entries: ReadonlyArray<JournalEntry>
): Promise<Map<string, TargetResource | null>> {
  const currents = new Map<string, TargetResource | null>()
  for (const entry of entries) {
    if (entry.targetId !== null && !currents.has(entry.targetId)) {
      currents.set(entry.targetId, await target.get('user', entry.targetId))
    }
  }
  return currents
}

/** What the admin should know about the limits of an undo. */
function undoNotices(
  runId: string,
  undo: { readonly groupWrites: number; readonly operations: ReadonlyArray<UserOperation> }
): string[] {
  const notices: string[] = []
  if (undo.groupWrites > 0) {
    notices.push(
      `${undo.groupWrites} group write(s) of run ${runId} (groups created or deleted, members added or removed) ` +
        'are not undone: undo reverses user accounts only'
    )
  }
  if (undo.operations.some(operation => operation.action !== 'skip')) {
    notices.push(
      'Undo changes the target, not the source: the next run of this job makes the target match the source ' +
        'again (re-creating, re-updating or re-disabling these accounts) unless the source or the job changes first'
    )
  }
  return notices
}
