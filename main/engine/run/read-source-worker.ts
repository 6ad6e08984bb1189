/**
 * Reading and mapping a large source file on its own thread (source-worker.ts), so the run's
 * thread is free to read the target's accounts at the same time: on a machine with two cores
 * a 100,000-person plan no longer parses the file between the target's pages.
 */
import { statSync } from 'node:fs'
import { resolve } from 'node:path'
import { Worker } from 'node:worker_threads'
import type { LoadedJob } from '../../config/load-job'
import type { CompiledObjectMappings } from '../plan/compile-job'
import type { MappedObject } from '../plan/map-object'
import { decodeError, mappedBatchDecoder } from './mapped-transfer'
import type { ReadWatch } from './read-source'
import type { SourceWorkerInput, SourceWorkerMessage } from './source-worker'
import { sourceWorkerEntry } from './source-worker-entry'

/** Smaller files are read on the run's thread: starting a thread would cost more than it saves. */
export const SOURCE_WORKER_MIN_BYTES = 4 * 1024 * 1024

/** People per message from the thread. */
const BATCH = 1000

/**
 * Whether to read the source on its own thread: a CSV file of at least `SOURCE_WORKER_MIN_BYTES`,
 * mapped with the real clock (a run given a fixed clock maps on its own thread, where the clock
 * lives). `PROVISIONER_SOURCE_WORKER` = `always` or `never` (the run's env, else the process's)
 * overrides the size rule.
 */
export function readsSourceOnThread(
  job: LoadedJob,
  clockInjected: boolean,
  env: NodeJS.ProcessEnv | undefined
): boolean {
  const source = job.config.source
  if (source.type !== 'csv' || clockInjected) return false
  const setting = env?.['PROVISIONER_SOURCE_WORKER'] ?? process.env['PROVISIONER_SOURCE_WORKER']
  if (setting === 'never' || setting === 'always') return setting === 'always'
  try {
    return statSync(resolve(job.directory, source.path)).size >= SOURCE_WORKER_MIN_BYTES
  } catch {
    return false
  }
}

/**
 * Every person of the job's source, scoped and mapped on the source-reading thread, in file
 * order. A source error is the one the run's thread would have thrown (file:line); a thread
 * that dies fails the read. The watch's signal ends the thread; `onRead` counts each batch.
 */
export function readMappedUsersOnThread(
  job: LoadedJob,
  compiled: CompiledObjectMappings,
  watch: ReadWatch = {},
  entry: URL = sourceWorkerEntry()
): Promise<MappedObject[]> {
  const input: SourceWorkerInput = {
    job: {
      id: job.id,
      config: job.config,
      file: job.file,
      displayFile: job.displayFile,
      directory: job.directory,
    },
    batch: BATCH,
  }
  const worker = new Worker(entry, { workerData: input })
  const decode = mappedBatchDecoder(compiled)
  const mapped: MappedObject[] = []
  const { signal, onRead } = watch
  return new Promise<MappedObject[]>((resolvePeople, reject) => {
    let settled = false
    const settle = (error: Error | null): void => {
      if (settled) return
      settled = true
      signal?.removeEventListener('abort', abort)
      void worker.terminate()
      if (error === null) resolvePeople(mapped)
      else reject(error)
    }
    const abort = (): void =>
      settle(signal?.reason instanceof Error ? signal.reason : new Error('The run was cancelled'))
    if (signal?.aborted === true) return abort()
    signal?.addEventListener('abort', abort, { once: true })
    worker.on('message', (message: SourceWorkerMessage) => {
      if (message.type === 'people') {
        // A batch that cannot be decoded fails the read and ends the thread, like a thread that died.
        try {
          for (const person of decode(message.people)) mapped.push(person)
        } catch (error) {
          return settle(threadFailed(`a batch it sent could not be read: ${messageOf(error)}`))
        }
        onRead?.(mapped.length)
      } else if (message.type === 'error') settle(decodeError(message.error))
      else if (message.count === mapped.length) settle(null)
      else settle(threadFailed(`it sent ${mapped.length} of ${message.count} people`))
    })
    worker.on('error', error => settle(threadFailed(error.message)))
    worker.on('exit', code => settle(threadFailed(`it stopped with exit code ${code}`)))
  })
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

function threadFailed(why: string): Error {
  return new Error(`The source could not be read: the thread reading it failed (${why}); nothing was changed`)
}
