import { makeStyles, tokens } from '@fluentui/react-components'
import { useParams } from 'react-router'
import type { JobInfo } from '../../../main/ipc/api/contract'
import { OVERVIEW_PATH } from '../../app/paths'
import { Breadcrumb } from '../../components/breadcrumb'
import { EmptyState } from '../../components/empty-state'
import { ErrorBanner } from '../../components/error-banner'
import { FactsList } from '../../components/facts-list'
import { Loading } from '../../components/loading'
import { PageHeader, PageSection } from '../../components/page-header'
import { RouterLink } from '../../components/router-link'
import { StatusBadge } from '../../components/status-badge'
import { TimeText } from '../../components/time-text'
import { useApiQuery } from '../../lib/queries'
import { useDocumentTitle } from '../../lib/use-document-title'
import { JobActions } from './job-actions'
import { JobControls } from './job-controls'
import { JobTabs } from './job-tabs'
import { JobRunSection } from '../run/job-run-section'
import { RunningRun } from '../run/running-run'
import { PreviewSection } from './preview-section'
import { SandboxNotice } from './sandbox-notice'
import { RunsTable } from './runs-table'

const RUNS_SHOWN = 50

const useStyles = makeStyles({
  path: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
  quarantine: {
    display: 'inline-flex',
    gap: tokens.spacingHorizontalS,
    alignItems: 'center',
    flexWrap: 'wrap',
  },
})

/** `#/jobs/:jobId`; a new id is a new page (its preview and state start afresh). */
export function JobRoute() {
  const { jobId = '' } = useParams()
  return <JobPage key={jobId} jobId={jobId} />
}

/** One job: what it connects, a dry-run preview of the next run, and its runs. */
export function JobPage(props: { readonly jobId: string }) {
  const jobs = useApiQuery('listJobs', undefined)
  const job = jobs.data?.find(candidate => candidate.id === props.jobId)
  const notFound = jobs.data !== undefined && job === undefined
  useDocumentTitle(notFound ? 'Job not found' : (job?.name ?? props.jobId), notFound ? undefined : 'Job')

  if (jobs.isError) return <ErrorBanner error={jobs.error} />
  if (jobs.isPending) return <Loading />
  if (job === undefined) return <JobNotFound jobId={props.jobId} />
  return <JobDetails job={job} />
}

function JobNotFound(props: { readonly jobId: string }) {
  return (
    <>
      <PageHeader
        title="Job not found"
        breadcrumb={<Breadcrumb items={[{ label: 'Overview', to: OVERVIEW_PATH }, { label: 'Not found' }]} />}
      />
      <EmptyState
        role="alert"
        title={`There is no job with the id "${props.jobId}".`}
        action={<RouterLink to={OVERVIEW_PATH}>Go to the overview to choose a job</RouterLink>}
      >
        It may have been deleted, or the link was mistyped.
      </EmptyState>
    </>
  )
}

function JobDetails(props: { readonly job: JobInfo }) {
  const styles = useStyles()
  const { job } = props
  const runs = useApiQuery('listRuns', { jobId: job.id, limit: RUNS_SHOWN })
  return (
    <>
      <PageHeader
        title={job.name}
        breadcrumb={<Breadcrumb items={[{ label: 'Overview', to: OVERVIEW_PATH }, { label: job.name }]} />}
        actions={job.configPath === null ? undefined : <JobActions jobId={job.id} name={job.name} />}
      />
      {job.configPath !== null && <JobTabs jobId={job.id} current="runs" />}
      <SandboxNotice jobId={job.id} />
      <FactsList
        facts={[
          [
            'Job id',
            <span key="id" className={styles.path}>
              {job.id}
            </span>,
          ],
          ['Source', job.source ?? '—'],
          ['Target', job.target ?? '—'],
          [
            'Job file',
            <span key="file" className={styles.path}>
              {job.configPath ?? 'none recorded'}
            </span>,
          ],
          [
            'Quarantine',
            job.quarantine === null ? null : (
              <span key="q" className={styles.quarantine}>
                <StatusBadge status="quarantined" /> {job.quarantine.reason} ({job.quarantine.code}, since{' '}
                <TimeText iso={job.quarantine.since} />)
              </span>
            ),
          ],
        ]}
      />
      <JobControls job={job} />
      <JobRunSection job={job} />
      <RunningRun jobId={job.id} runs={runs.data} />
      <PreviewSection job={job} />
      <PageSection id="runs" title="Runs">
        {runs.isPending && <Loading />}
        {runs.isError && <ErrorBanner error={runs.error} />}
        {runs.data !== undefined &&
          (runs.data.length === 0 ? (
            <EmptyState title="This job has not run yet">
              {job.configPath === null ? (
                <>Runs made with the provisioner command line are listed here.</>
              ) : (
                <>
                  Choose <strong>Preview (dry run)</strong> above to see what its first run would change; runs
                  made here or with the provisioner command line are listed here.
                </>
              )}
            </EmptyState>
          ) : (
            <RunsTable jobId={job.id} runs={runs.data} />
          ))}
      </PageSection>
    </>
  )
}
