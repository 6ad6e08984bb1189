/**
 * Lazily computed fields that keep objects compact. An object literal's getters are closures of
 * their own, and V8 keeps every such object in slow dictionary mode (~1 kB for a planned
 * operation); a field made here has one getter shared by every object, and each object keeps
 * only the state its fields are computed from, so objects built the same way share one hidden
 * class and allocate no closure per field. The field stays an own enumerable property: a
 * spread, JSON.stringify or Object.keys see it as before (and a spread runs it, as for any getter).
 */

const STATE = Symbol('lazy fields state')

type WithState<S> = { readonly [STATE]: S }

const STATE_DESCRIPTOR: PropertyDescriptor = { value: undefined, enumerable: false, writable: false }

/** A lazily computed field: `define` adds it to an object, computed from that object's state. */
export interface LazyField<S extends object> {
  /**
   * Adds the field to `target`, computed from `state`. Every lazy field of an object shares its
   * first field's state; a kept field stores its value in the state (under a symbol of its own).
   */
  define(target: object, state: S): void
}

/**
 * A field named `name`, computed by `compute` on first read and then kept (`keep: false`: on
 * every read, and the state is never written). Make each field once, at module level.
 */
export function lazyField<S extends object>(
  name: string,
  compute: (state: S) => unknown,
  keep = true
): LazyField<S> {
  const cached = Symbol(name)
  const descriptor: PropertyDescriptor = {
    enumerable: true,
    configurable: true,
    get(this: WithState<S & { [cached]?: { readonly value: unknown } }>): unknown {
      const state = this[STATE]
      if (!keep) return compute(state)
      const found = state[cached]
      if (found !== undefined) return found.value
      const value = compute(state)
      state[cached] = { value }
      return value
    },
  }
  return {
    define(target: object, state: S): void {
      if (!(STATE in target)) {
        // One descriptor for every object: 100,000s of operations allocate none of their own.
        STATE_DESCRIPTOR.value = state
        Object.defineProperty(target, STATE, STATE_DESCRIPTOR)
        STATE_DESCRIPTOR.value = undefined
      }
      Object.defineProperty(target, name, descriptor)
    },
  }
}
