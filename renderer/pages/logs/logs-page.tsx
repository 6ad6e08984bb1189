import { Button, makeStyles, Text, tokens } from '@fluentui/react-components'
import { useInfiniteQuery } from '@tanstack/react-query'
import { useCallback, useMemo, useState } from 'react'
import { useSearchParams } from 'react-router'
import type { LogPage } from '../../../main/ipc/api/contract'
import { WithDetailPanel } from '../../components/detail-panel'
import { EmptyState } from '../../components/empty-state'
import { ErrorBanner } from '../../components/error-banner'
import { Loading } from '../../components/loading'
import { PageHeader } from '../../components/page-header'
import { useApi } from '../../lib/api-context'
import { apiQueryKey, useApiQuery } from '../../lib/queries'
import { useDocumentTitle } from '../../lib/use-document-title'
import { LogEntryDetail } from './log-entry-detail'
import { filtersFromParams, LogFilters, type LogFilterValues } from './log-filters'
import { LogTable } from './log-table'

/** Entries per request: a screenful and some, so scrolling rarely waits. */
const PAGE_SIZE = 100

const useStyles = makeStyles({
  count: { color: tokens.colorNeutralForeground3, margin: `0 0 ${tokens.spacingVerticalS}` },
  more: { marginTop: tokens.spacingVerticalM },
})

/** Pages of entries for the filters, newest first; older pages by keyset, on request or on scroll. */
function useLogPages(filters: LogFilterValues) {
  const { api } = useApi()
  return useInfiniteQuery({
    // Keyed like every query (method, input); a page's `beforeId` is its page param.
    queryKey: apiQueryKey('queryLogs', { ...filters, limit: PAGE_SIZE }),
    queryFn: ({ pageParam }): Promise<LogPage> =>
      api.queryLogs({
        ...filters,
        limit: PAGE_SIZE,
        ...(pageParam === undefined ? {} : { beforeId: pageParam }),
      }),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: page => page.nextBeforeId ?? undefined,
  })
}

/** The provisioning log: filters in the URL, a virtualised table, one entry's details beside it. */
export function LogsPage() {
  const styles = useStyles()
  const [params, setParams] = useSearchParams()
  const filters = useMemo(() => filtersFromParams(params), [params])
  const jobs = useApiQuery('listJobs', undefined)
  const jobName = jobs.data?.find(job => job.id === filters.jobId)?.name
  useDocumentTitle('Logs', jobName)
  const logs = useLogPages(filters)
  const entries = useMemo(() => logs.data?.pages.flatMap(page => page.entries) ?? [], [logs.data])
  const [selectedId, setSelectedId] = useState<number | null>(null)
  // New filters clear the selection, during render rather than in an effect (no stale frame).
  const filterKey = JSON.stringify(filters)
  const [selectionFilterKey, setSelectionFilterKey] = useState(filterKey)
  if (selectionFilterKey !== filterKey) {
    setSelectionFilterKey(filterKey)
    setSelectedId(null)
  }
  const selected = entries.find(entry => entry.id === selectedId) ?? null
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = logs
  const loadMore = useCallback(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage()
  }, [hasNextPage, isFetchingNextPage, fetchNextPage])
  const filtered = Object.keys(filters).length > 0

  return (
    <>
      <PageHeader title="Provisioning logs" />
      <LogFilters
        value={filters}
        jobs={jobs.data ?? []}
        onChange={next =>
          setParams(Object.fromEntries(Object.entries(next).filter(([, value]) => value !== undefined)))
        }
      />
      {logs.isError && <ErrorBanner error={logs.error} />}
      <Text as="p" role="status" className={styles.count}>
        {logs.isPending
          ? 'Loading…'
          : `${entries.length} ${entries.length === 1 ? 'entry' : 'entries'}${hasNextPage ? ' loaded; scroll or choose "Load more" for older ones' : ''}`}
      </Text>
      <WithDetailPanel
        panel={selected !== null && <LogEntryDetail entry={selected} onClose={() => setSelectedId(null)} />}
      >
        {logs.isPending && <Loading />}
        {logs.isSuccess && entries.length === 0 && (
          <EmptyState
            title={filtered ? 'No log entries match these filters' : 'No log entries yet'}
            action={filtered ? <Button onClick={() => setParams({})}>Clear filters</Button> : undefined}
          >
            {filtered
              ? 'Widen the filters: a name matches from its start, an id only in full.'
              : 'Each applied run writes one entry per person or group it processed. Open a job, preview it, then apply it with the provisioner command line.'}
          </EmptyState>
        )}
        {entries.length > 0 && (
          <LogTable
            entries={entries}
            more={hasNextPage}
            selectedId={selectedId}
            onSelect={setSelectedId}
            onEndReached={loadMore}
            busy={logs.isFetching}
          />
        )}
        {hasNextPage && (
          <Button className={styles.more} disabled={isFetchingNextPage} onClick={() => void fetchNextPage()}>
            {isFetchingNextPage ? 'Loading…' : 'Load more'}
          </Button>
        )}
      </WithDetailPanel>
    </>
  )
}
