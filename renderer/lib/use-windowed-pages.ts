import { type QueryKey, useInfiniteQuery } from '@tanstack/react-query'
import { useCallback, useMemo } from 'react'

/** Where a page starts: the first page, below an id (scrolling down) or above one (back up). */
export type PageCursor = { readonly below: number } | { readonly above: number } | null

/** One page as the API returns it, with the cursors of its neighbours (null: none that way). */
export interface WindowPage<Row> {
  readonly rows: ReadonlyArray<Row>
  readonly next: number | null
  readonly previous: number | null
}

/** Pages held at once: a few screens; whatever was scrolled past further is read again if needed. */
export const WINDOW_PAGES = 5

/**
 * A server-side paged list read as a sliding window: the next page loads as the end comes into
 * view and the previous one as the start does, and at most `maxPages` pages are held. However
 * far an admin scrolls through a million entries, the page holds a few hundred rows, so every
 * click and keystroke costs the same.
 *
 * Keyed like every query (method and input), so the events that refresh a method's answers
 * refresh this list too.
 */
export function useWindowedPages<Row>(options: {
  readonly queryKey: QueryKey
  readonly fetchPage: (cursor: PageCursor) => Promise<WindowPage<Row>>
  readonly maxPages?: number
  readonly enabled?: boolean
}) {
  const query = useInfiniteQuery({
    queryKey: options.queryKey,
    queryFn: ({ pageParam }) => options.fetchPage(pageParam),
    initialPageParam: null as PageCursor,
    getNextPageParam: (page: WindowPage<Row>): PageCursor | undefined =>
      page.next === null ? undefined : { below: page.next },
    getPreviousPageParam: (page: WindowPage<Row>): PageCursor | undefined =>
      page.previous === null ? undefined : { above: page.previous },
    maxPages: options.maxPages ?? WINDOW_PAGES,
    enabled: options.enabled ?? true,
  })
  const rows = useMemo(() => query.data?.pages.flatMap(page => page.rows) ?? [], [query.data])
  const { hasNextPage, hasPreviousPage, isFetchingNextPage, isFetchingPreviousPage } = query
  const { fetchNextPage, fetchPreviousPage } = query
  const busy = isFetchingNextPage || isFetchingPreviousPage
  const loadNext = useCallback(() => {
    if (hasNextPage && !busy) void fetchNextPage()
  }, [hasNextPage, busy, fetchNextPage])
  const loadPrevious = useCallback(() => {
    if (hasPreviousPage && !busy) void fetchPreviousPage()
  }, [hasPreviousPage, busy, fetchPreviousPage])
  return { ...query, rows, loadNext, loadPrevious }
}
