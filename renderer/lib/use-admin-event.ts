import { useEffect, useEffectEvent } from 'react'
import type { AdminEvents, ApiEvent } from '../../main/ipc/api/contract'
import { useApi } from './api-context'

/** Calls `listener` for every `event` from main while the component is mounted. */
export function useAdminEvent<E extends ApiEvent>(
  event: E,
  listener: (payload: AdminEvents[E]) => void
): void {
  const { subscribe } = useApi()
  // Always the latest listener, without resubscribing on every render.
  const onEvent = useEffectEvent(listener)
  useEffect(() => subscribe(event, payload => onEvent(payload)), [subscribe, event])
}
