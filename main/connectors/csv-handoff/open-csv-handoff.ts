import { resolve } from 'node:path'
import type { CsvHandoffTargetConfig, MappingConfig } from '../../config/job-schema'
import type { HandoffLedger } from '../../model/handoff-ledger'
import { CsvHandoffTarget } from './csv-handoff-target'
import { handoffLayout } from './handoff-rows'

/**
 * The CSV hand-off target of a job (the one place it is built): files go to `directory`
 * (relative to the job file's folder), columns are the user mappings' targets in their order.
 */
export function openCsvHandoffTarget(job: {
  readonly id: string
  readonly directory: string
  readonly target: CsvHandoffTargetConfig
  readonly userMappings: ReadonlyArray<MappingConfig>
  readonly ledger: HandoffLedger
}): CsvHandoffTarget {
  return new CsvHandoffTarget({
    config: job.target,
    directory: resolve(job.directory, job.target.directory),
    jobId: job.id,
    layout: handoffLayout(
      job.target,
      job.userMappings.map(mapping => mapping.target)
    ),
    ledger: job.ledger,
  })
}
