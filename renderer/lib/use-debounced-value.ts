import { useEffect, useEffectEvent, useState } from 'react'

/**
 * `value`, once it has not changed for `delay` ms (an API call per pause in typing, not per key).
 * Values are compared by content (JSON), so a value rebuilt on every render (a form's watched
 * object) does not restart the wait.
 */
export function useDebouncedValue<T>(value: T, delay: number): T {
  const [settled, setSettled] = useState(value)
  const key = JSON.stringify(value) ?? ''
  // The value when the wait ends, without restarting the wait on a rebuilt but equal value.
  const settle = useEffectEvent(() => setSettled(value))
  useEffect(() => {
    const timer = setTimeout(() => settle(), delay)
    return () => clearTimeout(timer)
  }, [key, delay])
  return settled
}
