import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { LogEntry } from '../../../main/ipc/api/contract'
import { ErrorBanner } from '../../components/error-banner'
import { useApi } from '../../lib/api-context'
import { useApiQuery } from '../../lib/use-api-query'
import { hrefFor } from '../../lib/use-hash-route'
import { LogEntryDetail } from './log-entry-detail'
import { LogFilters, filtersFromParams } from './log-filters'
import { LogTable } from './log-table'

const PAGE_SIZE = 100

interface Loaded {
  /** The filters these entries belong to; a page for old filters is never appended to new ones. */
  readonly key: string
  readonly entries: ReadonlyArray<LogEntry>
  readonly nextBeforeId: number | null
}

/** The provisioning log: filters in the URL, newest first, older entries by keyset "Load more". */
export function LogsPage(props: { readonly params: URLSearchParams }) {
  const { api } = useApi()
  const paramsText = props.params.toString()
  const filters = useMemo(() => filtersFromParams(new URLSearchParams(paramsText)), [paramsText])
  const key = JSON.stringify(filters)
  // Answers for filters the admin has since changed are dropped, whatever order they arrive in.
  const latestKey = useRef(key)
  latestKey.current = key
  const jobs = useApiQuery(() => api.listJobs(), [api])
  const [loaded, setLoaded] = useState<Loaded | null>(null)
  const [loading, setLoading] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const [selectedId, setSelectedId] = useState<number | null>(null)

  const loadPage = useCallback(
    async (beforeId: number | undefined, previous: ReadonlyArray<LogEntry>) => {
      setLoading(true)
      setError(null)
      try {
        const page = await api.queryLogs({ ...filters, beforeId, limit: PAGE_SIZE })
        if (latestKey.current === key) {
          setLoaded({ key, entries: [...previous, ...page.entries], nextBeforeId: page.nextBeforeId })
        }
      } catch (caught) {
        if (latestKey.current === key) setError(caught)
      } finally {
        if (latestKey.current === key) setLoading(false)
      }
    },
    [api, filters, key]
  )

  useEffect(() => {
    setLoaded(null)
    setSelectedId(null)
    void loadPage(undefined, [])
  }, [loadPage])

  const entries = loaded?.key === key ? loaded.entries : []
  const selected = entries.find(entry => entry.id === selectedId) ?? null

  return (
    <>
      <h1>Provisioning logs</h1>
      <LogFilters
        value={filters}
        jobs={jobs.state.status === 'ready' ? jobs.state.data : []}
        onChange={next => {
          window.location.hash = hrefFor(['logs'], { ...next })
        }}
      />
      {error !== null && <ErrorBanner error={error} />}
      <div className={selected === null ? 'logs-layout' : 'logs-layout with-detail'}>
        <section aria-label="Log entries" className="log-list" aria-busy={loading}>
          <p className="muted" aria-live="polite">
            {loaded === null || loaded.key !== key
              ? 'Loading…'
              : `${entries.length} ${entries.length === 1 ? 'entry' : 'entries'}${loaded.nextBeforeId === null ? '' : ' loaded'}`}
          </p>
          {loaded?.key === key && entries.length === 0 && (
            <p className="empty">No log entries match these filters.</p>
          )}
          {entries.length > 0 && (
            <LogTable entries={entries} selectedId={selectedId} onSelect={setSelectedId} />
          )}
          {loaded?.key === key && loaded.nextBeforeId !== null && (
            <button
              type="button"
              className="load-more"
              disabled={loading}
              onClick={() => void loadPage(loaded.nextBeforeId ?? undefined, entries)}
            >
              {loading ? 'Loading…' : 'Load more'}
            </button>
          )}
        </section>
        {selected !== null && <LogEntryDetail entry={selected} onClose={() => setSelectedId(null)} />}
      </div>
    </>
  )
}
