/**
 * How many resources to ask for per page when listing a SCIM server and the job sets no
 * `target.pageSize`: the largest page the server allows, so reading 100,000 accounts takes 100
 * requests rather than 1,000.
 */

/** The most asked for in one page, whatever the server allows (a page is held in memory whole). */
export const MAX_PAGE_SIZE = 10_000

/**
 * Asked for when the server's ServiceProviderConfig names no maximum: servers that allow fewer
 * cap the page (the listing follows what they return), and one that refuses it outright
 * (400) is asked again with FALLBACK_PAGE_SIZE.
 */
export const UNKNOWN_LIMIT_PAGE_SIZE = 1000

/** RFC 7644 §3.4.2.4's usual default, asked for after a server refused the larger page. */
export const FALLBACK_PAGE_SIZE = 100

/** `target.pageSize` as the connector takes it: a number the job (or its app template) set, or the server's largest. */
export type PageSizeSetting = number | 'largest'

export interface PageSizeChoice {
  readonly count: number
  /** Where it comes from, for the decision to fall back after a 400: only a guess may be lowered. */
  readonly basis: 'job' | 'server' | 'guess'
}

/** The `count` to ask for, from the job's setting and the body of GET /ServiceProviderConfig (null: not readable). */
export function choosePageSize(setting: PageSizeSetting, serviceProviderConfig: unknown): PageSizeChoice {
  if (setting !== 'largest') return { count: setting, basis: 'job' }
  const maxResults = maxResultsOf(serviceProviderConfig)
  if (maxResults === null) return { count: UNKNOWN_LIMIT_PAGE_SIZE, basis: 'guess' }
  return { count: Math.min(maxResults, MAX_PAGE_SIZE), basis: 'server' }
}

/** `filter.maxResults` (RFC 7643 §5) when it is a positive whole number; anything else says nothing. */
function maxResultsOf(config: unknown): number | null {
  if (typeof config !== 'object' || config === null) return null
  const filter = (config as { filter?: unknown }).filter
  if (typeof filter !== 'object' || filter === null) return null
  const maxResults = (filter as { maxResults?: unknown }).maxResults
  return typeof maxResults === 'number' && Number.isSafeInteger(maxResults) && maxResults >= 1
    ? maxResults
    : null
}

/**
 * The size of a full page as the server pages: what was asked, or less once a page came back
 * shorter while the server's total says more remain (it caps `count`). A page that size may not
 * be the last even where `totalResults` says so (some servers report the page size as the total).
 */
export function fullPageSize(current: number, returned: number, moreRemain: boolean): number {
  return moreRemain && returned > 0 && returned < current ? returned : current
}
