import type { WritableDB } from '../../store/database'
import { requestRunCancel } from '../../store/runs-store'

/**
 * The app's runs in flight, by run id, so `cancelRun` can stop them. A run another process owns
 * (the CLI, another app window) is asked through the runs table instead: its progress reporter
 * sees the request on its next tick and aborts the run itself.
 */
export class RunCancellations {
  private readonly controllers = new Map<string, AbortController>()

  public constructor(private readonly db: WritableDB) {}

  /** Ties a run this process started to its controller until `release`. */
  public register(runId: string, controller: AbortController): void {
    this.controllers.set(runId, controller)
  }

  public release(runId: string): void {
    this.controllers.delete(runId)
  }

  /**
   * Records the request (so every process and `provisioner runs` see it) and aborts the run at
   * once when this process runs it; false when the run is not running.
   */
  public cancel(runId: string): boolean {
    const requested = requestRunCancel(this.db, runId)
    const local = this.controllers.get(runId)
    if (local !== undefined && !local.signal.aborted) {
      local.abort(new Error('cancelled by the admin'))
      return true
    }
    return requested
  }
}
