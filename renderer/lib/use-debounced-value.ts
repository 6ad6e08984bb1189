import { useEffect, useRef, useState } from 'react'

/**
 * `value`, once it has not changed for `delay` ms (an API call per pause in typing, not per key).
 * Values are compared by content (JSON), so a value rebuilt on every render (a form's watched
 * object) does not restart the wait.
 */
export function useDebouncedValue<T>(value: T, delay: number): T {
  const [settled, setSettled] = useState(value)
  const key = JSON.stringify(value) ?? ''
  const latest = useRef(value)
  latest.current = value
  useEffect(() => {
    const timer = setTimeout(() => setSettled(latest.current), delay)
    return () => clearTimeout(timer)
  }, [key, delay])
  return settled
}
