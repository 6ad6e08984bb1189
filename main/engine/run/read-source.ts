import type { LoadedJob } from '../../config/load-job'
import type { SourceConnector } from '../../connectors/connector'
import type { CompiledJob } from '../plan/compile-job'
import { mapSourceObject, type MapOptions, type MappedObject } from '../plan/map-object'
import type { MappedGroup } from '../plan/plan-groups'
import type { OpenedSource } from './connectors/factory'
import { readMappedUsersOnThread } from './read-source-worker'

/** Reading the source on its own thread (read-source-worker.ts); `signal` ends the thread. */
export interface SourceThread {
  readonly job: LoadedJob
  readonly signal?: AbortSignal
}

/**
 * Every person of the source, scoped and mapped (the whole source is read before any write),
 * on the source-reading thread when `thread` is given.
 */
export async function readMappedUsers(
  source: SourceConnector,
  compiled: CompiledJob,
  options: MapOptions,
  thread: SourceThread | null = null
): Promise<MappedObject[]> {
  if (thread !== null) return readMappedUsersOnThread(thread.job, compiled.users, thread.signal)
  const mapped: MappedObject[] = []
  for await (const object of source.readUsers()) {
    mapped.push(mapSourceObject(object, compiled.users, options))
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
