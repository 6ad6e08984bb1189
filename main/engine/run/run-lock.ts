import { hostname } from 'node:os'
import { inTransaction, type WritableDB } from '../../store/database'
import { createRun, finishRun, getRun, listRunningRuns, type RunningRun } from '../../store/runs-store'
import { ProvisionerError } from '../../model/errors'

export class RunInProgressError extends ProvisionerError {
  public readonly kind = 'busy' as const

  public constructor(
    public readonly runId: string,
    public readonly pid: number | null,
    /** The machine the run was started on (null: recorded before hosts were). */
    public readonly host: string | null,
    jobFile: string
  ) {
    super(
      host !== null && host !== hostname()
        ? `Run ${runId} of this job is in progress on host "${host}" (process ${pid ?? '?'}), which this ` +
            `machine cannot check; wait for it to finish. If that machine stopped without finishing the run, ` +
            `release it: provisioner force-unlock --job ${jobFile} ${runId}`
        : `Run ${runId} of this job is still in progress (process ${pid ?? '?'} on this machine); wait for it to finish`
    )
    this.name = 'RunInProgressError'
  }
}

export type NewRun = Parameters<typeof createRun>[1]

/**
 * Runs this process started. The app runs previews, applies and scheduled runs side by side in
 * one process, so "the process is alive" cannot tell its own runs in flight from a run an earlier
 * process with the same id left behind; this can. (A finished run is no longer "running", so
 * ids never need removing.)
 */
const startedHere = new Set<string>()

/**
 * One run per job at a time: claims the job and records the new run (with this process and
 * host) in one BEGIN IMMEDIATE transaction, so two processes can never both pass the check — the
 * second waits for the first's transaction and then sees its run.
 *
 * A run left `running` by a process of this machine that no longer exists was interrupted
 * (crash, kill -9): it is closed as failed so this run can reconcile it. A run another machine
 * started is never judged by a local process id.
 *
 * Returns the ids of interrupted runs.
 */
export function startRun(
  db: WritableDB,
  run: NewRun,
  options: { readonly now?: number; readonly jobFile?: string } = {}
): string[] {
  return inTransaction(db, () => {
    const interrupted: string[] = []
    for (const running of listRunningRuns(db, run.jobId)) {
      if (stillRunning(running)) {
        throw new RunInProgressError(running.run.id, running.pid, running.host, options.jobFile ?? 'FILE')
      }
      finishRun(db, running.run.id, {
        status: 'failed',
        summary: running.run.summary,
        failed: running.run.failed,
        error: 'Interrupted: the process ended before the run finished',
      })
      interrupted.push(running.run.id)
    }
    createRun(db, run, options.now)
    startedHere.add(run.id)
    return interrupted
  })
}

/**
 * Refuses while a run of the job is alive: for store changes outside runs (link decisions), made
 * inside the caller's transaction so no run can start between the check and the change. Dead
 * runs are left for the next run to close and reconcile.
 */
export function assertNoRunInProgress(db: WritableDB, jobId: string, jobFile: string): void {
  const running = listRunningRuns(db, jobId).find(stillRunning)
  if (running !== undefined) {
    throw new RunInProgressError(running.run.id, running.pid, running.host, jobFile)
  }
}

/**
 * Releases a run another machine left `running` (or any run the admin knows is dead): it is
 * closed as failed, and the next run reconciles its journal. Refuses a run of this machine whose
 * process is alive.
 */
export function forceUnlock(db: WritableDB, jobId: string, runId: string, jobFile: string): void {
  inTransaction(db, () => {
    const running = listRunningRuns(db, jobId).find(entry => entry.run.id === runId)
    if (running === undefined) {
      const run = getRun(db, runId)
      throw new ForceUnlockError(
        run === null || run.jobId !== jobId
          ? `Run ${runId} is not a run of this job`
          : `Run ${runId} is not running (it ended ${run.status}); there is nothing to release`
      )
    }
    if ((running.host === null || running.host === hostname()) && isProcessAlive(running.pid)) {
      throw new RunInProgressError(running.run.id, running.pid, running.host, jobFile)
    }
    finishRun(db, runId, {
      status: 'failed',
      summary: running.run.summary,
      failed: running.run.failed,
      error: `Released by force-unlock on host "${hostname()}": the run was not finished by ${running.host ?? 'its machine'}`,
    })
  })
}

/** `force-unlock` named a run that holds no lock. */
export class ForceUnlockError extends ProvisionerError {
  public readonly kind = 'unlock-refused' as const

  public constructor(message: string) {
    super(message)
    this.name = 'ForceUnlockError'
  }
}

export function stillRunning(running: RunningRun): boolean {
  if (running.host !== null && running.host !== hostname()) return true
  if (running.pid === process.pid) return startedHere.has(running.run.id)
  return isProcessAlive(running.pid)
}

/** Whether a process of this machine exists (one of another user's counts: it cannot be signalled, but it is there). */
export function isProcessAlive(pid: number | null): boolean {
  if (pid === null) return false
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
