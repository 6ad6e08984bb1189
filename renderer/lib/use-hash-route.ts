import { useEffect, useState } from 'react'

export interface Route {
  /** Path segments after `#/`, decoded: `#/jobs/hr%20sync` → ['jobs', 'hr sync']. */
  readonly segments: ReadonlyArray<string>
  readonly params: URLSearchParams
}

/**
 * Hash routing: in-page navigation never leaves the document, so the main process can deny
 * every real navigation (`will-navigate`) without breaking the app.
 */
export function parseHash(hash: string): Route {
  const body = hash.replace(/^#\/?/, '')
  const [path = '', query = ''] = body.split('?', 2)
  const segments = path
    .split('/')
    .filter(segment => segment !== '')
    .map(segment => decodeURIComponent(segment))
  return { segments, params: new URLSearchParams(query) }
}

/** Builds `#/a/b?x=1`, dropping empty parameters. */
export function hrefFor(
  segments: ReadonlyArray<string>,
  params: Readonly<Record<string, string | undefined>> = {}
): string {
  const query = new URLSearchParams()
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') query.set(key, value)
  }
  const text = query.toString()
  return `#/${segments.map(encodeURIComponent).join('/')}${text === '' ? '' : `?${text}`}`
}

export function useHashRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(window.location.hash))
  useEffect(() => {
    const onChange = () => setRoute(parseHash(window.location.hash))
    window.addEventListener('hashchange', onChange)
    return () => window.removeEventListener('hashchange', onChange)
  }, [])
  return route
}
