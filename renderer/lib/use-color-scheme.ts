import { useSyncExternalStore } from 'react'

export type ColorScheme = 'light' | 'dark'

const DARK = '(prefers-color-scheme: dark)'

function darkQuery(): MediaQueryList | null {
  return typeof window.matchMedia === 'function' ? window.matchMedia(DARK) : null
}

function subscribe(onChange: () => void): () => void {
  const query = darkQuery()
  query?.addEventListener('change', onChange)
  return () => query?.removeEventListener('change', onChange)
}

/** The OS's light or dark preference, live: switching the OS theme switches the app. */
export function useColorScheme(): ColorScheme {
  return useSyncExternalStore(subscribe, () => (darkQuery()?.matches === true ? 'dark' : 'light'))
}
