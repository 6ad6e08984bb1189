import { databasePath } from '../../config/app-paths'
import { runScheduledJob, type ScheduledRunResult } from '../../schedule/scheduled-run'
import type { SecretStore } from '../../secrets/secret-store'
import { openDatabase, type WritableDB } from '../../store/database'
import type { HostInit } from './protocol'

/**
 * The runs the parent's scheduler asks for, done here so a large one never blocks the window or
 * the tray. They write through their own connection, opened at the first run: the host's state
 * watcher then sees them as another process's runs and announces their start, progress and end,
 * as it did when they ran in the parent (and as it does the CLI's).
 */
export class ScheduledRuns {
  private db: WritableDB | null = null
  private readonly inFlight = new Set<Promise<ScheduledRunResult>>()

  public constructor(
    private readonly init: HostInit,
    private readonly secrets: SecretStore
  ) {}

  /** Never throws: every way the run can end is a result (see `runScheduledJob`). */
  public run(jobId: string): Promise<ScheduledRunResult> {
    let running: Promise<ScheduledRunResult>
    try {
      this.db ??= openDatabase(databasePath(this.init.home), { nativeBinding: this.init.nativeBinding })
      running = runScheduledJob({ db: this.db, secrets: this.secrets, env: this.init.env }, jobId)
    } catch (error) {
      running = Promise.resolve({
        kind: 'failed',
        message: error instanceof Error ? error.message : String(error),
      })
    }
    this.inFlight.add(running)
    return running.finally(() => this.inFlight.delete(running))
  }

  /** Waits for the runs in flight (the parent kills a host that takes too long), then closes. */
  public async close(): Promise<void> {
    await Promise.allSettled([...this.inFlight])
    this.db?.close()
    this.db = null
  }
}
