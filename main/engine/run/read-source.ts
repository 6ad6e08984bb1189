import type { LoadedJob } from '../../config/load-job'
import type { SourceConnector } from '../../connectors/connector'
import type { CompiledJob } from '../plan/compile-job'
import { mapSourceObject, type MapOptions, type MappedObject } from '../plan/map-object'
import type { MappedGroup } from '../plan/plan-groups'
import type { OpenedSource } from './connectors/factory'
import { readMappedUsersOnThread } from './read-source-worker'

/** How a read is watched: cancelled between objects, and counted as it goes. */
export interface ReadWatch {
  /** Aborted: the read stops at the next object, throwing the signal's reason. */
  readonly signal?: AbortSignal
  /** Objects read so far, after each one. */
  readonly onRead?: (count: number) => void
}

/** Reading the source on its own thread (read-source-worker.ts). */
export interface SourceThread {
  readonly job: LoadedJob
}

/**
 * Every person of the source, scoped and mapped (the whole source is read before any write),
 * on the source-reading thread when `thread` is given.
 */
export async function readMappedUsers(
  source: SourceConnector,
  compiled: CompiledJob,
  options: MapOptions,
  watch: ReadWatch = {},
  thread: SourceThread | null = null
): Promise<MappedObject[]> {
  if (thread !== null) return readMappedUsersOnThread(thread.job, compiled.users, watch)
  const mapped: MappedObject[] = []
  for await (const object of source.readUsers({ signal: watch.signal })) {
    // Leaving the loop closes the connector's reader (a file, a paged query) on its way out.
    watch.signal?.throwIfAborted()
    mapped.push(mapSourceObject(object, compiled.users, options))
    watch.onRead?.(mapped.length)
  }
  return mapped
}

/** The source's groups, mapped. Empty when the job has no groups. */
export async function readMappedGroups(
  source: OpenedSource,
  compiled: CompiledJob,
  users: ReadonlyArray<MappedObject>,
  options: MapOptions
): Promise<MappedGroup[]> {
  const groupMappings = compiled.groups
  if (groupMappings === null) return []
  const groups = await source.readGroups(users.map(user => user.source))
  return groups.map(group => ({ group, mapped: mapSourceObject(group, groupMappings, options) }))
}
