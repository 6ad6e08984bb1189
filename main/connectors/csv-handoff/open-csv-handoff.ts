import { resolve } from 'node:path'
import type { CsvHandoffTargetConfig, MappingConfig } from '../../config/job-schema'
import type { HandoffLedger } from '../../model/handoff-ledger'
import { CsvHandoffTarget } from './csv-handoff-target'
import { type HandoffLayout, handoffLayout } from './handoff-rows'

/** What of a job the hand-off needs: its id and folder, the target, and the user mappings. */
export interface HandoffJob {
  readonly id: string
  /** The job file's folder: the target's `directory` is relative to it. */
  readonly directory: string
  readonly target: CsvHandoffTargetConfig
  readonly userMappings: ReadonlyArray<MappingConfig>
}

/**
 * The CSV hand-off target of a job (the one place it is built): files go to `directory`
 * (relative to the job file's folder), columns are the user mappings' targets in their order.
 */
export function openCsvHandoffTarget(job: HandoffJob & { readonly ledger: HandoffLedger }): CsvHandoffTarget {
  return new CsvHandoffTarget({
    config: job.target,
    directory: resolve(job.directory, job.target.directory),
    jobId: job.id,
    layout: csvHandoffLayout(job),
    ledger: job.ledger,
  })
}

/** The job's file layout (also for a dry run's preview of the rows). */
export function csvHandoffLayout(job: Pick<HandoffJob, 'target' | 'userMappings'>): HandoffLayout {
  return handoffLayout(
    job.target,
    job.userMappings.map(mapping => mapping.target)
  )
}
