/**
 * Lazily computed fields that keep objects compact. An object literal's getters are closures of
 * their own, and V8 keeps every such object in slow dictionary mode (~1 kB for a planned
 * operation); a getter defined here is one function shared by every object, so objects built
 * the same way share one hidden class. The field stays an own enumerable property: a spread,
 * JSON.stringify or Object.keys see it as before (and a spread runs it, as for any getter).
 */

const THUNKS = Symbol('lazy fields')

/** A field's value once read, or how to compute it. */
type Entry = (() => unknown) | { readonly value: unknown }

type WithThunks = { [THUNKS]: Record<string, Entry> }

/** The shared getters, by field: computed once (kept), or on every read. */
const keptGetters = new Map<string, PropertyDescriptor>()
const freshGetters = new Map<string, PropertyDescriptor>()

/** The getter of `field`, shared by every object; `keep`: computed once, else on every read. */
function descriptor(field: string, keep: boolean): PropertyDescriptor {
  const getters = keep ? keptGetters : freshGetters
  let found = getters.get(field)
  if (found === undefined) {
    found = {
      enumerable: true,
      configurable: true,
      get(this: WithThunks): unknown {
        const thunks = this[THUNKS]
        const entry = thunks[field] as Entry
        if (typeof entry !== 'function') return entry.value
        const value = entry()
        if (keep) thunks[field] = { value }
        return value
      },
    }
    getters.set(field, found)
  }
  return found
}

/**
 * Defines `field` on `target` as a getter computed by `compute` on first read (then kept; with
 * `keep: false`, computed on every read). Define fields in the same order on objects of a kind.
 */
export function defineLazy(target: object, field: string, compute: () => unknown, keep = true): void {
  const holder = target as Partial<WithThunks>
  if (holder[THUNKS] === undefined) {
    Object.defineProperty(target, THUNKS, {
      value: {},
      enumerable: false,
      writable: false,
      configurable: false,
    })
  }
  ;(holder as WithThunks)[THUNKS][field] = compute
  Object.defineProperty(target, field, descriptor(field, keep))
}
