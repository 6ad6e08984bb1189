import type { TargetResource } from '../../connectors/connector'
import { getPathValue } from '../../mapping/scim-path'
import type { CompiledMapping } from './compile-job'

/**
 * The target's accounts as read at the start of a run, with lookup indexes for the matching
 * attributes (built once per attribute, so matching 100,000 people is 100,000 map lookups).
 */
export class TargetSnapshot {
  private readonly byId = new Map<string, TargetResource>()
  /** Per mapping: value → the account holding it, or every account when several do. */
  private readonly indexes = new Map<CompiledMapping, Map<string, TargetResource | TargetResource[]>>()

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
    const found = this.find(mapping, value)
    return found === undefined ? [] : severalAccounts(found) ? found : [found]
  }

  /**
   * As `lookup`, without a list for the common answers: the one account holding the value,
   * every account when several do, undefined when none does.
   */
  public find(
    mapping: CompiledMapping,
    value: string
  ): TargetResource | ReadonlyArray<TargetResource> | undefined {
    let index = this.indexes.get(mapping)
    if (index === undefined) {
      index = this.buildIndex(mapping)
      this.indexes.set(mapping, index)
    }
    return index.get(indexKey(value, mapping.caseExact))
  }

  /** A list only for a value several accounts hold: 100,000 accounts with a userName each keep none. */
  private buildIndex(mapping: CompiledMapping): Map<string, TargetResource | TargetResource[]> {
    const index = new Map<string, TargetResource | TargetResource[]>()
    for (const resource of this.byId.values()) {
      const raw = getPathValue(resource, mapping.target)
      const values = Array.isArray(raw) ? raw : [raw]
      for (const value of values) {
        if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') continue
        const key = indexKey(String(value), mapping.caseExact)
        const held = index.get(key)
        if (held === undefined) {
          index.set(key, resource)
        } else if (!Array.isArray(held)) {
          if (held !== resource) index.set(key, [held, resource])
        } else if (!held.includes(resource)) {
          held.push(resource)
        }
      }
    }
    return index
  }
}

/** Whether `find` answered with several accounts. */
export function severalAccounts(
  found: TargetResource | ReadonlyArray<TargetResource>
): found is ReadonlyArray<TargetResource> {
  return Array.isArray(found)
}

function indexKey(value: string, caseExact: boolean): string {
  return caseExact ? value : value.toLowerCase()
}
