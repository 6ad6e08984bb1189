import type { Link } from '../../model/link'
import type { CompiledObjectMappings } from './compile-job'
import { liveLink } from './links'
import { displayOf, mapSourceObject, type MapOptions, type MappedObject } from './map-object'
import type { TargetSnapshot } from './target-snapshot'

/**
 * Evaluates SelectUniqueValue mappings once the target's accounts are known (§A.3): each
 * candidate is free when no account holds it (by the attribute's case rule) and no one earlier
 * in this run took it, so two new hires never get the same generated userName. People who
 * already have an account keep theirs (the mappings apply on create only).
 */
export function resolveUniqueValues(
  mapped: ReadonlyArray<MappedObject>,
  compiled: CompiledObjectMappings,
  target: TargetSnapshot,
  links: ReadonlyMap<string, Link>,
  options: Pick<MapOptions, 'now' | 'random'>
): MappedObject[] {
  const taken = new Map<number, Set<string>>()
  return mapped.map(object => {
    if (object.deferred.length === 0) return object
    const link = liveLink(links.get(object.source.id))
    if (link !== null && target.get(link.targetId) !== undefined) {
      return { ...object, deferred: [] }
    }
    let result = object
    for (const mapping of object.deferred) {
      let claimed = taken.get(mapping.index)
      if (claimed === undefined) {
        claimed = new Set()
        taken.set(mapping.index, claimed)
      }
      const key = (value: string) => (mapping.caseExact ? value : value.toLowerCase())
      const chosen = mapSourceObject(object.source, compiled, {
        ...options,
        only: [mapping],
        isUnique: value => !claimed.has(key(value)) && target.lookup(mapping, value).length === 0,
      })
      for (const attribute of chosen.attributes) {
        if (typeof attribute.value === 'string') claimed.add(key(attribute.value))
      }
      result = {
        ...result,
        attributes: [...result.attributes, ...chosen.attributes],
        errors: [...result.errors, ...chosen.errors],
        errorCode: result.errorCode ?? chosen.errorCode,
      }
    }
    return { ...result, display: displayOf(object.source, result.attributes), deferred: [] }
  })
}
