import { useCallback, useEffect, useState } from 'react'

/** The value once it has stopped changing for `ms` (search boxes ask the API once per pause). */
export function useDebouncedText(value: string, ms: number): string {
  return useSettledText(value, ms)[0]
}

/**
 * As `useDebouncedText`, with `settleNow` for a search box's Enter: the admin who presses it
 * asks for the answer now, not after the pause.
 */
export function useSettledText(value: string, ms: number): readonly [settled: string, settleNow: () => void] {
  const [settled, setSettled] = useState(value)
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms)
    return () => clearTimeout(timer)
  }, [value, ms])
  const settleNow = useCallback(() => setSettled(value), [value])
  return [settled, settleNow]
}
