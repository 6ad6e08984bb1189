import type { RunHooks } from '../../engine/run/run-context'
import { RunCancelledError } from '../../engine/run/run-progress'
import type { RunMode } from '../../model/run'
import type { WritableDB } from '../../store/database'
import { requestRunCancel } from '../../store/runs-store'
import type { EventHub } from '../api/event-hub'

/**
 * Hooks that announce a run this process makes through the hub, as it starts and progresses:
 * the state watcher relays only other connections' runs, so the app's own (and its schedule's)
 * are announced by their caller.
 */
export function announcedRun(
  hub: EventHub,
  jobId: string,
  mode: RunMode
): Required<Pick<RunHooks, 'onRunStarted' | 'onProgress'>> {
  return {
    onRunStarted: runId => hub.emit('runStarted', { runId, jobId, mode }),
    onProgress: (runId, progress) => hub.emit('runProgress', { runId, jobId, ...progress }),
  }
}

/**
 * The runs this process starts for the app (preview, apply, approval, undo, on demand): each is
 * announced as it starts and as it progresses (the state watcher sees only other processes'
 * runs), and registered by run id so `cancelRun` can stop it. A run another process owns (the
 * CLI, a schedule elsewhere) is asked through the runs table instead: its progress reporter sees
 * the request on its next tick and cancels the run itself.
 */
export class AppRuns {
  private readonly controllers = new Map<string, AbortController>()

  public constructor(
    private readonly db: WritableDB,
    private readonly hub: EventHub
  ) {}

  /** Runs `body` with hooks that announce the run and tie it to its controller until it ends. */
  public async track<T>(jobId: string, mode: RunMode, body: (hooks: RunHooks) => Promise<T>): Promise<T> {
    const controller = new AbortController()
    let runId: string | null = null
    const announced = announcedRun(this.hub, jobId, mode)
    const hooks: RunHooks = {
      ...announced,
      signal: controller.signal,
      onRunStarted: id => {
        runId = id
        this.controllers.set(id, controller)
        announced.onRunStarted(id)
      },
    }
    try {
      return await body(hooks)
    } finally {
      if (runId !== null) this.controllers.delete(runId)
    }
  }

  /**
   * Records the request (so every process, and `provisioner runs`, sees it) and aborts the run
   * at once when this process runs it; false when the run is not running.
   */
  public cancel(runId: string): boolean {
    const requested = requestRunCancel(this.db, runId)
    const local = this.controllers.get(runId)
    if (local !== undefined && !local.signal.aborted) {
      local.abort(new RunCancelledError())
      return true
    }
    return requested
  }
}
