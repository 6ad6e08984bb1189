import { useEffect, useRef } from 'react'
import type { AdminEvents, ApiEvent } from '../../main/ipc/api/contract'
import { useApi } from './api-context'

/** Calls `listener` for every `event` from main while the component is mounted. */
export function useAdminEvent<E extends ApiEvent>(
  event: E,
  listener: (payload: AdminEvents[E]) => void
): void {
  const { subscribe } = useApi()
  // The latest listener, without resubscribing on every render.
  const latest = useRef(listener)
  latest.current = listener
  useEffect(() => subscribe(event, payload => latest.current(payload)), [subscribe, event])
}
