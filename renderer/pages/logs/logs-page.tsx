import { Button, makeStyles, Text, tokens } from '@fluentui/react-components'
import { useMemo, useState } from 'react'
import { useSearchParams } from 'react-router'
import type { LogCount, LogEntry, LogQueryInput } from '../../../main/ipc/api/contract'
import { WithDetailPanel } from '../../components/detail-panel'
import { EmptyState } from '../../components/empty-state'
import { ErrorBanner } from '../../components/error-banner'
import { Loading } from '../../components/loading'
import { PageHeader } from '../../components/page-header'
import { useApi } from '../../lib/api-context'
import { apiQueryKey, useApiQuery } from '../../lib/queries'
import { useDocumentTitle } from '../../lib/use-document-title'
import { type PageCursor, useWindowedPages, type WindowPage } from '../../lib/use-windowed-pages'
import { LogEntryDetail } from './log-entry-detail'
import { LogExport } from './log-export'
import { filtersFromParams, LogFilters, type LogFilterValues } from './log-filters'
import { LogTable } from './log-table'

/** Entries per request: a screenful and some, so scrolling rarely waits. */
export const LOG_PAGE_SIZE = 100

const useStyles = makeStyles({
  count: { color: tokens.colorNeutralForeground3, margin: `0 0 ${tokens.spacingVerticalS}` },
})

/** The filtered log as a sliding window of pages, newest first (see useWindowedPages). */
function useLogWindow(filters: LogFilterValues) {
  const { api } = useApi()
  return useWindowedPages<LogEntry>({
    queryKey: apiQueryKey('queryLogs', { ...filters, limit: LOG_PAGE_SIZE }),
    fetchPage: async (cursor: PageCursor): Promise<WindowPage<LogEntry>> => {
      const input: LogQueryInput = { ...filters, limit: LOG_PAGE_SIZE }
      const page = await api.queryLogs(
        cursor === null
          ? input
          : 'below' in cursor
            ? { ...input, beforeId: cursor.below }
            : { ...input, afterId: cursor.above }
      )
      return { rows: page.entries, next: page.nextBeforeId, previous: page.previousAfterId }
    },
  })
}

/** "1,234 entries match" / "More than 100,000 entries match". */
export function countText(count: LogCount): string {
  const noun = count.count === 1 && !count.capped ? 'entry matches' : 'entries match'
  return `${count.capped ? 'More than ' : ''}${count.count.toLocaleString()} ${noun}`
}

/** The provisioning log: filters in the URL, one windowed table, one entry's details beside it. */
export function LogsPage() {
  const styles = useStyles()
  const [params, setParams] = useSearchParams()
  const filters = useMemo(() => filtersFromParams(params), [params])
  const jobs = useApiQuery('listJobs', undefined)
  const jobNames = useMemo(() => new Map((jobs.data ?? []).map(job => [job.id, job.name])), [jobs.data])
  useDocumentTitle('Logs', filters.jobId === undefined ? undefined : jobNames.get(filters.jobId))
  const logs = useLogWindow(filters)
  const count = useApiQuery('countLogs', filters)
  // The entry itself, not its id: the window may let go of its page while its details show.
  const [selected, setSelected] = useState<LogEntry | null>(null)
  // New filters clear the selection, during render rather than in an effect (no stale frame).
  const filterKey = JSON.stringify(filters)
  const [selectionFilterKey, setSelectionFilterKey] = useState(filterKey)
  if (selectionFilterKey !== filterKey) {
    setSelectionFilterKey(filterKey)
    setSelected(null)
  }
  const filtered = Object.keys(filters).length > 0
  const total = count.data === undefined || count.data.capped ? -1 : count.data.count

  return (
    <>
      <PageHeader
        title="Provisioning logs"
        actions={<LogExport filters={filters} disabled={count.data?.count === 0} />}
      />
      <LogFilters
        value={filters}
        jobs={jobs.data ?? []}
        onChange={next =>
          setParams(Object.fromEntries(Object.entries(next).filter(([, value]) => value !== undefined)))
        }
      />
      {logs.isError && <ErrorBanner error={logs.error} />}
      {count.isError && <ErrorBanner error={count.error} title="The entries could not be counted" />}
      <Text as="p" role="status" className={styles.count}>
        {count.data === undefined ? 'Counting…' : countText(count.data)}
      </Text>
      <WithDetailPanel
        panel={
          selected !== null && (
            <LogEntryDetail
              entry={selected}
              jobName={jobNames.get(selected.jobId)}
              onClose={() => setSelected(null)}
            />
          )
        }
      >
        {logs.isPending && <Loading />}
        {logs.isSuccess && logs.rows.length === 0 && (
          <EmptyState
            title={filtered ? 'No log entries match these filters' : 'No log entries yet'}
            action={filtered ? <Button onClick={() => setParams({})}>Clear filters</Button> : undefined}
          >
            {filtered
              ? 'Widen the filters: a name matches by any part of it, an id only in full.'
              : 'Each applied run writes one entry per person or group it processed. Open a job, preview it, then apply it with the provisioner command line.'}
          </EmptyState>
        )}
        {logs.rows.length > 0 && (
          <LogTable
            entries={logs.rows}
            jobNames={jobNames}
            total={total}
            selectedId={selected?.id ?? null}
            onSelect={id => setSelected(logs.rows.find(entry => entry.id === id) ?? null)}
            onEndReached={logs.loadNext}
            onStartReached={logs.loadPrevious}
            busy={logs.isFetching}
          />
        )}
      </WithDetailPanel>
    </>
  )
}
