import type { TargetResource } from '../../connectors/connector'
import { getPathValue } from '../../mapping/scim-path'
import type { CompiledMapping } from './compile-job'

/**
 * The target's accounts as read at the start of a run, with lookup indexes for the matching
 * attributes (built once per attribute, so matching 100,000 people is 100,000 map lookups).
 */
export class TargetSnapshot {
  private readonly byId = new Map<string, TargetResource>()
  private readonly indexes = new Map<CompiledMapping, Map<string, TargetResource[]>>()

  public constructor(resources: Iterable<TargetResource>) {
    for (const resource of resources) {
      this.byId.set(resource.id, resource)
    }
  }

  public get size(): number {
    return this.byId.size
  }

  public get(id: string): TargetResource | undefined {
    return this.byId.get(id)
  }

  public values(): IterableIterator<TargetResource> {
    return this.byId.values()
  }

  /** Accounts whose value at the mapping's target path equals `value` (by the attribute's case rule). */
  public lookup(mapping: CompiledMapping, value: string): ReadonlyArray<TargetResource> {
    let index = this.indexes.get(mapping)
    if (index === undefined) {
      index = this.buildIndex(mapping)
      this.indexes.set(mapping, index)
    }
    return index.get(indexKey(value, mapping.caseExact)) ?? []
  }

  private buildIndex(mapping: CompiledMapping): Map<string, TargetResource[]> {
    const index = new Map<string, TargetResource[]>()
    for (const resource of this.byId.values()) {
      const raw = getPathValue(resource, mapping.target)
      const values = Array.isArray(raw) ? raw : [raw]
      for (const value of values) {
        if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') continue
        const key = indexKey(String(value), mapping.caseExact)
        const list = index.get(key)
        if (list === undefined) {
          index.set(key, [resource])
        } else if (!list.includes(resource)) {
          list.push(resource)
        }
      }
    }
    return index
  }
}

function indexKey(value: string, caseExact: boolean): string {
  return caseExact ? value : value.toLowerCase()
}
