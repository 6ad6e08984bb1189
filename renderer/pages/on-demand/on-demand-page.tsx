import { SearchBox, Tab, TabList, Text } from '@fluentui/react-components'
import { useState } from 'react'
import { useParams } from 'react-router'
import type { SourcePersonMatch } from '../../../main/ipc/api/contract'
import { jobPath, OVERVIEW_PATH } from '../../app/paths'
import { Breadcrumb } from '../../components/breadcrumb'
import { PageHeader } from '../../components/page-header'
import { useApi } from '../../lib/api-context'
import { useApiQuery } from '../../lib/queries'
import { useDebouncedText } from '../../lib/use-debounced-text'
import { useDocumentTitle } from '../../lib/use-document-title'
import { RunError } from '../run/run-result'
import { GroupOnDemand } from './group-on-demand'
import { OnDemandSteps } from './on-demand-steps'
import { useOnDemandStyles } from './on-demand-styles'
import { SourceOnDemand } from './source-on-demand'

const SHOWN = 20

/** `#/jobs/:jobId/on-demand` */
export function OnDemandRoute() {
  const { jobId = '' } = useParams()
  return <OnDemandPage key={jobId} jobId={jobId} />
}

type Mode = 'people' | 'groups'

/**
 * Provision on demand: find one person, or a group of at most 5 members, in the source;
 * provision it now, and see every step.
 */
export function OnDemandPage(props: { readonly jobId: string }) {
  const styles = useOnDemandStyles()
  const { jobId } = props
  const jobs = useApiQuery('listJobs', undefined)
  const name = jobs.data?.find(job => job.id === jobId)?.name ?? jobId
  useDocumentTitle(`Provision on demand · ${name}`, 'Job')
  const [mode, setMode] = useState<Mode>('people')
  const [text, setText] = useState('')
  const query = useDebouncedText(text.trim(), 250)

  return (
    <>
      <PageHeader
        title="Provision on demand"
        breadcrumb={
          <Breadcrumb
            items={[
              { label: 'Overview', to: OVERVIEW_PATH },
              { label: name, to: jobPath(jobId) },
              { label: 'Provision on demand' },
            ]}
          />
        }
        subtitle={
          <Text className={styles.help}>
            Provisions one person, or a group and its members (at most 5, as in Entra), now, as the next run
            would, and shows each step. Nothing else is changed.
          </Text>
        }
      />
      <TabList
        className={styles.modes}
        selectedValue={mode}
        onTabSelect={(_, data) => setMode(data.value as Mode)}
        aria-label="Provision"
      >
        <Tab value="people">A person</Tab>
        <Tab value="groups">A group</Tab>
      </TabList>
      <SearchBox
        className={styles.search}
        placeholder="Name or source id"
        aria-label={mode === 'people' ? 'Find a person in the source' : 'Find a group in the source'}
        value={text}
        onChange={(_, data) => setText(data.value)}
      />
      {mode === 'people' ? (
        <PersonOnDemand jobId={jobId} query={query} />
      ) : (
        <GroupOnDemand jobId={jobId} query={query} />
      )}
    </>
  )
}

/** People of the source; one is provisioned alone, each step shown. */
function PersonOnDemand(props: { readonly jobId: string; readonly query: string }) {
  const { api } = useApi()
  const { jobId, query } = props
  const people = useApiQuery('searchSourcePeople', { jobId, query, limit: SHOWN })
  return (
    <SourceOnDemand
      jobId={jobId}
      matches={people}
      provision={(person: SourcePersonMatch) => api.provisionOnDemand({ jobId, sourceId: person.sourceId })}
      section={{
        id: 'people',
        title: 'People in the source',
        listLabel: 'Matching people',
        empty: `No one in the source matches "${query}"`,
      }}
      details={person => (
        <>
          {person.sourceId}
          {person.inScope ? '' : ' · out of scope'}
        </>
      )}
      buttonLabel={person => `Provision ${person.display}`}
      resultName={person => person.display}
      failure={RunError}
    >
      {result => <OnDemandSteps result={result} />}
    </SourceOnDemand>
  )
}
