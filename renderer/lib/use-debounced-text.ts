import { useEffect, useState } from 'react'

/** The value once it has stopped changing for `ms` (search boxes ask the API once per pause). */
export function useDebouncedText(value: string, ms: number): string {
  const [settled, setSettled] = useState(value)
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms)
    return () => clearTimeout(timer)
  }, [value, ms])
  return settled
}
