import { type DependencyList, useCallback, useEffect, useState } from 'react'

export type QueryState<T> =
  | { readonly status: 'loading' }
  | { readonly status: 'error'; readonly error: unknown }
  | { readonly status: 'ready'; readonly data: T }

/**
 * Loading/error/data around one api call, re-run when `deps` change or `reload()` is called.
 *
 * A result that arrives after the inputs changed is dropped, so a slow answer never overwrites
 * a newer one.
 */
export function useApiQuery<T>(
  load: () => Promise<T>,
  deps: DependencyList
): { readonly state: QueryState<T>; readonly reload: () => void } {
  const [state, setState] = useState<QueryState<T>>({ status: 'loading' })
  const [generation, setGeneration] = useState(0)
  useEffect(() => {
    let current = true
    setState(previous => (previous.status === 'ready' ? previous : { status: 'loading' }))
    load().then(
      data => current && setState({ status: 'ready', data }),
      (error: unknown) => current && setState({ status: 'error', error })
    )
    return () => {
      current = false
    }
    // `load` is a fresh closure each render; `deps` say when it means something new.
  }, [...deps, generation])
  const reload = useCallback(() => setGeneration(value => value + 1), [])
  return { state, reload }
}
