import { resolve } from 'node:path'
import { CsvSource } from '../../../connectors/csv/csv-source'
import { JobFileError } from '../../../config/job-file-error'
import type { CsvSourceConfig } from '../../../config/job-schema'
import type { LoadedJob } from '../../../config/load-job'
import { checkReferencedAttributes, type CompiledJob } from '../../plan/compile-job'

/**
 * The job's CSV source, after checking that every column the job names exists (an unknown
 * attribute is refused before anything is read). The groups column is read like any other: the
 * groups are split from it (csv-groups.ts), so naming it for groups does not turn `[Department]`
 * into a list in the user mappings and scoping.
 */
export async function openCsvSource(
  job: LoadedJob,
  compiled: CompiledJob,
  config: CsvSourceConfig
): Promise<CsvSource> {
  const source = new CsvSource({
    path: resolve(job.directory, config.path),
    displayPath: config.path,
    idColumn: config.idColumn,
    delimiter: config.delimiter,
    encoding: config.encoding,
    multiValued: config.multiValued,
    emptyValues: config.emptyValues,
  })
  const header = await source.readHeader()
  checkReferencedAttributes(job, compiled.users, header, config.path)
  checkGroupColumn(job, header, config.path)
  return source
}

/** A groups column named in the job but missing from the file is a job-file error. */
function checkGroupColumn(job: LoadedJob, header: ReadonlyArray<string>, file: string): void {
  const column = job.config.groups?.fromColumn
  if (column === undefined || header.includes(column)) return
  throw new JobFileError([
    {
      file: job.displayFile,
      ...job.json.locate(['groups', 'fromColumn']),
      field: 'groups.fromColumn',
      message: `${file} has no column "${column}"; available: ${header.join(', ')}`,
    },
  ])
}
