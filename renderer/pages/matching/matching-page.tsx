import {
  Button,
  makeStyles,
  MessageBar,
  MessageBarBody,
  SearchBox,
  Tab,
  TabList,
  Text,
  tokens,
} from '@fluentui/react-components'
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query'
import { useCallback, useState } from 'react'
import { useParams, useSearchParams } from 'react-router'
import { WORKBENCH_TABS, type WorkbenchTab } from '../../../main/ipc/api/contract'
import { jobPath, OVERVIEW_PATH } from '../../app/paths'
import { Breadcrumb } from '../../components/breadcrumb'
import { DetailPanel, WithDetailPanel } from '../../components/detail-panel'
import { EmptyState } from '../../components/empty-state'
import { ErrorBanner } from '../../components/error-banner'
import { Loading } from '../../components/loading'
import { PageHeader } from '../../components/page-header'
import { TimeText } from '../../components/time-text'
import { useApi } from '../../lib/api-context'
import { downloadText } from '../../lib/download-text'
import { useApiQuery } from '../../lib/queries'
import { useDebouncedText } from '../../lib/use-debounced-text'
import { useDocumentTitle } from '../../lib/use-document-title'
import { MatchDetail } from './matching-detail'
import { TAB_LABELS } from './matching-labels'
import { MatchingTable } from './matching-table'

const PAGE = 200

const useStyles = makeStyles({
  toolbar: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalM },
  search: { width: '22rem', maxWidth: '100%' },
  // Seven tabs with counts do not fit 1024 px on one line: they wrap rather than run off the page.
  tabs: { flexWrap: 'wrap' },
  help: { color: tokens.colorNeutralForeground3, margin: 0 },
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
})

/** `#/jobs/:jobId/matching?tab=ambiguous` */
export function MatchingRoute() {
  const { jobId = '' } = useParams()
  return <MatchingPage key={jobId} jobId={jobId} />
}

function isTab(value: string | null): value is WorkbenchTab {
  return value !== null && (WORKBENCH_TABS as ReadonlyArray<string>).includes(value)
}

/** The matching workbench: the source people against the app's existing accounts, before any write. */
export function MatchingPage(props: { readonly jobId: string }) {
  const styles = useStyles()
  const { api } = useApi()
  const client = useQueryClient()
  const { jobId } = props
  const [params, setParams] = useSearchParams()
  const tabParam = params.get('tab')
  const tab: WorkbenchTab = isTab(tabParam) ? tabParam : 'matched'
  const [searchText, setSearchText] = useState('')
  const search = useDebouncedText(searchText.trim(), 250)
  const [selectedKey, setSelectedKey] = useState<string | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const jobs = useApiQuery('listJobs', undefined)
  const job = jobs.data?.find(candidate => candidate.id === jobId)
  useDocumentTitle(`Matching · ${job?.name ?? jobId}`, 'Job')

  const input = { jobId, tab, ...(search === '' ? {} : { search }) }
  const pages = useInfiniteQuery({
    queryKey: ['getMatchingWorkbench', input],
    queryFn: ({ pageParam }) => api.getMatchingWorkbench({ ...input, offset: pageParam, limit: PAGE }),
    initialPageParam: 0,
    getNextPageParam: (last, all) => {
      const loaded = all.reduce((sum, page) => sum + page.rows.length, 0)
      return loaded < last.total ? loaded : undefined
    },
  })
  const reread = useMutation({
    mutationFn: () => api.getMatchingWorkbench({ jobId, tab, offset: 0, limit: 1, refresh: true }),
    onSuccess: () =>
      client.invalidateQueries({
        predicate: query =>
          query.queryKey[0] === 'getMatchingWorkbench' &&
          (query.queryKey[1] as { jobId?: string }).jobId === jobId,
      }),
  })
  const exporter = useMutation({
    mutationFn: () => api.exportMatchingTab(input),
    onSuccess: file => downloadText(file.fileName, file.csv),
  })
  const first = pages.data?.pages[0]
  const rows = pages.data?.pages.flatMap(page => page.rows) ?? []
  const selected = rows.find(row => row.key === selectedKey) ?? null
  const { fetchNextPage, hasNextPage, isFetchingNextPage } = pages
  const more = useCallback(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage()
  }, [fetchNextPage, hasNextPage, isFetchingNextPage])

  const name = job?.name ?? jobId
  return (
    <>
      <PageHeader
        title="Matching workbench"
        breadcrumb={
          <Breadcrumb
            items={[
              { label: 'Overview', to: OVERVIEW_PATH },
              { label: name, to: jobPath(jobId) },
              { label: 'Matching' },
            ]}
          />
        }
        subtitle={
          first !== undefined && (
            <Text className={styles.help}>
              {first.sourceCount} people in the source and {first.targetCount} accounts in the app, read{' '}
              <TimeText iso={first.readAt} />. Nothing is written to the app from this page.
            </Text>
          )
        }
        actions={
          <>
            <Button disabled={reread.isPending} onClick={() => reread.mutate()}>
              {reread.isPending ? 'Reading…' : 'Read again'}
            </Button>
            <Button disabled={exporter.isPending || first === undefined} onClick={() => exporter.mutate()}>
              Export tab (CSV)
            </Button>
          </>
        }
      />
      <div className={styles.root}>
        <TabList
          className={styles.tabs}
          selectedValue={tab}
          onTabSelect={(_, data) => {
            setSelectedKey(null)
            setParams({ tab: String(data.value) }, { replace: true })
          }}
          aria-label="Where people and accounts stand"
        >
          {WORKBENCH_TABS.map(name => (
            <Tab key={name} value={name}>
              {TAB_LABELS[name].label}
              {first === undefined ? '' : ` (${first.counts[name]})`}
            </Tab>
          ))}
        </TabList>
        <Text as="p" className={styles.help}>
          {TAB_LABELS[tab].help}
        </Text>
        <div className={styles.toolbar}>
          <SearchBox
            className={styles.search}
            placeholder="Search name, id, userName"
            aria-label="Search this tab"
            value={searchText}
            onChange={(_, data) => setSearchText(data.value)}
          />
          {first !== undefined && (
            <Text>
              {first.total} {first.total === 1 ? 'row' : 'rows'}
              {search === '' ? '' : ` matching "${search}"`}
            </Text>
          )}
        </div>
        <div role="status">
          {notice !== null && (
            <MessageBar intent="success">
              <MessageBarBody>{notice}.</MessageBarBody>
            </MessageBar>
          )}
        </div>
        {reread.isError && <ErrorBanner error={reread.error} title="Reading again failed" />}
        {exporter.isError && <ErrorBanner error={exporter.error} title="Export failed" />}
        {pages.isPending && <Loading label="Reading the source and the app's accounts…" />}
        {pages.isError && <ErrorBanner error={pages.error} title="The workbench could not be built" />}
        {first !== undefined &&
          (rows.length === 0 ? (
            <EmptyState
              title={search === '' ? `No rows in "${TAB_LABELS[tab].label}"` : 'Nothing matches the search'}
            />
          ) : (
            <WithDetailPanel
              panel={
                selected !== null && (
                  <DetailPanel
                    id="match-detail"
                    title={selected.person ?? selected.account?.userName ?? selected.key}
                    itemKey={selected.key}
                    onClose={() => setSelectedKey(null)}
                  >
                    <MatchDetail
                      jobId={jobId}
                      tab={tab}
                      row={selected}
                      onDecided={description => {
                        setSelectedKey(null)
                        setNotice(description)
                      }}
                    />
                  </DetailPanel>
                )
              }
            >
              <MatchingTable
                tab={tab}
                rows={rows}
                total={first.total}
                selectedKey={selectedKey}
                onOpen={setSelectedKey}
                onEndReached={more}
                busy={pages.isFetching}
              />
            </WithDetailPanel>
          ))}
      </div>
    </>
  )
}
