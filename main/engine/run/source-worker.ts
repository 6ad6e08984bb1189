/**
 * The source-reading thread (worker_threads): reads the job's source file, scopes and maps every
 * person, and posts them to the run in batches while the run's thread reads the target's
 * accounts. It compiles the same job as the run, so mappings are named by their place
 * (mapped-transfer.ts). Started by read-source-worker.ts; it writes nothing.
 */
import { parentPort, workerData } from 'node:worker_threads'
import type { JobConfig } from '../../config/job-schema'
import type { LoadedJob } from '../../config/load-job'
import { compileJob } from '../plan/compile-job'
import { mapSourceObject, type MappedObject } from '../plan/map-object'
import { openCsvSource } from './connectors/csv-source'
import { encodeError, mappedBatchEncoder } from './mapped-transfer'

/** What the run hands the thread: the job as loaded (its text positions stay with the run). */
export interface SourceWorkerInput {
  readonly job: Omit<LoadedJob, 'json'>
  /** People per message: large enough that posting costs little, small enough to overlap. */
  readonly batch: number
}

export type SourceWorkerMessage =
  /** A batch of people as one string (mapped-transfer.ts). */
  | { readonly type: 'people'; readonly people: string }
  | { readonly type: 'done'; readonly count: number }
  | { readonly type: 'error'; readonly error: ReturnType<typeof encodeError> }

/**
 * The run compiled and opened this job already, so positions are needed only if the file changed
 * in between: the message then names the job file without a line.
 */
const NO_POSITIONS: LoadedJob['json'] = {
  value: undefined,
  locate: () => ({ line: 1, column: 1 }),
  locateKey: () => ({ line: 1, column: 1 }),
  locateInString: () => ({ line: 1, column: 1 }),
}

async function readAndMap(
  input: SourceWorkerInput,
  post: (message: SourceWorkerMessage) => void
): Promise<void> {
  const job: LoadedJob = { ...input.job, config: input.job.config as JobConfig, json: NO_POSITIONS }
  const compiled = compileJob(job)
  const config = job.config.source
  // Only CSV sources are read here (readsSourceOnThread); opening one directly, not through the
  // connectors' factory, keeps the thread from loading every other connector (HTTP, LDAP…).
  if (config.type !== 'csv') throw new Error(`The source-reading thread reads CSV files, not ${config.type}`)
  const source = await openCsvSource(job, compiled, config)
  const encode = mappedBatchEncoder(compiled.users)
  const options = { now: () => new Date(), random: Math.random }
  let batch: MappedObject[] = []
  let count = 0
  // Leaving the loop, by its end or an error, closes the file (readUserBatches).
  for await (const objects of source.readUserBatches()) {
    for (const object of objects) {
      batch.push(mapSourceObject(object, compiled.users, options))
      count++
      if (batch.length >= input.batch) {
        post({ type: 'people', people: encode(batch) })
        batch = []
      }
    }
  }
  if (batch.length > 0) post({ type: 'people', people: encode(batch) })
  post({ type: 'done', count })
}

const port = parentPort
if (port !== null) {
  const post = (message: SourceWorkerMessage): void => port.postMessage(message)
  readAndMap(workerData as SourceWorkerInput, post).catch((error: unknown) => {
    post({ type: 'error', error: encodeError(error) })
  })
}
