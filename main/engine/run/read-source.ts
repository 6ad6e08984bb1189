import type { SourceConnector } from '../../connectors/connector'
import type { CompiledJob } from '../plan/compile-job'
import { mapSourceObject, type MapOptions, type MappedObject } from '../plan/map-object'
import type { MappedGroup } from '../plan/plan-groups'
import type { OpenedSource } from './connectors/factory'

/** How a read is watched: cancelled between objects, and counted as it goes. */
export interface ReadWatch {
  /** Aborted: the read stops at the next object, throwing the signal's reason. */
  readonly signal?: AbortSignal
  /** Objects read so far, after each one. */
  readonly onRead?: (count: number) => void
}

/** Every person of the source, scoped and mapped (the whole source is read before any write). */
export async function readMappedUsers(
  source: SourceConnector,
  compiled: CompiledJob,
  options: MapOptions,
  watch: ReadWatch = {}
): Promise<MappedObject[]> {
  const mapped: MappedObject[] = []
  for await (const object of source.readUsers()) {
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
