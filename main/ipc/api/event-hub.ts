import type { AdminEvents, ApiEvent } from './contract'

type Listener<E extends ApiEvent> = (payload: AdminEvents[E]) => void

/**
 * Typed fan-out of `AdminEvents` from the API to every transport (IPC windows, SSE clients).
 *
 * A listener that throws is isolated: one broken client never stops delivery to the others.
 */
export class EventHub {
  private readonly listeners = new Map<ApiEvent, Set<Listener<ApiEvent>>>()

  /** Adds a listener; returns the function that removes it. */
  public on<E extends ApiEvent>(event: E, listener: Listener<E>): () => void {
    let set = this.listeners.get(event)
    if (set === undefined) {
      set = new Set()
      this.listeners.set(event, set)
    }
    const stored = listener as Listener<ApiEvent>
    set.add(stored)
    return () => {
      set.delete(stored)
    }
  }

  public emit<E extends ApiEvent>(event: E, payload: AdminEvents[E]): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) {
      try {
        listener(payload)
      } catch {
        // Delivery is best effort per client; the emitter must not fail because a client did.
      }
    }
  }

  /** Number of listeners for an event (tests and diagnostics). */
  public listenerCount(event: ApiEvent): number {
    return this.listeners.get(event)?.size ?? 0
  }
}
