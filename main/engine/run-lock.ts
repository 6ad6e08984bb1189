import { listRunningRuns } from '../store/runs-store'
import { finishRun } from '../store/runs-store'
import type { WritableDB } from '../store/database'

export class RunInProgressError extends Error {
  public constructor(
    public readonly runId: string,
    public readonly pid: number
  ) {
    super(`Run ${runId} of this job is still in progress (process ${pid}); wait for it to finish`)
    this.name = 'RunInProgressError'
  }
}

/**
 * One run per job at a time. A run left `running` by a process that no longer exists was
 * interrupted (crash, kill -9): it is closed as failed so the next run can reconcile it.
 *
 * Returns the ids of interrupted runs.
 */
export function claimJob(db: WritableDB, jobId: string): string[] {
  const interrupted: string[] = []
  for (const { run, pid } of listRunningRuns(db, jobId)) {
    if (pid !== null && pid !== process.pid && isAlive(pid)) {
      throw new RunInProgressError(run.id, pid)
    }
    finishRun(db, run.id, {
      status: 'failed',
      summary: run.summary,
      failed: run.failed,
      error: 'Interrupted: the process ended before the run finished',
    })
    interrupted.push(run.id)
  }
  return interrupted
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
