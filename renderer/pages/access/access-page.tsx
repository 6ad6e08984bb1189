import {
  Button,
  Field,
  Input,
  makeStyles,
  Select,
  Tab,
  TabList,
  Text,
  tokens,
} from '@fluentui/react-components'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useDeferredValue, useMemo, useState } from 'react'
import { useSearchParams } from 'react-router'
import type { AccessMap } from '../../../main/ipc/api/contract'
import { ErrorBanner } from '../../components/error-banner'
import { Loading } from '../../components/loading'
import { PageHeader } from '../../components/page-header'
import { useApi } from '../../lib/api-context'
import { apiQueryKey, useApiQuery } from '../../lib/queries'
import { useDocumentTitle } from '../../lib/use-document-title'
import { AccessGrid } from './access-grid'
import { LeaversList } from './leavers-list'
import { UnmanagedTable } from './unmanaged-table'

const useStyles = makeStyles({
  filters: {
    display: 'flex',
    gap: tokens.spacingHorizontalM,
    flexWrap: 'wrap',
    alignItems: 'flex-end',
    marginBottom: tokens.spacingVerticalM,
  },
  count: { color: tokens.colorNeutralForeground3, margin: `${tokens.spacingVerticalS} 0` },
})

type View = 'people' | 'unmanaged' | 'leavers'
const VIEWS: ReadonlyArray<View> = ['people', 'unmanaged', 'leavers']

/** Narrows the map on the screen: text in a name, source id or userName; one job. */
function filterMap(map: AccessMap, text: string, jobId: string): AccessMap {
  const needle = text.trim().toLowerCase()
  const apps = jobId === '' ? map.apps : map.apps.filter(app => app.jobId === jobId)
  const appNames = new Set(apps.map(app => app.app))
  const people = map.people.filter(
    person =>
      (jobId === '' || person.accounts.some(account => account.jobId === jobId)) &&
      (needle === '' ||
        person.sourceId.toLowerCase().includes(needle) ||
        (person.display?.toLowerCase().includes(needle) ?? false) ||
        person.accounts.some(account => account.userName?.toLowerCase().includes(needle) ?? false))
  )
  const unmanaged = map.unmanaged.filter(
    account =>
      appNames.has(account.app) &&
      (needle === '' ||
        (account.userName?.toLowerCase().includes(needle) ?? false) ||
        (account.displayName?.toLowerCase().includes(needle) ?? false))
  )
  return { apps, people, unmanaged }
}

/** Who has an account in which app: people × apps, unmanaged accounts, leavers' checklists. */
export function AccessPage() {
  useDocumentTitle('Access')
  const styles = useStyles()
  const { api } = useApi()
  const client = useQueryClient()
  const [params, setParams] = useSearchParams()
  const view = (VIEWS as ReadonlyArray<string>).includes(params.get('view') ?? '')
    ? (params.get('view') as View)
    : 'people'
  const jobId = params.get('jobId') ?? ''
  const [text, setText] = useState('')
  const deferredText = useDeferredValue(text)
  const access = useApiQuery('getAccessMap', {})
  const leavers = useApiQuery('listLeavers', {}, { enabled: view === 'leavers' })
  const refresh = useMutation({
    mutationFn: () => api.refreshAccess({}),
    onSuccess: map => {
      client.setQueryData(apiQueryKey('getAccessMap', {}), map)
      void client.invalidateQueries({ queryKey: ['listLeavers'] })
    },
  })
  const shown = useMemo(
    () => (access.data === undefined ? null : filterMap(access.data, deferredText, jobId)),
    [access.data, deferredText, jobId]
  )
  const setParam = (name: string, value: string) => {
    const next = new URLSearchParams(params)
    if (value === '') next.delete(name)
    else next.set(name, value)
    setParams(next)
  }

  return (
    <>
      <PageHeader
        title="Access"
        subtitle="Every person's account in every app, from the links and each app's last listing"
        actions={
          <Button onClick={() => refresh.mutate()} disabled={refresh.isPending}>
            {refresh.isPending ? 'Listing the apps…' : 'Refresh listings (read-only)'}
          </Button>
        }
      />
      {refresh.isError && <ErrorBanner error={refresh.error} title="The apps could not be listed" />}
      <div className={styles.filters}>
        <Field label="Person or account">
          <Input
            value={text}
            onChange={(_, data) => setText(data.value)}
            placeholder="name, source id or userName"
          />
        </Field>
        <Field label="App (job)">
          <Select value={jobId} onChange={(_, data) => setParam('jobId', data.value)}>
            <option value="">All apps</option>
            {access.data?.apps.map(app => (
              <option key={app.jobId} value={app.jobId}>
                {app.jobName}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      <TabList
        selectedValue={view}
        onTabSelect={(_, data) => setParam('view', data.value === 'people' ? '' : String(data.value))}
      >
        <Tab value="people">People × apps</Tab>
        <Tab value="unmanaged">Unmanaged accounts</Tab>
        <Tab value="leavers">Leavers</Tab>
      </TabList>
      {access.isError && <ErrorBanner error={access.error} />}
      {shown === null ? (
        <Loading label="Reading the access map…" />
      ) : view === 'people' ? (
        <>
          <Text as="p" role="status" className={styles.count}>
            {shown.people.length} people, {shown.apps.length} apps
          </Text>
          <AccessGrid people={shown.people} apps={shown.apps} />
        </>
      ) : view === 'unmanaged' ? (
        <>
          <Text as="p" role="status" className={styles.count}>
            {shown.unmanaged.length} accounts no one in the sources owns
          </Text>
          <UnmanagedTable accounts={shown.unmanaged} />
        </>
      ) : leavers.data === undefined ? (
        leavers.isError ? (
          <ErrorBanner error={leavers.error} />
        ) : (
          <Loading label="Reading the leavers…" />
        )
      ) : (
        <LeaversList leavers={leavers.data} />
      )}
    </>
  )
}
