import { loadJobFile } from '../config/load-job'
import { runJob } from '../engine/run/run-job'
import { assertNoRunInProgress, RunInProgressError } from '../engine/run/run-lock'
import type { EventHub } from '../ipc/api/event-hub'
import { announcedRun } from '../ipc/run/app-runs'
import type { RunStatus, RunSummary } from '../model/run'
import type { SecretStore } from '../secrets/secret-store'
import type { WritableDB } from '../store/database'
import { getJob } from '../store/jobs-store'

/** How one unattended run ended. */
export type ScheduledRunResult =
  | {
      readonly kind: 'ran'
      readonly runId: string
      readonly status: Exclude<RunStatus, 'running'>
      readonly summary: RunSummary
      readonly failed: number
    }
  /** Nothing ran, on purpose: a quarantine backoff, another run of the job in progress. */
  | { readonly kind: 'skipped'; readonly reason: string }
  /** The run could not start or stopped with an error (job file, source, credentials, target). */
  | { readonly kind: 'failed'; readonly message: string }

export interface ScheduledRunDependencies {
  readonly db: WritableDB
  readonly secrets: SecretStore
  /** Told when a run ends, so open screens refresh. */
  readonly hub?: EventHub
  readonly env?: NodeJS.ProcessEnv
}

/**
 * Runs a job unattended, exactly as `provisioner apply --job FILE --scheduled` does: the job file
 * as it is now, applied without a prompt; a quarantined job waits out its backoff, escrowed
 * objects wait for their retry time, and a failure alerts the job's webhook (runJob does all of
 * that for `scheduled: true`).
 *
 * Never throws: every way it can end is a result the app can show and notify.
 */
export async function runScheduledJob(
  deps: ScheduledRunDependencies,
  jobId: string
): Promise<ScheduledRunResult> {
  try {
    const record = getJob(deps.db, jobId)
    if (record?.configPath == null) {
      return { kind: 'failed', message: `Job "${jobId}" has no job file on record` }
    }
    const job = loadJobFile(record.configPath)
    if (job.id !== jobId) {
      return {
        kind: 'failed',
        message: `The job file ${record.configPath} now defines job "${job.id}", not "${jobId}"`,
      }
    }
    if (job.config.schedule === undefined) {
      return { kind: 'skipped', reason: 'The job file no longer has a schedule' }
    }
    // Checked before the engine, whose lock refuses too but would count it as a failed run.
    assertNoRunInProgress(deps.db, jobId, job.displayFile)
    const outcome = await runJob({
      // The app's Cancel reaches a scheduled run through the runs table (see AppRuns.cancel).
      ...(deps.hub === undefined ? {} : announcedRun(deps.hub, jobId, 'apply')),
      job,
      db: deps.db,
      secrets: deps.secrets,
      mode: 'apply',
      scheduled: true,
      env: deps.env,
    })
    if (outcome.skipped !== null || outcome.runId === null) {
      return { kind: 'skipped', reason: outcome.skipped ?? 'The run did not start' }
    }
    deps.hub?.emit('runFinished', {
      runId: outcome.runId,
      jobId,
      mode: outcome.mode,
      status: outcome.status,
      summary: outcome.summary,
    })
    return {
      kind: 'ran',
      runId: outcome.runId,
      status: outcome.status,
      summary: outcome.summary,
      failed: outcome.failures.length,
    }
  } catch (error) {
    if (error instanceof RunInProgressError) return { kind: 'skipped', reason: error.message }
    return { kind: 'failed', message: error instanceof Error ? error.message : String(error) }
  }
}
